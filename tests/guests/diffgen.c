/*
 * diffgen.c - the differential program generator (issue 5, Verification).
 *
 * A multiboot guest that, block after block, generates a seeded random
 * sequence of 16-bit real-mode instructions, runs it in big real mode
 * (diffrun.S: DS/ES/FS/GS keep 4 GiB caches from a protected-mode round
 * trip, SS a 64 KiB one) and prints one line per block with a digest of
 * the final registers, flags, selectors and sandbox memory.  The same guest
 * runs once natively (hvmhost --native: the CPU is the oracle) and once
 * under the assist, where every one of these instructions is emulated;
 * tests/system/diff.sh requires the two COM1 transcripts to be identical.
 *
 * Every memory operand is aimed by construction: the generator picks a
 * target inside the sandbox, picks an addressing form and segment, and
 * emits "setup" instructions (MOV reg, imm) that make the effective address
 * hit it.  It tracks what it must know for that - ESP (no random instruction
 * writes it), the segment selectors/bases, CS - and nothing else: all other
 * registers hold random values.  Stack frames of the far/near subroutines,
 * INT handlers and IRET targets it emits are protected from random pops.
 *
 * Options come from a patchable text area (params_area, found by its
 * marker; tests/system/diffgen.bash writes them into a copy of the ELF):
 *   seed=N blocks=N first=N len=N (random instructions per block)
 *   classes=LIST (default | all | none | name | +name | -name, comma-separated;
 *           the names are in the class table at the end)
 *   dump=N (block N: its input state, code, tracked ESP and selectors per
 *           group ("trk"), output state, stack bytes, memory digests)
 *   verbose=1 (the final registers of every block)
 * Each block's random stream depends only on the seed and its number, and
 * a block generated with a smaller len is a prefix of the longer one.
 */

#include <vmxassist/types.h>

/* ---- memory map (linear = physical) ---------------------------------- */
#define LOW_LO    0x8000u   /* low sandbox: random reads and writes */
#define STK_LO    0xC000u   /* stack region: only stack instructions write */
#define STK_HI    0xD000u
#define CODE_LO   0x10000u  /* main stream of the block */
#define MAIN_HI   0x18000u  /* chunks: near from here up, far from CODE_HI down */
#define CODE_HI   0x30000u
#define HIGH_LO   0x200000u /* high sandbox: 32-bit addressing only */
#define HIGH_HI   0x204000u
#define CHUNK     512u      /* one subroutine, handler or jump target */
#define SP_MARGIN 32u       /* kept free below SS:SP (epilogue, #DE frames) */
#define GROUP_ROOM 128      /* bytes one group may take in its stream */
#define MAX_DEPTH 3         /* nested calls / handlers */
#define MAIN_SEL_LO 0x0F00u /* CS aliases of the main stream */
#define MAIN_SEL_HI 0x1000u
#define FIRST_VEC 0x40u     /* INT n vectors handed out per site */

enum { EAX, ECX, EDX, EBX, ESP, EBP, ESI, EDI };
enum { ES, CS, SS, DS, FS, GS };
static const u8 seg_pfx[6] = { 0x26, 0x2E, 0x36, 0x3E, 0x64, 0x65 };
static const char *const gpr_names[8] = { "eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi" };
static const char *const seg_names[6] = { "es", "cs", "ss", "ds", "fs", "gs" };

/* diffrun.S */
struct rm_regs {
    u32 gpr[8];         /* x86 order */
    u32 eflags;
    u32 sreg[6];        /* ES CS SS DS FS GS */
    u32 fault[4];       /* vector (-1: none), ip, cs, flags */
};
extern struct rm_regs diff_in, diff_out;
extern u16 diff_entry[2];
extern u8 rm_fault_stubs[], rm_de_skip[], rm_epilogue[];
extern void run_block(void);
#define RM_FAULT_STUB_SIZE 8
#define RM_CATCH_ALL 0x20
#define DIV_LEN 3
#define SEL_RDS 0x28        /* the per-block descriptors, DS ES FS GS SS */

#include "guestc.h"

static void put_kv(const char *k, u32 v, unsigned digits)
{
    putc(' ');
    puts(k);
    putc('=');
    puthex(v, digits);
}

static void __attribute__((noreturn)) die(const char *why)
{
    puts("FAIL diffgen internal error: ");
    puts(why);
    putc('\n');
    finish(1);
}

/* ---- options --------------------------------------------------------- */
struct params {
    char magic[16];
    char text[240];
};
/* The runner overwrites text in a copy of the ELF; volatile so that the
 * compiler cannot fold the empty default. */
volatile struct params params_area __attribute__((used)) = { "DIFFGEN-PARAMS:", "" };

static struct {
    u32 seed, blocks, first, len, dump, verbose;
} opt = { 1, 250, 0, 400, 0xFFFFFFFFu, 0 };

/* ---- random numbers --------------------------------------------------- */
static u64 rng_state;

static u32 rnd32(void)
{
    u64 z = (rng_state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return (u32)((z ^ (z >> 31)) >> 32);
}

/* Uniform in [0, n). */
static u32 rnd(u32 n)
{
    return (u32)(((u64)rnd32() * n) >> 32);
}

static int chance(u32 percent)
{
    return rnd(100) < percent;
}

/* Uniform in [lo, hi]. */
static u32 rnd_range(u32 lo, u32 hi)
{
    return lo + rnd(hi - lo + 1);
}

/* ---- generator state --------------------------------------------------- */
struct segv {
    u16 sel;
    u32 base;
};

struct gen {
    struct segv seg[6];
    u32 esp;            /* the whole of ESP is known all the time */
    u32 ceil;           /* linear: pops must stay below (live frames) */
    u8 *cur, *end;      /* the stream being written and its limit */
    u32 near_next, far_next;
    int depth;          /* calls / handlers entered */
    int neutral;        /* only groups that keep ESP, SS, CS, DS.. as they are */
    int maybe;          /* inside code that may be skipped at run time */
    int nest;           /* conditional regions entered */
    int in_main;        /* writing the main stream (CS may be re-aliased) */
    int int3_used, into_used;
    int idt;            /* the IVT IDTR points to: 0 (at 0) or 1 (IVT2_BASE) */
    u32 next_vec;
    u32 n_sure, n_maybe, n_setup;
};
static struct gen g;
static int dumping;     /* generating the block that is dumped */
/* Two IVTs, at linear 0 and at IVT2_BASE (the lidt class moves IDTR
 * between them); INT n handlers are entered in the current one. */
#define IVT2_BASE 0x7400u
static u32 ivt[2][256];

/* ---- instruction classes (table at the end) --------------------------- */
enum {
    C_MOV, C_MOVSREG, C_MOVX, C_XCHG, C_LEA, C_ALU, C_INCDEC, C_PUSH, C_PUSHF,
    C_FLAGS, C_LAHF, C_CBW, C_JCC, C_CALL, C_CALLFAR, C_JMPFAR, C_JMPIND, C_INT,
    C_IRET, C_SS, C_MISC, C_LOOP, C_SHIFT, C_SHXD, C_MUL, C_DIV, C_BT, C_BSF,
    C_BCD, C_SETCC, C_CMOV, C_STRING, C_XLAT, C_ENTER, C_PUSHA, C_BSWAP,
    C_XADD, C_CMPXCHG, C_CMPXCHG8B, C_LXS, C_IO, C_BOUND, C_FPU, C_SMC, C_SYS, C_LIDT,
    C_UNDOC,
    C_PREFIX, C_LOCK, N_CLASSES
};
struct cls {
    const char *name;
    int (*gen)(void);   /* 0 done, -1 not possible here (state rolled back) */
    u8 weight;
    u8 on_default;
    u8 on;
};
static struct cls classes[N_CLASSES];

static int on(int c)
{
    return classes[c].on;
}

/* ---- instruction building --------------------------------------------- */
struct ib {
    u8 pfx[8];
    int npfx;
    u8 op[3];
    int nop;
    int modrm;          /* mod/reg/rm below are valid */
    u8 mod, reg, rm;
    int sib;
    u8 scale, index, base;
    u32 disp;
    int dsize;
    u32 imm, imm2;
    int isize, isize2;
    int fixed_len;      /* no extra prefixes (the #DE handler skips DIV_LEN) */
};

static void ib_init(struct ib *b)
{
    memset(b, 0, sizeof(*b));
}

static void ib_pfx(struct ib *b, u8 p)
{
    b->pfx[b->npfx++] = p;
}

static void ib_op(struct ib *b, int n, u8 o0, u8 o1)
{
    b->nop = n;
    b->op[0] = o0;
    b->op[1] = o1;
}

static void ib_osz(struct ib *b, int size)
{
    if (size == 4)
        ib_pfx(b, 0x66);
}

static void ib_imm(struct ib *b, int size, u32 v)
{
    b->isize = size;
    b->imm = v;
}

static void ib_regs(struct ib *b, int reg, int rm)
{
    b->modrm = 1;
    b->mod = 3;
    b->reg = (u8)reg;
    b->rm = (u8)rm;
}

static void put(u32 v, int size)
{
    for (int i = 0; i < size; i++)
        *g.cur++ = (u8)(v >> (8 * i));
}

/* The rel16/rel32 that ends the instruction just written: to linear `to`. */
static void patch_rel(int size, u32 to)
{
    u32 rel = to - (u32)g.cur;
    for (int i = 0; i < size; i++)
        g.cur[i - size] = (u8)(rel >> (8 * i));
}

static void count_main(void)
{
    if (g.maybe)
        g.n_maybe++;
    else
        g.n_sure++;
}

static int ib_len(const struct ib *b)
{
    return b->npfx + b->nop + b->modrm + b->sib + b->dsize + b->isize + b->isize2;
}

/* Write the instruction: prefixes in random order (and, with the prefix
 * class, sometimes one repeated), then the rest.  main: count it as one of
 * the block's random instructions, else as setup. */
static void ib_out(struct ib *b, int main)
{
    for (int i = b->npfx - 1; i > 0; i--) {
        int j = (int)rnd((u32)i + 1);
        u8 t = b->pfx[i];
        b->pfx[i] = b->pfx[j];
        b->pfx[j] = t;
    }
    if (on(C_PREFIX) && !b->fixed_len && b->npfx && ib_len(b) < 15 && chance(10))
        put(b->pfx[rnd((u32)b->npfx)], 1);
    for (int i = 0; i < b->npfx; i++)
        put(b->pfx[i], 1);
    for (int i = 0; i < b->nop; i++)
        put(b->op[i], 1);
    if (b->modrm)
        put((u32)(b->mod << 6 | b->reg << 3 | b->rm), 1);
    if (b->sib)
        put((u32)(b->scale << 6 | b->index << 3 | b->base), 1);
    put(b->disp, b->dsize);
    put(b->imm, b->isize);
    put(b->imm2, b->isize2);
    if (main)
        count_main();
    else
        g.n_setup++;
}

/* A random register for a `size`-byte operand; never SP/ESP when written
 * (ESP is tracked).  For bytes, 4 is AH. */
static int pick_reg(int size, int write)
{
    int r;
    do
        r = (int)rnd(8);
    while (write && size > 1 && r == ESP);
    return r;
}

static int any_size(void)
{
    u32 r = rnd(3);
    return r == 0 ? 1 : r == 1 ? 2 : 4;
}

static int osz(void)
{
    return chance(50) ? 4 : 2;
}

static u32 size_mask(int size)
{
    return size == 4 ? 0xFFFFFFFFu : (1u << (8 * size)) - 1;
}

/* ---- setup instructions ------------------------------------------------ */
static void set_sp(u32 sp)
{
    g.esp = (g.esp & 0xFFFF0000u) | (sp & 0xFFFF);
}

/* ESP after SP += delta: our stack is 16-bit, ESP's upper half stays. */
static u32 esp_plus(s32 delta)
{
    return (g.esp & 0xFFFF0000u) | ((g.esp + (u32)delta) & 0xFFFF);
}

static void sp_move(s32 delta)
{
    g.esp = esp_plus(delta);
}

/* MOV reg, imm: 16-bit forms leave the upper half of the register random. */
static void setup_mov(int reg, u32 v, int size)
{
    struct ib b;
    ib_init(&b);
    ib_osz(&b, size);
    ib_op(&b, 1, (u8)((size == 1 ? 0xB0 : 0xB8) + reg), 0);
    ib_imm(&b, size, v);
    ib_out(&b, 0);
    if (reg == ESP && size > 1) {
        u32 m = size_mask(size);
        g.esp = (g.esp & ~m) | (v & m);
    }
}

static void setup_push_imm(u32 v, int size)
{
    struct ib b;
    ib_init(&b);
    ib_osz(&b, size);
    ib_op(&b, 1, 0x68, 0);
    ib_imm(&b, size, v);
    ib_out(&b, 0);
    sp_move(-size);
}

/* ---- segments and reachability ----------------------------------------- */
static void set_seg(int s, u16 sel)
{
    g.seg[s].sel = sel;
    g.seg[s].base = (u32)sel << 4;
}

/* DS/ES/FS/GS have 4 GiB limits; SS and CS 64 KiB ones. */
static int seg_big(int s)
{
    return s != CS && s != SS;
}

/* Can `size` bytes at linear T be reached through segment s?  A single
 * access through a 4 GiB segment may start at a 16-bit offset and run
 * past 64 KiB; `strict` asks for every byte at a 16-bit offset (a range
 * that 16-bit registers step through). */
static int seg_reaches(int s, u32 T, int size, int a32, int write, int strict)
{
    u32 base = g.seg[s].base, off = T - base;
    if (s == CS && write)
        return 0;
    if (!seg_big(s) || (!a32 && strict))
        return T >= base && off <= 0x10000u - (u32)size;
    if (!a32)
        return T >= base && off <= 0xFFFFu;
    return off <= 0xFFFFFFFFu - (u32)(size - 1);
}

/* A segment for [T-pre, T+size+post): the default one half of the time. */
static int pick_seg(int def, u32 T, int size, int a32, int write, u32 pre, u32 post)
{
    int cand[6], n = 0;
    for (int s = 0; s < 6; s++)
        if (seg_reaches(s, T - pre, size + (int)(pre + post), a32, write, pre + post != 0))
            cand[n++] = s;
    if (!n)
        return -1;
    for (int i = 0; i < n; i++)
        if (cand[i] == def && chance(50))
            return def;
    return cand[rnd((u32)n)];
}

static void add_seg_pfx(struct ib *b, int s, int def)
{
    if (s != def || chance(10))
        ib_pfx(b, seg_pfx[s]);
}

static u16 new_data_sel(void)
{
    u32 r = rnd(100);
    if (r < 70)
        return (u16)rnd(LOW_LO / 16 + 1);       /* its 64 KiB window holds the low sandbox */
    if (r < 90)
        return (u16)rnd(STK_HI / 16);
    return (u16)rnd32();                        /* 32-bit addressing only, may wrap 4 GiB */
}

/* ---- memory operands ---------------------------------------------------- */
enum { RD = 1, WR = 2 };

/* A target for `size` bytes with `margin` bytes free on both sides. */
static u32 pick_target_m(int size, int acc, u32 margin)
{
    u32 lo, hi, r = rnd(100), T, align;
    if (acc & WR) {
        if (r < 55)
            lo = LOW_LO, hi = STK_LO;
        else
            lo = HIGH_LO, hi = HIGH_HI;
    } else if (r < 40) {
        lo = LOW_LO, hi = STK_LO;
    } else if (r < 70) {
        lo = HIGH_LO, hi = HIGH_HI;
    } else if (r < 85) {
        lo = STK_LO, hi = STK_HI;
    } else {
        lo = CODE_LO, hi = CODE_HI;
    }
    T = rnd_range(lo + margin, hi - margin - (u32)size);
    for (align = 1; align * 2 <= (u32)size; align *= 2)
        ;
    if (chance(50))
        T &= ~(align - 1);
    return T;
}

static u32 pick_target(int size, int acc)
{
    return pick_target_m(size, acc, 0);
}

/* 16-bit ModRM forms: the registers each rm adds (BX+SI .. BX). */
static const s8 rm16_a[8] = { EBX, EBX, EBP, EBP, ESI, EDI, EBP, EBX };
static const s8 rm16_b[8] = { ESI, EDI, ESI, EDI, -1, -1, -1, -1 };

static void setup_regs(int r1, u32 v1, int r2, u32 v2, int size)
{
    if (chance(50)) {
        int t = r1;
        u32 tv = v1;
        r1 = r2, v1 = v2, r2 = t, v2 = tv;
    }
    if (r1 >= 0)
        setup_mov(r1, v1, size);
    if (r2 >= 0)
        setup_mov(r2, v2, size);
}

static int try_mem16(struct ib *b, u32 T, int size, int write, u32 avoid, u32 pre, u32 post)
{
    int mod = (int)rnd(3), rm = (int)rnd(8), direct = mod == 0 && rm == 6;
    int ra = direct ? -1 : rm16_a[rm], rb = direct ? -1 : rm16_b[rm];
    int def = ra == EBP ? SS : DS, s;
    u16 ea, va = (u16)rnd32(), vb = (u16)rnd32(), disp;

    b->sib = 0;         /* a failed 32-bit attempt may have set it */
    if ((ra >= 0 && (avoid >> ra & 1)) || (rb >= 0 && (avoid >> rb & 1)))
        return 0;
    s = pick_seg(def, T, size, 0, write, pre, post);
    if (s < 0)
        return 0;
    ea = (u16)(T - g.seg[s].base);
    if (direct) {
        disp = ea;
        b->dsize = 2;
    } else if (mod == 2) {
        disp = (u16)(ea - va - (rb >= 0 ? vb : 0));
        b->dsize = 2;
    } else {
        disp = mod == 1 ? (u16)(s16)(s8)rnd32() : 0;
        b->dsize = mod;
        if (rb >= 0)
            vb = (u16)(ea - disp - va);
        else
            va = (u16)(ea - disp);
    }
    setup_regs(ra, va, rb, vb, 2);
    b->modrm = 1;
    b->mod = (u8)mod;
    b->rm = (u8)rm;
    b->disp = disp;
    add_seg_pfx(b, s, def);
    return 1;
}

static int try_mem32(struct ib *b, u32 T, int size, int write, u32 avoid, u32 esp,
                     u32 pre, u32 post)
{
    int mod = (int)rnd(3), rm = (int)rnd(8), base = -1, index = -1, scale = 0, s, def;
    u32 vb = rnd32(), vi = rnd32(), disp = 0, ea;

    b->sib = 0;
    if (rm == 4) {
        b->sib = 1;
        base = (int)rnd(8);
        index = (int)rnd(8);
        scale = (int)rnd(4);
        b->base = (u8)base;
        b->index = (u8)index;
        b->scale = (u8)scale;
        if (index == ESP)
            index = -1;
        if (mod == 0 && base == EBP)
            base = -1;
    } else if (!(mod == 0 && rm == 5)) {
        base = rm;
    }
    b->dsize = mod == 1 ? 1 : mod == 2 ? 4 : base < 0 ? 4 : 0;
    if ((base >= 0 && base != ESP && (avoid >> base & 1)) || (index >= 0 && (avoid >> index & 1)))
        return 0;
    def = base == ESP || base == EBP ? SS : DS;
    s = pick_seg(def, T, size, 1, write, pre, post);
    if (s < 0)
        return 0;
    ea = T - g.seg[s].base;
    if (base == ESP)
        vb = esp;
    if (index >= 0 && index == base)
        vi = vb;
    if (b->dsize == 4) {
        disp = ea - (base >= 0 ? vb : 0) - (index >= 0 ? vi << scale : 0);
    } else {
        disp = b->dsize == 1 ? (u32)(s32)(s8)rnd32() : 0;
        if (base >= 0 && base != ESP && base != index)
            vb = ea - disp - (index >= 0 ? vi << scale : 0);
        else if (index >= 0 && scale == 0 && index != base)
            vi = ea - disp - (base >= 0 ? vb : 0);
        else
            return 0;
    }
    setup_regs(base >= 0 && base != ESP ? base : -1, vb,
               index >= 0 && index != base ? index : -1, vi, 4);
    b->modrm = 1;
    b->mod = (u8)mod;
    b->rm = (u8)rm;
    b->disp = disp;
    ib_pfx(b, 0x67);
    add_seg_pfx(b, s, def);
    return 1;
}

/*
 * A memory operand for `size` bytes at linear T (and [T-pre, T+size+post)
 * reachable through the same segment): choose address size, form and
 * segment, emit the setup that makes the effective address hit T, fill in
 * ModRM/SIB/displacement and the 67/segment prefixes.  Registers in
 * `avoid` are not used for addressing (the caller has set them up);
 * `esp` is ESP as the instruction computes its address.
 */
static void gen_mem_x(struct ib *b, u32 T, int size, int write, u32 avoid, u32 esp,
                      u32 pre, u32 post)
{
    for (int i = 0; i < 200; i++) {
        if (T < HIGH_LO && chance(60) && try_mem16(b, T, size, write, avoid, pre, post))
            return;
        if (try_mem32(b, T, size, write, avoid, esp, pre, post))
            return;
    }
    die("no addressing form found");
}

static void gen_mem(struct ib *b, u32 T, int size, int write, u32 avoid)
{
    gen_mem_x(b, T, size, write, avoid, g.esp, 0, 0);
}

/* An r/m operand: a register (percent_mem of the time not) or memory in
 * the sandbox. */
static void rm_op(struct ib *b, int size, int acc, u32 avoid, u32 percent_mem)
{
    if (!chance(percent_mem)) {
        ib_regs(b, 0, pick_reg(size, acc & WR));
        return;
    }
    gen_mem(b, pick_target(size, acc), size, acc & WR, avoid);
}

static int is_mem(const struct ib *b)
{
    return b->modrm && b->mod != 3;
}

/* LOCK on a memory destination, when the lock class is on. */
static void maybe_lock(struct ib *b)
{
    if (on(C_LOCK) && is_mem(b) && chance(30))
        ib_pfx(b, 0xF0);
}

/* A random memory form whose address is never used (LEA, NOP r/m). */
static void rand_mem_form(struct ib *b)
{
    b->modrm = 1;
    b->mod = (u8)rnd(3);
    b->rm = (u8)rnd(8);
    if (chance(50)) {
        ib_pfx(b, 0x67);
        if (b->rm == 4) {
            b->sib = 1;
            b->scale = (u8)rnd(4);
            b->index = (u8)rnd(8);
            b->base = (u8)rnd(8);
        }
        b->dsize = b->mod == 1 ? 1 : b->mod == 2 ? 4 :
                   (b->rm == 5 || (b->sib && b->base == 5)) ? 4 : 0;
    } else {
        b->dsize = b->mod == 1 ? 1 : b->mod == 2 ? 2 : b->rm == 6 ? 2 : 0;
    }
    b->disp = rnd32();
    if (chance(20))
        ib_pfx(b, seg_pfx[rnd(6)]);
}

/* MOV [T], imm (setup). */
static void setup_store(u32 T, u32 v, int size, u32 avoid)
{
    struct ib b;
    ib_init(&b);
    ib_osz(&b, size);
    ib_op(&b, 1, size == 1 ? 0xC6 : 0xC7, 0);
    gen_mem(&b, T, size, 1, avoid);
    b.reg = 0;
    ib_imm(&b, size, v);
    ib_out(&b, 0);
}

/* A far pointer (offset of `size` bytes, then the selector) at T. */
static void setup_farptr(u32 T, u32 off, u16 sel, int size)
{
    setup_store(T, off, size, 0);
    setup_store(T + (u32)size, sel, 2, 0);
}

/* ---- the stack ------------------------------------------------------------ */
static u32 sp16(void)
{
    return g.esp & 0xFFFF;
}

static u32 sp_lin(void)
{
    return g.seg[SS].base + sp16();
}

/* MOV SP, imm to a fresh place in the stack region (top level only). */
static int sp_reset(void)
{
    if (g.depth || g.neutral)
        return 0;
    setup_mov(ESP, rnd_range(STK_LO + 1024, STK_HI - 512) - g.seg[SS].base, 2);
    return 1;
}

static int push_room(u32 n)
{
    if (sp16() >= n && sp_lin() >= STK_LO + SP_MARGIN + n)
        return 1;
    return sp_reset();
}

/* Can n bytes be popped where SP is now? */
static int pop_room_here(u32 n)
{
    return sp16() + n <= 0xFFFF && sp_lin() + n <= g.ceil;
}

static int pop_room(u32 n)
{
    return pop_room_here(n) || sp_reset();
}

/* Put SP back to a frame's value before its RET/RETF/IRET. */
static void restore_esp(u32 esp)
{
    if (g.esp == esp)
        return;
    if ((g.esp ^ esp) >> 16)
        setup_mov(ESP, esp, 4);
    else
        setup_mov(ESP, esp, 2);
}

/* ---- code chunks and CS aliases ------------------------------------------ */
static int in_cs_window(u32 lin, u32 len)
{
    u32 base = g.seg[CS].base;
    return lin >= base && lin + len - 1 <= base + 0xFFFF;
}

static u32 chunk_near(void)
{
    u32 c = g.near_next;
    if (c + CHUNK > g.far_next || !in_cs_window(c, CHUNK))
        return 0;
    g.near_next += CHUNK;
    return c;
}

static u32 chunk_far(void)
{
    if (g.far_next - CHUNK < g.near_next)
        return 0;
    g.far_next -= CHUNK;
    return g.far_next;
}

/* A random CS that reaches the whole chunk at c. */
static u16 alias_for(u32 c)
{
    u32 lo = c + CHUNK > 0x10000 ? (c + CHUNK - 0x10000 + 15) / 16 : 0;
    return (u16)rnd_range(lo, c / 16);
}

/* ---- groups ------------------------------------------------------------- */
static void gen_group(void);

/* Up to n groups in the current stream, while there is room. */
static void gen_groups(u32 n)
{
    while (n-- && g.end - g.cur >= GROUP_ROOM)
        gen_group();
}

struct frame {
    u8 *cur, *end;
    struct segv cs;
    u32 ceil;
    int depth, in_main;
};

/* Switch the output to chunk c, running with CS = sel. */
static void enter_chunk(struct frame *f, u32 c, u16 sel, int call)
{
    f->cur = g.cur;
    f->end = g.end;
    f->cs = g.seg[CS];
    f->ceil = g.ceil;
    f->depth = g.depth;
    f->in_main = g.in_main;
    g.cur = (u8 *)c;
    g.end = (u8 *)(c + CHUNK - 24);
    set_seg(CS, sel);
    g.in_main = 0;
    if (call) {
        g.depth++;
        g.ceil = sp_lin();
    }
}

static void leave_chunk(const struct frame *f)
{
    if (g.cur > (u8 *)g.end + 24)
        die("chunk overflow");
    g.cur = f->cur;
    g.end = f->end;
    g.seg[CS] = f->cs;
    g.ceil = f->ceil;
    g.depth = f->depth;
    g.in_main = f->in_main;
}

/* A far pointer operand for `sel`:`ip`: the immediate ptr16:16/32 of
 * opcode `direct`, or (half the time, with `ff_reg` >= 0) FF /ff_reg
 * through memory that holds it. */
static void far_operand(struct ib *b, int size, u16 sel, u32 ip, u8 direct, int ff_reg)
{
    if (ff_reg < 0 || chance(50)) {
        ib_op(b, 1, direct, 0);
        ib_imm(b, size, ip);
        b->imm2 = sel;
        b->isize2 = 2;
    } else {
        u32 T = pick_target(size + 2, WR);
        setup_farptr(T, ip, sel, size);
        ib_op(b, 1, 0xFF, 0);
        gen_mem(b, T, size + 2, 0, 0);
        b->reg = (u8)ff_reg;
    }
}

/* A near target operand: FF /ff_reg with `ip` in a register or memory. */
static void near_operand(struct ib *b, int size, u32 ip, int ff_reg)
{
    ib_op(b, 1, 0xFF, 0);
    if (chance(50)) {
        int r = pick_reg(2, 1);
        setup_mov(r, ip, size);
        ib_regs(b, ff_reg, r);
    } else {
        u32 T = pick_target(size, WR);
        setup_store(T, ip, size, 0);
        gen_mem(b, T, size, 0, 0);
        b->reg = (u8)ff_reg;
    }
}

/* The body of chunk c entered by a jump with CS = sel: groups there, then
 * a far jump (EA) back to where the current stream goes on - in the main
 * stream with a fresh CS alias sometimes. */
static void jump_body(u32 c, u16 sel)
{
    struct frame f;
    struct ib b;
    u32 cont = (u32)g.cur;
    int size = chance(20) ? 4 : 2;
    enter_chunk(&f, c, sel, 0);
    gen_groups(1 + rnd(4));
    sel = f.cs.sel;
    if (f.in_main && !g.neutral && g.depth == 0 && chance(50))
        sel = (u16)rnd_range(MAIN_SEL_LO, MAIN_SEL_HI);
    ib_init(&b);
    ib_osz(&b, size);
    far_operand(&b, size, sel, cont - ((u32)sel << 4), 0xEA, -1);
    ib_out(&b, 1);
    leave_chunk(&f);
    set_seg(CS, sel);
}

/* The body of a subroutine or handler at chunk c entered with CS = sel,
 * `frame` bytes of return address (and FLAGS) just pushed: groups, SP
 * back to the frame, `ret`, which also drops `args` bytes. */
static void sub_body(u32 c, u16 sel, u32 frame, u32 args, struct ib *ret)
{
    struct frame f;
    u32 esp;
    sp_move(-(s32)frame);
    esp = g.esp;
    enter_chunk(&f, c, sel, 1);
    gen_groups(1 + rnd(4));
    restore_esp(esp);
    ib_out(ret, 1);
    leave_chunk(&f);
    sp_move((s32)(frame + args));
}

/* RET/RETF (op C3/CB, or C2/CA with imm16 when args) of `size`. */
static void ret_insn(struct ib *b, int size, u8 op, u32 args)
{
    ib_init(b);
    ib_osz(b, size);
    ib_op(b, 1, args ? (u8)(op - 1) : op, 0);
    if (args)
        ib_imm(b, 2, args);
}

/* ---- the classes ---------------------------------------------------------- */
static int c_mov(void)
{
    struct ib b;
    int size = any_size(), w = size > 1, wr = chance(50), s;
    u32 T;
    ib_init(&b);
    ib_osz(&b, size);
    switch (rnd(5)) {
    case 0:     /* 88/89 r/m <- reg, 8A/8B reg <- r/m */
        ib_op(&b, 1, (u8)((wr ? 0x88 : 0x8A) | w), 0);
        rm_op(&b, size, wr ? WR : RD, 0, 60);
        b.reg = (u8)pick_reg(size, !wr);
        break;
    case 1:     /* B0+r / B8+r */
        ib_op(&b, 1, (u8)((size == 1 ? 0xB0 : 0xB8) + pick_reg(size, 1)), 0);
        ib_imm(&b, size, rnd32());
        break;
    case 2:     /* C6/C7 /0 */
        ib_op(&b, 1, (u8)(0xC6 | w), 0);
        rm_op(&b, size, WR, 0, 60);
        b.reg = 0;
        ib_imm(&b, size, rnd32());
        break;
    default: {  /* A0-A3 moffs */
        int a32;
        T = pick_target(size, wr ? WR : RD);
        a32 = T >= HIGH_LO || chance(40);
        s = pick_seg(DS, T, size, a32, wr, 0, 0);
        if (s < 0) {
            a32 = 1;
            s = pick_seg(DS, T, size, 1, wr, 0, 0);
        }
        ib_op(&b, 1, (u8)((wr ? 0xA2 : 0xA0) | w), 0);
        b.disp = T - g.seg[s].base;
        b.dsize = a32 ? 4 : 2;
        if (a32)
            ib_pfx(&b, 0x67);
        add_seg_pfx(&b, s, DS);
        break;
    }
    }
    ib_out(&b, 1);
    return 0;
}

static int c_movsreg(void)
{
    struct ib b;
    ib_init(&b);
    if (chance(50)) {           /* 8C: r/m16 <- any sreg (32-bit: zero-extended) */
        if (chance(50)) {
            ib_osz(&b, osz());
            ib_regs(&b, 0, pick_reg(2, 1));
        } else {
            gen_mem(&b, pick_target(2, WR), 2, 1, 0);
        }
        ib_op(&b, 1, 0x8C, 0);
        b.reg = (u8)rnd(6);
    } else {                    /* 8E: ES/DS/FS/GS <- r/m16 */
        static const u8 data_segs[4] = { ES, DS, FS, GS };
        int s = data_segs[rnd(4)];
        u16 sel = new_data_sel();
        if (g.neutral)
            return -1;
        if (chance(50)) {
            int r = pick_reg(2, 1);
            setup_mov(r, sel, 2);
            ib_osz(&b, osz());
            ib_regs(&b, 0, r);
        } else {
            u32 T = pick_target(2, WR);
            setup_store(T, sel, 2, 0);
            gen_mem(&b, T, 2, 0, 0);
        }
        ib_op(&b, 1, 0x8E, 0);
        b.reg = (u8)s;
        set_seg(s, sel);
    }
    ib_out(&b, 1);
    return 0;
}

static int c_movx(void)
{
    struct ib b;
    int dsz = osz(), ssz = chance(50) ? 1 : 2;
    ib_init(&b);
    ib_osz(&b, dsz);
    ib_op(&b, 2, 0x0F, (u8)((chance(50) ? 0xBE : 0xB6) | (ssz == 2)));
    rm_op(&b, ssz, RD, 0, 60);
    b.reg = (u8)pick_reg(dsz, 1);
    ib_out(&b, 1);
    return 0;
}

static int c_xchg(void)
{
    struct ib b;
    ib_init(&b);
    if (chance(30)) {           /* 90+r: xchg eAX, r */
        int r;
        do
            r = pick_reg(2, 1);
        while (r == EAX);
        ib_osz(&b, osz());
        ib_op(&b, 1, (u8)(0x90 + r), 0);
    } else {
        int size = any_size();
        ib_osz(&b, size);
        ib_op(&b, 1, (u8)(0x86 | (size > 1)), 0);
        rm_op(&b, size, RD | WR, 0, 60);
        b.reg = (u8)pick_reg(size, 1);
        maybe_lock(&b);
    }
    ib_out(&b, 1);
    return 0;
}

static int c_lea(void)
{
    struct ib b;
    int size = osz();
    ib_init(&b);
    ib_osz(&b, size);
    ib_op(&b, 1, 0x8D, 0);
    rand_mem_form(&b);
    b.reg = (u8)pick_reg(size, 1);
    ib_out(&b, 1);
    return 0;
}

/* ADD OR ADC SBB AND SUB XOR CMP in every encoding, and TEST. */
static int c_alu(void)
{
    struct ib b;
    int k = (int)rnd(8), size = any_size(), w = size > 1, wr = k != 7;
    ib_init(&b);
    ib_osz(&b, size);
    switch (rnd(6)) {
    case 0:     /* r/m op= reg */
        ib_op(&b, 1, (u8)(k * 8 + w), 0);
        rm_op(&b, size, RD | (wr ? WR : 0), 0, 60);
        b.reg = (u8)rnd(8);
        if (wr)
            maybe_lock(&b);
        break;
    case 1:     /* reg op= r/m */
        ib_op(&b, 1, (u8)(k * 8 + 2 + w), 0);
        rm_op(&b, size, RD, 0, 60);
        b.reg = (u8)pick_reg(size, wr);
        break;
    case 2:     /* AL/eAX op= imm */
        ib_op(&b, 1, (u8)(k * 8 + 4 + w), 0);
        ib_imm(&b, size, rnd32());
        break;
    case 3:     /* 80/81 /k imm */
        ib_op(&b, 1, (u8)(0x80 | w), 0);
        rm_op(&b, size, RD | (wr ? WR : 0), 0, 60);
        b.reg = (u8)k;
        ib_imm(&b, size, rnd32());
        if (wr)
            maybe_lock(&b);
        break;
    case 4:     /* 83 /k imm8, sign-extended */
        ib_op(&b, 1, size == 1 ? 0x80 : 0x83, 0);
        rm_op(&b, size, RD | (wr ? WR : 0), 0, 60);
        b.reg = (u8)k;
        ib_imm(&b, 1, rnd32());
        if (wr)
            maybe_lock(&b);
        break;
    default:    /* TEST: 84/85, A8/A9, F6/F7 /0 */
        switch (rnd(3)) {
        case 0:
            ib_op(&b, 1, (u8)(0x84 | w), 0);
            rm_op(&b, size, RD, 0, 60);
            b.reg = (u8)rnd(8);
            break;
        case 1:
            ib_op(&b, 1, (u8)(0xA8 | w), 0);
            ib_imm(&b, size, rnd32());
            break;
        default:
            ib_op(&b, 1, (u8)(0xF6 | w), 0);
            rm_op(&b, size, RD, 0, 60);
            b.reg = 0;
            ib_imm(&b, size, rnd32());
            break;
        }
        break;
    }
    ib_out(&b, 1);
    return 0;
}

static int c_incdec(void)
{
    struct ib b;
    int size = any_size();
    ib_init(&b);
    switch (rnd(3)) {
    case 0:     /* 40+r / 48+r */
        size = osz();
        ib_osz(&b, size);
        ib_op(&b, 1, (u8)((chance(50) ? 0x40 : 0x48) + pick_reg(size, 1)), 0);
        break;
    case 1:     /* FE/FF /0 /1 */
        ib_osz(&b, size);
        ib_op(&b, 1, (u8)(0xFE | (size > 1)), 0);
        rm_op(&b, size, RD | WR, 0, 60);
        b.reg = (u8)rnd(2);
        maybe_lock(&b);
        break;
    default:    /* F6/F7 /2 NOT, /3 NEG */
        ib_osz(&b, size);
        ib_op(&b, 1, (u8)(0xF6 | (size > 1)), 0);
        rm_op(&b, size, RD | WR, 0, 60);
        b.reg = (u8)(2 + rnd(2));
        maybe_lock(&b);
        break;
    }
    ib_out(&b, 1);
    return 0;
}

/* One push of `size` bytes in a random form. */
static int push_one(int size)
{
    struct ib b;
    static const u8 push_sreg[6][2] = {
        { 0x06, 0 }, { 0x0E, 0 }, { 0x16, 0 }, { 0x1E, 0 }, { 0x0F, 0xA0 }, { 0x0F, 0xA8 },
    };
    if (!push_room((u32)size))
        return -1;
    ib_init(&b);
    ib_osz(&b, size);
    switch (rnd(5)) {
    case 0:
        ib_op(&b, 1, (u8)(0x50 + rnd(8)), 0);
        break;
    case 1:
        if (chance(50)) {
            ib_op(&b, 1, 0x68, 0);
            ib_imm(&b, size, rnd32());
        } else {
            ib_op(&b, 1, 0x6A, 0);
            ib_imm(&b, 1, rnd32());
        }
        break;
    case 2: {
        int s = (int)rnd(6);
        ib_op(&b, push_sreg[s][0] == 0x0F ? 2 : 1, push_sreg[s][0], push_sreg[s][1]);
        break;
    }
    default:    /* FF /6 */
        ib_op(&b, 1, 0xFF, 0);
        rm_op(&b, size, RD, 0, 70);
        b.reg = 6;
        break;
    }
    ib_out(&b, 1);
    sp_move(-size);
    return 0;
}

/* One pop of `size` bytes into a register or memory. */
static int pop_one(int size)
{
    struct ib b;
    u32 after;
    if (!pop_room((u32)size))
        return -1;
    after = esp_plus(size);
    ib_init(&b);
    ib_osz(&b, size);
    if (chance(50)) {
        ib_op(&b, 1, (u8)(0x58 + pick_reg(size, 1)), 0);
    } else {
        ib_op(&b, 1, 0x8F, 0);
        if (chance(30))
            ib_regs(&b, 0, pick_reg(size, 1));
        else    /* the address uses ESP as it is after the pop */
            gen_mem_x(&b, pick_target(size, WR), size, 1, 0, after, 0, 0);
        b.reg = 0;
    }
    ib_out(&b, 1);
    g.esp = after;
    return 0;
}

/* POP ES/DS/FS/GS of a selector pushed just before. */
static int pop_sreg(void)
{
    static const u8 segs[4] = { ES, DS, FS, GS };
    static const u8 ops[4][2] = { { 0x07, 0 }, { 0x1F, 0 }, { 0x0F, 0xA1 }, { 0x0F, 0xA9 } };
    struct ib b;
    u32 i = rnd(4);
    int size = osz();
    u16 sel = new_data_sel();
    if (g.neutral || !push_room((u32)size))
        return -1;
    setup_push_imm(size == 4 ? (rnd32() << 16 | sel) : sel, size);
    ib_init(&b);
    ib_osz(&b, size);
    ib_op(&b, ops[i][0] == 0x0F ? 2 : 1, ops[i][0], ops[i][1]);
    ib_out(&b, 1);
    sp_move(size);
    set_seg(segs[i], sel);
    return 0;
}

static int c_push(void)
{
    int size = osz();
    if (g.neutral)      /* balanced: a push, then a pop of the same size */
        return push_one(size) || pop_one(size) ? -1 : 0;
    switch (rnd(5)) {
    case 0: case 1:
        return push_one(size);
    case 2: case 3:
        return pop_one(size);
    default:
        return pop_sreg();
    }
}

/* POPF of a pushed value: TF stays clear (a single-step trap would end the
 * block), everything else is random. */
static int c_pushf(void)
{
    struct ib b;
    int s1 = osz(), s2 = g.neutral ? s1 : osz();
    u32 kind = rnd(3);
    if (!push_room(4))
        return -1;
    if (kind == 0 && !g.neutral) {      /* PUSHF alone */
        ib_init(&b);
        ib_osz(&b, s1);
        ib_op(&b, 1, 0x9C, 0);
        ib_out(&b, 1);
        sp_move(-s1);
        return 0;
    }
    if (kind == 1) {                    /* PUSH imm; POPF */
        s2 = s1;
        setup_push_imm(rnd32() & ~0x100u, s1);
    } else {                            /* PUSHF; POPF (sizes may differ) */
        ib_init(&b);
        ib_osz(&b, s1);
        ib_op(&b, 1, 0x9C, 0);
        ib_out(&b, 1);
        sp_move(-s1);
        /* not pop_room: moving SP now would make POPF load whatever lies
         * at the new place, TF included (seed 6 block 268) */
        if (s2 > s1 && !pop_room_here((u32)s2))
            s2 = s1;
    }
    ib_init(&b);
    ib_osz(&b, s2);
    ib_op(&b, 1, 0x9D, 0);
    ib_out(&b, 1);
    sp_move(s2);
    return 0;
}

static int c_flags(void)
{
    static const u8 ops[7] = { 0xF8, 0xF9, 0xF5, 0xFC, 0xFD, 0xFA, 0xFB };
    put(ops[rnd(7)], 1);
    count_main();
    return 0;
}

static int c_lahf(void)
{
    put(chance(50) ? 0x9F : 0x9E, 1);
    count_main();
    return 0;
}

static int c_cbw(void)
{
    struct ib b;
    ib_init(&b);
    ib_osz(&b, osz());
    ib_op(&b, 1, chance(50) ? 0x98 : 0x99, 0);
    ib_out(&b, 1);
    return 0;
}

/*
 * A forward branch over a region: conditional branches (Jcc, JCXZ, LOOP)
 * skip 1-3 generated groups that must leave the tracked state alone (they
 * may or may not run); JMP skips random garbage bytes.  Regions that end
 * up too far for a rel8 are rolled back by the caller.
 */
static int gen_branch(int loop)
{
    struct ib b;
    int rsize, uncond = 0;
    u8 *rel, *start;
    ib_init(&b);
    if (g.nest >= 2)
        return -1;
    if (loop) {                                 /* LOOP / LOOPE / LOOPNE */
        ib_op(&b, 1, (u8)(0xE0 + rnd(3)), 0);
        rsize = 1;
        if (chance(40))
            ib_pfx(&b, 0x67);
    } else {
        switch (rnd(8)) {
        case 0: case 1: case 2:                 /* Jcc rel8 */
            ib_op(&b, 1, (u8)(0x70 + rnd(16)), 0);
            rsize = 1;
            break;
        case 3:                                 /* Jcc rel16/rel32 */
            rsize = osz();
            ib_osz(&b, rsize);
            ib_op(&b, 2, 0x0F, (u8)(0x80 + rnd(16)));
            break;
        case 4:                                 /* JCXZ / JECXZ */
            ib_op(&b, 1, 0xE3, 0);
            rsize = 1;
            if (chance(40))
                ib_pfx(&b, 0x67);
            break;
        case 5:                                 /* JMP rel8 */
            ib_op(&b, 1, 0xEB, 0);
            rsize = 1;
            uncond = 1;
            break;
        default:                                /* JMP rel16/rel32 */
            rsize = osz();
            ib_osz(&b, rsize);
            ib_op(&b, 1, 0xE9, 0);
            uncond = 1;
            break;
        }
    }
    if (rsize == 1 && chance(15))
        ib_pfx(&b, 0x66);                       /* EIP not truncated to 16 bits */
    ib_imm(&b, rsize, 0);
    ib_out(&b, 1);
    rel = g.cur - rsize;
    start = g.cur;
    if (uncond) {
        for (u32 n = rnd(16); n; n--)
            put(rnd32(), 1);
    } else {
        int neutral = g.neutral;
        g.nest++;
        g.maybe++;
        g.neutral = 1;
        gen_groups(1 + rnd(rsize == 1 ? 2 : 3));
        g.nest--;
        g.maybe--;
        g.neutral = neutral;
    }
    if (rsize == 1 && g.cur - start > 127)
        return -1;
    for (int i = 0; i < rsize; i++)
        rel[i] = (u8)((u32)(g.cur - start) >> (8 * i));
    return 0;
}

static int c_jcc(void)
{
    return gen_branch(0);
}

static int c_loop(void)
{
    return gen_branch(1);
}

/* Bytes of arguments a RET/RETF imm16 will drop: pushed now. */
static int push_args(void)
{
    int n = chance(30) ? (int)rnd(4) : 0;
    for (int i = 0; i < n; i++)
        setup_push_imm(rnd32(), 2);
    return 2 * n;
}

/* Near CALL (E8, FF /2 reg or mem) to a subroutine that ends in RET or
 * RET imm16. */
static int c_call(void)
{
    struct ib b, ret;
    int size = chance(75) ? 2 : 4;
    u32 c, args;
    if (g.depth >= MAX_DEPTH || !push_room(16 + (u32)size) || !(c = chunk_near()))
        return -1;
    args = push_args();
    ib_init(&b);
    ib_osz(&b, size);
    if (chance(33)) {
        ib_op(&b, 1, 0xE8, 0);
        ib_imm(&b, size, 0);
    } else {
        near_operand(&b, size, c - g.seg[CS].base, 2);
    }
    ib_out(&b, 1);
    if (b.op[0] == 0xE8)
        patch_rel(size, c);
    ret_insn(&ret, size, 0xC3, args);
    sub_body(c, g.seg[CS].sel, (u32)size, args, &ret);
    return 0;
}

/* Far CALL (9A, FF /3) through a random CS alias to a subroutine that ends
 * in RETF or RETF imm16. */
static int c_callfar(void)
{
    struct ib b, ret;
    int size = chance(75) ? 2 : 4;
    u32 c, args;
    u16 sel;
    if (g.depth >= MAX_DEPTH || !push_room(16 + 2 * (u32)size) || !(c = chunk_far()))
        return -1;
    sel = alias_for(c);
    args = push_args();
    ib_init(&b);
    ib_osz(&b, size);
    far_operand(&b, size, sel, c - ((u32)sel << 4), 0x9A, 3);
    ib_out(&b, 1);
    ret_insn(&ret, size, 0xCB, args);
    sub_body(c, sel, 2 * (u32)size, args, &ret);
    return 0;
}

/* Far JMP (EA, FF /5) to a chunk that jumps back. */
static int c_jmpfar(void)
{
    struct ib b;
    int size = chance(75) ? 2 : 4;
    u32 c = chunk_far();
    u16 sel;
    if (!c)
        return -1;
    sel = alias_for(c);
    ib_init(&b);
    ib_osz(&b, size);
    far_operand(&b, size, sel, c - ((u32)sel << 4), 0xEA, 5);
    ib_out(&b, 1);
    jump_body(c, sel);
    return 0;
}

/* Near JMP through a register or memory (FF /4) to a chunk that jumps back. */
static int c_jmpind(void)
{
    struct ib b;
    int size = chance(75) ? 2 : 4;
    u32 c = chunk_near();
    if (!c)
        return -1;
    ib_init(&b);
    ib_osz(&b, size);
    near_operand(&b, size, c - g.seg[CS].base, 4);
    ib_out(&b, 1);
    jump_body(c, g.seg[CS].sel);
    return 0;
}

/* INT n / INT3 / INTO to a handler generated for this site, ending in IRET. */
static int c_int(void)
{
    struct ib b, iret;
    u32 c, v, r = rnd(10);
    u16 sel;
    int into = 0;
    if (g.depth >= MAX_DEPTH || !push_room(32))
        return -1;
    ib_init(&b);
    if (r < 7) {
        if (g.next_vec > 0xFF)
            return -1;
        v = g.next_vec++;
        ib_op(&b, 1, 0xCD, 0);
        ib_imm(&b, 1, v);
    } else if (r < 9) {
        if (g.int3_used)
            return -1;
        g.int3_used = 1;
        v = 3;
        if (chance(50)) {
            ib_op(&b, 1, 0xCC, 0);
        } else {
            ib_op(&b, 1, 0xCD, 0);
            ib_imm(&b, 1, 3);
        }
    } else {
        if (g.into_used)
            return -1;
        g.into_used = into = 1;
        v = 4;
        ib_op(&b, 1, 0xCE, 0);
    }
    c = chunk_far();
    if (!c)
        return -1;
    sel = alias_for(c);
    ivt[g.idt][v] = (u32)sel << 16 | (c - ((u32)sel << 4));
    ib_out(&b, 1);
    ib_init(&iret);
    ib_op(&iret, 1, 0xCF, 0);
    g.maybe += into;            /* INTO calls only with OF=1: may not run */
    g.neutral += into;
    sub_body(c, sel, 6, 0, &iret);
    g.maybe -= into;
    g.neutral -= into;
    return 0;
}

/* IRET/IRETD used as a far jump: push FLAGS, CS, IP; IRET; jump back. */
static int c_iret(void)
{
    int size = osz();
    u32 c;
    u16 sel;
    if (!push_room(3 * (u32)size) || !(c = chunk_far()))
        return -1;
    sel = alias_for(c);
    setup_push_imm(rnd32() & ~0x100u, size);
    setup_push_imm(size == 4 ? rnd32() << 16 | sel : sel, size);
    setup_push_imm(c - ((u32)sel << 4), size);
    if (size == 4)
        put(0x66, 1);
    put(0xCF, 1);
    count_main();
    sp_move(3 * size);
    jump_body(c, sel);
    return 0;
}

/* A new SS (MOV SS reg/mem, POP SS, and LSS with the lxs class): top
 * level only. */
static int c_ss(void)
{
    struct ib b;
    u32 lin = rnd_range(STK_LO + 1024, STK_HI - 512), sp, kind = rnd(on(C_LXS) ? 4 : 3);
    u16 sel = (u16)rnd(STK_LO / 16 + 1);
    if (g.depth || g.neutral)
        return -1;
    if (kind == 2) {            /* POP SS: SP stays, so the base must fit it */
        u32 lo, hi;
        if (!push_room(2))
            return -1;
        sp = sp16();            /* PUSH imm, POP SS: SP as before */
        lo = STK_LO + 1024 > sp ? (STK_LO + 1024 - sp + 15) / 16 : 0;
        hi = STK_HI - 512 > sp ? (STK_HI - 512 - sp) / 16 : 0;
        if (hi > STK_LO / 16)
            hi = STK_LO / 16;
        if (lo > hi || STK_HI - 512 <= sp)
            return -1;
        sel = (u16)rnd_range(lo, hi);
        setup_push_imm(sel, 2);
        put(0x17, 1);
        count_main();
        set_sp(sp);
        set_seg(SS, sel);
        return 0;
    }
    sp = lin - ((u32)sel << 4);
    ib_init(&b);
    if (kind == 3) {            /* LSS SP/ESP, m16:16/m16:32 */
        int size = osz();
        u32 T = pick_target(size + 2, WR), esp = size == 4 ? (rnd32() << 16 | sp) : sp;
        setup_farptr(T, esp, sel, size);
        ib_osz(&b, size);
        ib_op(&b, 2, 0x0F, 0xB2);
        gen_mem(&b, T, size + 2, 0, 0);
        b.reg = ESP;
        ib_out(&b, 1);
        if (size == 4)
            g.esp = esp;
        else
            set_sp(sp);
    } else {                    /* MOV SP, imm; MOV SS, r/m16 */
        setup_mov(ESP, sp, 2);
        if (kind == 0) {
            int r = pick_reg(2, 1);
            setup_mov(r, sel, 2);
            ib_regs(&b, 0, r);
        } else {
            u32 T = pick_target(2, WR);
            setup_store(T, sel, 2, 0);
            gen_mem(&b, T, 2, 0, 0);
        }
        ib_op(&b, 1, 0x8E, 0);
        b.reg = SS;
        ib_out(&b, 1);
    }
    set_seg(SS, sel);
    return 0;
}

/* NOP forms: 90, 66 90, PAUSE, 0F 1F /0 with a random memory form. */
static int c_misc(void)
{
    struct ib b;
    ib_init(&b);
    switch (rnd(3)) {
    case 0:
        ib_osz(&b, osz());
        ib_op(&b, 1, 0x90, 0);
        break;
    case 1:
        ib_pfx(&b, 0xF3);
        ib_op(&b, 1, 0x90, 0);
        break;
    default:
        ib_osz(&b, osz());
        ib_op(&b, 2, 0x0F, 0x1F);
        rand_mem_form(&b);
        b.reg = 0;
        break;
    }
    ib_out(&b, 1);
    return 0;
}

/* Shifts and rotates by 1, CL and imm8 (counts beyond the operand size). */
static int c_shift(void)
{
    struct ib b;
    int size = any_size(), w = size > 1;
    u32 k = rnd(8);
    if (k == 6 && !on(C_UNDOC))
        k = 4;
    ib_init(&b);
    ib_osz(&b, size);
    switch (rnd(3)) {
    case 0:
        ib_op(&b, 1, (u8)(0xC0 | w), 0);
        ib_imm(&b, 1, chance(70) ? rnd(34) : rnd32());
        break;
    case 1:
        ib_op(&b, 1, (u8)(0xD0 | w), 0);
        break;
    default:
        ib_op(&b, 1, (u8)(0xD2 | w), 0);
        break;
    }
    rm_op(&b, size, RD | WR, 0, 50);
    b.reg = (u8)k;
    ib_out(&b, 1);
    return 0;
}

static int c_shxd(void)
{
    struct ib b;
    int size = osz(), cl = chance(50);
    ib_init(&b);
    ib_osz(&b, size);
    ib_op(&b, 2, 0x0F, (u8)((chance(50) ? 0xA4 : 0xAC) + cl));
    rm_op(&b, size, RD | WR, 0, 50);
    b.reg = (u8)rnd(8);
    if (!cl)
        ib_imm(&b, 1, chance(70) ? rnd(34) : rnd32());
    ib_out(&b, 1);
    return 0;
}

/* MUL/IMUL F6/F7 /4 /5, IMUL 0F AF, 69, 6B. */
static int c_mul(void)
{
    struct ib b;
    int size;
    ib_init(&b);
    switch (rnd(3)) {
    case 0:
        size = any_size();
        ib_osz(&b, size);
        ib_op(&b, 1, (u8)(0xF6 | (size > 1)), 0);
        rm_op(&b, size, RD, 0, 50);
        b.reg = (u8)(4 + rnd(2));
        break;
    case 1:
        size = osz();
        ib_osz(&b, size);
        ib_op(&b, 2, 0x0F, 0xAF);
        rm_op(&b, size, RD, 0, 50);
        b.reg = (u8)pick_reg(size, 1);
        break;
    default:
        size = osz();
        ib_osz(&b, size);
        rm_op(&b, size, RD, 0, 50);
        b.reg = (u8)pick_reg(size, 1);
        if (chance(50)) {
            ib_op(&b, 1, 0x69, 0);
            ib_imm(&b, size, rnd32());
        } else {
            ib_op(&b, 1, 0x6B, 0);
            ib_imm(&b, 1, rnd32());
        }
        break;
    }
    ib_out(&b, 1);
    return 0;
}

/*
 * DIV/IDIV.  Register forms take random operands and may raise #DE: they
 * are exactly DIV_LEN bytes long (a segment prefix pads the 8/16-bit ones)
 * and rm_de_skip resumes after them.  Memory forms cannot fault: the
 * dividend's high half is 0 (DIV) or the sign of the low half (IDIV, by
 * CBW/CWD/CDQ), the divisor is stored before (not 0, for IDIV not -1).
 */
static int c_div(void)
{
    struct ib b;
    int size = any_size(), idiv = chance(50);
    u32 m = size_mask(size);
    ib_init(&b);
    ib_op(&b, 1, (u8)(0xF6 | (size > 1)), 0);
    if (chance(50)) {
        if (!push_room(16))
            return -1;
        if (size == 4)
            ib_pfx(&b, 0x66);
        else
            ib_pfx(&b, seg_pfx[rnd(6)]);
        b.fixed_len = 1;
        if (chance(50)) {       /* often a dividend that fits */
            if (size == 1)
                setup_mov(4 /* AH */, rnd(4), 1);
            else
                setup_mov(EDX, rnd(4), size);
        }
        ib_regs(&b, 6 + idiv, (int)rnd(8));
    } else {
        u32 T = pick_target(size, WR), d = rnd32() & m;
        if (d == 0 || (idiv && d == m))
            d = 3;
        setup_store(T, d, size, 0);
        if (idiv) {
            struct ib c;
            ib_init(&c);
            ib_osz(&c, size);
            ib_op(&c, 1, size == 1 ? 0x98 : 0x99, 0);
            ib_out(&c, 0);
        } else if (size == 1) {
            setup_mov(4 /* AH */, 0, 1);
        } else {
            setup_mov(EDX, 0, size);
        }
        ib_osz(&b, size);
        gen_mem(&b, T, size, 0, 1u << EAX | 1u << EDX);
        b.reg = (u8)(6 + idiv);
    }
    ib_out(&b, 1);
    return 0;
}

/*
 * Clear EFLAGS bits the last instruction left undefined where QEMU (the
 * oracle) makes them depend on translation-block boundaries, so that they
 * cannot be compared: PUSHF; AND [SS:SP], ~bits; POPF (setup).  Needs 2
 * bytes of stack; call push_room first.
 */
static void clear_flags(u16 bits)
{
    struct ib b;
    put(0x9C, 1);
    g.n_setup++;
    ib_init(&b);
    ib_pfx(&b, 0x36);
    ib_op(&b, 1, 0x81, 0);
    b.modrm = 1;
    b.mod = 0;
    b.rm = 6;           /* disp16: SS:SP, known */
    b.reg = 4;          /* AND */
    b.disp = sp16() - 2;
    b.dsize = 2;
    ib_imm(&b, 2, (u16)~bits);
    ib_out(&b, 0);
    put(0x9D, 1);
    g.n_setup++;
}

#define EFL_CF 0x001u
#define EFL_PF 0x004u
#define EFL_AF 0x010u
#define EFL_ZF 0x040u
#define EFL_SF 0x080u
#define EFL_OF 0x800u

/*
 * BT/BTS/BTR/BTC: register destinations, imm8 offsets, and register bit
 * offsets into memory (the operand moves by offset / size).  OF SF AF PF
 * are undefined, and QEMU 7.2 computes them from the previous instruction's
 * flags state only when that instruction is in the same translation block
 * (else it keeps the old ones): cleared after each.
 */
static int c_bt(void)
{
    struct ib b;
    int size = osz(), k = (int)rnd(4), acc = RD | (k ? WR : 0);
    if (!push_room(2))
        return -1;
    ib_init(&b);
    ib_osz(&b, size);
    switch (rnd(3)) {
    case 0:
        ib_op(&b, 2, 0x0F, (u8)(0xA3 + 8 * k));
        ib_regs(&b, (int)rnd(8), pick_reg(size, k != 0));
        break;
    case 1:
        ib_op(&b, 2, 0x0F, 0xBA);
        rm_op(&b, size, acc, 0, 60);
        b.reg = (u8)(4 + k);
        ib_imm(&b, 1, rnd32());
        break;
    default: {
        int r = pick_reg(size, 1), bits = 8 * size;
        s32 off = (s32)rnd(1024) - 512;
        s32 move = (off >= 0 ? off / bits : -((-off + bits - 1) / bits)) * size;
        u32 T = pick_target_m(size, acc, 80);
        setup_mov(r, (u32)off, size);
        ib_op(&b, 2, 0x0F, (u8)(0xA3 + 8 * k));
        gen_mem_x(&b, T - (u32)move, size, k != 0, 1u << r, g.esp,
                  move < 0 ? (u32)-move : 0, move < 0 ? 0 : (u32)move);
        b.reg = (u8)r;
        break;
    }
    }
    if (k)
        maybe_lock(&b);
    ib_out(&b, 1);
    clear_flags(EFL_OF | EFL_SF | EFL_AF | EFL_PF);
    return 0;
}

static int c_bsf(void)
{
    struct ib b;
    int size = osz();
    ib_init(&b);
    ib_osz(&b, size);
    ib_op(&b, 2, 0x0F, chance(50) ? 0xBC : 0xBD);
    rm_op(&b, size, RD, 0, 50);
    if (b.mod == 3 && b.rm != ESP && chance(25))
        setup_mov(b.rm, 0, size);       /* a zero source: ZF=1, destination kept */
    b.reg = (u8)pick_reg(size, 1);
    ib_out(&b, 1);
    return 0;
}

static int c_bcd(void)
{
    static const u8 ops[4] = { 0x27, 0x2F, 0x37, 0x3F };
    struct ib b;
    ib_init(&b);
    switch (rnd(3)) {
    case 0:
        ib_op(&b, 1, ops[rnd(4)], 0);
        break;
    case 1:     /* AAM imm8, never 0 (#DE) */
        ib_op(&b, 1, 0xD4, 0);
        ib_imm(&b, 1, chance(50) ? 10 : 1 + rnd(255));
        break;
    default:
        ib_op(&b, 1, 0xD5, 0);
        ib_imm(&b, 1, chance(50) ? 10 : rnd(256));
        break;
    }
    ib_out(&b, 1);
    return 0;
}

static int c_setcc(void)
{
    struct ib b;
    ib_init(&b);
    ib_op(&b, 2, 0x0F, (u8)(0x90 + rnd(16)));
    rm_op(&b, 1, WR, 0, 50);
    b.reg = 0;
    ib_out(&b, 1);
    return 0;
}

static int c_cmov(void)
{
    struct ib b;
    int size = osz();
    ib_init(&b);
    ib_osz(&b, size);
    ib_op(&b, 2, 0x0F, (u8)(0x40 + rnd(16)));
    rm_op(&b, size, RD, 0, 50);
    b.reg = (u8)pick_reg(size, 1);
    ib_out(&b, 1);
    return 0;
}

/* A string pointer: linear T with `span` bytes either side (DF is not
 * known) in a region; returns the register value or -1u. */
static int str_ptr(int s, int acc, u32 span, int size, int a32, u32 *reg)
{
    for (int i = 0; i < 8; i++) {
        u32 T = pick_target_m(size, acc, span);
        if (seg_reaches(s, T - span, (int)(2 * span) + size, a32, acc & WR, 1)) {
            *reg = T - g.seg[s].base;
            return 0;
        }
    }
    return -1;
}

/* MOVS CMPS STOS LODS SCAS, with and without REP/REPE/REPNE, both address
 * sizes; bounded counts, pointers with room for either direction. */
static int c_string(void)
{
    static const u8 ops[5] = { 0xA4, 0xA6, 0xAA, 0xAC, 0xAE };
    static const u8 reads_si[5] = { 1, 1, 0, 1, 0 };
    static const u8 di_acc[5] = { WR, RD, WR, 0, RD };
    struct ib b;
    u32 k = rnd(5), n = 1, span, si = 0, di = 0;
    int size = any_size(), a32 = chance(40), rep = chance(60), s = DS;
    ib_init(&b);
    if (rep) {
        n = chance(80) ? rnd(9) : rnd(65);
        ib_pfx(&b, (k == 1 || k == 4) && chance(50) ? 0xF2 : 0xF3);
    }
    span = n * (u32)size;
    if (reads_si[k]) {
        s = chance(50) ? DS : (int)rnd(6);
        if (str_ptr(s, RD, span, size, a32, &si)) {
            a32 = 1;
            if (str_ptr(s, RD, span, size, 1, &si))
                return -1;
        }
    }
    if (di_acc[k] && str_ptr(ES, di_acc[k], span, size, a32, &di)) {
        if (a32)
            return -1;
        a32 = 1;
        if (str_ptr(ES, di_acc[k], span, size, 1, &di) ||
            (reads_si[k] && str_ptr(s, RD, span, size, 1, &si)))
            return -1;
    }
    if (reads_si[k])
        setup_mov(ESI, si, a32 ? 4 : 2);
    if (di_acc[k])
        setup_mov(EDI, di, a32 ? 4 : 2);
    if (rep)
        setup_mov(ECX, n, a32 ? 4 : 2);
    if (a32)
        ib_pfx(&b, 0x67);
    if (s != DS || chance(10))
        ib_pfx(&b, seg_pfx[s]);
    ib_osz(&b, size);
    ib_op(&b, 1, (u8)(ops[k] | (size > 1)), 0);
    ib_out(&b, 1);
    return 0;
}

static int c_xlat(void)
{
    struct ib b;
    int a32 = chance(40), s = chance(50) ? DS : (int)rnd(6);
    u32 bx;
    ib_init(&b);
    if (str_ptr(s, RD, 0, 256, a32, &bx)) {
        a32 = 1;
        if (str_ptr(s, RD, 0, 256, 1, &bx))
            return -1;
    }
    setup_mov(EBX, bx, a32 ? 4 : 2);
    if (a32)
        ib_pfx(&b, 0x67);
    if (s != DS || chance(10))
        ib_pfx(&b, seg_pfx[s]);
    ib_op(&b, 1, 0xD7, 0);
    ib_out(&b, 1);
    return 0;
}

/*
 * ENTER with nesting levels (their frame pointers read at SS:BP), LEAVE.
 * A 32-bit ENTER on our 16-bit stack runs with ESP's upper half as it is:
 * the new EBP (and the frame pointer pushed for a nesting level) is ESP - 4
 * in 32 bits, upper half included, on QEMU (the oracle), on the Intel CPU
 * and in the assist, where the SDM's pseudocode has FrameTemp = SP.
 */
static int c_enter(void)
{
    struct ib b;
    int size = osz();
    ib_init(&b);
    ib_osz(&b, size);
    if (g.neutral || chance(50)) {
        u32 lv = chance(70) ? rnd(4) : rnd(256), L = lv & 31;
        u32 imm = chance(50) ? rnd(64) : rnd(512), drop = (u32)size * (L + 1) + imm;
        if (L == 0)
            drop = (u32)size + imm;
        if (!push_room(drop))
            return -1;
        if (L > 1) {            /* BP: where the enclosing frame pointers are */
            u32 ss = g.seg[SS].base, lo = LOW_LO, below = (u32)size * L;
            if (ss > lo)
                lo = ss;        /* and BP - below does not wrap: SS is 64 KiB */
            setup_mov(EBP, rnd_range(lo + below, STK_HI - (u32)size) - ss, 2);
        }
        ib_op(&b, 1, 0xC8, 0);
        ib_imm(&b, 2, imm);
        b.imm2 = lv;
        b.isize2 = 1;
        ib_out(&b, 1);
        sp_move(-(s32)drop);
        if (g.neutral) {        /* and back: SP = BP + size */
            ib_init(&b);
            ib_osz(&b, size);
            ib_op(&b, 1, 0xC9, 0);
            ib_out(&b, 1);
            sp_move((s32)drop);
        }
        return 0;
    }
    {                           /* LEAVE alone: SP = BP + size */
        u32 ss = g.seg[SS].base, lo = STK_LO + SP_MARGIN, hi = g.ceil - (u32)size, lin;
        if (ss > lo || hi < lo)
            return -1;
        lin = rnd_range(lo, hi);
        setup_mov(EBP, lin - ss, 2);
        ib_op(&b, 1, 0xC9, 0);
        ib_out(&b, 1);
        set_sp(lin - ss + (u32)size);
    }
    return 0;
}

static int c_pusha(void)
{
    struct ib b;
    int s1 = osz(), s2 = g.neutral ? s1 : osz();
    u32 kind = g.neutral ? 2 : rnd(3);
    if (kind != 1) {            /* PUSHA */
        if (!push_room(8 * (u32)s1))
            return -1;
        ib_init(&b);
        ib_osz(&b, s1);
        ib_op(&b, 1, 0x60, 0);
        ib_out(&b, 1);
        sp_move(-8 * s1);
        if (kind == 0)
            return 0;
    }
    if (!pop_room(8 * (u32)s2))             /* POPA */
        return -1;
    ib_init(&b);
    ib_osz(&b, s2);
    ib_op(&b, 1, 0x61, 0);
    ib_out(&b, 1);
    sp_move(8 * s2);
    return 0;
}

static int c_bswap(void)
{
    struct ib b;
    ib_init(&b);
    ib_pfx(&b, 0x66);           /* the 16-bit form is undefined */
    ib_op(&b, 2, 0x0F, (u8)(0xC8 + pick_reg(4, 1)));
    ib_out(&b, 1);
    return 0;
}

static int c_xadd_cmpxchg(u8 op)
{
    struct ib b;
    int size = any_size();
    ib_init(&b);
    ib_osz(&b, size);
    ib_op(&b, 2, 0x0F, (u8)(op | (size > 1)));
    rm_op(&b, size, RD | WR, 0, 60);
    if (op == 0xB0 && b.mod == 3 && chance(30))
        b.rm = EAX;             /* CMPXCHG with the accumulator: equal */
    b.reg = (u8)pick_reg(size, op == 0xC0);
    maybe_lock(&b);
    ib_out(&b, 1);
    return 0;
}

static int c_xadd(void)
{
    return c_xadd_cmpxchg(0xC0);
}

static int c_cmpxchg(void)
{
    return c_xadd_cmpxchg(0xB0);
}

/* MOV r32, [T + off] (setup) */
static void setup_load32(int reg, u32 T)
{
    struct ib b;
    ib_init(&b);
    ib_osz(&b, 4);
    ib_op(&b, 1, 0x8B, 0);
    gen_mem(&b, T, 4, 0, 0);
    b.reg = (u8)reg;
    ib_out(&b, 0);
}

/*
 * CMPXCHG8B.  QEMU 7.2 (the oracle) computes its EFLAGS from a stale
 * lazy-flags state when the last flag-setting instruction is in the same
 * translation block (its helper runs without the cc_op being written
 * back), so the result depended on block boundaries: with `-singlestep`
 * it was right, without it CMPXCHG8B could set TF and reserved bits.  A
 * JMP $+2 just before ends the translation block and makes it exact.
 */
static int c_cmpxchg8b(void)
{
    struct ib b;
    u32 T = pick_target(8, WR), avoid = 0;
    ib_init(&b);
    if (chance(50)) {           /* EDX:EAX = the operand: the equal case */
        setup_load32(EAX, T);
        setup_load32(EDX, T + 4);
        avoid = 1u << EAX | 1u << EDX;
    }
    put(0xEB, 1);               /* JMP $+2 (setup) */
    put(0x00, 1);
    g.n_setup++;
    ib_op(&b, 2, 0x0F, 0xC7);
    gen_mem(&b, T, 8, 1, avoid);
    b.reg = 1;
    maybe_lock(&b);
    ib_out(&b, 1);
    return 0;
}

/* LDS LES LFS LGS with pointers stored just before. */
static int c_lxs(void)
{
    static const u8 segs[4] = { DS, ES, FS, GS };
    static const u8 ops[4][2] = { { 0xC5, 0 }, { 0xC4, 0 }, { 0x0F, 0xB4 }, { 0x0F, 0xB5 } };
    struct ib b;
    u32 i = rnd(4), T;
    int size = osz();
    u16 sel = new_data_sel();
    if (g.neutral)
        return -1;
    T = pick_target(size + 2, WR);
    setup_farptr(T, rnd32(), sel, size);
    ib_init(&b);
    ib_osz(&b, size);
    ib_op(&b, ops[i][0] == 0x0F ? 2 : 1, ops[i][0], ops[i][1]);
    gen_mem(&b, T, size + 2, 0, 0);
    b.reg = (u8)pick_reg(size, 1);
    ib_out(&b, 1);
    set_seg(segs[i], sel);
    return 0;
}

/*
 * IN/OUT (imm8 and DX, all widths) and INS/OUTS (REP, both address sizes)
 * on port 0x80, the POST diagnostic port: writes are dropped and reads
 * answer the same every time.
 */
#define IO_PORT 0x80
static int c_io(void)
{
    struct ib b;
    int size = any_size(), w = size > 1, out = chance(50);
    ib_init(&b);
    ib_osz(&b, size);
    if (chance(60)) {                   /* E4-E7 imm8, EC-EF DX */
        if (chance(50)) {
            ib_op(&b, 1, (u8)(0xE4 | out << 1 | w), 0);
            ib_imm(&b, 1, IO_PORT);
        } else {
            setup_mov(EDX, IO_PORT, 2);
            ib_op(&b, 1, (u8)(0xEC | out << 1 | w), 0);
        }
    } else {                            /* INS / OUTS */
        int a32 = chance(40), rep = chance(60), s = ES, r = out ? ESI : EDI;
        u32 n = rep ? rnd(9) : 1, ptr;
        if (out)
            s = chance(50) ? DS : (int)rnd(6);
        if (str_ptr(s, out ? RD : WR, n * (u32)size, size, a32, &ptr)) {
            a32 = 1;
            if (str_ptr(s, out ? RD : WR, n * (u32)size, size, 1, &ptr))
                return -1;
        }
        setup_mov(EDX, IO_PORT, 2);
        setup_mov(r, ptr, a32 ? 4 : 2);
        if (rep) {
            setup_mov(ECX, n, a32 ? 4 : 2);
            ib_pfx(&b, 0xF3);
        }
        if (a32)
            ib_pfx(&b, 0x67);
        if (out && (s != DS || chance(10)))
            ib_pfx(&b, seg_pfx[s]);
        ib_op(&b, 1, (u8)(0x6C | out << 1 | w), 0);
    }
    ib_out(&b, 1);
    return 0;
}

/* BOUND r, m16&16 / m32&32 with the index inside the bounds (stored just
 * before): no #BR. */
static int c_bound(void)
{
    struct ib b;
    int size = osz(), r = pick_reg(size, 1);
    u32 m = size_mask(size), sign = m ^ (m >> 1);
    u32 lo = rnd32() & m, hi = rnd32() & m, v, T = pick_target(2 * size, WR);
    if ((lo ^ sign) > (hi ^ sign)) {    /* signed order */
        u32 t = lo;
        lo = hi, hi = t;
    }
    v = ((lo ^ sign) + rnd((hi ^ sign) - (lo ^ sign) + 1)) ^ sign;
    setup_store(T, lo, size, 0);
    setup_store(T + (u32)size, hi, size, 0);
    setup_mov(r, v, size);
    ib_init(&b);
    ib_osz(&b, size);
    ib_op(&b, 1, 0x62, 0);
    gen_mem(&b, T, 2 * size, 0, 1u << r);
    b.reg = (u8)r;
    ib_out(&b, 1);
    return 0;
}

/* The x87 control instructions start-up code probes with: FNINIT, FNCLEX,
 * FNSTSW AX/m16, FNSTCW m16, FLDCW m16, FWAIT.  Each block starts from
 * FNINIT's state (block_init); nothing here raises an FPU exception. */
static int c_fpu(void)
{
    struct ib b;
    ib_init(&b);
    switch (rnd(6)) {
    case 0:
        ib_op(&b, 2, 0xDB, 0xE3);               /* FNINIT */
        break;
    case 1:
        ib_op(&b, 2, 0xDB, 0xE2);               /* FNCLEX */
        break;
    case 2:
        ib_op(&b, 2, 0xDF, 0xE0);               /* FNSTSW AX */
        break;
    case 3:
        ib_op(&b, 1, chance(50) ? 0xDD : 0xD9, 0);  /* FNSTSW / FNSTCW m16 */
        gen_mem(&b, pick_target(2, WR), 2, 1, 0);
        b.reg = 7;
        break;
    case 4:                                     /* FLDCW m16 */
        ib_op(&b, 1, 0xD9, 0);
        gen_mem(&b, pick_target(2, RD), 2, 0, 0);
        b.reg = 5;
        break;
    default:
        ib_op(&b, 1, 0x9B, 0);                  /* FWAIT */
        break;
    }
    ib_out(&b, 1);
    return 0;
}

/* MOV reg, imm (B0+r / B8+r) as the target of a patch: `size` bytes of
 * immediate at the returned offset. */
static int emit_mov_imm(int reg, int size, u32 v)
{
    struct ib b;
    ib_init(&b);
    ib_osz(&b, size);
    ib_op(&b, 1, (u8)((size == 1 ? 0xB0 : 0xB8) + reg), 0);
    ib_imm(&b, size, v);
    b.fixed_len = 1;
    ib_out(&b, 1);
    return size == 4 ? 2 : 1;
}

/*
 * MOV [code], imm with a direct address (16- or 32-bit displacement, no
 * setup in between), through any segment that reaches it - CS included:
 * real mode does not protect code.  `ahead` is the distance from the end
 * of the store to the patched bytes.  Returns -1 if no segment reaches.
 */
static int store_code(u32 ahead, u32 T0, int size, u32 v)
{
    struct ib b;
    int s = (int)rnd(6), a32 = chance(50);
    ib_init(&b);
    ib_osz(&b, size);
    ib_op(&b, 1, size == 1 ? 0xC6 : 0xC7, 0);
    b.modrm = 1;
    b.mod = 0;
    b.rm = a32 ? 5 : 6;
    b.dsize = a32 ? 4 : 2;
    ib_imm(&b, size, v);
    b.fixed_len = 1;
    if (a32)
        ib_pfx(&b, 0x67);
    if (s != DS)
        ib_pfx(&b, seg_pfx[s]);
    /* where the patched bytes are: T0 if given, else right after this */
    u32 T = T0 ? T0 : (u32)g.cur + (u32)ib_len(&b) + ahead;
    if (!seg_reaches(s, T, size, a32, s == CS ? 0 : 1, 1))
        return -1;
    b.disp = T - g.seg[s].base;
    ib_out(&b, 1);
    return 0;
}

/*
 * Self-modifying code, as GRUB and iPXE do it: a store into the immediate
 * of the very next instruction, and a near subroutine (MOV reg, imm; RET)
 * called, patched and called again - nothing may be decoded ahead or
 * cached across the store.
 */
static int c_smc(void)
{
    int size = any_size(), r = pick_reg(size, 1), off;
    u32 v = rnd32();
    if (chance(50)) {
        if (store_code(size == 4 ? 2 : 1, 0, size, v))
            return -1;
        emit_mov_imm(r, size, rnd32());
        return 0;
    }
    {
        struct ib b;
        u8 *at;
        u32 c;
        if (!push_room(16))
            return -1;
        c = chunk_near();
        if (!c)
            return -1;
        at = g.cur;
        g.cur = (u8 *)c;
        off = emit_mov_imm(r, size, rnd32());
        put(0xC3, 1);
        count_main();
        g.cur = at;
        for (int i = 0; i < 2; i++) {
            if (i && store_code(0, c + (u32)off, size, v))
                return -1;
            ib_init(&b);
            ib_op(&b, 1, 0xE8, 0);
            ib_imm(&b, 2, 0);
            ib_out(&b, 1);
            patch_rel(2, c);
        }
        /* the body's two instructions run twice */
        if (g.maybe)
            g.n_maybe += 2;
        else
            g.n_sure += 2;
    }
    return 0;
}

/* What real mode shows of the machine: SGDT, SIDT (16-bit: 24-bit base,
 * high byte 0) and SMSW r16/m16 - the guest's values, not the assist's. */
static int c_sys(void)
{
    struct ib b;
    u32 k = rnd(3);
    ib_init(&b);
    ib_op(&b, 2, 0x0F, 0x01);
    if (k < 2) {
        ib_osz(&b, osz());
        gen_mem(&b, pick_target(6, WR), 6, 1, 0);
    } else {
        rm_op(&b, 2, WR, 0, 50);
    }
    b.reg = (u8)(k < 2 ? k : 4);
    ib_out(&b, 1);
    return 0;
}

/* LIDT: IDTR to the other IVT (or reloaded), from a pseudo-descriptor
 * stored just before; with a 16-bit operand only 24 bits of the base
 * count, so the stored high byte is random. */
static int c_lidt(void)
{
    struct ib b;
    int size = osz(), to = chance(70) ? !g.idt : g.idt;
    u32 base = to ? IVT2_BASE : 0, T = pick_target(6, WR);
    if (g.neutral)
        return -1;
    if (size == 2)
        base |= rnd32() & 0xFF000000u;
    setup_store(T, chance(50) ? 0x3FF : rnd_range(0x3FF, 0xFFFF), 2, 0);
    setup_store(T + 2, base, 4, 0);
    ib_init(&b);
    ib_osz(&b, size);
    ib_op(&b, 2, 0x0F, 0x01);
    gen_mem(&b, T, 6, 0, 0);
    b.reg = 3;
    ib_out(&b, 1);
    g.idt = to;
    return 0;
}

/* Undocumented but long-standing: 82 /k (alias of 80), SALC, shifts /6
 * (SAL), REPNE with STOS (as REP), BSWAP of a 16-bit register (undefined
 * on Intel; as QEMU does it).  Not F6/F7 /1 (TEST on hardware): QEMU
 * raises #UD for it, and QEMU is the oracle here. */
static int c_undoc(void)
{
    struct ib b;
    int size = any_size(), w = size > 1;
    ib_init(&b);
    switch (rnd(4)) {
    case 3:
        ib_op(&b, 2, 0x0F, (u8)(0xC8 + pick_reg(2, 1)));
        break;
    case 0:
        ib_op(&b, 1, 0x82, 0);
        rm_op(&b, 1, RD | WR, 0, 50);
        b.reg = (u8)rnd(8);
        ib_imm(&b, 1, rnd32());
        break;
    case 1:
        ib_op(&b, 1, 0xD6, 0);
        break;
    default: {
        u32 di;
        int a32 = chance(40);
        if (str_ptr(ES, WR, 8 * (u32)size, size, a32, &di))
            return -1;
        setup_mov(EDI, di, a32 ? 4 : 2);
        setup_mov(ECX, rnd(9), a32 ? 4 : 2);
        if (a32)
            ib_pfx(&b, 0x67);
        ib_pfx(&b, 0xF2);
        ib_osz(&b, size);
        ib_op(&b, 1, (u8)(0xAA | w), 0);
        break;
    }
    }
    ib_out(&b, 1);
    return 0;
}

static int c_feature(void)
{
    return -1;          /* prefix and lock only modify other classes */
}

/*
 * The classes.  on_default: in the default set, which make check runs -
 * all of them since the execution engine (af1d109) emulates every one; a
 * new class the assist cannot run yet goes in with 0.  prefix and lock
 * generate nothing themselves: they add repeated prefixes and LOCK to
 * the other classes' instructions.
 *
 * Not generated, and why:
 *   - F6/F7 /1 (TEST alias), REPNE with MOVS/LODS: QEMU, the oracle, has
 *     #UD resp. an undefined reading for them;
 *   - exceptions other than #DE from DIV/IDIV register forms (each ends
 *     the block), INT1/ICEBP, HLT, hardware interrupts (all masked);
 *   - RDTSC (time), CPUID (the hypervisor's answer), MOV CR/DR, descriptor
 *     tables, mode switches: other guests test them;
 *   - writes to ESP other than the stack instructions (ESP is tracked);
 *     MOV/POP SS and LSS only at the top level;
 *   - 16-bit SI/DI/SP wrap-around at 64 KiB (the sandbox is smaller);
 *   - x87 arithmetic.
 * Worked around for QEMU 7.2 (see the classes): CMPXCHG8B after a JMP $+2,
 * OF/SF/AF/PF cleared after BT*, a 32-bit ENTER with ESP's upper half
 * zero.
 */
static struct cls classes[N_CLASSES] = {
    [C_MOV]       = { "mov",       c_mov,       12, 1, 0 },
    [C_MOVSREG]   = { "movsreg",   c_movsreg,    3, 1, 0 },
    [C_MOVX]      = { "movx",      c_movx,       4, 1, 0 },
    [C_XCHG]      = { "xchg",      c_xchg,       3, 1, 0 },
    [C_LEA]       = { "lea",       c_lea,        4, 1, 0 },
    [C_ALU]       = { "alu",       c_alu,       16, 1, 0 },
    [C_INCDEC]    = { "incdec",    c_incdec,     5, 1, 0 },
    [C_PUSH]      = { "push",      c_push,       6, 1, 0 },
    [C_PUSHF]     = { "pushf",     c_pushf,      2, 1, 0 },
    [C_FLAGS]     = { "flags",     c_flags,      2, 1, 0 },
    [C_LAHF]      = { "lahf",      c_lahf,       1, 1, 0 },
    [C_CBW]       = { "cbw",       c_cbw,        2, 1, 0 },
    [C_JCC]       = { "jcc",       c_jcc,        5, 1, 0 },
    [C_CALL]      = { "call",      c_call,       2, 1, 0 },
    [C_CALLFAR]   = { "callfar",   c_callfar,    2, 1, 0 },
    [C_JMPFAR]    = { "jmpfar",    c_jmpfar,     1, 1, 0 },
    [C_JMPIND]    = { "jmpind",    c_jmpind,     1, 1, 0 },
    [C_INT]       = { "int",       c_int,        1, 1, 0 },
    [C_IRET]      = { "iret",      c_iret,       1, 1, 0 },
    [C_SS]        = { "ss",        c_ss,         1, 1, 0 },
    [C_MISC]      = { "misc",      c_misc,       1, 1, 0 },
    [C_LOOP]      = { "loop",      c_loop,       2, 1, 0 },
    [C_SHIFT]     = { "shift",     c_shift,      6, 1, 0 },
    [C_SHXD]      = { "shxd",      c_shxd,       2, 1, 0 },
    [C_MUL]       = { "mul",       c_mul,        4, 1, 0 },
    [C_DIV]       = { "div",       c_div,        3, 1, 0 },
    [C_BT]        = { "bt",        c_bt,         4, 1, 0 },
    [C_BSF]       = { "bsf",       c_bsf,        2, 1, 0 },
    [C_BCD]       = { "bcd",       c_bcd,        2, 1, 0 },
    [C_SETCC]     = { "setcc",     c_setcc,      2, 1, 0 },
    [C_CMOV]      = { "cmov",      c_cmov,       3, 1, 0 },
    [C_STRING]    = { "string",    c_string,     5, 1, 0 },
    [C_XLAT]      = { "xlat",      c_xlat,       1, 1, 0 },
    [C_ENTER]     = { "enter",     c_enter,      2, 1, 0 },
    [C_PUSHA]     = { "pusha",     c_pusha,      1, 1, 0 },
    [C_BSWAP]     = { "bswap",     c_bswap,      1, 1, 0 },
    [C_XADD]      = { "xadd",      c_xadd,       2, 1, 0 },
    [C_CMPXCHG]   = { "cmpxchg",   c_cmpxchg,    2, 1, 0 },
    [C_CMPXCHG8B] = { "cmpxchg8b", c_cmpxchg8b,  1, 1, 0 },
    [C_LXS]       = { "lxs",       c_lxs,        2, 1, 0 },
    [C_IO]        = { "io",        c_io,         2, 1, 0 },
    [C_BOUND]     = { "bound",     c_bound,      1, 1, 0 },
    [C_FPU]       = { "fpu",       c_fpu,        1, 1, 0 },
    [C_SMC]       = { "smc",       c_smc,        1, 1, 0 },
    [C_SYS]       = { "sys",       c_sys,        1, 1, 0 },
    [C_LIDT]      = { "lidt",      c_lidt,       1, 1, 0 },
    [C_UNDOC]     = { "undoc",     c_undoc,      1, 1, 0 },
    [C_PREFIX]    = { "prefix",    c_feature,    0, 1, 0 },
    [C_LOCK]      = { "lock",      c_feature,    0, 1, 0 },
};

/* One group: a class picked by weight; a class that cannot run here is
 * rolled back (it may have written setup already) and another picked. */
static void gen_group(void)
{
    u32 total = 0;
    for (int c = 0; c < N_CLASSES; c++)
        if (on(c))
            total += classes[c].weight;
    if (!total)
        die("no class enabled");
    if (dumping) {      /* for comparing with a CPU trace */
        puts("trk ");
        puthex((u32)g.cur, 5);
        put_kv("esp", g.esp, 8);
        for (int i = 0; i < 6; i++)
            if (i != CS)
                put_kv(seg_names[i], g.seg[i].sel, 4);
        putc('\n');
    }
    for (int tries = 0; tries < 1000; tries++) {
        struct gen save = g;
        u32 r = rnd(total);
        int c = 0;
        while (!on(c) || r >= classes[c].weight) {
            if (on(c))
                r -= classes[c].weight;
            c++;
        }
        if (classes[c].gen() == 0) {
            if (g.cur > g.end + GROUP_ROOM)
                die("group overflow");
            return;
        }
        g = save;
    }
    die("no class can generate here");
}

/* ---- a block ---------------------------------------------------------------- */
/* The main stream, then a far jump to rm_epilogue. */
static void generate(u32 len)
{
    g.cur = (u8 *)CODE_LO;
    g.end = (u8 *)MAIN_HI - 16;
    g.in_main = 1;
    while (g.n_sure + g.n_maybe < len && g.end - g.cur >= GROUP_ROOM)
        gen_group();
    put(0xEA, 1);
    put((u32)rm_epilogue, 2);
    put(0, 2);
}

static u32 xs;

static u32 xorshift(void)
{
    xs ^= xs << 13;
    xs ^= xs >> 17;
    xs ^= xs << 5;
    return xs;
}

static void fill_random(u32 lo, u32 hi)
{
    for (u32 *p = (u32 *)lo; p < (u32 *)hi; p++)
        *p = xorshift();
}

static u64 gdt[10];

static void load_gdt(void)
{
    struct {
        u16 limit;
        u32 base;
    } __attribute__((packed)) desc = { sizeof(gdt) - 1, (u32)gdt };
    gdt[1] = descriptor(0, 0xFFFFF, 0x9A, 0xC);        /* SEL_CODE32 */
    gdt[2] = descriptor(0, 0xFFFFF, 0x92, 0xC);        /* SEL_DATA32 */
    gdt[3] = descriptor(0, 0xFFFF, 0x9A, 0);           /* SEL_CODE16 */
    gdt[4] = descriptor(0, 0xFFFF, 0x92, 0);           /* SEL_DATA16 */
    __asm__ volatile("lgdt %0\n\t"
                     "ljmp $0x08, $1f\n"
                     "1:\tmov $0x10, %%eax\n\t"
                     "mov %%eax, %%ds\n\tmov %%eax, %%es\n\tmov %%eax, %%ss\n\t"
                     "mov %%eax, %%fs\n\tmov %%eax, %%gs\n\t"
                     "lidt pm_idt_desc"
                     :: "m"(desc) : "eax", "memory");
}

/* The block's initial state: 4 GiB DS/ES/FS/GS (base 0 most of the time,
 * else a random byte-granular hidden base), a 64 KiB SS, random
 * registers and flags (TF clear), SP in the stack region. */
static void block_init(u32 blk)
{
    static const u8 big[4] = { DS, ES, FS, GS };
    u32 ssbase, lin;

    rng_state = (u64)opt.seed << 32 ^ blk;
    rnd32();
    xs = rnd32() | 1;
    fill_random(LOW_LO, STK_HI);
    fill_random(HIGH_LO, HIGH_HI);
    memset((void *)CODE_LO, 0xCC, CODE_HI - CODE_LO);
    __asm__ volatile("fninit");

    memset(&g, 0, sizeof(g));
    for (int i = 0; i < 4; i++) {
        g.seg[big[i]].sel = (u16)(SEL_RDS + 8 * i);
        g.seg[big[i]].base = chance(70) ? 0 : rnd(LOW_LO + 1);
        gdt[5 + i] = descriptor(g.seg[big[i]].base, 0xFFFFF, 0x93, 0x8);
    }
    ssbase = chance(50) ? 0 : rnd(STK_LO + 1);
    g.seg[SS].sel = SEL_RDS + 8 * 4;
    g.seg[SS].base = ssbase;
    gdt[9] = descriptor(ssbase, 0xFFFF, 0x93, 0);
    set_seg(CS, (u16)rnd_range(MAIN_SEL_LO, MAIN_SEL_HI));
    diff_entry[0] = (u16)(CODE_LO - g.seg[CS].base);
    diff_entry[1] = g.seg[CS].sel;

    lin = rnd_range(STK_LO + 1024, STK_HI - 512);
    g.esp = (rnd32() & 0xFFFF0000u) | (lin - ssbase);
    g.ceil = STK_HI;
    g.near_next = MAIN_HI;
    g.far_next = CODE_HI;
    g.next_vec = FIRST_VEC;

    for (int r = 0; r < 8; r++)
        diff_in.gpr[r] = rnd32();
    diff_in.gpr[ESP] = g.esp;
    /* CF PF AF ZF SF IF DF OF IOPL NT AC ID random, TF clear */
    diff_in.eflags = (rnd32() & 0x00247ED5u) | 2;

    for (int t = 0; t < 2; t++) {
        for (u32 v = 0; v < 256; v++)
            ivt[t][v] = (u32)rm_fault_stubs +
                        RM_FAULT_STUB_SIZE * (v < RM_CATCH_ALL ? v : RM_CATCH_ALL);
        if (on(C_DIV))
            ivt[t][0] = (u32)rm_de_skip;
    }
}

/* The real-mode IVT lives at linear 0, which C may not name directly. */
static void *ivt_at_0(void)
{
    void *p;
    __asm__("xor %0, %0" : "=r"(p));
    return p;
}

/* ---- digests ------------------------------------------------------------------ */
static u64 hash_words(u64 h, const u32 *p, u32 nwords)
{
    while (nwords--) {
        h ^= *p++;
        h *= 0x100000001B3ull;
        h ^= h >> 29;
    }
    return h;
}

#define HASH_INIT 0xCBF29CE484222325ull

static u64 block_hash(void)
{
    u64 h = hash_words(HASH_INIT, (const u32 *)&diff_out, sizeof(diff_out) / 4);
    h = hash_words(h, (const u32 *)LOW_LO, (STK_HI - LOW_LO) / 4);
    return hash_words(h, (const u32 *)HIGH_LO, (HIGH_HI - HIGH_LO) / 4);
}

static void put64(u64 v)
{
    puthex((u32)(v >> 32), 8);
    puthex((u32)v, 8);
}


static void print_regs(const char *what, const struct rm_regs *r, int sregs)
{
    puts(what);
    for (int i = 0; i < 8; i++)
        put_kv(gpr_names[i], r->gpr[i], 8);
    put_kv("eflags", r->eflags, 8);
    if (sregs)
        for (int i = 0; i < 6; i++)
            if (i != CS)
                put_kv(seg_names[i], r->sreg[i], 4);
    putc('\n');
}

static void dump_bytes(const char *what, u32 lo, u32 hi)
{
    for (u32 a = lo; a < hi; a += 32) {
        puts(what);
        putc(' ');
        puthex(a, 5);
        putc(' ');
        for (u32 i = a; i < hi && i < a + 32; i++)
            puthex(*(const u8 *)i, 2);
        putc('\n');
    }
}

static void dump_chunk_hashes(const char *what, u32 lo, u32 hi)
{
    for (u32 a = lo; a < hi; a += 1024 * 8) {
        puts(what);
        putc(' ');
        puthex(a, 6);
        for (u32 c = a; c < hi && c < a + 1024 * 8; c += 1024) {
            putc(' ');
            puthex((u32)hash_words(HASH_INIT, (const u32 *)c, 256), 8);
        }
        putc('\n');
    }
}

static void dump_state(void)
{
    puts("dump: segments:");
    for (int i = 0; i < 6; i++) {
        putc(' ');
        puts(seg_names[i]);
        putc('=');
        puthex(g.seg[i].sel, 4);
        putc('/');
        puthex(g.seg[i].base, 8);
    }
    putc('\n');
    print_regs("dump: in ", &diff_in, 0);
}

static void dump_code(u32 main_end)
{
    puts("dump: code main ");
    puthex(CODE_LO, 5);
    putc('-');
    puthex(main_end, 5);
    puts(" near-chunks ");
    puthex(MAIN_HI, 5);
    putc('-');
    puthex(g.near_next, 5);
    puts(" far-chunks ");
    puthex(g.far_next, 5);
    putc('-');
    puthex(CODE_HI, 5);
    putc('\n');
    dump_bytes("code", CODE_LO, main_end);
    dump_bytes("code", MAIN_HI, g.near_next);
    dump_bytes("code", g.far_next, CODE_HI);
}

static void dump_after(void)
{
    print_regs("dump: out", &diff_out, 1);
    dump_bytes("stack", STK_LO, STK_HI);
    dump_chunk_hashes("mem", LOW_LO, STK_HI);
    dump_chunk_hashes("mem", HIGH_LO, HIGH_HI);
}

/* ---- options --------------------------------------------------------------------- */
static int word_is(const char *w, unsigned n, const char *s)
{
    unsigned i = 0;
    while (i < n && s[i] && w[i] == s[i])
        i++;
    return i == n && !s[i];
}

static u32 parse_num(const char *w, unsigned n)
{
    u32 v = 0;
    int neg = n && *w == '-';
    for (unsigned i = neg; i < n && w[i] >= '0' && w[i] <= '9'; i++)
        v = v * 10 + (u32)(w[i] - '0');
    return neg ? (u32)-(s32)v : v;
}

/* classes=a,+b,-c with default, all, none */
static void parse_classes(const char *w, unsigned n)
{
    while (n) {
        unsigned len = 0, sign = 0;
        while (len < n && w[len] != ',')
            len++;
        if (*w == '+' || *w == '-')
            sign = (unsigned)*w;
        const char *name = w + (sign != 0);
        unsigned nlen = len - (sign != 0);
        int found = 0;
        for (int c = 0; c < N_CLASSES; c++) {
            if (word_is(name, nlen, "all") || word_is(name, nlen, "none") ||
                word_is(name, nlen, "default")) {
                classes[c].on = word_is(name, nlen, "all") ? 1 :
                                word_is(name, nlen, "none") ? 0 : classes[c].on_default;
                found = 1;
            } else if (word_is(name, nlen, classes[c].name)) {
                classes[c].on = sign != '-';
                found = 1;
            }
        }
        if (!found)
            die("unknown class in classes=");
        w += len;
        n -= len;
        if (n) {
            w++;
            n--;
        }
    }
}

static void parse_options(void)
{
    char text[sizeof(params_area.text) + 1];
    unsigned i = 0;
    for (; i < sizeof(params_area.text); i++)
        text[i] = params_area.text[i];
    text[i] = 0;
    for (int c = 0; c < N_CLASSES; c++)
        classes[c].on = classes[c].on_default;
    for (const char *p = text; *p;) {
        unsigned n = 0, k = 0;
        while (*p == ' ')
            p++;
        while (p[n] && p[n] != ' ')
            n++;
        while (k < n && p[k] != '=')
            k++;
        if (n && k == n)
            die("option without '='");
        if (!n)
            break;
        const char *v = p + k + 1;
        unsigned vn = n - k - 1;
        if (word_is(p, k, "seed"))
            opt.seed = parse_num(v, vn);
        else if (word_is(p, k, "blocks"))
            opt.blocks = parse_num(v, vn);
        else if (word_is(p, k, "first"))
            opt.first = parse_num(v, vn);
        else if (word_is(p, k, "len"))
            opt.len = parse_num(v, vn);
        else if (word_is(p, k, "dump"))
            opt.dump = parse_num(v, vn);
        else if (word_is(p, k, "verbose"))
            opt.verbose = parse_num(v, vn);
        else if (word_is(p, k, "classes"))
            parse_classes(v, vn);
        else
            die("unknown option");
        p += n;
    }
}

/* ---- main --------------------------------------------------------------------------- */
void diff_main(void)
{
    u32 sure = 0, maybe = 0, setup = 0, faults = 0, tracked = 0;
    u64 all = HASH_INIT;

    __asm__ volatile("call serial_init32" ::: "memory");
    load_gdt();
    parse_options();
    puts("diffgen: seed ");
    putdec(opt.seed);
    puts(" first ");
    putdec(opt.first);
    puts(" blocks ");
    putdec(opt.blocks);
    puts(" len ");
    putdec(opt.len);
    puts(" classes");
    for (int c = 0; c < N_CLASSES; c++)
        if (on(c)) {
            putc(' ');
            puts(classes[c].name);
        }
    putc('\n');

    for (u32 blk = opt.first; blk < opt.first + opt.blocks; blk++) {
        u32 main_end;
        u64 h;
        block_init(blk);
        dumping = blk == opt.dump;
        if (dumping)
            dump_state();
        generate(opt.len);
        main_end = (u32)g.cur;
        memcpy(ivt_at_0(), ivt[0], sizeof(ivt[0]));
        memcpy((void *)IVT2_BASE, ivt[1], sizeof(ivt[1]));
        if (dumping)
            dump_code(main_end);
        memset(&diff_out, 0, sizeof(diff_out));
        run_block();
        h = block_hash();
        {
            u32 halves[2] = { (u32)h, (u32)(h >> 32) };
            all = hash_words(all, halves, 2);
        }
        sure += g.n_sure;
        maybe += g.n_maybe;
        setup += g.n_setup;
        puts("blk ");
        putdec(blk);
        puts(" n ");
        putdec(g.n_sure + g.n_maybe);
        puts(" h ");
        put64(h);
        if (diff_out.fault[0] != 0xFFFFFFFFu) {
            faults++;
            puts(" fault ");
            puthex(diff_out.fault[0], 2);
            puts(" at ");
            puthex(diff_out.fault[2], 4);
            putc(':');
            puthex(diff_out.fault[1], 4);
        } else {
            /* What the generator tracked must be what the block left. */
            int bad = diff_out.gpr[ESP] != g.esp;
            for (int s = 0; s < 6; s++)
                if (s != CS && diff_out.sreg[s] != g.seg[s].sel)
                    bad = 1;
            if (bad) {
                tracked++;
                puts(" untracked-state");
            }
        }
        putc('\n');
        if (opt.verbose)
            print_regs("    ", &diff_out, 1);
        if (blk == opt.dump)
            dump_after();
    }
    puts("diffgen: insns ");
    putdec(sure + maybe);
    puts(" executed>= ");
    putdec(sure);
    puts(" setup ");
    putdec(setup);
    puts(" faults ");
    putdec(faults);
    puts(" untracked ");
    putdec(tracked);
    puts(" digest ");
    put64(all);
    putc('\n');
    finish(0);
}
