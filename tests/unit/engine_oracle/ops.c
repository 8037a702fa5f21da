/*
 * The operations under test, one generator per instruction family.  A
 * generator picks a form (register or memory operand, immediate, CL, ...),
 * operands and registers, and builds the instruction; gen_end() encodes it
 * for the engine's code size and for native 32-bit code.
 */
#include <string.h>
#include <vmxassist/exec.h>
#include <vmxassist/host_flags.h>
#include "oracle.h"

#define MEM_PERCENT 40

static void opsize(struct gen *g, unsigned size)
{
    g->osize = size == 1 ? 0 : size;
}

/* An r/m operand: a fresh register (reg form) or memory.  Pick every
 * register operand before it: memory addressing takes the free ones. */
struct rm {
    u8 *p;          /* memory operand, or NULL */
    unsigned reg;   /* register form */
    unsigned size;
};

static void rm_operand(struct gen *g, struct rm *o, unsigned regf, unsigned size, int mem)
{
    o->size = size;
    o->p = NULL;
    if (mem) {
        o->p = modrm_mem(g, regf, size);
        return;
    }
    o->reg = pick_reg(g, size);
    modrm_reg(g, regf, o->reg);
}

/* The register form with a given register (which may hold another operand). */
static void rm_register(struct gen *g, struct rm *o, unsigned regf, unsigned size, unsigned reg)
{
    o->size = size;
    o->p = NULL;
    o->reg = reg;
    use_reg(g, reg, size);
    modrm_reg(g, regf, reg);
}

static void rm_set(struct gen *g, const struct rm *o, u32 v)
{
    if (o->p)
        put_mem(o->p, o->size, v);
    else
        set_reg(g, o->reg, o->size, v);
}

/* The opcode (n bytes) and a ModRM whose reg field is a fresh register,
 * returned, and whose r/m is memory or a register - sometimes the same
 * one (`same` percent).  The caller then sets the values (set_both or
 * rm_set) after anything else that takes registers. */
static unsigned reg_rm(struct gen *g, u32 opcode, unsigned n, unsigned size, struct rm *o,
                       unsigned same)
{
    int mem = chance(g, MEM_PERCENT);
    unsigned reg;

    opsize(g, size);
    reg = pick_reg(g, size);
    emit(g, n, opcode);
    if (!mem && chance(g, same))
        rm_register(g, o, reg, size, reg);
    else
        rm_operand(g, o, reg, size, mem);
    return reg;
}

/* Both operands of reg_rm(): the r/m one gets rm_v, the register reg_v
 * (unless it is the same register). */
static void set_both(struct gen *g, const struct rm *o, u32 rm_v, unsigned reg, u32 reg_v)
{
    rm_set(g, o, rm_v);
    if (o->p || o->reg != reg)
        set_reg(g, reg, o->size, reg_v);
}

/* An accumulator form: op AL/AX/EAX (= acc), imm (= v). */
static void acc_imm(struct gen *g, u8 opcode, unsigned size, u32 acc, u32 v)
{
    opsize(g, size);
    use_reg(g, REG_AX, size);
    emit(g, 1, opcode);
    emit(g, size, v);
    set_reg(g, REG_AX, size, acc);
}

static void maybe_lock(struct gen *g, const struct rm *o)
{
    if (o->p && chance(g, 20))
        prefix(g, 0xF0);
}

/* ADD OR ADC SBB AND SUB XOR CMP (arg = the group-1 number): every
 * encoding - r/m,reg; reg,r/m; acc,imm; 80/81 imm; 83 (82 for bytes)
 * sign-extended imm8. */
static void gen_alu(struct gen *g, unsigned op, unsigned size)
{
    unsigned w = size != 1, form = rnd_below(g, 7), reg;
    u32 a = value(g, 0, size), b = value(g, 1, size);
    struct rm o;
    int mem = chance(g, MEM_PERCENT);

    opsize(g, size);
    if (!g->edge && chance(g, 8))
        b = (chance(g, 50) ? a : -a) + rnd_below(g, 3) - 1;
    switch (form) {
    case 0:                                     /* op r/m, reg */
    case 1:                                     /* op reg, r/m */
        reg = reg_rm(g, op * 8 + (form == 1 ? 2 : 0) + w, 1, size, &o, 8);
        if (form == 0 && op != 7)
            maybe_lock(g, &o);
        if (form == 0)
            set_both(g, &o, a, reg, b);
        else
            set_both(g, &o, b, reg, a);
        break;
    case 2:                                     /* op acc, imm */
        acc_imm(g, op * 8 + 4 + w, size, a, b);
        break;
    case 3: case 4:                             /* 80/81 /op imm */
        emit(g, 1, 0x80 + w);
        rm_operand(g, &o, op, size, mem);
        if (op != 7)
            maybe_lock(g, &o);
        emit(g, size, b);
        rm_set(g, &o, a);
        break;
    default:                                    /* 83 /op imm8 (82 for bytes) */
        emit(g, 1, size == 1 ? 0x82 : 0x83);
        rm_operand(g, &o, op, size, mem);
        if (op != 7)
            maybe_lock(g, &o);
        emit(g, 1, b);
        rm_set(g, &o, a);
        break;
    }
}

/* TEST: 84/85 r/m,reg; A8/A9 acc,imm; F6/F7 /0 imm (and its /1 alias). */
static void gen_test(struct gen *g, unsigned arg, unsigned size)
{
    unsigned w = size != 1, form = rnd_below(g, 3), reg;
    u32 a = value(g, 0, size), b = value(g, 1, size);
    struct rm o;
    (void)arg;

    switch (form) {
    case 0:
        reg = reg_rm(g, 0x84 + w, 1, size, &o, 8);
        set_both(g, &o, a, reg, b);
        break;
    case 1:
        acc_imm(g, 0xA8 + w, size, a, b);
        break;
    default:
        opsize(g, size);
        emit(g, 1, 0xF6 + w);
        rm_operand(g, &o, chance(g, 80) ? 0 : 1, size, chance(g, MEM_PERCENT));
        emit(g, size, b);
        rm_set(g, &o, a);
        break;
    }
}

/* INC DEC NOT NEG (arg 0..3): FE/FF /0 /1, 40+r/48+r, F6/F7 /2 /3. */
static void gen_unary(struct gen *g, unsigned arg, unsigned size)
{
    unsigned w = size != 1;
    u32 a = value(g, 0, size);
    struct rm o;

    opsize(g, size);
    if (arg < 2 && size != 1 && chance(g, 30)) {
        unsigned reg = pick_reg(g, size);
        emit(g, 1, 0x40 + arg * 8 + reg);
        set_reg(g, reg, size, a);
        return;
    }
    emit(g, 1, (arg < 2 ? 0xFE : 0xF6) + w);
    rm_operand(g, &o, arg, size, chance(g, MEM_PERCENT));
    maybe_lock(g, &o);
    rm_set(g, &o, a);
}

/* A shift/rotate count: 0-31 mostly, edge counts, anything up to 255. */
static u8 shift_count(struct gen *g)
{
    static const u8 edge[] = { 0, 1, 2, 7, 8, 9, 15, 16, 17, 24, 31, 32, 33, 63, 255 };
    if (g->edge)
        return edge[(g->k / NEDGE_VALUES) % sizeof(edge)];
    switch (rnd_below(g, 10)) {
    case 0: case 1: case 2: case 3: case 4:
        return (u8)rnd_below(g, 32);
    case 5: case 6:
        return edge[rnd_below(g, sizeof(edge))];
    default:
        return (u8)rnd32(g);
    }
}

/* ROL ROR RCL RCR SHL SHR SAL(/6) SAR (arg = /r): by 1 (D0/D1), by CL
 * (D2/D3), by imm8 (C0/C1). */
static void gen_shift(struct gen *g, unsigned arg, unsigned size)
{
    unsigned w = size != 1, form = rnd_below(g, 3);
    u32 a = value(g, 0, size);
    u8 count = shift_count(g);
    struct rm o;
    int mem = chance(g, MEM_PERCENT), same = 0;

    opsize(g, size);
    if (form == 1) {
        same = !mem && chance(g, 5);            /* e.g. shl %cl, %cl */
        if (!same)
            use_reg(g, REG_CX, 1);
    }
    emit(g, 1, (form == 0 ? 0xD0 : form == 1 ? 0xD2 : 0xC0) + w);
    if (same)
        rm_register(g, &o, arg, size, REG_CX);
    else
        rm_operand(g, &o, arg, size, mem);
    if (form == 2)
        emit(g, 1, count);
    rm_set(g, &o, a);
    if (form == 1 && !same)
        set_reg(g, REG_CX, 1, count);
    if (form == 2 && arg <= 1 && (count & 31) >= 2) {
        g->c->rot_size = (u8)size;
        g->c->rot_right = (u8)arg;
        g->c->rot_count = count;
        g->c->rot_operand = a;
    }
}

/* The CPU's flags after ROL/ROR (right) by CL of an operand of `size`
 * bytes, starting from `fl`. */
#define ROT_CL(insn, cons, var)                                                 \
    __asm__(FLAGS_IN insn " %%cl, %[d]" FLAGS_OUT                              \
            : [d] cons(var), [f] "+r"(fl) : "c"(count) : "cc")

static u32 rotate_cl_flags(int right, unsigned size, u32 a, u8 count, u32 fl)
{
    u8 b = (u8)a;
    u16 w = (u16)a;

    switch (size * 2 + right) {
    case 2: ROT_CL("rolb", "+q", b); break;
    case 3: ROT_CL("rorb", "+q", b); break;
    case 4: ROT_CL("rolw", "+r", w); break;
    case 5: ROT_CL("rorw", "+r", w); break;
    case 8: ROT_CL("roll", "+r", a); break;
    default: ROT_CL("rorl", "+r", a); break;
    }
    return fl;
}

/* The documented rule for ROL/ROR r/m, imm8 with a masked count of 2..31
 * (README, Execution engine): OF is undefined there, and it is what this
 * CPU's CL form (D2/D3) produces from the same operand, count and flags -
 * the form the engine runs (vm86/exec_arith.c host_shift).  On the Intel
 * Xeon this was written on, the imm8 form with a register operand leaves
 * OF unchanged where the CL form (and the imm8 form with a memory operand)
 * computes it, so the native run's OF is replaced by the CL form's;
 * every defined flag, the result and memory still come from the imm8 run.
 * Returns whether that changed OF. */
int rotate_cl_rule(const struct tcase *c, struct result *native)
{
    /* Not DF: C code runs after the asm and expects it clear. */
    u32 in = (c->in.flags & EFL_ARITH) | EFL_FIXED1, cl, imm8 = native->out.flags;

    if (!c->rot_size)
        return 0;
    cl = rotate_cl_flags(c->rot_right, c->rot_size, c->rot_operand, c->rot_count, in);
    native->out.flags = (imm8 & ~EFL_OF) | (cl & EFL_OF);
    return native->out.flags != imm8;
}

/* SHLD/SHRD (arg 0/1) r/m, reg, imm8 or CL (the same register as both
 * operands included: a rotate). */
static void gen_shxd(struct gen *g, unsigned arg, unsigned size)
{
    int by_cl = chance(g, 50);
    u32 a = value(g, 0, size), b = value(g, 1, size);
    u8 count = shift_count(g);
    unsigned reg;
    struct rm o;

    if (by_cl)
        use_reg(g, REG_CX, 4);
    reg = reg_rm(g, 0x0F | ((arg ? 0xAC : 0xA4) + by_cl) << 8, 2, size, &o, 8);
    if (!by_cl)
        emit(g, 1, count);
    set_both(g, &o, a, reg, b);
    if (by_cl)
        set_reg(g, REG_CX, 1, count);
}

/* One-operand MUL/IMUL (arg = /4, /5): AX/DX:AX/EDX:EAX = acc * r/m. */
static void gen_mul1(struct gen *g, unsigned arg, unsigned size)
{
    u32 a = value(g, 0, size), b = value(g, 1, size);
    struct rm o;
    int mem = chance(g, MEM_PERCENT);

    opsize(g, size);
    emit(g, 1, 0xF6 + (size != 1));
    if (!mem && chance(g, 10)) {
        /* The accumulator (or, for bytes, AH) as the source. */
        rm_register(g, &o, arg, size, size == 1 && chance(g, 50) ? 4 : REG_AX);
        set_reg(g, REG_AX, size, a);
        return;
    }
    use_reg(g, REG_AX, 4);
    use_reg(g, REG_DX, 4);
    rm_operand(g, &o, arg, size, mem);
    rm_set(g, &o, b);
    set_reg(g, REG_AX, size, a);
}

/* Two-operand IMUL reg, r/m (0F AF). */
static void gen_imul2(struct gen *g, unsigned arg, unsigned size)
{
    u32 a = value(g, 0, size), b = value(g, 1, size);
    unsigned reg;
    struct rm o;
    (void)arg;

    reg = reg_rm(g, 0xAF0F, 2, size, &o, 8);
    set_both(g, &o, b, reg, a);
}

/* Three-operand IMUL reg, r/m, imm (69 iz, 6B ib). */
static void gen_imul3(struct gen *g, unsigned arg, unsigned size)
{
    u32 a = value(g, 0, size), b = value(g, 1, size);
    int ib = chance(g, 50);
    struct rm o;
    (void)arg;

    reg_rm(g, ib ? 0x6B : 0x69, 1, size, &o, 10);
    emit(g, ib ? 1 : size, b);
    rm_set(g, &o, a);
}

/* DIV/IDIV (arg /6, /7).  The dividend is built from a quotient, a divisor
 * and a remainder: in range (no fault, boundary quotients included), just
 * out of range, a zero divisor, or raw random registers.  The native run
 * decides which fault: the engine must raise #DE and change nothing. */
static void gen_div(struct gen *g, unsigned arg, unsigned size)
{
    unsigned bits = 8 * size;
    int sgn = arg == 7;
    u32 d = value(g, 1, size), qv = value(g, 0, size);
    u64 n;
    struct rm o;
    /* 0-11 in range, 12-16 just out of range, 17 zero divisor, 18-19 raw;
     * edge cases: edge quotients and divisors, a quarter out of range. */
    unsigned kind = g->edge ? ((g->k / (NEDGE_VALUES * NEDGE_VALUES)) % 4 == 3 ? 12 : 0)
                            : rnd_below(g, 20);

    opsize(g, size);
    emit(g, 1, 0xF6 + (size != 1));
    use_reg(g, REG_AX, 4);
    use_reg(g, REG_DX, 4);
    rm_operand(g, &o, arg, size, chance(g, MEM_PERCENT));

    if (d == 0 && kind < 17 && !g->edge)
        d = 1;
    if (!sgn) {
        u64 q = kind >= 12 ? (u64)1 << bits : qv;
        n = q * d + (d ? rnd(g) % d : 0);
    } else {
        s64 sd = (s32)sext(d, size), q = (s32)sext(qv, size), r;
        u64 mag = (u64)(sd < 0 ? -sd : sd);
        if (kind >= 12)
            q = chance(g, 50) ? ((s64)1 << (bits - 1)) : -((s64)1 << (bits - 1)) - 1;
        r = mag ? (s64)(rnd(g) % mag) : 0;
        /* The remainder takes the dividend's sign. */
        if (q * sd < 0 || (q * sd == 0 && chance(g, 50)))
            r = -r;
        n = (u64)(q * sd + r);
    }
    if (kind == 17)
        d = 0;
    if (kind >= 18)
        n = rnd(g);
    rm_set(g, &o, d);
    if (size == 1) {
        set_reg(g, REG_AX, 2, (u32)n);
    } else {
        set_reg(g, REG_AX, size, (u32)n);
        set_reg(g, REG_DX, size, (u32)(n >> bits));
    }
}

/* BT BTS BTR BTC (arg 0..3): register offset (0F A3/AB/B3/BB) into a
 * register or into memory - where it reaches beyond the operand, signed -
 * and imm8 offset (0F BA /4-/7). */
static void gen_bt(struct gen *g, unsigned arg, unsigned size)
{
    static const u8 reg_op[] = { 0xA3, 0xAB, 0xB3, 0xBB };
    unsigned bits = 8 * size, form = rnd_below(g, 4), reg;
    u32 a = value(g, 0, size), off = value(g, 1, 4);
    struct rm o;

    opsize(g, size);
    if (form == 0 || form == 1) {
        reg = pick_reg(g, size);
        emit(g, 2, 0x0F | reg_op[arg] << 8);
        if (form == 0) {
            rm_operand(g, &o, reg, size, 0);
        } else {
            /* A signed bit offset: the operand is at ea + (off >> 4 or 5)
             * operand-sized units. */
            s32 soff;
            u32 t16, delta;
            u8 *t32, *p;
            set_a16(g);
            do {
                /* Inside the operand (16-bit: random high half, which
                 * the CPU ignores), a little below it, or up to +-32 KiB
                 * away. */
                switch (rnd_below(g, 4)) {
                case 0:
                    off = rnd_below(g, bits) | (size == 2 ? rnd32(g) << 16 : 0);
                    break;
                case 1:
                    off = -(u32)rnd_below(g, 4 * bits);
                    break;
                default:
                    off = (u32)((s32)rnd32(g) >> 13);
                    break;
                }
                soff = size == 2 ? (s16)off : (s32)off;
                delta = (u32)((soff >> (size == 2 ? 4 : 5)) * (s32)size);
                t16 = rnd_below(g, 0x10000);
                /* 16-bit addressing: the sum wraps at 64 KiB, as on the CPU. */
            } while (g->a16 && (((t16 + delta) & 0xFFFF) < 16 || ((t16 + delta) & 0xFFFF) > 0xFFE0));
            if (g->a16) {
                p = seg16 + ((t16 + delta) & 0xFFFF);
                t32 = NULL;
            } else {
                mem_at(g, size, &t32);
                p = t32 + (s32)delta;
            }
            add_window(g, p, size);
            modrm_mem_at(g, reg, t16, t32);
            o.p = p;
            o.size = size;
            if (arg)
                maybe_lock(g, &o);
        }
        rm_set(g, &o, a);
        set_reg(g, reg, size, off);
    } else {
        emit(g, 2, 0xBA0F);
        rm_operand(g, &o, 4 + arg, size, form == 3);
        if (arg)
            maybe_lock(g, &o);
        emit(g, 1, chance(g, 70) ? rnd_below(g, bits) : rnd32(g));
        rm_set(g, &o, a);
    }
}

/* BSF/BSR (arg 0/1) reg, r/m; a zero source included. */
static void gen_bitscan(struct gen *g, unsigned arg, unsigned size)
{
    u32 s = value(g, 1, size);
    struct rm o;

    if (!g->edge && chance(g, 15))
        s = 0;
    else if (!g->edge && chance(g, 25))
        s = (1u << rnd_below(g, 8 * size)) | (chance(g, 50) ? 1u << rnd_below(g, 8 * size) : 0);
    reg_rm(g, 0x0F | (0xBC + arg) << 8, 2, size, &o, 8);
    rm_set(g, &o, s);
}

/* DAA DAS AAA AAS (arg 0..3) and AAM/AAD imm8 (arg 4/5, AAM 0 = #DE).
 * Edge cases: every AL with every CF/AF. */
static void gen_bcd(struct gen *g, unsigned arg, unsigned size)
{
    static const u8 opc[] = { 0x27, 0x2F, 0x37, 0x3F, 0xD4, 0xD5 };
    (void)size;

    if (g->edge && g->k < 1024) {
        set_reg(g, REG_AX, 1, g->k & 0xFF);
        g->c->in.flags &= ~(EFL_CF | EFL_AF);
        g->c->in.flags |= (g->k & 0x100 ? EFL_CF : 0) | (g->k & 0x200 ? EFL_AF : 0);
    } else if (chance(g, 30)) {
        set_reg(g, REG_AX, 1, rnd_below(g, 10) << 4 | rnd_below(g, 10));
    }
    emit(g, 1, opc[arg]);
    if (arg >= 4) {
        unsigned r = rnd_below(g, 10);
        emit(g, 1, r < 4 ? 10 : r == 4 ? 0 : rnd_below(g, 256));
        g->c->cmp_flags = EFL_SF | EFL_ZF | EFL_PF | EFL_DF;
        g->c->zero_flags = EFL_OF | EFL_AF | EFL_CF;
    }
}

/* Input flags for the 16 conditions: edge cases walk every combination of
 * the six arithmetic flags. */
static unsigned condition(struct gen *g)
{
    static const u32 bit[6] = { EFL_CF, EFL_PF, EFL_AF, EFL_ZF, EFL_SF, EFL_OF };
    if (g->edge) {
        unsigned long pat = (g->k / 16) % 64;
        g->c->in.flags &= ~EFL_ARITH;
        for (unsigned i = 0; i < 6; i++)
            if (pat & (1u << i))
                g->c->in.flags |= bit[i];
        return g->k % 16;
    }
    return rnd_below(g, 16);
}

/* SETcc r/m8 (0F 90+cc; the reg field is ignored). */
static void gen_setcc(struct gen *g, unsigned arg, unsigned size)
{
    unsigned cc = condition(g);
    struct rm o;
    (void)arg; (void)size;

    emit(g, 2, 0x0F | (0x90 + cc) << 8);
    rm_operand(g, &o, chance(g, 80) ? 0 : rnd_below(g, 8), 1, chance(g, MEM_PERCENT));
    rm_set(g, &o, rnd32(g));
}

/* CMOVcc reg, r/m (0F 40+cc). */
static void gen_cmov(struct gen *g, unsigned arg, unsigned size)
{
    unsigned cc = condition(g);
    struct rm o;
    (void)arg;

    reg_rm(g, 0x0F | (0x40 + cc) << 8, 2, size, &o, 8);
    rm_set(g, &o, rnd32(g));
}

/* XADD r/m, reg (0F C0/C1), the same register as both operands included. */
static void gen_xadd(struct gen *g, unsigned arg, unsigned size)
{
    u32 a = value(g, 0, size), b = value(g, 1, size);
    unsigned reg;
    struct rm o;
    (void)arg;

    reg = reg_rm(g, 0x0F | (0xC0 + (size != 1)) << 8, 2, size, &o, 8);
    maybe_lock(g, &o);
    set_both(g, &o, a, reg, b);
}

/* CMPXCHG r/m, reg (0F B0/B1): the accumulator equal to the destination
 * half of the time. */
static void gen_cmpxchg(struct gen *g, unsigned arg, unsigned size)
{
    u32 a = value(g, 0, size), b = value(g, 1, size), acc = chance(g, 50) ? a : value(g, 2, size);
    unsigned reg;
    struct rm o;
    (void)arg;

    use_reg(g, REG_AX, 4);
    reg = reg_rm(g, 0x0F | (0xB0 + (size != 1)) << 8, 2, size, &o, 8);
    maybe_lock(g, &o);
    set_both(g, &o, a, reg, b);
    set_reg(g, REG_AX, size, acc);
}

/* CMPXCHG8B m64 (0F C7 /1). */
static void gen_cmpxchg8b(struct gen *g, unsigned arg, unsigned size)
{
    u8 *p;
    (void)arg; (void)size;

    for (unsigned r = REG_AX; r <= REG_BX; r++)
        use_reg(g, r, 4);
    emit(g, 2, 0xC70F);
    p = modrm_mem(g, 1, 8);
    if (chance(g, 30))
        prefix(g, 0xF0);
    if (chance(g, 50)) {
        put_mem(p, 4, g->c->in.r[REG_AX]);
        put_mem(p + 4, 4, chance(g, 90) ? g->c->in.r[REG_DX] : rnd32(g));
    } else if (chance(g, 30)) {
        put_mem(p, 4, rnd32(g));
        put_mem(p + 4, 4, g->c->in.r[REG_DX]);
    }
}

/* CBW/CWDE (98) and CWD/CDQ (99), arg 0/1. */
static void gen_convert(struct gen *g, unsigned arg, unsigned size)
{
    opsize(g, size);
    set_reg(g, REG_AX, size, value(g, 0, size));
    emit(g, 1, 0x98 + arg);
}

/* LAHF (9F), SAHF (9E), SALC (D6), CLC/STC/CMC (F8/F9/F5), CLD/STD
 * (FC/FD): arg is the opcode. */
static void gen_flagbyte(struct gen *g, unsigned arg, unsigned size)
{
    (void)size;
    emit(g, 1, arg);
}

/* BSWAP reg (0F C8+r); the 16-bit form is undefined, and compared too. */
static void gen_bswap(struct gen *g, unsigned arg, unsigned size)
{
    (void)arg;
    opsize(g, size);
    emit(g, 2, 0x0F | (0xC8 + pick_reg(g, 4)) << 8);
}

/* CMPS/SCAS (arg 0/1) without REP, with REPE and with REPNE, both
 * directions and both address sizes; memory equal for a random run of
 * elements, so that REPE and REPNE stop anywhere. */
static void gen_string(struct gen *g, unsigned arg, unsigned size)
{
    struct tcase *c = g->c;
    unsigned rep = rnd_below(g, 3), count, n;
    int down = (c->in.flags & EFL_DF) != 0;
    u8 *src = NULL, *dst;
    u32 si = 0, di;
    u32 acc = value(g, 0, size);

    opsize(g, size);
    g->has_addr = 1;
    g->a16 = pick_a16(g);
    c->es16 = g->a16;
    if (rep)
        prefix(g, rep == 1 ? 0xF3 : 0xF2);
    if (g->a16 && arg == 0)
        prefix(g, 0x64);                        /* source at FS:SI */
    else if (arg == 0 && chance(g, 20))
        prefix(g, chance(g, 50) ? 0x26 : 0x36);
    emit(g, 1, (arg ? 0xAE : 0xA6) + (size != 1));

    count = !rep ? 1 : chance(g, 50) ? rnd_below(g, 9)
          : chance(g, 95) || size != 1 ? rnd_below(g, 65) : 4090 + rnd_below(g, 10);
    n = count ? count : 1;
    /* Element 0 is where SI/DI point; the area runs down with DF set. */
    if (g->a16) {
        di = 0x8000 + rnd_below(g, 0x7000 - n * size) + (down ? (n - 1) * size : 0);
        dst = seg16 + di;
        if (arg == 0) {
            si = 0x100 + rnd_below(g, 0x6000 - n * size) + (down ? (n - 1) * size : 0);
            src = seg16 + si;
        }
    } else {
        dst = arena + ARENA_MID + 0x1000 + rnd_below(g, 0x8000) + (down ? (n - 1) * size : 0);
        di = (u32)(size_t)dst;
        if (arg == 0) {
            src = arena + 0x1000 + rnd_below(g, 0x8000) + (down ? (n - 1) * size : 0);
            si = (u32)(size_t)src;
        }
    }
    add_window(g, down ? dst - (n - 1) * size : dst, n * size);
    if (src)
        add_window(g, down ? src - (n - 1) * size : src, n * size);
    /* Equal elements up to a random point, then a difference, then mixed. */
    unsigned equal_run = rnd_below(g, n + 1);
    for (unsigned i = 0; i < n; i++) {
        s32 at = down ? -(s32)(i * size) : (s32)(i * size);
        u32 want = acc;
        if (src)
            memcpy(&want, src + at, size);
        if (i < equal_run || (i > equal_run && chance(g, 50)))
            memcpy(dst + at, &want, size);
        else if (i == equal_run)
            dst[at] = (u8)(want + 1 + rnd_below(g, 255));
    }
    use_reg(g, REG_CX, 4);
    use_reg(g, REG_DI, 4);
    set_reg(g, REG_DI, g->a16 ? 2 : 4, di);
    set_reg(g, REG_CX, g->a16 ? 2 : 4, rep ? count : rnd32(g));
    if (arg == 0)
        set_reg(g, REG_SI, g->a16 ? 2 : 4, si);
    else
        set_reg(g, REG_AX, size, acc);
}

/* ENTER imm16, imm8 in both operand sizes: on the flat 32-bit stack, or
 * (when modify_ldt gave us seg16) on a 16-bit stack segment there, SS.B =
 * 0, with ESP's and EBP's upper halves random: there a 32-bit ENTER's frame
 * pointer is ESP - 4 in 32 bits where the SDM has SP.  SP and BP are
 * multiples of the operand size, so no push and no read of an enclosing
 * frame pointer crosses the 64 KiB limit; SP 0 wraps to the top and
 * borrows from ESP's upper half. */
static void gen_enter(struct gen *g, unsigned arg, unsigned size)
{
    static const u16 frame_sizes[] = { 0, 1, 2, 4, 0x7FFF, 0x8000, 0xFFFC, 0xFFFF };
    u8 level = chance(g, 70) ? (u8)rnd_below(g, 4) : (u8)rnd32(g);
    unsigned n = size * ((level & 31) + 1);         /* bytes pushed */
    u32 esp, ebp;

    (void)arg;
    opsize(g, size);
    use_reg(g, REG_BP, 4);
    emit(g, 1, 0xC8);
    emit(g, 2, chance(g, 30) ? frame_sizes[rnd_below(g, ARRAY_SIZE(frame_sizes))] : rnd32(g));
    emit(g, 1, level);
    if (have_seg16 && chance(g, 60)) {
        u32 sp = chance(g, 10) ? 0 : (0x200 + rnd_below(g, 0xFDFD)) & -size;
        g->c->ss16 = 1;
        esp = (rnd32(g) & 0xFFFF0000u) | sp;
        ebp = (rnd32(g) & 0xFFFF0000u) | ((0x100 + size * 32 + rnd_below(g, 0xFE00 - size * 32)) & -size);
        add_window(g, seg16 + ((sp - n) & 0xFFFF), n);
    } else {
        esp = g->c->in.r[REG_SP];
        ebp = (u32)(size_t)(arena + 0x1000 + rnd_below(g, 0x8000));
        add_window(g, (u8 *)(size_t)esp - n, n);
    }
    g->c->in.r[REG_SP] = esp;
    g->c->in.r[REG_BP] = ebp;
}

const struct op ops[] = {
    { "add",    gen_alu,   0, SZ8 | SZ16 | SZ32, NULL },
    { "or",     gen_alu,   1, SZ8 | SZ16 | SZ32, NULL },
    { "adc",    gen_alu,   2, SZ8 | SZ16 | SZ32, NULL },
    { "sbb",    gen_alu,   3, SZ8 | SZ16 | SZ32, NULL },
    { "and",    gen_alu,   4, SZ8 | SZ16 | SZ32, NULL },
    { "sub",    gen_alu,   5, SZ8 | SZ16 | SZ32, NULL },
    { "xor",    gen_alu,   6, SZ8 | SZ16 | SZ32, NULL },
    { "cmp",    gen_alu,   7, SZ8 | SZ16 | SZ32, NULL },
    { "test",   gen_test,  0, SZ8 | SZ16 | SZ32, NULL },
    { "inc",    gen_unary, 0, SZ8 | SZ16 | SZ32, NULL },
    { "dec",    gen_unary, 1, SZ8 | SZ16 | SZ32, NULL },
    { "not",    gen_unary, 2, SZ8 | SZ16 | SZ32, NULL },
    { "neg",    gen_unary, 3, SZ8 | SZ16 | SZ32, NULL },
    { "rol",    gen_shift, 0, SZ8 | SZ16 | SZ32, NULL },
    { "ror",    gen_shift, 1, SZ8 | SZ16 | SZ32, NULL },
    { "rcl",    gen_shift, 2, SZ8 | SZ16 | SZ32, NULL },
    { "rcr",    gen_shift, 3, SZ8 | SZ16 | SZ32, NULL },
    { "shl",    gen_shift, 4, SZ8 | SZ16 | SZ32, NULL },
    { "shr",    gen_shift, 5, SZ8 | SZ16 | SZ32, NULL },
    { "sal/6",  gen_shift, 6, SZ8 | SZ16 | SZ32, NULL },
    { "sar",    gen_shift, 7, SZ8 | SZ16 | SZ32, NULL },
    { "shld",   gen_shxd,  0, SZ16 | SZ32, NULL },
    { "shrd",   gen_shxd,  1, SZ16 | SZ32, NULL },
    { "mul",    gen_mul1,  4, SZ8 | SZ16 | SZ32, NULL },
    { "imul",   gen_mul1,  5, SZ8 | SZ16 | SZ32, NULL },
    { "imul2",  gen_imul2, 0, SZ16 | SZ32, NULL },
    { "imul3",  gen_imul3, 0, SZ16 | SZ32, NULL },
    { "div",    gen_div,   6, SZ8 | SZ16 | SZ32, NULL },
    { "idiv",   gen_div,   7, SZ8 | SZ16 | SZ32, NULL },
    { "bt",     gen_bt,    0, SZ16 | SZ32, NULL },
    { "bts",    gen_bt,    1, SZ16 | SZ32, NULL },
    { "btr",    gen_bt,    2, SZ16 | SZ32, NULL },
    { "btc",    gen_bt,    3, SZ16 | SZ32, NULL },
    { "bsf",    gen_bitscan, 0, SZ16 | SZ32, NULL },
    { "bsr",    gen_bitscan, 1, SZ16 | SZ32, NULL },
    { "daa",    gen_bcd,   0, 0, NULL },
    { "das",    gen_bcd,   1, 0, NULL },
    { "aaa",    gen_bcd,   2, 0, NULL },
    { "aas",    gen_bcd,   3, 0, NULL },
    { "aam",    gen_bcd,   4, 0, NULL },
    { "aad",    gen_bcd,   5, 0, NULL },
    { "setcc",  gen_setcc, 0, 0, NULL },
    { "cmovcc", gen_cmov,  0, SZ16 | SZ32, NULL },
    { "xadd",   gen_xadd,  0, SZ8 | SZ16 | SZ32, NULL },
    { "cmpxchg", gen_cmpxchg, 0, SZ8 | SZ16 | SZ32, NULL },
    { "cmpxchg8b", gen_cmpxchg8b, 0, 0, NULL },
    { "cbw/cwde", gen_convert, 0, SZ16 | SZ32, NULL },
    { "cwd/cdq", gen_convert, 1, SZ16 | SZ32, NULL },
    { "lahf",   gen_flagbyte, 0x9F, 0, NULL },
    { "sahf",   gen_flagbyte, 0x9E, 0, NULL },
    { "salc",   gen_flagbyte, 0xD6, 0, NULL },
    { "clc",    gen_flagbyte, 0xF8, 0, NULL },
    { "stc",    gen_flagbyte, 0xF9, 0, NULL },
    { "cmc",    gen_flagbyte, 0xF5, 0, NULL },
    { "cld",    gen_flagbyte, 0xFC, 0, NULL },
    { "std",    gen_flagbyte, 0xFD, 0, NULL },
    { "bswap",  gen_bswap, 0, SZ16 | SZ32, NULL },
    { "cmps",   gen_string, 0, SZ8 | SZ16 | SZ32, NULL },
    { "scas",   gen_string, 1, SZ8 | SZ16 | SZ32, NULL },
    { "enter",  gen_enter, 0, SZ16 | SZ32, NULL },
};

const unsigned nops = ARRAY_SIZE(ops);
