/*
 * String instructions with REP/REPE/REPNE, both address sizes and both
 * directions.  A REP loop runs a bounded batch per call and leaves EIP on
 * the instruction while the count is not exhausted, so interrupts are taken
 * between iterations as on the CPU; a fault leaves the registers as the
 * completed iterations left them.
 */
#include <vmxassist/exec.h>
#include <vmxassist/x86.h>

#define REP_BATCH 4096

/* SI/DI/CX at the address size. */
static u32 areg(struct vcpu *v, unsigned reg, unsigned asz)
{
    return reg_read(v, reg, asz);
}

static void areg_add(struct vcpu *v, unsigned reg, unsigned asz, s32 delta)
{
    reg_write(v, reg, asz, reg_read(v, reg, asz) + (u32)delta);
}

static int string_step(struct exec_ctx *x, unsigned size, s32 step, u32 *flags)
{
    struct vcpu *v = x->v;
    const struct insn *in = x->in;
    unsigned asz = in->addrsize;
    u32 si = areg(v, REG_SI, asz), di = areg(v, REG_DI, asz), a = 0, b = 0;
    u8 sseg = in->seg != SEG_NONE ? in->seg : SEG_DS;
    struct fault *f = &x->fault;

    switch (in->op) {
    case OP_MOVS:
        if (gmem_read(v, f, sseg, si, &a, size) || gmem_write(v, f, SEG_ES, di, &a, size))
            return -1;
        areg_add(v, REG_SI, asz, step);
        areg_add(v, REG_DI, asz, step);
        break;
    case OP_CMPS:
        if (gmem_read(v, f, sseg, si, &a, size) || gmem_read(v, f, SEG_ES, di, &b, size))
            return -1;
        alu_binary(OP_CMP, size, a, b, flags);
        areg_add(v, REG_SI, asz, step);
        areg_add(v, REG_DI, asz, step);
        break;
    case OP_STOS:
        a = reg_read(v, REG_AX, size);
        if (gmem_write(v, f, SEG_ES, di, &a, size))
            return -1;
        areg_add(v, REG_DI, asz, step);
        break;
    case OP_LODS:
        if (gmem_read(v, f, sseg, si, &a, size))
            return -1;
        reg_write(v, REG_AX, size, a);
        areg_add(v, REG_SI, asz, step);
        break;
    case OP_SCAS:
        if (gmem_read(v, f, SEG_ES, di, &b, size))
            return -1;
        alu_binary(OP_CMP, size, reg_read(v, REG_AX, size), b, flags);
        areg_add(v, REG_DI, asz, step);
        break;
    case OP_INS:
        /* The CPU reads the port only once the destination is known to be
         * writable; check it with a write of the old contents first. */
        if (gmem_read(v, f, SEG_ES, di, &a, size) || gmem_write(v, f, SEG_ES, di, &a, size))
            return -1;
        a = port_in((u16)v->regs->edx, size);
        gmem_write(v, f, SEG_ES, di, &a, size);
        areg_add(v, REG_DI, asz, step);
        break;
    default: /* OP_OUTS */
        if (gmem_read(v, f, sseg, si, &a, size))
            return -1;
        port_out(v, (u16)v->regs->edx, size, a);
        areg_add(v, REG_SI, asz, step);
        break;
    }
    return 0;
}

int exec_string(struct exec_ctx *x)
{
    struct vcpu *v = x->v;
    const struct insn *in = x->in;
    unsigned size = in->opnd[in->op == OP_OUTS ? 1 : 0].size;
    unsigned asz = in->addrsize;
    u32 fl = arith_flags(v);
    s32 step = (fl & EFL_DF) ? -(s32)size : (s32)size;
    int rep = (in->prefixes & (PFX_REP | PFX_REPNE)) != 0;
    int cond = in->op == OP_CMPS || in->op == OP_SCAS;

    if (!rep) {
        if (string_step(x, size, step, &fl))
            return EXEC_FAULT;
        set_arith_flags(v, fl);
        v->regs->eip = x->next_eip;
        return EXEC_OK;
    }
    for (unsigned n = 0; n < REP_BATCH; n++) {
        if (areg(v, REG_CX, asz) == 0) {
            v->regs->eip = x->next_eip;
            break;
        }
        if (string_step(x, size, step, &fl)) {
            set_arith_flags(v, fl);
            return EXEC_FAULT;
        }
        areg_add(v, REG_CX, asz, -1);
        /* REPE stops on ZF=0, REPNE on ZF=1 (CMPS/SCAS only). */
        if (cond && !!(fl & EFL_ZF) != !!(in->prefixes & PFX_REP)) {
            v->regs->eip = x->next_eip;
            break;
        }
        if (areg(v, REG_CX, asz) == 0) {
            v->regs->eip = x->next_eip;
            break;
        }
    }
    set_arith_flags(v, fl);
    return EXEC_OK;
}
