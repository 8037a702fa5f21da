/*
 * Arithmetic with the host CPU's own flags: run the same instruction on the
 * same operands with the guest's arithmetic flags loaded (alu_ops.S), and
 * keep the result and the flags it produced.  The assist runs at CPL 0
 * with IF clear; the flags image loaded there has IF, TF and DF clear.
 */
#include <vmxassist/exec.h>
#include <vmxassist/x86.h>

/* Operation op (OP_ADD..OP_NOT) at size 1, 2 or 4 (b ignored by the
 * one-operand ones), through alu_ops.S; the result zero-extended. */
static u32 alu_op(unsigned op, unsigned size, u32 a, u32 b, u32 *flags)
{
    u64 r = alu_ops[alu_index(op, size)](a, b, (*flags & EFL_ARITH) | EFL_FIXED1);
    *flags = (*flags & ~EFL_ARITH) | ((u32)(r >> 32) & EFL_ARITH);
    return (u32)r & size_mask(size);
}

u32 alu_binary(unsigned op, unsigned size, u32 a, u32 b, u32 *flags)
{
    return alu_op(op, size, a, b, flags);
}

u32 alu_unary(unsigned op, unsigned size, u32 a, u32 *flags)
{
    return alu_op(op, size, a, 0, flags);
}

/* Jcc/SETcc/CMOVcc condition codes, low nibble of the opcode. */
int cond_true(u32 fl, unsigned cc)
{
    int sf_ne_of = !!(fl & EFL_SF) != !!(fl & EFL_OF);
    int r;
    switch (cc >> 1) {
    case 0: r = fl & EFL_OF; break;
    case 1: r = fl & EFL_CF; break;
    case 2: r = fl & EFL_ZF; break;
    case 3: r = fl & (EFL_CF | EFL_ZF); break;
    case 4: r = fl & EFL_SF; break;
    case 5: r = fl & EFL_PF; break;
    case 6: r = sf_ne_of; break;
    default: r = (fl & EFL_ZF) || sf_ne_of; break;
    }
    return (cc & 1) ? !r : !!r;
}

int exec_alu(struct exec_ctx *x)
{
    struct vcpu *v = x->v;
    const struct insn *in = x->in;
    unsigned size = in->opnd[0].size;
    u32 a, b = 0, fl = arith_flags(v), r, *d = word_reg(x, &in->opnd[0]);

    if (d)
        a = *d & size_mask(size);
    else if (opnd_read(x, 0, &a))
        return EXEC_FAULT;
    if (in->nopnd > 1) {
        if (in->opnd[1].type == OT_IMM)
            b = in->opnd[1].imm;
        else if (opnd_read(x, 1, &b))
            return EXEC_FAULT;
    }
    if (in->nopnd > 1 && (in->op < OP_INC || in->op > OP_NOT))
        r = alu_binary(in->op, size, a, b, &fl);
    else
        r = alu_unary(in->op, size, a, &fl);
    if (!(in->flags & D_NOWRITE)) {
        if (d)
            word_reg_set(d, size, r);
        else if (opnd_write(x, 0, r))
            return EXEC_FAULT;
    }
    set_arith_flags(v, fl);
    v->regs->eip = x->next_eip;
    return EXEC_OK;
}
