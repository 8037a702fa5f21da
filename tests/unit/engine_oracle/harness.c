/*
 * The two runs of a case and their comparison.
 *
 * Engine: a vCPU in real mode (CR0.PE clear) whose caches the emulation
 * path would hold: a flat 4 GiB code segment with D=1 (or a 16-bit one based
 * at the instruction's buffer), flat 4 GiB DS/ES/SS/GS, and FS (and ES for
 * 16-bit string addressing) a 64 KiB segment at seg16.  emulate_one() runs
 * the instruction (again while a REP batch leaves EIP on it).
 *
 * Native: an executable buffer holding
 *     pushal; save ESP and ES; load ES; push/popfd the arithmetic flags
 *     and DF; load the eight registers (SS just before ESP); NOPs; the
 *     instruction; store the eight registers; restore SS and ESP;
 *     pushfd/pop; restore ES; cld; popal; ret
 * with the state at fixed addresses.  A fault in the instruction (#DE ->
 * SIGFPE, #SS -> SIGBUS) is caught and resumes at the epilogue (which
 * restores SS), so the registers are
 * stored as the fault left them.  FS (and ES for 16-bit string cases, SS
 * for 16-bit stack cases) is an LDT segment at seg16, the same 64 KiB the
 * engine's FS cache covers.
 *
 * Built 64-bit (engine_oracle64, for machines that cannot run 32-bit
 * programs, see include/vmxassist/host_flags.h) the native half runs in
 * 64-bit mode: native64() rewrites each case's 32-bit code into the same
 * operation there (67 for 32-bit addressing, a SIB byte where ModRM would
 * mean RIP-relative, FF /0 and /1 for INC/DEC 40-4F, 80 for its alias 82)
 * and refuses what 64-bit
 * mode lacks (DAA, DAS, AAA, AAS, SALC, 32-bit ENTER and other stack
 * operations, 16-bit addressing; AAM and AAD are held to the SDM's
 * pseudocode instead, bcd_model); the buffers the cases address lie below 2 GiB (non-PIE
 * statics, the code buffer mapped MAP_32BIT).
 */
#define _GNU_SOURCE
#include <asm/ldt.h>
#include <setjmp.h>
#include <stdarg.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>
#include <vmxassist/dcache.h>
#include "oracle.h"

/* ---- native ------------------------------------------------------------ */

static struct {
    u32 r[8];
    unsigned long flags;        /* PUSHF/POPF's width */
    u32 es;
    u32 ss;
} ns;
static u32 host_es, host_ss;
#ifdef __x86_64__
static u64 host_rsp;
static u8 nb64[24];             /* the case's instruction in 64-bit code */
static unsigned nlen64;
#else
static u32 host_esp;
#endif
static u16 ldt_sel;

#define CODE_SIZE 4096
static u8 *code;                /* prologue, NOP slide, instruction, epilogue */
static unsigned slide_at, epilogue_at;
static volatile sig_atomic_t sig_caught;
static volatile u32 sig_eip;
static u32 native_at;           /* where run_native put the instruction */

static volatile int in_engine;
static sigjmp_buf engine_jmp;

static u8 *put(u8 *p, const char *ops, ...)
{
    /* ops: a string of byte values in hex, "@" for a 32-bit absolute address
     * taken from the arguments. */
    va_list ap;
    va_start(ap, ops);
    for (const char *s = ops; *s; ) {
        if (*s == ' ') {
            s++;
        } else if (*s == '@') {
            u32 a = (u32)(size_t)va_arg(ap, void *);
            memcpy(p, &a, 4);
            p += 4;
            s++;
        } else {
            *p++ = (u8)strtoul(s, (char **)&s, 16);
        }
    }
    va_end(ap);
    return p;
}

#ifdef __x86_64__
/* 64-bit code; "@" is a disp32 that must reach the static below 2 GiB. */
static void build_native(void)
{
    u8 *p = code;

    p = put(p, "53 55");                                /* push %rbx; push %rbp */
    p = put(p, "48 89 24 25 @", &host_rsp);             /* mov %rsp, host_rsp */
    p = put(p, "FF 34 25 @", &ns.flags);                /* push ns.flags */
    p = put(p, "9D");                                   /* popfq */
    p = put(p, "8B 04 25 @ 8B 0C 25 @", &ns.r[0], &ns.r[1]);
    p = put(p, "8B 14 25 @ 8B 1C 25 @", &ns.r[2], &ns.r[3]);
    p = put(p, "8B 2C 25 @ 8B 34 25 @", &ns.r[5], &ns.r[6]);
    p = put(p, "8B 3C 25 @", &ns.r[7]);
    p = put(p, "8B 24 25 @", &ns.r[4]);                 /* mov ns.esp, %esp: last */
    slide_at = (unsigned)(p - code);
    epilogue_at = slide_at + 32;
    p = code + epilogue_at;
    p = put(p, "89 04 25 @ 89 0C 25 @", &ns.r[0], &ns.r[1]);
    p = put(p, "89 14 25 @ 89 1C 25 @", &ns.r[2], &ns.r[3]);
    p = put(p, "89 24 25 @ 89 2C 25 @", &ns.r[4], &ns.r[5]);
    p = put(p, "89 34 25 @ 89 3C 25 @", &ns.r[6], &ns.r[7]);
    p = put(p, "48 8B 24 25 @", &host_rsp);             /* mov host_rsp, %rsp */
    p = put(p, "9C 8F 04 25 @", &ns.flags);             /* pushfq; pop ns.flags */
    p = put(p, "FC 5D 5B C3");                          /* cld; pop %rbp; pop %rbx; ret */
}

/* The case's native bytes (32-bit code) as 64-bit code into nb64, or 0 if
 * 64-bit mode has no such instruction. */
static int native64(const struct tcase *c)
{
    static const u8 gone[] = {      /* one-byte opcodes 64-bit mode lacks */
        0x06, 0x07, 0x0E, 0x16, 0x17, 0x1E, 0x1F, 0x27, 0x2F, 0x37, 0x3F,
        0x60, 0x61, 0x62, 0x9A, 0xC4, 0xC5, 0xCE, 0xD4, 0xD5, 0xD6, 0xEA,
    };
    struct insn in;
    unsigned npfx = 0, at, op, n = 0;

    x86_decode(&in, c->nb, c->nlen, 1);
    if (in.status != DEC_OK || in.len != c->nlen || in.addrsize != 4 || c->es16 || c->ss16)
        return 0;
    /* Stack operations push 8 bytes in 64-bit mode, but for a 16-bit
     * ENTER: it pushes words there too, through RSP and RBP, which hold
     * the case's ESP and EBP zero-extended - as 32-bit code with a flat
     * 32-bit stack does through ESP and EBP (SDM vol. 2, ENTER). */
    if ((in.flags & D_STACK) && !(in.op == OP_ENTER && in.opsize == 2))
        return 0;
    /* the prefixes kept as they are (64-bit mode ignores ES CS SS DS) */
    while (npfx < in.len && memchr("\x66\xF0\xF2\xF3\x26\x2E\x36\x3E", c->nb[npfx], 8))
        npfx++;
    op = c->nb[npfx];
    if (op == 0x64 || op == 0x65 || op == 0x67)
        return 0;                   /* FS, GS: not the harness's segments here */
    for (unsigned i = 0; i < sizeof(gone); i++)
        if (op == gone[i])
            return 0;
    nb64[n++] = 0x67;               /* 32-bit addressing, as in 32-bit code */
    memcpy(nb64 + n, c->nb, npfx);
    n += npfx;
    if (op >= 0x40 && op <= 0x4F) { /* INC/DEC r: REX prefixes in 64-bit mode */
        nb64[n++] = 0xFF;
        nb64[n++] = (u8)(0xC0 | (op & 0x0F));
        nlen64 = n;
        return 1;
    }
    at = npfx + (op == 0x0F ? 2 : 1);
    memcpy(nb64 + n, c->nb + npfx, at - npfx);
    if (op == 0x82)                 /* 80 by another name outside 64-bit mode */
        nb64[n] = 0x80;             /* (SDM vol. 2, table A-6 note) */
    n += at - npfx;
    if ((in.flags & D_MODRM) && (c->nb[at] & 0xC7) == 0x05) {
        /* mod 00, r/m 101: disp32 in 32-bit code, RIP-relative in 64-bit
         * code; a SIB with neither base nor index is disp32 in both. */
        nb64[n++] = (u8)((c->nb[at] & 0x38) | 0x04);
        nb64[n++] = 0x25;
        at++;
    }
    memcpy(nb64 + n, c->nb + at, c->nlen - at);
    nlen64 = n + c->nlen - at;
    return 1;
}

/* AAM and AAD do not exist in 64-bit mode either, but the engine computes
 * them in C (exec_arith.c), so here they are held to the SDM's pseudocode
 * (vol. 2, AAM and AAD) instead of the CPU: the result in AX, #DE for
 * AAM 0, and SF, ZF, PF from the new AL - the flags their cases compare
 * (the rule clears OF, AF, CF: tcase.zero_flags).  Returns the opcode
 * (D4, D5) of such a case, else 0. */
static unsigned bcd_model_op(const struct tcase *c)
{
    return c->nlen == 2 && (c->nb[0] == 0xD4 || c->nb[0] == 0xD5) ? c->nb[0] : 0;
}

static void bcd_model(const struct tcase *c, struct result *res)
{
    u32 ax = c->in.r[REG_AX], base = c->nb[1], al = ax & 0xFF, ah = (ax >> 8) & 0xFF;
    u32 fl = c->in.flags & ~(EFL_SF | EFL_ZF | EFL_PF);

    memcpy(res->out.r, c->in.r, sizeof(res->out.r));
    res->out.flags = c->in.flags;
    res->signo = 0;
    res->eip_delta = 0;
    res->fault = -1;
    if (c->nb[0] == 0xD4) {
        if (!base) {
            res->fault = X86_DE;
            return;
        }
        ah = al / base;
        al = al % base;
    } else {
        al = (al + ah * base) & 0xFF;
        ah = 0;
    }
    res->out.r[REG_AX] = (ax & 0xFFFF0000u) | ah << 8 | al;
    fl |= (al & 0x80 ? EFL_SF : 0) | (al ? 0 : EFL_ZF) |
          (__builtin_parity(al) ? 0 : EFL_PF);
    res->out.flags = fl;
}

int native_runs(const struct tcase *c)
{
    return native64(c) || bcd_model_op(c);
}
#else
int native_runs(const struct tcase *c)
{
    (void)c;
    return 1;
}

static void build_native(void)
{
    u8 *p = code;

    p = put(p, "60");                                   /* pushal */
    p = put(p, "89 25 @", &host_esp);                   /* mov %esp, host_esp */
    p = put(p, "8C 05 @", &host_es);                    /* mov %es, host_es */
    p = put(p, "8E 05 @", &ns.es);                      /* mov ns.es, %es */
    p = put(p, "FF 35 @", &ns.flags);                   /* push ns.flags */
    p = put(p, "9D");                                   /* popfd */
    p = put(p, "A1 @", &ns.r[0]);                       /* mov ns.eax, %eax */
    p = put(p, "8B 0D @ 8B 15 @ 8B 1D @", &ns.r[1], &ns.r[2], &ns.r[3]);
    p = put(p, "8B 2D @ 8B 35 @ 8B 3D @", &ns.r[5], &ns.r[6], &ns.r[7]);
    p = put(p, "8E 15 @", &ns.ss);                      /* mov ns.ss, %ss */
    p = put(p, "8B 25 @", &ns.r[4]);                    /* mov ns.esp, %esp */
    slide_at = (unsigned)(p - code);
    epilogue_at = slide_at + 32;
    p = code + epilogue_at;
    p = put(p, "A3 @", &ns.r[0]);                       /* mov %eax, ns.eax */
    p = put(p, "89 0D @ 89 15 @ 89 1D @ 89 25 @", &ns.r[1], &ns.r[2], &ns.r[3], &ns.r[4]);
    p = put(p, "89 2D @ 89 35 @ 89 3D @", &ns.r[5], &ns.r[6], &ns.r[7]);
    p = put(p, "8E 15 @", &host_ss);                    /* mov host_ss, %ss */
    p = put(p, "8B 25 @", &host_esp);                   /* mov host_esp, %esp */
    p = put(p, "9C 8F 05 @", &ns.flags);                /* pushfd; pop ns.flags */
    p = put(p, "8E 05 @", &host_es);                    /* mov host_es, %es */
    p = put(p, "FC 61 C3");                             /* cld; popal; ret */
}
#endif

static void on_signal(int sig, siginfo_t *si, void *ctx)
{
    ucontext_t *uc = ctx;
#ifdef __x86_64__
    size_t eip = (size_t)uc->uc_mcontext.gregs[REG_RIP];
#define REG_PC REG_RIP
#else
    size_t eip = (size_t)uc->uc_mcontext.gregs[REG_EIP];
#define REG_PC REG_EIP
#endif
    (void)si;

    if (eip >= (size_t)code && eip < (size_t)code + CODE_SIZE) {
        sig_caught = sig;
        sig_eip = (u32)eip;
        uc->uc_mcontext.gregs[REG_PC] = (greg_t)(size_t)(code + epilogue_at);
        return;
    }
    if (in_engine)
        siglongjmp(engine_jmp, sig);        /* the engine's own host code faulted */
    signal(sig, SIG_DFL);                   /* a bug in the test: crash here */
}

static u8 seg16_area[0x10000 + 64] __attribute__((aligned(16)));
static u8 arena_area[ARENA_SIZE] __attribute__((aligned(16)));

void harness_init(void)
{
    static u8 altstack[1 << 16];
    struct user_desc d;
    struct sigaction sa;
    stack_t ss;

    arena = arena_area;
    seg16 = seg16_area;
#ifdef __x86_64__
    code = mmap(NULL, CODE_SIZE, PROT_READ | PROT_WRITE | PROT_EXEC,
                MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
#else
    code = mmap(NULL, CODE_SIZE, PROT_READ | PROT_WRITE | PROT_EXEC,
                MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
#endif
    if (code == MAP_FAILED) {
        perror("engine-oracle: no executable memory (mmap PROT_EXEC)");
        exit(77);
    }
    memset(code, 0x90, CODE_SIZE);
    build_native();

    /* LDT entry 0: a 64 KiB 16-bit data segment at seg16, for FS and ES. */
    memset(&d, 0, sizeof(d));
    d.entry_number = 0;
    d.base_addr = (u32)(size_t)seg16;
    d.limit = 0xFFFF;
    d.seg_32bit = 0;
    d.contents = 0;
    d.useable = 1;
    __asm__ volatile("mov %%ds, %0" : "=r"(host_es));
    __asm__ volatile("mov %%ss, %0" : "=r"(host_ss));
#ifdef __x86_64__
    (void)d;                        /* FS is the C library's in 64-bit code */
    (void)ldt_sel;
#else
    if (syscall(SYS_modify_ldt, 1, &d, sizeof(d)) == 0) {
        have_seg16 = 1;
        ldt_sel = 0x7;                      /* index 0, LDT, RPL 3 */
        __asm__ volatile("mov %0, %%fs" :: "r"(ldt_sel));
    } else {
        perror("engine-oracle: modify_ldt (no 16-bit addressing cases)");
    }
#endif

    ss.ss_sp = altstack;
    ss.ss_size = sizeof(altstack);
    ss.ss_flags = 0;
    sigaltstack(&ss, NULL);
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_signal;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGFPE, &sa, NULL);
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGILL, &sa, NULL);
    sigaction(SIGBUS, &sa, NULL);
    sigaction(SIGTRAP, &sa, NULL);
}

void run_native(const struct tcase *c, struct result *res)
{
    void (*fn)(void) = (void (*)(void))(void *)code;
    int at;

    const u8 *nb = c->nb;
    unsigned nlen = c->nlen;

#ifdef __x86_64__
    if (bcd_model_op(c)) {
        bcd_model(c, res);
        return;
    }
    if (!native64(c)) {             /* one_case asked native_runs() first */
        printf("engine-oracle: a case 64-bit mode cannot run reached run_native\n");
        abort();
    }
    nb = nb64;
    nlen = nlen64;
#endif
    memset(code + slide_at, 0x90, epilogue_at - slide_at);
    memcpy(code + epilogue_at - nlen, nb, nlen);
    memcpy(ns.r, c->in.r, sizeof(ns.r));
    ns.flags = (c->in.flags & (EFL_ARITH | EFL_DF)) | EFL_FIXED1;
    ns.es = c->es16 ? ldt_sel : host_es;
    ns.ss = c->ss16 ? ldt_sel : host_ss;
    sig_caught = 0;
    __asm__ volatile("" ::: "memory");
    fn();
    __asm__ volatile("" ::: "memory");
    memcpy(res->out.r, ns.r, sizeof(ns.r));
    res->out.flags = ns.flags;
    res->signo = sig_caught;
    native_at = (u32)(size_t)code + epilogue_at - nlen;
    at = sig_eip == native_at;
    res->fault = sig_caught == SIGFPE && at ? X86_DE
               : sig_caught == SIGBUS && at && c->ss16 ? X86_SS      /* Linux: #SS -> SIGBUS */
               : sig_caught ? 99 : -1;
    res->eip_delta = 0;
}

/* ---- engine ------------------------------------------------------------ */

static struct vcpu vc;
static struct trap_frame frame;
static u8 ecode[64];

static void seg_set(unsigned s, u16 sel, u32 base, u32 limit, u32 ar)
{
    vc.seg[s].sel = sel;
    vc.seg[s].base = base;
    vc.seg[s].limit = limit;
    vc.seg[s].ar = ar;
}

/* lane: run it through emulate_run, the mode machine's loop, whose fast
 * lane (vm86/fastlane.c) takes MOV, the ALU group, INC/DEC/NOT/NEG and
 * declines the rest to the generic engine: lane 1 as met for the first
 * time (fast_step, from the bytes), lane 2 as met again (the full
 * decoder's cache entry, dcache_fill, run by fast_exec).  IF is clear
 * for it (with IF set the loop opens an
 * interrupt window, STI, after each instruction), and a UD2 after the
 * instruction ends the loop: its #UD at the next EIP means the
 * instruction completed. */
void run_engine(const struct tcase *c, struct result *res, int lane)
{
    const u32 flat_data = SEG_AR_REAL_DATA | VMX_AR_DB | VMX_AR_G;
    const u32 flat_code = SEG_AR_REAL_CODE | VMX_AR_DB | VMX_AR_G;
    u32 seg16_base = (u32)(size_t)seg16;
    volatile u32 eip0;
    int sig;

    memset(&vc, 0, sizeof(vc));
    memset(&frame, 0, sizeof(frame));
    vc.regs = &frame;
    vc.cr0 = CR0_ET;
    vc.fixup_vector = -1;
    for (unsigned i = 0; i < 8; i++)
        *frame_gpr(&frame, i) = c->in.r[i];
    frame.eflags = c->in.flags | c->eflags_extra | EFL_FIXED1;
    memset(ecode, 0xCC, sizeof(ecode));
    memcpy(ecode, c->eb, c->elen);
    if (lane) {
        ecode[c->elen] = 0x0F;      /* UD2 */
        ecode[c->elen + 1] = 0x0B;
        frame.eflags &= ~EFL_IF;
    }
    res->lane_ran = 0;
    if (c->code16) {
        /* A 16-bit CS based so that IP (c->eip16) is at the instruction. */
        eip0 = c->eip16;
        seg_set(SEG_CS, 0x1234, (u32)(size_t)ecode - eip0, 0xFFFF, SEG_AR_REAL_CODE);
    } else {
        eip0 = (u32)(size_t)ecode;
        seg_set(SEG_CS, 0x1234, 0, 0xFFFFFFFFu, flat_code);
    }
    frame.eip = eip0;
    seg_set(SEG_DS, 0, 0, 0xFFFFFFFFu, flat_data);
    seg_set(SEG_SS, 0, 0, 0xFFFFFFFFu, flat_data);
    seg_set(SEG_GS, 0, 0, 0xFFFFFFFFu, flat_data);
    seg_set(SEG_FS, 0x4321, seg16_base, 0xFFFF, SEG_AR_REAL_DATA);
    if (c->ss16)
        seg_set(SEG_SS, 0x4321, seg16_base, 0xFFFF, SEG_AR_REAL_DATA);
    if (c->es16)
        seg_set(SEG_ES, 0x4321, seg16_base, 0xFFFF, SEG_AR_REAL_DATA);
    else
        seg_set(SEG_ES, 0, 0, 0xFFFFFFFFu, flat_data);

    if (lane == 2) {
        struct decoded *e = dcache_fill(&vc, vc.seg[SEG_CS].base + eip0, !c->code16);
        res->lane_ran = e && e->f.lane;
    }
    engine_fault = -1;
    res->signo = 0;
    sig = sigsetjmp(engine_jmp, 1);
    if (sig) {
        res->signo = sig;
    } else {
        in_engine = 1;
        /* A REP string instruction leaves EIP on itself after each batch. */
        for (unsigned n = 0; n < 64; n++) {
            if (lane)
                emulate_run(&vc);
            else
                emulate_one(&vc);
            if (engine_fault >= 0 || frame.eip != eip0)
                break;
        }
        if (lane && engine_fault >= 0 && frame.eip == eip0 + c->elen)
            engine_fault = -1;      /* the UD2 after it (or the CS limit) */
    }
    in_engine = 0;
    if (lane)
        frame.eflags |= (c->in.flags | c->eflags_extra) & EFL_IF;
    for (unsigned i = 0; i < 8; i++)
        res->out.r[i] = *frame_gpr(&frame, i);
    res->out.flags = guest_flags(&vc);
    res->fault = sig ? 99 : engine_fault;
    res->eip_delta = frame.eip - eip0;
    if (lane == 1)
        res->lane_ran = vc.stats.stepped != 0;
}

/* ---- comparison and reports -------------------------------------------- */

static const char *const reg_names[8] = { "eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi" };

static void flag_string(u32 f, char *out)
{
    static const struct { u32 bit; char c; } bits[] = {
        { EFL_OF, 'O' }, { EFL_DF, 'D' }, { EFL_SF, 'S' }, { EFL_ZF, 'Z' },
        { EFL_AF, 'A' }, { EFL_PF, 'P' }, { EFL_CF, 'C' },
    };
    for (unsigned i = 0; i < ARRAY_SIZE(bits); i++)
        *out++ = (f & bits[i].bit) ? bits[i].c : '-';
    *out = 0;
}

int compare(const struct tcase *c, const struct result *e, const struct result *n,
            char *why, unsigned size)
{
    u32 keep = ~(EFL_ARITH | EFL_DF | EFL_RF | EFL_VM);
    u32 in_all = c->in.flags | c->eflags_extra | EFL_FIXED1;

    why[0] = 0;
    if (e->signo) {
        snprintf(why, size, "the engine's own host code raised signal %d", e->signo);
        return 0;
    }
    if (n->fault == 99) {
        snprintf(why, size, "native run got signal %d at %s (a test bug)", n->signo,
                 sig_eip == native_at ? "the instruction"
                                                                     : "another place");
        return 0;
    }
    if (e->fault != n->fault) {
        snprintf(why, size, "fault: engine %d, native %d", e->fault, n->fault);
        return 0;
    }
    /* Not wrapped at 64 KiB in 16-bit code: sequential execution past
     * offset FFFFh raises #GP at the next fetch (80386 PRM 15.6 item 8,
     * vm86/emulate.c), so IP 10000h follows an instruction ending there. */
    u32 want_eip = e->fault >= 0 ? 0 : c->elen;
    if (e->eip_delta != want_eip) {
        snprintf(why, size, "EIP moved by %d, not %u", (int)e->eip_delta, want_eip);
        return 0;
    }
    for (unsigned i = 0; i < 8; i++) {
        if (e->out.r[i] != n->out.r[i]) {
            snprintf(why, size, "%s differs", reg_names[i]);
            return 0;
        }
        if (e->fault >= 0 && e->out.r[i] != c->in.r[i]) {
            snprintf(why, size, "%s changed by a faulting instruction", reg_names[i]);
            return 0;
        }
    }
    if ((e->out.flags ^ n->out.flags) & c->cmp_flags) {
        snprintf(why, size, "flags differ");
        return 0;
    }
    if (e->fault < 0 && (e->out.flags & c->zero_flags)) {
        snprintf(why, size, "flags the rule clears are set");
        return 0;
    }
    if ((e->out.flags & keep) != (in_all & keep) ||
        (e->fault >= 0 && e->out.flags != in_all)) {
        snprintf(why, size, "the engine changed flags it must keep");
        return 0;
    }
    for (unsigned w = 0; w < c->nw; w++) {
        if (memcmp(e->mem[w], n->mem[w], c->w[w].n)) {
            snprintf(why, size, "memory window %u differs", w);
            return 0;
        }
    }
    return 1;
}

static void hex(const u8 *b, unsigned n, unsigned max)
{
    for (unsigned i = 0; i < n && i < max; i++)
        printf("%02x%s", b[i], i + 1 < n ? " " : "");
    if (n > max)
        printf(" ...");
}

static void show_regs(const char *what, const struct regs *r, int fault)
{
    char f[8];
    flag_string(r->flags, f);
    printf("    %-7s", what);
    for (unsigned i = 0; i < 8; i++)
        printf(" %s=%08x", reg_names[i], r->r[i]);
    printf(" fl=%08x %s", r->flags, f);
    if (fault >= 0)
        printf(" fault=%d", fault);
    printf("\n");
}

void report(const char *opname, const struct tcase *c, const u8 (*init)[WIN_BYTES],
            const struct result *e, const struct result *n, const char *why)
{
    printf("MISMATCH %s (%s code): %s\n    engine bytes: ", opname,
           c->code16 ? "16-bit" : "32-bit", why);
    hex(c->eb, c->elen, 16);
    printf("   native bytes: ");
    hex(c->nb, c->nlen, 16);
    printf("%s%s\n", c->es16 ? "   (ES = seg16)" : "", c->ss16 ? "   (SS = seg16, 16-bit)" : "");
    show_regs("input", &c->in, -1);
    printf("            (the engine also gets eflags %08x: flags the native run cannot load)\n",
           c->in.flags | c->eflags_extra | EFL_FIXED1);
    show_regs("engine", &e->out, e->fault);
    show_regs("native", &n->out, n->fault);
    if (c->rot_size)
        printf("            (native OF: the CL form's, by the rule for ROL/ROR imm8 counts 2..31)\n");
    for (unsigned w = 0; w < c->nw; w++) {
        unsigned len = c->w[w].n, first = 0;
        while (first < len && e->mem[w][first] == n->mem[w][first])
            first++;
        unsigned from = first < len && first > 8 ? first - 8 : 0;
        printf("    mem%u at %08x (+%u of %u, operand at +%u)\n      before: ", w,
               (u32)(size_t)c->w[w].p + from, from, len, GUARD);
        hex(init[w] + from, len - from, 24);
        printf("\n      engine: ");
        hex(e->mem[w] + from, len - from, 24);
        printf("\n      native: ");
        hex(n->mem[w] + from, len - from, 24);
        printf("\n");
    }
}
