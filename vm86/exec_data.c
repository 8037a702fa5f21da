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

/* PUSHA/POPA: AX CX DX BX (old) SP BP SI DI; POPA skips the SP slot. */
static int pusha(struct exec_ctx *x)
{
    struct vcpu *v = x->v;
    unsigned sz = x->in->opsize;
    u32 esp = v->regs->esp, sp = reg_read(v, REG_SP, sz);
    for (unsigned reg = REG_AX; reg <= REG_DI; reg++) {
        u32 val = reg == REG_SP ? sp : reg_read(v, reg, sz);
        if (stack_push(v, &x->fault, val, sz)) {
            v->regs->esp = esp;
            return EXEC_FAULT;
        }
    }
    return EXEC_OK;
}

static int popa(struct exec_ctx *x)
{
    struct vcpu *v = x->v;
    unsigned sz = x->in->opsize;
    u32 esp = v->regs->esp, vals[8];
    for (int reg = REG_DI; reg >= REG_AX; reg--) {
        if (stack_pop(v, &x->fault, &vals[reg], sz)) {
            v->regs->esp = esp;
            return EXEC_FAULT;
        }
    }
    for (unsigned reg = REG_AX; reg <= REG_DI; reg++)
        if (reg != REG_SP)
            reg_write(v, reg, sz, vals[reg]);
    return EXEC_OK;
}

/* Whether `size` bytes at SS:off are within an expand-up SS's limit (an
 * expand-down stack, rare where the assist runs, is not checked: bytes). */
static int final_sp_fits(const struct seg_cache *ss, u32 off, unsigned size)
{
    u32 last = off + size - 1;
    return (ss->ar & DESC_TYPE_EC) || (last >= off && last <= ss->limit);
}

/* ENTER size, level: push BP, copy level-1 frame pointers, push the new
 * frame pointer, BP = frame, SP -= size.  The frame pointer is ESP minus
 * the operand size in 32 bits even on a 16-bit stack, where the push only
 * moves SP: a 32-bit ENTER there gives EBP ESP's upper half (less a borrow
 * when SP was 0) - what the Intel CPU does, and QEMU; the SDM's pseudocode
 * has FrameTemp = SP. */
static int enter(struct exec_ctx *x)
{
    struct vcpu *v = x->v;
    unsigned sz = x->in->opsize, level = x->in->opnd[1].imm & 31;
    int big = (v->seg[SEG_SS].ar & VMX_AR_DB) != 0;
    u32 esp = v->regs->esp, ebp = v->regs->ebp, frame, bp = ebp, val;

    if (stack_push(v, &x->fault, reg_read(v, REG_BP, sz), sz))
        goto fault;
    frame = esp - sz;
    for (unsigned i = 1; i < level; i++) {
        bp = big ? bp - sz : ((bp - sz) & 0xFFFF);
        val = 0;
        if (gmem_read(v, &x->fault, SEG_SS, bp, &val, sz) ||
            stack_push(v, &x->fault, val, sz))
            goto fault;
    }
    if (level && stack_push(v, &x->fault, frame, sz))
        goto fault;
    /* The final SP must hold an operand-size item within SS's limit:
     * #SS(0) if not, after the pushes (which stay written, as on the CPU).
     * The CPU also probes that write for a page fault; this does not. */
    val = v->regs->esp - x->in->opnd[0].imm;
    if (!big)
        val &= 0xFFFF;
    if (!final_sp_fits(&v->seg[SEG_SS], val, sz)) {
        raise_fault(x, X86_SS, 0);
        goto fault;
    }
    reg_write(v, REG_BP, sz, frame);
    reg_write(v, REG_SP, big ? 4 : 2, val);
    return EXEC_OK;
fault:
    v->regs->esp = esp;
    v->regs->ebp = ebp;
    return EXEC_FAULT;
}

static int leave(struct exec_ctx *x)
{
    struct vcpu *v = x->v;
    int big = (v->seg[SEG_SS].ar & VMX_AR_DB) != 0;
    u32 esp = v->regs->esp, val;

    if (big)
        v->regs->esp = v->regs->ebp;
    else
        reg_write(v, REG_SP, 2, v->regs->ebp);
    if (stack_pop(v, &x->fault, &val, x->in->opsize)) {
        v->regs->esp = esp;
        return EXEC_FAULT;
    }
    reg_write(v, REG_BP, x->in->opsize, val);
    return EXEC_OK;
}

/* LDS/LES/LFS/LGS/LSS: offset then selector from memory. */
static int load_far_pointer(struct exec_ctx *x)
{
    const struct insn *in = x->in;
    const struct operand *m = &in->opnd[1];
    u32 ea = ea_offset(x, m), off = 0, sel = 0;
    u32 next = (ea + in->opsize) & (in->addrsize == 2 ? 0xFFFFu : 0xFFFFFFFFu);

    if (gmem_read(x->v, &x->fault, m->seg, ea, &off, in->opsize) ||
        gmem_read(x->v, &x->fault, m->seg, next, &sel, 2) ||
        load_sreg(x, in->opnd[2].reg, (u16)sel))
        return EXEC_FAULT;
    reg_write(x->v, in->opnd[0].reg, in->opsize, off);
    return EXEC_OK;
}

/* MOV, the most common instruction of all: a function of its own, with
 * a small frame.  MOV r/m, Sreg stores 16 bits to memory and zero-extends
 * into a 32-bit register. */
int exec_mov(struct exec_ctx *x)
{
    const struct operand *o = x->in->opnd;
    u32 *d = word_reg(x, &o[0]), *s = word_reg(x, &o[1]), a;

    /* Word and dword registers and immediates, the commonest operands, in
     * line; the rest through the operand accessors. */
    if (s)
        a = *s;
    else if (o[1].type == OT_IMM)
        a = o[1].imm;
    else if (opnd_read_as(x, 1, o[0].type == OT_SREG ? 2 : o[1].size, &a))
        return EXEC_FAULT;
    if (d)
        word_reg_set(d, o[0].size, a);
    else if (opnd_write_as(x, 0, o[1].type == OT_SREG && o[0].type == OT_MEM ? 2 : o[0].size, a))
        return EXEC_FAULT;
    x->v->regs->eip = x->next_eip;
    return EXEC_OK;
}

int exec_data(struct exec_ctx *x)
{
    struct vcpu *v = x->v;
    const struct insn *in = x->in;
    struct trap_frame *r = v->regs;
    u32 a = 0, b = 0;

    switch (in->op) {
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
        break;
    case OP_PUSHA:
    case OP_POPA:
    case OP_ENTER:
    case OP_LEAVE:
    case OP_LSEG: {
        int st = in->op == OP_PUSHA ? pusha(x) : in->op == OP_POPA ? popa(x)
               : in->op == OP_ENTER ? enter(x) : in->op == OP_LEAVE ? leave(x)
               : load_far_pointer(x);
        if (st != EXEC_OK)
            return st;
        break;
    }
    case OP_XLAT: {
        u8 seg = in->seg != SEG_NONE ? in->seg : SEG_DS;
        u32 off = (reg_read(v, REG_BX, in->addrsize) + reg_read(v, REG_AX, 1)) &
                  (in->addrsize == 2 ? 0xFFFFu : 0xFFFFFFFFu);
        if (gmem_read(v, &x->fault, seg, off, &a, 1))
            return EXEC_FAULT;
        reg_write(v, REG_AX, 1, a);
        break;
    }
    default:
        return EXEC_UNSUPPORTED;
    }
    r->eip = x->next_eip;
    return EXEC_OK;
}
