/*
 * Building test cases: seeded values (uniform, edge values and their
 * neighbours), register allocation, the encoding of one operation for the
 * engine's code size and for native 32-bit code, and memory operands in
 * every ModRM/SIB addressing form of both address sizes.
 */
#include <stdlib.h>
#include <string.h>
#include <vmxassist/exec.h>
#include "oracle.h"

static const u32 edge_values[NEDGE_VALUES] = {
    0, 1, 2, 3, 0x7F, 0x80, 0x81, 0xFE, 0xFF, 0x7FFF, 0x8000, 0x8001, 0xFFFE, 0xFFFF,
    0x7FFFFFFF, 0x80000000, 0x80000001, 0xFFFFFFFE, 0xFFFFFFFF, 0x0F, 0x10, 0x09, 0x99,
    0x55555555, 0xAAAAAAAA, 0x0000FF00,
};

u64 rnd(struct gen *g)
{
    u64 z = (g->rng += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

u32 rnd32(struct gen *g)
{
    return (u32)rnd(g);
}

unsigned rnd_below(struct gen *g, unsigned n)
{
    return (unsigned)((rnd(g) >> 32) % n);
}

int chance(struct gen *g, unsigned percent)
{
    return rnd_below(g, 100) < percent;
}

u32 sext(u32 v, unsigned size)
{
    return size == 1 ? (u32)(s32)(s8)v : size == 2 ? (u32)(s32)(s16)v : v;
}

/* An operand value.  The first EDGE_CASES cases of an op/size enumerate
 * every pair of edge values (slots 0 and 1) with every CF/AF input;
 * the others mix uniform values, edge values, small positive and negative
 * numbers, edge values +-1..3 and single-bit patterns. */
u32 value(struct gen *g, unsigned slot, unsigned size)
{
    u32 v;

    if (g->edge && slot < 2) {
        unsigned long i = slot == 0 ? g->k % NEDGE_VALUES : (g->k / NEDGE_VALUES) % NEDGE_VALUES;
        return edge_values[i] & size_mask(size);
    }
    switch (rnd_below(g, 10)) {
    case 0: case 1: case 2: case 3:
        v = rnd32(g);
        break;
    case 4: case 5:
        v = edge_values[rnd_below(g, NEDGE_VALUES)];
        v = size == 4 ? v : sext(v & size_mask(size), size);
        break;
    case 6:
        v = rnd_below(g, 33);
        if (chance(g, 50))
            v = -v;
        break;
    case 7: case 8:
        v = edge_values[rnd_below(g, NEDGE_VALUES)] & size_mask(size);
        v = sext(v, size) + rnd_below(g, 7) - 3;
        break;
    default:
        v = 1u << rnd_below(g, 8 * size);
        if (chance(g, 30))
            v = ~v;
        break;
    }
    return v & size_mask(size);
}

/* Input arithmetic flags (+ DF): enumerated CF/AF on edge cases. */
static u32 gen_arith_flags(struct gen *g)
{
    u32 f = rnd32(g) & (EFL_ARITH | EFL_DF);
    if (g->edge) {
        unsigned long sel = g->k / (NEDGE_VALUES * NEDGE_VALUES);
        f &= ~(EFL_CF | EFL_AF);
        f |= (sel & 1 ? EFL_CF : 0) | (sel & 2 ? EFL_AF : 0);
    }
    return f | EFL_FIXED1;
}

u8 *arena;
u8 *seg16;
static u8 stack_area[1u << 16] __attribute__((aligned(16)));

void gen_begin(struct gen *g, struct tcase *c, int code16)
{
    memset(c, 0, sizeof(*c));
    c->code16 = code16;
    for (unsigned i = 0; i < 8; i++)
        c->in.r[i] = rnd32(g);
    c->in.r[REG_SP] = (u32)(size_t)(stack_area + sizeof(stack_area) / 2);
    c->in.flags = gen_arith_flags(g);
    /* Flags the native prologue never loads (IF, IOPL, NT, AC, ID): the
     * engine must keep them. */
    c->eflags_extra = rnd32(g) & (EFL_IF | EFL_IOPL | EFL_NT | EFL_AC | EFL_ID);
    c->cmp_flags = EFL_ARITH | EFL_DF;
    g->c = c;
    g->osize = 0;
    g->a16 = 0;
    g->has_addr = 0;
    g->npfx = 0;
    g->nbody = 0;
    g->used = 1u << REG_SP;
}

void prefix(struct gen *g, u8 b)
{
    g->pfx[g->npfx++] = b;
}

void emit(struct gen *g, unsigned n, u32 v)
{
    for (unsigned i = 0; i < n; i++)
        g->body[g->nbody++] = (u8)(v >> (8 * i));
}

/* The bytes for code of the given default size: the prefixes, 66 when the
 * operand size is not the default, 67 when the address size is not. */
static unsigned encode(const struct gen *g, int code16, u8 *out)
{
    unsigned n = 0;
    for (unsigned i = 0; i < g->npfx; i++)
        out[n++] = g->pfx[i];
    if (g->osize && (g->osize == 2) != code16)
        out[n++] = 0x66;
    if (g->has_addr && g->a16 != code16)
        out[n++] = 0x67;
    memcpy(out + n, g->body, g->nbody);
    return n + g->nbody;
}

void gen_end(struct gen *g)
{
    struct tcase *c = g->c;
    c->elen = (u8)encode(g, c->code16, c->eb);
    c->nlen = (u8)encode(g, 0, c->nb);
    /* In 16-bit code, a quarter end exactly at the 64 KiB limit: the next
     * IP wraps to 0. */
    c->eip16 = chance(g, 25) ? 0x10000u - c->elen : 0x100 + rnd_below(g, 0xF000);
}

/* Registers: `used` has a bit per GPR holding an operand; byte registers
 * share it with their full register (AL and AH are both EAX). */
static int reg_free(const struct gen *g, unsigned reg, unsigned size)
{
    unsigned full = size == 1 ? (reg & 3) : reg;
    return !(g->used & (1u << full));
}

void use_reg(struct gen *g, unsigned reg, unsigned size)
{
    g->used |= 1u << (size == 1 ? (reg & 3) : reg);
}

unsigned pick_reg(struct gen *g, unsigned size)
{
    unsigned reg;
    do
        reg = rnd_below(g, 8);
    while (!reg_free(g, reg, size));
    use_reg(g, reg, size);
    return reg;
}

void set_reg(struct gen *g, unsigned reg, unsigned size, u32 v)
{
    u32 *r = &g->c->in.r[size == 1 ? (reg & 3) : reg];
    unsigned shift = size == 1 && (reg & 4) ? 8 : 0;
    u32 m = size_mask(size) << shift;
    *r = (*r & ~m) | ((v << shift) & m);
}

void modrm_reg(struct gen *g, unsigned regf, unsigned rm)
{
    emit(g, 1, 0xC0 | (regf << 3) | rm);
}

void put_mem(u8 *p, unsigned size, u32 v)
{
    memcpy(p, &v, size);
}

/* A memory area the instruction may touch: random contents, GUARD bytes
 * either side (compared too, never written). */
u8 *add_window(struct gen *g, u8 *p, unsigned n)
{
    struct tcase *c = g->c;
    struct window *w = &c->w[c->nw++];
    if (c->nw > MAX_WIN || n + 2 * GUARD > WIN_BYTES) {
        fprintf(stderr, "engine-oracle: window %u of %u bytes: too many or too big\n", c->nw, n);
        abort();
    }
    w->p = p - GUARD;
    w->n = n + 2 * GUARD;
    for (unsigned i = 0; i < w->n; i++)
        w->p[i] = (u8)rnd(g);
    return p;
}

int have_seg16;

/* 16-bit addressing for an instruction's memory or string operands?
 * Mostly the code's default, sometimes the other (67).  16-bit addressing
 * goes through the 64 KiB segment at seg16 (user space cannot map the
 * first 64 KiB), an LDT segment natively: without modify_ldt(), none. */
int pick_a16(struct gen *g)
{
    return have_seg16 && (g->c->code16 ? chance(g, 70) : chance(g, 25));
}

/* The address size of a ModRM memory operand; with 16-bit addressing, FS
 * (seg16) is the segment, else a random flat one. */
void set_a16(struct gen *g)
{
    static const u8 flat_seg[] = { 0, 0, 0x3E, 0x26, 0x36 };
    u8 seg = flat_seg[rnd_below(g, sizeof(flat_seg))];
    g->has_addr = 1;
    g->a16 = pick_a16(g);
    if (g->a16)
        prefix(g, 0x64);
    else if (seg)
        prefix(g, seg);
}

/* A random place for an n-byte operand: anywhere in seg16 (16-bit
 * addressing) or near the middle of the arena; returns the seg16 offset or
 * the host address, and its pointer in *p. */
u32 mem_at(struct gen *g, unsigned n, u8 **p)
{
    if (g->a16) {
        u32 off = 16 + rnd_below(g, 0xFFE0 - n);
        *p = seg16 + off;
        return off;
    }
    *p = arena + ARENA_MID + rnd_below(g, 4096) - 2048;
    return (u32)(size_t)*p;
}

/* 16-bit ModRM: base/index pairs by r/m. */
static const s8 rm16_regs[8][2] = {
    { REG_BX, REG_SI }, { REG_BX, REG_DI }, { REG_BP, REG_SI }, { REG_BP, REG_DI },
    { REG_SI, -1 }, { REG_DI, -1 }, { REG_BP, -1 }, { REG_BX, -1 },
};

static void addr16(struct gen *g, unsigned regf, u32 t)
{
    unsigned mod, rm;
    u32 disp;
    const s8 *r;

    for (;;) {
        mod = rnd_below(g, 3);
        rm = rnd_below(g, 8);
        r = rm16_regs[rm];
        if (mod == 0 && rm == 6)
            break;              /* [disp16] */
        if (reg_free(g, r[0], 2) && (r[1] < 0 || reg_free(g, r[1], 2)))
            break;
    }
    emit(g, 1, (mod << 6) | (regf << 3) | rm);
    if (mod == 0 && rm == 6) {
        emit(g, 2, t);
        return;
    }
    disp = mod == 1 ? sext(rnd32(g) & 0xFF, 1) : mod == 2 ? rnd32(g) & 0xFFFF : 0;
    emit(g, mod == 2 ? 2 : mod, disp);
    /* The registers' high halves stay random: 16-bit addressing ignores them. */
    u32 first = rnd32(g), rest = t - disp;
    use_reg(g, r[0], 2);
    if (r[1] >= 0) {
        use_reg(g, r[1], 2);
        set_reg(g, r[1], 2, first);
        rest -= first;
    }
    set_reg(g, r[0], 2, rest);
}

/* A free register for addressing (never ESP, which holds the stack). */
static unsigned pick_free(struct gen *g, unsigned avoid)
{
    unsigned reg;
    do
        reg = rnd_below(g, 8);
    while (reg == REG_SP || reg == avoid || !reg_free(g, reg, 4));
    use_reg(g, reg, 4);
    return reg;
}

/* 32-bit ModRM/SIB: every mod, r/m, base, index and scale; ESP as a SIB
 * base (its value is fixed).  One part is solved for so that the address
 * is `t`: the disp32 if there is one, else the base, else the index. */
static void addr32(struct gen *g, unsigned regf, u32 t)
{
    u32 *r = g->c->in.r;
    unsigned mod = rnd_below(g, 3), rm = rnd_below(g, 8), scale = 0;
    int base = -1, index = -1;
    u32 disp = mod == 1 ? sext(rnd32(g) & 0xFF, 1) : 0, sum;

    if (rm == 4) {
        unsigned b = rnd_below(g, 4);
        if (b == 0)
            base = REG_SP;
        else if (b == 1 && mod == 0)
            base = -1;                      /* SIB base 5, mod 0: disp32 */
        else
            base = (int)pick_free(g, mod == 0 ? REG_BP : REG_SP);
        if (rnd_below(g, 4))
            index = (int)pick_free(g, REG_SP);
        scale = rnd_below(g, 4);
        if (base == REG_SP && mod != 2 && index < 0)
            mod = 2, disp = 0;
    } else if (mod == 0 && rm == 5) {
        base = -1;                          /* [disp32] */
    } else {
        base = (int)pick_free(g, mod == 0 ? REG_BP : REG_SP);
        rm = (unsigned)base;
    }
    int disp32 = mod == 2 || (mod == 0 && base < 0);

    if (index >= 0)
        r[index] = rnd32(g);
    if (base >= 0 && base != REG_SP)
        r[base] = rnd32(g);
    sum = (base >= 0 ? r[base] : 0) + (index >= 0 ? r[index] << scale : 0);
    if (disp32) {
        disp = t - sum;
    } else if (base >= 0 && base != REG_SP) {
        r[base] = t - disp - (index >= 0 ? r[index] << scale : 0);
    } else {
        scale = 0;                          /* ESP base, no disp32: solve the index */
        r[index] = t - disp - r[REG_SP];
    }
    emit(g, 1, (mod << 6) | (regf << 3) | rm);
    if (rm == 4)
        emit(g, 1, (scale << 6) | ((index < 0 ? 4u : (unsigned)index) << 3) |
                   (base < 0 ? 5u : (unsigned)base));
    emit(g, disp32 ? 4 : mod, disp);
}

/* ModRM (+SIB, displacement) addressing `target` (seg16 offset or host
 * address), setting the address registers. */
u8 *modrm_mem_at(struct gen *g, unsigned regf, u32 target16, u8 *target32)
{
    if (g->a16)
        addr16(g, regf, target16);
    else
        addr32(g, regf, (u32)(size_t)target32);
    return g->a16 ? seg16 + target16 : target32;
}

/* A memory operand of `size` bytes somewhere near the middle of the area. */
u8 *modrm_mem(struct gen *g, unsigned regf, unsigned size)
{
    u8 *p;
    u32 t;

    set_a16(g);
    t = mem_at(g, size, &p);
    add_window(g, p, size);
    return modrm_mem_at(g, regf, t, p);
}
