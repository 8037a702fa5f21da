/*
 * Arithmetic with the host CPU's own flags: run the same instruction on the
 * same operands with the guest's arithmetic flags loaded, and keep the
 * result and the flags it produced.  The assist runs at CPL 0 with IF
 * clear; the flags image loaded here has IF, TF and DF clear.
 */
#include <vmxassist/exec.h>
#include <vmxassist/x86.h>

#define ALU2(mn, sz, dst, src, fl, cons)                                      \
    __asm__("push %[f]\n\tpopf\n\t" mn " %" sz "[s], %" sz "[d]\n\t"          \
            "pushf\n\tpop %[f]"                                               \
            : [d] "+q"(dst), [f] "+r"(fl) : [s] cons(src) : "cc")

#define ALU2_ALL(mn)                                                          \
    switch (size) {                                                           \
    case 1: { u8 x8 = (u8)a, y8 = (u8)b; ALU2(mn "b", "b", x8, y8, fl, "q"); a = x8; break; } \
    case 2: { u16 x16 = (u16)a, y16 = (u16)b; ALU2(mn "w", "w", x16, y16, fl, "q"); a = x16; break; } \
    default: ALU2(mn "l", "k", a, b, fl, "q"); break;                         \
    }

u32 alu_binary(unsigned op, unsigned size, u32 a, u32 b, u32 *flags)
{
    u32 fl = (*flags & EFL_ARITH) | EFL_FIXED1;

    switch (op) {
    case OP_ADD:  ALU2_ALL("add"); break;
    case OP_OR:   ALU2_ALL("or"); break;
    case OP_ADC:  ALU2_ALL("adc"); break;
    case OP_SBB:  ALU2_ALL("sbb"); break;
    case OP_AND:  ALU2_ALL("and"); break;
    case OP_SUB:  ALU2_ALL("sub"); break;
    case OP_XOR:  ALU2_ALL("xor"); break;
    case OP_CMP:  ALU2_ALL("cmp"); break;
    case OP_TEST: ALU2_ALL("test"); break;
    default: break;
    }
    *flags = (*flags & ~EFL_ARITH) | (fl & EFL_ARITH);
    return a;
}

#define ALU1(mn, sz, dst, fl)                                                 \
    __asm__("push %[f]\n\tpopf\n\t" mn " %" sz "[d]\n\tpushf\n\tpop %[f]"     \
            : [d] "+q"(dst), [f] "+r"(fl) :: "cc")

#define ALU1_ALL(mn)                                                          \
    switch (size) {                                                           \
    case 1: { u8 x8 = (u8)a; ALU1(mn "b", "b", x8, fl); a = x8; break; }      \
    case 2: { u16 x16 = (u16)a; ALU1(mn "w", "w", x16, fl); a = x16; break; } \
    default: ALU1(mn "l", "k", a, fl); break;                                 \
    }

u32 alu_unary(unsigned op, unsigned size, u32 a, u32 *flags)
{
    u32 fl = (*flags & EFL_ARITH) | EFL_FIXED1;

    switch (op) {
    case OP_INC: ALU1_ALL("inc"); break;
    case OP_DEC: ALU1_ALL("dec"); break;
    case OP_NEG: ALU1_ALL("neg"); break;
    case OP_NOT: ALU1_ALL("not"); break;
    default: break;
    }
    *flags = (*flags & ~EFL_ARITH) | (fl & EFL_ARITH);
    return a;
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
