/* Data movement, the stack, and flag instructions. */
#include <vmxassist/exec.h>
#include <vmxassist/x86.h>

/* POPF/IRET in real mode may change every flag but VM and RF (and the
 * 32-bit forms clear VIF/VIP). */
static void popf_value(struct vcpu *v, u32 value, unsigned size)
{
    u32 mask = size == 2 ? 0xFFFFu : (0xFFFFFFFFu & ~(EFL_VM | EFL_RF));
    if (size == 4)
        value &= ~(EFL_VIF | EFL_VIP);
    guest_set_flags(v, value, mask);
}

int exec_data(struct exec_ctx *x)
{
    struct vcpu *v = x->v;
    struct insn *in = &x->in;
    struct trap_frame *r = v->regs;
    u32 a = 0, b = 0;

    switch (in->op) {
    case OP_MOV:
        /* MOV r/m, Sreg: 16 bits to memory, zero-extended into a 32-bit
         * register. */
        if (in->opnd[1].type == OT_SREG && in->opnd[0].type == OT_MEM)
            in->opnd[0].size = 2;
        if (in->opnd[0].type == OT_SREG)
            in->opnd[1].size = 2;
        if (opnd_read(x, 1, &a) || opnd_write(x, 0, a))
            return EXEC_FAULT;
        break;
    case OP_MOVZX:
    case OP_MOVSX:
        if (opnd_read(x, 1, &a))
            return EXEC_FAULT;
        if (in->op == OP_MOVSX)
            a = in->opnd[1].size == 1 ? (u32)(s32)(s8)a : (u32)(s32)(s16)a;
        if (opnd_write(x, 0, a))
            return EXEC_FAULT;
        break;
    case OP_XCHG:
        if (opnd_read(x, 0, &a) || opnd_read(x, 1, &b) || opnd_write(x, 0, b) ||
            opnd_write(x, 1, a))
            return EXEC_FAULT;
        break;
    case OP_LEA:
        reg_write(v, in->opnd[0].reg, in->opsize, ea_offset(x, &in->opnd[1]));
        break;
    case OP_PUSH:
        if (opnd_read(x, 0, &a) || stack_push(v, &x->fault, a, in->opsize))
            return EXEC_FAULT;
        break;
    case OP_POP: {
        /* The destination may use ESP: it is computed after the pop. */
        u32 old_esp = r->esp;
        if (stack_pop(v, &x->fault, &a, in->opsize) || opnd_write(x, 0, a)) {
            r->esp = old_esp;
            return EXEC_FAULT;
        }
        break;
    }
    case OP_PUSHF:
        if (stack_push(v, &x->fault, guest_flags(v) & ~(EFL_VM | EFL_RF), in->opsize))
            return EXEC_FAULT;
        break;
    case OP_POPF:
        if (stack_pop(v, &x->fault, &a, in->opsize))
            return EXEC_FAULT;
        popf_value(v, a, in->opsize);
        break;
    case OP_CBW:
        if (in->opsize == 2)
            reg_write(v, REG_AX, 2, (u32)(s32)(s8)reg_read(v, REG_AX, 1));
        else
            reg_write(v, REG_AX, 4, (u32)(s32)(s16)reg_read(v, REG_AX, 2));
        break;
    case OP_CWD:
        a = reg_read(v, REG_AX, in->opsize);
        reg_write(v, REG_DX, in->opsize,
                  (a >> (8 * in->opsize - 1)) & 1 ? 0xFFFFFFFFu : 0);
        break;
    case OP_LAHF:
        reg_write(v, 4 /* AH */, 1, guest_flags(v) & 0xFF);
        break;
    case OP_SAHF:
        guest_set_flags(v, reg_read(v, 4, 1), EFL_SF | EFL_ZF | EFL_AF | EFL_PF | EFL_CF);
        break;
    case OP_CLC: guest_set_flags(v, 0, EFL_CF); break;
    case OP_STC: guest_set_flags(v, EFL_CF, EFL_CF); break;
    case OP_CMC: guest_set_flags(v, guest_flags(v) ^ EFL_CF, EFL_CF); break;
    case OP_CLD: guest_set_flags(v, 0, EFL_DF); break;
    case OP_STD: guest_set_flags(v, EFL_DF, EFL_DF); break;
    case OP_CLI: guest_set_flags(v, 0, EFL_IF); break;
    case OP_STI:
        /* Interrupts stay blocked until after the next instruction. */
        if (!(guest_flags(v) & EFL_IF))
            v->int_shadow = 1;
        guest_set_flags(v, EFL_IF, EFL_IF);
        break;
    case OP_NOP:
    case OP_WAIT:
        break;
    default:
        return EXEC_UNSUPPORTED;
    }
    r->eip = x->next_eip;
    return EXEC_OK;
}
