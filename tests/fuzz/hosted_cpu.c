/*
 * The privileged instructions the engine executes on the guest's behalf
 * or for its own waiting, played for a user-mode (hosted) build.
 *
 * Inside the blob the assist runs at CPL 0: it reads and writes ports,
 * debug registers and MSRs, opens an interrupt window with STI/CLI, waits
 * with HLT, shuts down with LIDT and INT3.  In a Linux process each of
 * these raises #GP (SIGSEGV) or #BP (SIGTRAP).  hosted_cpu_install() takes
 * those signals: an instruction it knows is completed as a machine
 * without devices would (IN reads all ones, OUT and CLI/STI/WBINVD do
 * nothing, MOV from a debug or control register reads 0, RDMSR/WRMSR/
 * RDPMC/FXRSTOR take their exception fixup as the blob's trap handler
 * would: fixup_vector = #GP, resume after the instruction; FWAIT/FLDCW
 * with an unmasked x87 exception pending likewise, with #MF), and HLT, the
 * shutdown's INT3 and the interrupt-window budget end the run
 * (hosted_cpu_stop).  Any other fault is a real one: it goes on to the
 * handler that was there before (libFuzzer's, the sanitizers').
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <string.h>
#include <ucontext.h>
#include <vmxassist/vcpu.h>
#include "hosted_cpu.h"

struct hosted_cpu hosted;

static struct sigaction old_segv, old_trap, old_fpe;

/* ModRM register number (with REX.B) to the saved register. */
static const int gpr_slot[16] = {
    REG_RAX, REG_RCX, REG_RDX, REG_RBX, REG_RSP, REG_RBP, REG_RSI, REG_RDI,
    REG_R8, REG_R9, REG_R10, REG_R11, REG_R12, REG_R13, REG_R14, REG_R15,
};

/* Bytes after a ModRM byte at p in 64-bit code (SIB, displacement). */
static unsigned modrm_tail(const u8 *p)
{
    unsigned mod = p[0] >> 6, rm = p[0] & 7, n = 1;

    if (mod == 3)
        return n;
    if (rm == 4) {                  /* SIB; base 101 with mod 00: disp32 */
        if ((p[n++] & 7) == 5 && mod == 0)
            n += 4;
    } else if (mod == 0 && rm == 5) {   /* RIP-relative */
        n += 4;
    }
    if (mod == 1)
        n += 1;
    else if (mod == 2)
        n += 4;
    return n;
}

static void stop(int why)
{
    siglongjmp(hosted.stop, why);
}

/* Returns the length of the instruction completed, 0 if it is not one of
 * ours. */
static unsigned play(ucontext_t *uc, int sig)
{
    greg_t *g = uc->uc_mcontext.gregs;
    const u8 *ip = (const u8 *)g[REG_RIP], *p = ip;
    unsigned osz = 4, rex = 0;

    if (sig == SIGTRAP) {
        /* INT3 has run: RIP is past it.  Only triple_fault() has one. */
        if (p[-1] == 0xCC)
            stop(HOSTED_SHUTDOWN);
        return 0;
    }
    for (;; p++) {
        if (*p == 0x66)
            osz = 2;
        else if ((*p & 0xF0) == 0x40)
            rex = *p;
        else
            break;
    }
    if (sig == SIGFPE) {
        /* #MF at exec_fpu.c's FWAIT or FLDCW m16 (D9 /5, with a REX
         * prefix when the compiler addresses it through R8-R15): fixed up */
        if (p[0] == 0x9B || (p[0] == 0xD9 && ((p[1] >> 3) & 7) == 5 && p[1] < 0xC0)) {
            hosted.v->fixup_vector = X86_MF;
            hosted.v->fixup_error = 0;
            return (unsigned)(p + (p[0] == 0x9B ? 1 : 1 + modrm_tail(p + 1)) - ip);
        }
        return 0;
    }
    switch (p[0]) {
    case 0xFA:                      /* CLI */
        return (unsigned)(p + 1 - ip);
    case 0xFB:                      /* STI: the interrupt window of a poll */
        if (++hosted.windows > hosted.window_budget)
            stop(HOSTED_BUDGET);
        return (unsigned)(p + 1 - ip);
    case 0xF4:                      /* HLT: waits for an IRQ that never comes */
        stop(HOSTED_HALT);
        return 0;
    case 0xE4: case 0xE5: case 0xEC: case 0xED: {   /* IN */
        u64 ones = p[0] & 1 ? (osz == 2 ? 0xFFFFu : 0xFFFFFFFFu) : 0xFFu;
        g[REG_RAX] = (greg_t)(((u64)g[REG_RAX] & ~ones) | ones);
        return (unsigned)(p + (p[0] & 8 ? 1 : 2) - ip);
    }
    case 0xE6: case 0xE7: case 0xEE: case 0xEF:     /* OUT */
        return (unsigned)(p + (p[0] & 8 ? 1 : 2) - ip);
    case 0x0F:
        break;
    default:
        return 0;
    }
    switch (p[1]) {
    case 0x08: case 0x09:           /* INVD, WBINVD */
        return (unsigned)(p + 2 - ip);
    case 0x20: case 0x21:           /* MOV from CR, DR: reads 0 */
        g[gpr_slot[(p[2] & 7) | (rex & 1) << 3]] = 0;
        return (unsigned)(p + 3 - ip);
    case 0x22: case 0x23:           /* MOV to CR, DR */
        return (unsigned)(p + 3 - ip);
    case 0x01:                      /* LIDT of triple_fault(): INT3 follows */
        if (((p[2] >> 3) & 7) == 3)
            return (unsigned)(p + 2 + modrm_tail(p + 2) - ip);
        return 0;
    case 0x30: case 0x32: case 0x33: /* WRMSR, RDMSR, RDPMC: fixed up */
        hosted.v->fixup_vector = X86_GP;
        hosted.v->fixup_error = 0;
        return (unsigned)(p + 2 - ip);
    case 0xAE:                      /* FXRSTOR refusing reserved MXCSR bits */
        if (((p[2] >> 3) & 7) != 1)
            return 0;
        hosted.v->fixup_vector = X86_GP;
        hosted.v->fixup_error = 0;
        return (unsigned)(p + 2 + modrm_tail(p + 2) - ip);
    default:
        return 0;
    }
}

static void on_signal(int sig, siginfo_t *si, void *ctx)
{
    ucontext_t *uc = ctx;
    const struct sigaction *old = sig == SIGTRAP ? &old_trap : sig == SIGFPE ? &old_fpe : &old_segv;
    unsigned n = 0;

    /* A #GP comes as SI_KERNEL (a page fault would name its address): an
     * instruction refused for privilege, if it is one of ours. */
    if (hosted.active && (sig != SIGSEGV || si->si_code == SI_KERNEL))
        n = play(uc, sig);
    if (n) {
        uc->uc_mcontext.gregs[REG_RIP] += n;
        return;
    }
    /* A real fault: to whoever handled it before us. */
    if (old->sa_flags & SA_SIGINFO)
        old->sa_sigaction(sig, si, ctx);
    else if (old->sa_handler != SIG_IGN && old->sa_handler != SIG_DFL)
        old->sa_handler(sig);
    else {
        signal(sig, SIG_DFL);
        raise(sig);
    }
}

void hosted_cpu_install(void)
{
    struct sigaction sa;

    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_signal;
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGSEGV, &sa, &old_segv);
    sigaction(SIGTRAP, &sa, &old_trap);
    sigaction(SIGFPE, &sa, &old_fpe);
}
