/* garbage.c - the hostile-input guest (tests/system/garbage.sh): seeded
 * chunks of random and mutated instruction bytes, each run from a known
 * state in big real mode (garbagerun.S), every outcome printed on COM1 as
 * one line so that a native run and an assisted run of the same seed can
 * be compared chunk by chunk.
 *
 * Chunk N depends on the seed and N only, so a run can start anywhere
 * (first=N): the script restarts after a chunk that ended the run (a
 * shutdown, a hang, or a jump into this guest's own exit code).
 *
 * Memory (garbage.ld; 32 MiB guest):
 *   0-0x3FF         the IVT (vector N -> gb_stubs + 16 N), restored per chunk
 *   0x1000-0x6FFF   the low image (garbagerun.S, lib.S), checked per chunk
 *                   against a pristine copy and restored if a chunk hit it
 *   0x7000-0x7FFF   the epilogue's stack
 *   CODE_LIN        the chunk, then a far jump to gb_epilogue, then fill
 *   STACK_BASE      the chunk's SS (64 KiB), filled with STACK_WORD
 *   0x200000        the high image (this file, its data and stack)
 *   SANDBOX         the DS/ES/FS/GS base; whatever the chunks leave there
 * Everything else below 0xA0000, the HMA and 0xD0000-0xDFFFF is FILL_WORD:
 * a random jump mostly lands on #UD.  Real-mode segment loads can still aim anywhere
 * below 0x10FFF0; that is what the restore covers. */

typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long long u64;

#define CODE_LIN    0x10000u
#define CODE_AREA   512u
#define STACK_BASE  0x80000u
#define STACK_SP    0x8000u
#define STACK_WORD  0xF2F2u   /* IF set, TF clear; as CS:IP -> 0x102212 (fill) */
/* Bytes FE FF: FE /7 or FF /7 at either alignment, #UD; read as a segment
 * (0xFFFE or 0xFEFF) its base stays clear of the assist's 0xD0000. */
#define FILL_WORD   0xFFFEu
#define SANDBOX     0x400000u /* 16-bit offsets reach 64 KiB + 3 of it */
#define SANDBOX_WORD 0x1234u  /* as a far pointer 1234:1234 -> the fill */
#define LOW_LO      0x1000u
#define WATCHDOG_VEC 0x08u    /* IRQ0 at the PC's real-mode base */
#define ASSIST_LO   0xD0000u  /* the assist's 64 KiB (see chunk()) */
#define ASSIST_HI   0xE0000u
#define PIT_COUNT   0xFFFFu   /* the watchdog: about 55 ms */
#define MAX_LEN     24u

struct gb_regs {
    u32 gpr[8];         /* eax ecx edx ebx esp ebp esi edi */
    u32 eflags;
    u32 sreg[6];        /* es cs ss ds fs gs */
    u32 vec;            /* -1: the chunk completed */
    u32 frame[3];       /* ip cs flags the CPU pushed */
};
extern struct gb_regs gb_in, gb_out;
extern u16 gb_entry[2];
extern u8 gb_stubs[], gb_epilogue[], gb_low_code_end[];
u8 gb_stack[16384] __attribute__((aligned(16)));
extern struct { u16 limit; u32 base; } __attribute__((packed)) gb_gdt_desc;
extern void run_chunk(void);

#include "guestc.h"

static void outb(u16 port, u8 v)
{
    __asm__ volatile("outb %0, %1" :: "a"(v), "Nd"(port));
}

/* "garbage chunk N" on the debug port, so that the assist's reports in
 * debug.log can be told apart by chunk. */
static void debug_mark(u32 n)
{
    char d[12];
    int i = 0;
    for (const char *p = "garbage chunk "; *p; p++)
        outb(0xE9, (u8)*p);
    do
        d[i++] = (char)('0' + n % 10);
    while (n /= 10);
    while (i)
        outb(0xE9, (u8)d[--i]);
    outb(0xE9, '\n');
}

static int memdiff(const u8 *a, const u8 *b, u32 n)
{
    for (u32 i = 0; i < n; i++)
        if (a[i] != b[i])
            return 1;
    return 0;
}

/* ---- options: the script writes "seed=N first=N chunks=N" ---------------- */
struct params {
    char magic[16];
    char text[240];
};
volatile struct params params_area __attribute__((used)) = { "GARBAGE-PARAMS:", "" };
static struct { u32 seed, first, chunks; } opt = { 1, 0, 100 };

static void parse_options(void)
{
    char t[241];
    for (int i = 0; i < 240; i++)
        t[i] = params_area.text[i];
    t[240] = 0;
    for (char *p = t; *p;) {
        char *k = p;
        u32 v = 0;
        while (*p && *p != '=' && *p != ' ')
            p++;
        if (*p != '=')
            break;
        char *ke = p++;
        while (*p >= '0' && *p <= '9')
            v = v * 10 + (u32)(*p++ - '0');
        if (ke - k == 4 && k[0] == 's')
            opt.seed = v;
        else if (ke - k == 5 && k[0] == 'f')
            opt.first = v;
        else if (ke - k == 6 && k[0] == 'c')
            opt.chunks = v;
        while (*p == ' ')
            p++;
    }
}

/* ---- random numbers: splitmix64 per chunk ------------------------------ */
static u64 rng;

static u32 rnd32(void)
{
    u64 z = (rng += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return (u32)((z ^ (z >> 31)) >> 32);
}

static u32 rnd(u32 n)
{
    return (u32)(((u64)rnd32() * n) >> 32);
}

/* ---- chunk generation ------------------------------------------------------ */
static const u8 prefixes[] = { 0x26, 0x2E, 0x36, 0x3E, 0x64, 0x65, 0x66, 0x67, 0xF0, 0xF2, 0xF3 };

/* Whole instructions the mutator starts from: system instructions, far
 * transfers, segment loads, control registers, descriptor tables, INT/IRET,
 * task instructions, and encodings that must raise #UD. */
static const u8 templates[][8] = {
    { 5, 0xEA, 0x34, 0x12, 0x00, 0x20 },        /* jmp far */
    { 5, 0x9A, 0x00, 0x01, 0x00, 0x30 },        /* call far */
    { 2, 0xFF, 0x2F },                          /* jmp far [bx] */
    { 2, 0xFF, 0x1C },                          /* call far [si] */
    { 1, 0xCB }, { 3, 0xCA, 0x04, 0x00 },       /* retf */
    { 1, 0xCF }, { 2, 0x66, 0xCF },             /* iret, iretd */
    { 2, 0xCD, 0x21 }, { 1, 0xCC }, { 1, 0xCE }, { 1, 0xF1 },
    { 2, 0x62, 0x07 },                          /* bound */
    { 2, 0x8E, 0xD8 }, { 2, 0x8E, 0xD0 }, { 2, 0x8E, 0x07 },  /* mov ds/ss/es */
    { 2, 0x8E, 0xC8 },                          /* mov cs: #UD */
    { 1, 0x1F }, { 1, 0x17 }, { 1, 0x07 }, { 2, 0x0F, 0xA1 }, { 2, 0x0F, 0xA9 },
    { 2, 0xC4, 0x1F }, { 2, 0xC5, 0x36 }, { 3, 0x0F, 0xB2, 0x27 },
    { 3, 0x0F, 0xB4, 0x07 }, { 3, 0x0F, 0xB5, 0x0F },
    { 3, 0x0F, 0x20, 0xC0 }, { 3, 0x0F, 0x22, 0xD8 }, { 3, 0x0F, 0x22, 0xE0 },
    { 4, 0x66, 0x0F, 0x22, 0xE1 }, { 3, 0x0F, 0x20, 0xE0 }, { 3, 0x0F, 0x22, 0xD0 },
    { 3, 0x0F, 0x01, 0x17 }, { 4, 0x66, 0x0F, 0x01, 0x17 },  /* lgdt [bx] */
    { 3, 0x0F, 0x01, 0x07 }, { 3, 0x0F, 0x01, 0x0F },        /* sgdt, sidt */
    { 3, 0x0F, 0x01, 0xE0 }, { 2, 0x0F, 0x06 },               /* smsw, clts */
    { 3, 0x0F, 0x00, 0xD8 }, { 3, 0x0F, 0x00, 0xD0 },        /* ltr, lldt */
    { 3, 0x0F, 0x00, 0xC8 }, { 3, 0x0F, 0x00, 0xC0 },        /* str, sldt */
    { 3, 0x0F, 0x00, 0xE0 }, { 3, 0x0F, 0x02, 0xC3 }, { 3, 0x0F, 0x03, 0xC3 },
    { 2, 0x0F, 0x08 }, { 2, 0x0F, 0x09 }, { 2, 0x0F, 0x0B }, { 2, 0x0F, 0xA2 },
    { 2, 0x0F, 0x32 }, { 1, 0xF4 }, { 1, 0x9C }, { 1, 0x9D }, { 2, 0x66, 0x9D },
    { 4, 0xC8, 0x08, 0x00, 0x03 }, { 1, 0xC9 }, { 2, 0x0F, 0x34 }, { 2, 0x0F, 0x35 },
    { 2, 0x0F, 0x05 }, { 2, 0x0F, 0xAA }, { 3, 0x0F, 0xC7, 0x0F }, { 3, 0x0F, 0xFF, 0xC0 },
    { 3, 0x0F, 0xB9, 0xC0 }, { 1, 0xD6 }, { 2, 0x8D, 0xC0 }, { 3, 0xC6, 0xC8, 0x00 },
    { 3, 0xF0, 0x89, 0xC0 }, { 2, 0x63, 0xC0 }, { 3, 0x0F, 0xAE, 0x07 },
    { 3, 0x0F, 0xAE, 0x0F }, { 2, 0xF3, 0xA5 }, { 3, 0x67, 0xF3, 0xAB },
    { 2, 0xE2, 0xFE }, { 2, 0xEB, 0xFE }, { 4, 0x66, 0xF7, 0xF1, 0x90 },
};
#define N_TEMPLATES (sizeof(templates) / sizeof(templates[0]))

/* What the chunk may not do, byte by byte (each rule says why; the
 * README's hostile-input paragraph lists them):
 *   I/O (6C-6F E4-E7 EC-EF): device side effects - reset via 0x64/0x92/
 *     0xCF9, the PIC/PIT of the watchdog, COM1 and the exit port;
 *   CLI: with IF=0 a loop or HLT outlives the watchdog;
 *   the 0x67 prefix (becomes 0x66): random 32-bit addresses mostly fall
 *     outside guest RAM, and the hvmhost ends the run at any nested page
 *     fault (it has no open bus), natively as under the assist;
 *   LIDT, LMSW, MOV to CR0: a random IVT base or PE/PG set mid-chunk
 *     leaves nothing that catches the next exception (the PE window is
 *     another run state, not a random CR0 write);
 *   MOV to DRn: breakpoints would fire in this guest and, under the
 *     assist, in the assist (README, deliberate differences);
 *   WRMSR, RDTSC, RDPMC, RDRAND/RDSEED and 0F 01 register forms (VMX/SVM,
 *     MONITOR/MWAIT, XSETBV, RDTSCP): machine state past the chunk or
 *     values that differ run to run.
 * A rule rewrites the byte wherever it occurs, opcode or not. */
static void filter(u8 *c, u32 n)
{
    for (u32 i = 0; i < n; i++) {
        u8 b = c[i];
        if ((b >= 0x6C && b <= 0x6F) || (b >= 0xE4 && b <= 0xE7) || (b >= 0xEC && b <= 0xEF))
            c[i] = b ^ 0x40;
        else if (b == 0xFA)
            c[i] = 0xFB;
        else if (b == 0x67)
            c[i] = 0x66;
        if (b != 0x0F || i + 1 >= n)
            continue;
        u8 op = c[i + 1];
        if (op == 0x23)
            c[i + 1] = 0x21;
        else if (op == 0x30 || op == 0x31 || op == 0x33)
            c[i + 1] = 0x32;
        if (i + 2 >= n)
            continue;
        u8 *m = &c[i + 2], reg = (*m >> 3) & 7;
        if (op == 0x01) {
            if ((*m & 0xC0) == 0xC0)
                *m &= 0x3F;
            if (reg == 3 || reg == 6)
                *m = (u8)((*m & ~0x38) | (reg - 2) << 3);
        } else if (op == 0x22 && reg == 0)
            *m |= 2 << 3;
        else if (op == 0xC7 && reg >= 6)
            *m = (u8)((*m & ~0x38) | 1 << 3);
    }
}

/* Random bytes, or prefixes and a random 0F/one-byte opcode, or a few
 * templates with bits flipped. */
static u32 generate(u8 *c)
{
    u32 n = 0, kind = rnd(3);
    if (kind == 0) {
        n = 1 + rnd(MAX_LEN);
        for (u32 i = 0; i < n; i++)
            c[i] = (u8)rnd32();
    } else if (kind == 1) {
        u32 parts = 1 + rnd(4);
        while (parts-- && n + 8 <= MAX_LEN) {
            for (u32 p = rnd(3); p--;)
                c[n++] = prefixes[rnd(sizeof(prefixes))];
            if (rnd(2))
                c[n++] = 0x0F;
            for (u32 t = 1 + rnd(4); t--;)
                c[n++] = (u8)rnd32();
        }
    } else {
        u32 parts = 1 + rnd(4);
        while (parts-- && n + 8 <= MAX_LEN) {
            const u8 *t = templates[rnd(N_TEMPLATES)];
            if (rnd(3) == 0)
                c[n++] = prefixes[rnd(sizeof(prefixes))];
            for (u32 i = 1; i <= t[0]; i++)
                c[n++] = t[i];
        }
        for (u32 f = rnd(4); f--;)
            c[rnd(n)] ^= (u8)(1u << rnd(8));
    }
    filter(c, n);
    return n;
}

/* ---- the machine ------------------------------------------------------------- */
static u64 gdt[7];

static void load_gdt(void)
{
    gdt[1] = descriptor(0, 0xFFFFF, 0x9A, 0xC);         /* SEL_CODE32 */
    gdt[2] = descriptor(0, 0xFFFFF, 0x92, 0xC);         /* SEL_DATA32 */
    gdt[3] = descriptor(0, 0xFFFF, 0x9A, 0);            /* SEL_CODE16 */
    gdt[4] = descriptor(0, 0xFFFF, 0x92, 0);            /* SEL_DATA16 */
    gdt[5] = descriptor(SANDBOX, 0xFFFFF, 0x93, 0x8);   /* SEL_BIG: 4 GiB, B=0 */
    gdt[6] = descriptor(STACK_BASE, 0xFFFF, 0x93, 0);   /* SEL_STK */
    gb_gdt_desc.limit = sizeof(gdt) - 1;
    gb_gdt_desc.base = (u32)gdt;
    __asm__ volatile("lgdt %0\n\t"
                     "ljmp $0x08, $1f\n"
                     "1:\tmov $0x10, %%eax\n\t"
                     "mov %%eax, %%ds\n\tmov %%eax, %%es\n\tmov %%eax, %%ss\n\t"
                     "mov %%eax, %%fs\n\tmov %%eax, %%gs"
                     :: "m"(gb_gdt_desc) : "eax", "memory");
}

/* The PICs at the PC's 0x08/0x70, only IRQ0 unmasked.  Programmed in
 * protected mode, but the Xen 3.x interface gives real mode the bases last
 * programmed *in real mode* (default 0x08/0x70; xen-abi.md, "PIC vector
 * bases"), so any other base would differ from the CPU by design. */
static void pic_init(void)
{
    static const u8 seq[] = { 0x11, WATCHDOG_VEC, 0x04, 0x01 };
    static const u8 seq2[] = { 0x11, 0x70, 0x02, 0x01 };
    outb(0x20, seq[0]);
    outb(0xA0, seq2[0]);
    for (int i = 1; i < 4; i++) {
        outb(0x21, seq[i]);
        outb(0xA1, seq2[i]);
    }
    outb(0x21, 0xFE);
    outb(0xA1, 0xFF);
}

/* Mode 0: one rising edge PIT_COUNT ticks after arming; writing the
 * control word again stops it (OUT stays low). */
static void watchdog(int on)
{
    outb(0x43, 0x30);
    if (on) {
        outb(0x40, PIT_COUNT & 0xFF);
        outb(0x40, PIT_COUNT >> 8);
    }
}

static u32 ivt[256];
static u8 low_copy[0x6000];
static u32 low_len;

/* Linear 0 without a null pointer the compiler could reason about. */
static u8 *linear0(void)
{
    u8 *p;
    __asm__("xor %0, %0" : "=r"(p));
    return p;
}

static void fill_words(u32 lo, u32 hi, u16 w)
{
    for (u16 *p = (u16 *)lo; p < (u16 *)hi; p++)
        *p = w;
}

static void setup_memory(void)
{
    for (u32 v = 0; v < 256; v++)
        ivt[v] = (u32)gb_stubs + 16 * v;
    low_len = (u32)gb_low_code_end - LOW_LO;
    memcpy(low_copy, (void *)LOW_LO, low_len);
    fill_words(0x7000, 0x80000, FILL_WORD);
    fill_words(STACK_BASE, STACK_BASE + 0x10000, STACK_WORD);
    fill_words(STACK_BASE + 0x10000, 0xA0000, FILL_WORD);
    fill_words(0x100000, 0x110000, FILL_WORD);
    fill_words(ASSIST_LO, ASSIST_HI, FILL_WORD);
    memcpy(linear0(), ivt, sizeof(ivt));
}

/* Did the chunk write the guest's view of 0xD0000-0xDFFFF?  Natively that
 * is RAM; under the assist the emulated write lands in the assist itself,
 * as on Xen, where the assist *is* that guest RAM (tests/hvmhost/README,
 * "Two views").  The script leaves such chunks out. */
static int assist_range_written(void)
{
    const u32 *p = (const u32 *)ASSIST_LO;
    int hit = 0;
    for (u32 i = 0; i < (ASSIST_HI - ASSIST_LO) / 4; i++)
        if (p[i] != (FILL_WORD | FILL_WORD << 16))
            hit = 1;
    if (hit)
        fill_words(ASSIST_LO, ASSIST_HI, FILL_WORD);
    return hit;
}

/* ---- one chunk --------------------------------------------------------------- */
static void put_bytes(const u8 *c, u32 n)
{
    for (u32 i = 0; i < n; i++)
        puthex(c[i], 2);
}

/* seed=0: these chunks instead, from CS:IP 1000:0000 with ESP 0x8000,
 * every other register 0 and FLAGS 0x202 (tests/system/garbage.sh says
 * what each must raise).  Real mode, SDM vol. 2: a far transfer whose
 * offset is beyond CS's limit is #GP(0) at the instruction, before any
 * push; RET/RETF imm16 on a 16-bit stack wraps SP and keeps ESP[31:16];
 * TF traps after each instruction in big real mode too. */
static const u8 regressions[][10] = {
    { 8, 0x66, 0xEA, 0x00, 0x00, 0x01, 0x00, 0x00, 0x20 },  /* jmp far 2000:10000 */
    { 8, 0x66, 0x9A, 0x00, 0x00, 0x01, 0x00, 0x00, 0x10 },  /* call far 1000:10000 */
    { 3, 0xCA, 0x00, 0x80 },                                /* retf 0x8000 */
    { 3, 0xC2, 0x00, 0x80 },                                /* ret 0x8000 */
    { 2, 0x66, 0xCF },                                      /* iretd to f2f2f2f2 */
    /* pushf; pop ax; or ax, TF; push ax; popf; nop; nop: #DB after the
     * first NOP (SDM vol. 3, 17.3.1.4) */
    { 9, 0x9C, 0x58, 0x0D, 0x00, 0x01, 0x50, 0x9D, 0x90, 0x90 },
    /* FEMMS with a 66 prefix: a 3DNow! instruction the assist does not
     * emulate, #UD with a "not emulated" report (QEMU's -cpu max has
     * 3DNow! and runs it) */
    { 3, 0x66, 0x0F, 0x0E },
};
#define N_REGRESSIONS (sizeof(regressions) / sizeof(regressions[0]))

static void chunk(u32 n)
{
    u8 code[MAX_LEN + 8];
    u32 len, restored = 0;
    u16 cs;
    u8 *at;

    rng = (u64)opt.seed << 32 ^ (u64)n * 0xD1B54A32D192ED03ull;
    if (opt.seed) {
        len = generate(code);
    } else {
        len = regressions[n % N_REGRESSIONS][0];
        memcpy(code, &regressions[n % N_REGRESSIONS][1], len);
    }

    /* The known state: IVT, low image, code area, stack around SP. */
    if (memdiff(linear0(), (u8 *)ivt, sizeof(ivt)))
        restored |= 1;
    memcpy(linear0(), ivt, sizeof(ivt));
    if (memdiff((u8 *)LOW_LO, low_copy, low_len)) {
        restored |= 2;
        memcpy((void *)LOW_LO, low_copy, low_len);
    }
    fill_words(CODE_LIN, CODE_LIN + CODE_AREA, FILL_WORD);
    fill_words(SANDBOX, SANDBOX + 0x10010, SANDBOX_WORD);
    fill_words(STACK_BASE + STACK_SP - 0x800, STACK_BASE + STACK_SP + 0x800, STACK_WORD);

    cs = (u16)(0x0F80 + rnd(0x80));
    at = (u8 *)CODE_LIN;
    memcpy(at, code, len);
    at[len] = 0xEA;                                  /* jmp far 0:gb_epilogue */
    *(u16 *)(at + len + 1) = (u16)(u32)gb_epilogue;
    *(u16 *)(at + len + 3) = 0;
    gb_entry[0] = (u16)(CODE_LIN - cs * 16u);
    gb_entry[1] = cs;

    for (int r = 0; r < 8; r++)
        gb_in.gpr[r] = rnd(3) ? rnd32() : rnd(0x100);
    gb_in.gpr[4] = (rnd(2) ? rnd32() & 0xFFFF0000u : 0) | STACK_SP;
    /* CF PF AF ZF SF DF OF IOPL NT random; IF set (the watchdog), TF clear */
    gb_in.eflags = (rnd32() & 0x7CD5u) | 0x202;
    if (!opt.seed) {
        cs = 0x1000;
        gb_entry[0] = 0;
        gb_entry[1] = cs;
        memset(gb_in.gpr, 0, sizeof(gb_in.gpr));
        gb_in.gpr[4] = STACK_SP;
        gb_in.eflags = 0x202;
    }
    memset(&gb_out, 0, sizeof(gb_out));

    debug_mark(n);
    watchdog(1);
    run_chunk();
    watchdog(0);
    outb(0x20, 0x20);                                /* EOI, if IRQ0 came */
    __asm__ volatile("mov %0, %%cr3\n\tmov %0, %%cr4" :: "r"(0u));

    puts("c ");
    putdec(n);
    putc(' ');
    put_bytes(code, len);
    if (gb_out.vec == 0xFFFFFFFFu)
        puts(" done");
    else {
        puts(" v=");
        puthex(gb_out.vec, 2);
        puts(" at=");
        puthex(gb_out.frame[1], 4);
        putc(':');
        puthex(gb_out.frame[0], 4);
        puts(" fl=");
        puthex(gb_out.frame[2] & 0x7FD5, 4);
    }
    for (int r = 0; r < 8; r++) {
        putc(r ? ',' : ' ');
        puthex(gb_out.gpr[r], 8);
    }
    if (gb_out.vec == 0xFFFFFFFFu) {
        puts(" efl=");
        puthex(gb_out.eflags & 0x7FD5, 8);
    }
    for (int s = 0; s < 6; s++) {
        putc(s ? ',' : ' ');
        puthex(gb_out.sreg[s], 4);
    }
    if (assist_range_written())
        puts(" assist-range");
    if (restored) {
        puts(" restored=");
        puthex(restored, 1);
    }
    putc('\n');
}

/* A chunk that jumps to the reset stub (F000:FFF0 and friends) starts
 * this guest again from the top: say so and end the run (the script then
 * counts that chunk as an escape) instead of looping.  The mark lives
 * where no real-mode address reaches and no 16-bit offset from SANDBOX
 * does. */
#define RESTART_MARK ((volatile u32 *)0x1F00000u)
#define RESTART_MAGIC 0x6A7B6E2Eu

void garbage_main(void)
{
    __asm__ volatile("call serial_init32" ::: "memory");
    if (*RESTART_MARK == RESTART_MAGIC) {
        puts("garbage: started again (a chunk reached the reset path)\n");
        finish(2);
    }
    *RESTART_MARK = RESTART_MAGIC;
    load_gdt();
    parse_options();
    setup_memory();
    pic_init();
    puts("garbage: seed ");
    putdec(opt.seed);
    puts(" first ");
    putdec(opt.first);
    puts(" chunks ");
    putdec(opt.chunks);
    putc('\n');
    for (u32 n = opt.first; n < opt.first + opt.chunks; n++)
        chunk(n);
    puts("garbage: end\n");
    finish(0);
}
