/*
 * Shifts and rotates, multiply and divide, bit operations, BCD, SETcc and
 * CMOVcc, XADD/CMPXCHG, BSWAP.  As in alu.c, the host CPU executes the
 * operation with the guest's flags loaded, so defined *and* undefined flags
 * are what the CPU the assist runs on produces - the same CPU that would
 * run the guest natively.
 */
#include <vmxassist/exec.h>
#include <vmxassist/host_flags.h>
#include <vmxassist/x86.h>

/* Flags image loaded for a host-executed operation: the guest's arithmetic
 * flags only (IF/TF/DF clear: the assist runs at CPL 0 with IF clear). */
#define HOST_FLAGS(fl) (((fl) & EFL_ARITH) | EFL_FIXED1)
#define MERGE_FLAGS(fl, host) (((fl) & ~EFL_ARITH) | ((host) & EFL_ARITH))

#define SHIFT_ASM(mn, sz, val, cnt, fl)                                           \
    __asm__(FLAGS_IN mn " %%cl, %" sz "[d]" FLAGS_OUT   \
            : [d] "+q"(val), [f] "+r"(fl) : "c"(cnt) : "cc")

#define SHIFT_SIZES(mn)                                                           \
    switch (size) {                                                               \
    case 1: { u8 v8 = (u8)a; SHIFT_ASM(mn "b", "b", v8, count, fl); a = v8; break; } \
    case 2: { u16 v16 = (u16)a; SHIFT_ASM(mn "w", "w", v16, count, fl); a = v16; break; } \
    default: SHIFT_ASM(mn "l", "k", a, count, fl); break;                        \
    }

/* ROL..SAR; the CPU masks the count itself (to 5 bits). */
static u32 host_shift(unsigned op, unsigned size, u32 a, u32 count, u32 *flags)
{
    u32 fl = HOST_FLAGS(*flags);
    switch (op) {
    case OP_ROL: SHIFT_SIZES("rol"); break;
    case OP_ROR: SHIFT_SIZES("ror"); break;
    case OP_RCL: SHIFT_SIZES("rcl"); break;
    case OP_RCR: SHIFT_SIZES("rcr"); break;
    case OP_SHL:
    case OP_SAL: SHIFT_SIZES("shl"); break;
    case OP_SHR: SHIFT_SIZES("shr"); break;
    default:     SHIFT_SIZES("sar"); break;
    }
    *flags = MERGE_FLAGS(*flags, fl);
    return a;
}

static u32 host_shxd(unsigned op, unsigned size, u32 a, u32 b, u32 count, u32 *flags)
{
    u32 fl = HOST_FLAGS(*flags);
    if (size == 2) {
        u16 d = (u16)a, s = (u16)b;
        if (op == OP_SHLD)
            __asm__(FLAGS_IN "shldw %%cl, %[s], %[d]" FLAGS_OUT
                    : [d] "+r"(d), [f] "+r"(fl) : [s] "r"(s), "c"(count) : "cc");
        else
            __asm__(FLAGS_IN "shrdw %%cl, %[s], %[d]" FLAGS_OUT
                    : [d] "+r"(d), [f] "+r"(fl) : [s] "r"(s), "c"(count) : "cc");
        a = d;
    } else if (op == OP_SHLD) {
        __asm__(FLAGS_IN "shldl %%cl, %[s], %[d]" FLAGS_OUT
                : [d] "+r"(a), [f] "+r"(fl) : [s] "r"(b), "c"(count) : "cc");
    } else {
        __asm__(FLAGS_IN "shrdl %%cl, %[s], %[d]" FLAGS_OUT
                : [d] "+r"(a), [f] "+r"(fl) : [s] "r"(b), "c"(count) : "cc");
    }
    *flags = MERGE_FLAGS(*flags, fl);
    return a;
}

static int exec_shift(struct exec_ctx *x)
{
    struct vcpu *v = x->v;
    const struct insn *in = x->in;
    u32 a, b = 0, count, fl = arith_flags(v);
    unsigned last = in->nopnd - 1;

    if (opnd_read(x, 0, &a) || opnd_read(x, last, &count))
        return EXEC_FAULT;
    if ((in->op == OP_SHLD || in->op == OP_SHRD) && opnd_read(x, 1, &b))
        return EXEC_FAULT;
    count &= 0xFF;
    if (in->op == OP_SHLD || in->op == OP_SHRD)
        a = host_shxd(in->op, in->opnd[0].size, a, b, count, &fl);
    else
        a = host_shift(in->op, in->opnd[0].size, a, count, &fl);
    if (opnd_write(x, 0, a))
        return EXEC_FAULT;
    set_arith_flags(v, fl);
    return EXEC_OK;
}

/* One-operand MUL/IMUL/DIV/IDIV on the accumulator: AL or AX with AH, DX:AX,
 * EDX:EAX.  The byte forms leave DX alone, so passing it through is free. */
#define ACC_ASM(insn, sz, cons, src)                                              \
    __asm__(FLAGS_IN insn " %" sz "[s]" FLAGS_OUT     \
            : "+a"(a), "+d"(d), [f] "+r"(fl) : [s] cons(src) : "cc")
#define ACC_SIZES(mn)                                                             \
    switch (size) {                                                               \
    case 1: { u8 s8 = (u8)src; ACC_ASM(mn "b", "b", "q", s8); break; }            \
    case 2: { u16 s16 = (u16)src; ACC_ASM(mn "w", "w", "r", s16); break; }        \
    default: ACC_ASM(mn "l", "k", "r", src); break;                               \
    }

static void host_acc_op(unsigned op, unsigned size, u32 *eax, u32 *edx, u32 src, u32 *flags)
{
    u32 fl = HOST_FLAGS(*flags), a = *eax, d = *edx;
    switch (op) {
    case OP_MUL:  ACC_SIZES("mul"); break;
    case OP_IMUL: ACC_SIZES("imul"); break;
    case OP_DIV:  ACC_SIZES("div"); break;
    default:      ACC_SIZES("idiv"); break;
    }
    *eax = a;
    *edx = d;
    *flags = MERGE_FLAGS(*flags, fl);
}

/* Two- and three-operand IMUL: dst = a * b, truncated. */
static u32 host_imul2(unsigned size, u32 a, u32 b, u32 *flags)
{
    u32 fl = HOST_FLAGS(*flags);
    if (size == 2) {
        u16 d = (u16)a, s = (u16)b;
        __asm__(FLAGS_IN "imulw %[s], %[d]" FLAGS_OUT
                : [d] "+r"(d), [f] "+r"(fl) : [s] "r"(s) : "cc");
        a = d;
    } else {
        __asm__(FLAGS_IN "imull %[s], %[d]" FLAGS_OUT
                : [d] "+r"(a), [f] "+r"(fl) : [s] "r"(b) : "cc");
    }
    *flags = MERGE_FLAGS(*flags, fl);
    return a;
}

static int exec_mul(struct exec_ctx *x)
{
    struct vcpu *v = x->v;
    const struct insn *in = x->in;
    struct trap_frame *r = v->regs;
    u32 a, b, fl = arith_flags(v);

    if (in->nopnd == 1) {
        unsigned size = in->opnd[0].size;
        u32 eax = r->eax, edx = r->edx;
        if (opnd_read(x, 0, &b))
            return EXEC_FAULT;
        host_acc_op(in->op, size, &eax, &edx, b, &fl);
        r->eax = eax;
        r->edx = edx;
    } else {
        unsigned src = in->nopnd == 3 ? 1 : 0, mul = in->nopnd == 3 ? 2 : 1;
        if (opnd_read(x, src, &a) || opnd_read(x, mul, &b))
            return EXEC_FAULT;
        if (opnd_write(x, 0, host_imul2(in->opnd[0].size, a, b, &fl)))
            return EXEC_FAULT;
    }
    set_arith_flags(v, fl);
    return EXEC_OK;
}

/* Would DIV/IDIV fault with #DE?  Checked without 64-bit division (the
 * blob has no libgcc): the quotient fits iff |N| < limit * |d|. */
static int div_faults(int sgn, unsigned size, u32 hi, u32 lo, u32 d)
{
    unsigned bits = 8 * size;
    u64 n = size == 4 ? ((u64)hi << 32) | lo
          : size == 2 ? ((hi & 0xFFFF) << 16) | (lo & 0xFFFF) : (lo & 0xFFFF);
    u32 dmask = size == 4 ? 0xFFFFFFFFu : (1u << bits) - 1;

    d &= dmask;
    if (d == 0)
        return 1;
    if (!sgn)
        return (n >> bits) >= d;               /* high half >= divisor */
    /* Signed: sign-extend the 2*bits dividend and the divisor. */
    int nneg = (n >> (2 * bits - 1)) & 1, dneg = (d >> (bits - 1)) & 1;
    u64 nabs = n, dabs = d;
    if (nneg)
        nabs = (size == 4 ? 0 : ((u64)1 << (2 * bits))) - n;
    if (dneg)
        dabs = (u64)((1ull << bits) - d);
    u64 limit = (u64)1 << (bits - 1);          /* 2^(bits-1) */
    if (nneg == dneg)
        return nabs >= limit * dabs;           /* q <= 2^(bits-1) - 1 */
    return nabs >= (limit + 1) * dabs;         /* q >= -2^(bits-1) */
}

static int exec_div(struct exec_ctx *x)
{
    struct vcpu *v = x->v;
    struct trap_frame *r = v->regs;
    unsigned size = x->in->opnd[0].size;
    u32 b, fl = arith_flags(v), eax = r->eax, edx = r->edx;

    if (opnd_read(x, 0, &b))
        return EXEC_FAULT;
    if (div_faults(x->in->op == OP_IDIV, size, size == 1 ? 0 : edx, eax, b))
        return raise_fault_noerr(x, X86_DE);
    host_acc_op(x->in->op, size, &eax, &edx, b, &fl);
    r->eax = eax;
    r->edx = edx;
    set_arith_flags(v, fl);
    return EXEC_OK;
}

#define BT_ASM(mn, sz, val, off, fl)                                             \
    __asm__(FLAGS_IN mn " %" sz "[o], %" sz "[d]" FLAGS_OUT \
            : [d] "+r"(val), [f] "+r"(fl) : [o] "r"(off) : "cc")

/* BT/BTS/BTR/BTC.  A register bit offset reaches beyond the operand in
 * memory (signed, in operand-size units); an immediate one is masked. */
static int exec_bt(struct exec_ctx *x)
{
    struct vcpu *v = x->v;
    const struct insn *in = x->in;
    const struct operand *dst = &in->opnd[0];
    unsigned size = dst->size, bits = 8 * size, mem = dst->type == OT_MEM;
    u32 val = 0, off, ea = 0, fl = arith_flags(v), hf;

    if (opnd_read(x, 1, &off))
        return EXEC_FAULT;
    if (mem) {
        ea = ea_offset(x, dst);
        if (in->opnd[1].type == OT_REG) {
            s32 soff = size == 2 ? (s32)(s16)off : (s32)off;
            ea += (u32)((soff >> (size == 2 ? 4 : 5)) * (s32)size);
            if (in->addrsize == 2)
                ea &= 0xFFFF;
        }
    }
    off &= bits - 1;
    if (mem ? gmem_read(v, &x->fault, dst->seg, ea, &val, size) : opnd_read(x, 0, &val))
        return EXEC_FAULT;
    hf = HOST_FLAGS(fl);
    /* Same operand size as the guest's: the undefined flags depend on it. */
    if (size == 2) {
        u16 v16 = (u16)val, o16 = (u16)off;
        switch (in->op) {
        case OP_BTS: BT_ASM("btsw", "w", v16, o16, hf); break;
        case OP_BTR: BT_ASM("btrw", "w", v16, o16, hf); break;
        case OP_BTC: BT_ASM("btcw", "w", v16, o16, hf); break;
        default:     BT_ASM("btw", "w", v16, o16, hf); break;
        }
        val = v16;
    } else {
        switch (in->op) {
        case OP_BTS: BT_ASM("btsl", "k", val, off, hf); break;
        case OP_BTR: BT_ASM("btrl", "k", val, off, hf); break;
        case OP_BTC: BT_ASM("btcl", "k", val, off, hf); break;
        default:     BT_ASM("btl", "k", val, off, hf); break;
        }
    }
    if (in->op != OP_BT &&
        (mem ? gmem_write(v, &x->fault, dst->seg, ea, &val, size) : opnd_write(x, 0, val)))
        return EXEC_FAULT;
    set_arith_flags(v, MERGE_FLAGS(fl, hf));
    return EXEC_OK;
}

/* BSF/BSR: with a zero source the destination keeps its value. */
static int exec_bitscan(struct exec_ctx *x)
{
    struct vcpu *v = x->v;
    const struct insn *in = x->in;
    u32 d, s, fl = arith_flags(v), hf = HOST_FLAGS(fl);

    if (opnd_read(x, 0, &d) || opnd_read(x, 1, &s))
        return EXEC_FAULT;
    if (in->opnd[0].size == 2) {
        u16 d16 = (u16)d, s16 = (u16)s;
        if (in->op == OP_BSF)
            __asm__(FLAGS_IN "bsfw %[s], %[d]" FLAGS_OUT
                    : [d] "+r"(d16), [f] "+r"(hf) : [s] "r"(s16) : "cc");
        else
            __asm__(FLAGS_IN "bsrw %[s], %[d]" FLAGS_OUT
                    : [d] "+r"(d16), [f] "+r"(hf) : [s] "r"(s16) : "cc");
        d = d16;
    } else if (in->op == OP_BSF) {
        __asm__(FLAGS_IN "bsfl %[s], %[d]" FLAGS_OUT
                : [d] "+r"(d), [f] "+r"(hf) : [s] "r"(s) : "cc");
    } else {
        __asm__(FLAGS_IN "bsrl %[s], %[d]" FLAGS_OUT
                : [d] "+r"(d), [f] "+r"(hf) : [s] "r"(s) : "cc");
    }
    if (opnd_write(x, 0, d))
        return EXEC_FAULT;
    set_arith_flags(v, MERGE_FLAGS(fl, hf));
    return EXEC_OK;
}

#ifdef __x86_64__
/* DAA, DAS, AAA and AAS do not exist in 64-bit mode.  The 64-bit test
 * builds (host_flags.h) supply host_cannot_bcd: the engine oracle runs no
 * BCD case and says so if one comes; the engine fuzz target leaves AX and
 * the flags as they were. */
void host_cannot_bcd(void);
#define BCD_ASM(insn) host_cannot_bcd()
#else
#define BCD_ASM(insn) __asm__(FLAGS_IN insn FLAGS_OUT : "+a"(ax), [f] "+r"(hf) :: "cc")
#endif

/* DAA/DAS/AAA/AAS on the host (valid in 32-bit code); AAM/AAD take an
 * immediate base and are computed here: their undefined flags (OF, AF, CF)
 * are cleared, as QEMU's CPU model leaves them. */
static int exec_bcd(struct exec_ctx *x)
{
    struct vcpu *v = x->v;
    struct trap_frame *r = v->regs;
    u32 fl = arith_flags(v), hf = HOST_FLAGS(fl), ax = r->eax;
    u32 base = x->in->nopnd ? x->in->opnd[0].imm & 0xFF : 10;
    u8 al = (u8)ax, ah = (u8)(ax >> 8), res;

    switch (x->in->op) {
    case OP_DAA:
        BCD_ASM("daa");
        break;
    case OP_DAS:
        BCD_ASM("das");
        break;
    case OP_AAA:
        BCD_ASM("aaa");
        break;
    case OP_AAS:
        BCD_ASM("aas");
        break;
    default:
        if (x->in->op == OP_AAM) {
            if (base == 0)
                return raise_fault_noerr(x, X86_DE);
            ah = (u8)(al / base);
            al = (u8)(al % base);
        } else {
            al = (u8)(ah * base + al);
            ah = 0;
        }
        res = al;
        ax = (ax & 0xFFFF0000u) | ((u32)ah << 8) | al;
        hf = EFL_FIXED1;
        if (!res)
            hf |= EFL_ZF;
        if (res & 0x80)
            hf |= EFL_SF;
        if (!(__builtin_popcount(res) & 1))
            hf |= EFL_PF;
        break;
    }
    r->eax = ax;
    set_arith_flags(v, MERGE_FLAGS(fl, hf));
    return EXEC_OK;
}

static int exec_cmpxchg(struct exec_ctx *x)
{
    struct vcpu *v = x->v;
    const struct insn *in = x->in;
    unsigned size = in->opnd[0].size;
    u32 dst, src, acc = reg_read(v, REG_AX, size), fl = arith_flags(v);

    if (opnd_read(x, 0, &dst) || opnd_read(x, 1, &src))
        return EXEC_FAULT;
    alu_binary(OP_CMP, size, acc, dst, &fl);
    if (acc == dst) {
        if (opnd_write(x, 0, src))
            return EXEC_FAULT;
    } else {
        /* The CPU writes the destination back unchanged (a locked RMW). */
        if (opnd_write(x, 0, dst))
            return EXEC_FAULT;
        reg_write(v, REG_AX, size, dst);
    }
    set_arith_flags(v, fl);
    return EXEC_OK;
}

static int exec_cmpxchg8b(struct exec_ctx *x)
{
    struct vcpu *v = x->v;
    struct trap_frame *r = v->regs;
    const struct operand *o = &x->in->opnd[0];
    u32 m[2], ea = ea_offset(x, o);

    if (gmem_read(v, &x->fault, o->seg, ea, m, 8))
        return EXEC_FAULT;
    if (m[0] == r->eax && m[1] == r->edx) {
        u32 n[2] = { r->ebx, r->ecx };
        if (gmem_write(v, &x->fault, o->seg, ea, n, 8))
            return EXEC_FAULT;
        guest_set_flags(v, EFL_ZF, EFL_ZF);
    } else {
        if (gmem_write(v, &x->fault, o->seg, ea, m, 8))
            return EXEC_FAULT;
        r->eax = m[0];
        r->edx = m[1];
        guest_set_flags(v, 0, EFL_ZF);
    }
    return EXEC_OK;
}

int exec_arith(struct exec_ctx *x)
{
    struct vcpu *v = x->v;
    const struct insn *in = x->in;
    u32 a, b, fl;
    int st;

    switch (in->op) {
    case OP_ROL: case OP_ROR: case OP_RCL: case OP_RCR: case OP_SHL: case OP_SHR:
    case OP_SAL: case OP_SAR: case OP_SHLD: case OP_SHRD:
        st = exec_shift(x);
        break;
    case OP_MUL: case OP_IMUL:
        st = exec_mul(x);
        break;
    case OP_DIV: case OP_IDIV:
        st = exec_div(x);
        break;
    case OP_BT: case OP_BTS: case OP_BTR: case OP_BTC:
        st = exec_bt(x);
        break;
    case OP_BSF: case OP_BSR:
        st = exec_bitscan(x);
        break;
    case OP_DAA: case OP_DAS: case OP_AAA: case OP_AAS: case OP_AAM: case OP_AAD:
        st = exec_bcd(x);
        break;
    case OP_SALC:
        reg_write(v, REG_AX, 1, (guest_flags(v) & EFL_CF) ? 0xFF : 0);
        st = EXEC_OK;
        break;
    case OP_SETCC:
        st = opnd_write(x, 0, cond_true(guest_flags(v), in->cc)) ? EXEC_FAULT : EXEC_OK;
        break;
    case OP_CMOV:
        /* The source is read (and may fault) whatever the condition. */
        if (opnd_read(x, 1, &b))
            return EXEC_FAULT;
        st = EXEC_OK;
        if (cond_true(guest_flags(v), in->cc))
            st = opnd_write(x, 0, b) ? EXEC_FAULT : EXEC_OK;
        break;
    case OP_XADD:
        fl = arith_flags(v);
        if (opnd_read(x, 0, &a) || opnd_read(x, 1, &b))
            return EXEC_FAULT;
        b = alu_binary(OP_ADD, in->opnd[0].size, a, b, &fl);
        /* Source gets the old destination first: with one register as
         * both operands the sum is what remains. */
        if (in->opnd[0].type == OT_MEM) {
            if (opnd_write(x, 0, b))
                return EXEC_FAULT;
            opnd_write(x, 1, a);
        } else {
            opnd_write(x, 1, a);
            opnd_write(x, 0, b);
        }
        set_arith_flags(v, fl);
        st = EXEC_OK;
        break;
    case OP_CMPXCHG:
        st = exec_cmpxchg(x);
        break;
    case OP_CMPXCHG8B:
        st = exec_cmpxchg8b(x);
        break;
    case OP_BSWAP:
        /* A 16-bit BSWAP is undefined: run it on the host at the guest's
         * operand size, so the result is the CPU's (QEMU swaps all 32
         * bits, Intel CPUs clear the low 16). */
        a = reg_read(v, in->opnd[0].reg, 4);
        if (in->opsize == 2)
            __asm__("data16 bswap %0" : "+r"(a));
        else
            __asm__("bswap %0" : "+r"(a));
        reg_write(v, in->opnd[0].reg, 4, a);
        st = EXEC_OK;
        break;
    default:
        return EXEC_UNSUPPORTED;
    }
    if (st == EXEC_OK)
        v->regs->eip = x->next_eip;
    return st;
}
