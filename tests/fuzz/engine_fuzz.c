/*
 * The execution engine under hostile input: libFuzzer target.
 *
 * Each input is a vCPU state and the guest memory around it: the first
 * sizeof(struct fz_state) bytes give CR0 (PE, PG), CR4, EFER, EFLAGS, the
 * eight registers, every segment cache (any base and limit; access rights
 * of the kinds a guest can leave there: code in CS, writable data in SS,
 * any code or data in the others, an LDT in LDTR, a busy TSS in TR, any of
 * them unusable), GDTR, IDTR, CR3, pending IRQs and the PIC vector bases;
 * the rest is copied, piece by piece, to where the engine looks first:
 * the code at CS:EIP, the GDT, the IDT (or IVT), the stack at SS:ESP, the
 * LDT, the TSS, the page directory.  The engine then runs as the mode
 * machine runs it (emulate_run while the guest's IF is set, emulate_one
 * otherwise, the IRQ poll, at most 64 rounds; or first as a #GP out of
 * VM86, the VM86 fast path) in a 4 GiB guest space of its own, with no
 * access past its end (VMXA_GUEST_BASE, include/vmxassist/guest_ptr.h) - the PE
 * window, big and 16-bit protected-mode caches in real mode, task
 * switches, gates and paging included, none of which the hostile-input
 * system test (garbage.sh) starts in.
 *
 * What fails: a crash, a sanitizer report (ASan, UBSan) or a run that does
 * not end (libFuzzer's -timeout).  Privileged instructions the engine runs
 * are played by hosted_cpu.c.  tests/fuzz/engine-smoke runs it in
 * `make check`; `make fuzz-engine` runs it longer.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <vmxassist/engine.h>
#include <vmxassist/log.h>
#include "hosted_cpu.h"

#define GUEST_SPACE (1ull << 32)
#define GUEST_GUARD 0x10000         /* no access: a read past 4 GiB that did
                                     * not wrap is the assist's bug (in the
                                     * blob it is a #GP of its own, or worse) */
#define GUEST_AT    0x500000000000ull  /* 4 GiB-aligned, in ASan's high memory */
#define ROUNDS      64
#define CR4_OSFXSR_BIT (1u << 9)

u8 *vmxa_guest_base;

struct fz_state {
    u8 mode;            /* bit 0 PE, 1 PG, 2 PAE, 3 LME, 4 NXE, 5 PSE, 6 int_shadow, 7 OSFXSR */
    u8 ar_kind[8];      /* per segment register: which access rights (seg_ar) */
    u8 db_g;            /* bits 0-5: D/B of ES..GS; bits 6,7: G of CS, SS */
    u8 rm_irqbase[2];
    u16 irq_pending;
    u16 sel[8];
    u32 base[8];
    u32 limit[8];
    u32 gpr[8];
    u32 eflags;
    u32 eip;
    u32 gdtr_base, idtr_base, cr3;
    u16 gdtr_limit, idtr_limit;
    u8 extra;           /* bit 0: start as a trap out of VM86 (real mode only);
                         * bit 1: every GDT descriptor present, bit 2: every
                         * IDT gate present (more transfers get further) */
} __attribute__((packed));

static struct vcpu vc;
static struct trap_frame frame;
static struct tss32 assist_tss;

/* Access rights of a kind a guest can leave in segment register s. */
static u32 seg_ar(unsigned s, u8 kind, int db, int g)
{
    u32 type = kind & 0xF, dpl = (kind >> 4) & 3, ar;

    if ((kind & 0xC0) == 0xC0 && s != SEG_CS)
        return VMX_AR_UNUSABLE;
    if (s == SEG_LDTR)
        return VMX_AR_P | 0x2;
    if (s == SEG_TR)
        return VMX_AR_P | (kind & 1 ? 0xB : 0x3);
    if (s == SEG_CS)
        type |= 0x8;                            /* code */
    else if (s == SEG_SS)
        type = (type & 0x5) | 0x2;              /* writable data */
    ar = VMX_AR_P | VMX_AR_S | type | dpl << VMX_AR_DPL_SHIFT;
    if (db)
        ar |= VMX_AR_DB;
    if (g)
        ar |= VMX_AR_G;
    return ar;
}

static void put(u32 at, const u8 **p, size_t *left, size_t n)
{
    if (n > *left)
        n = *left;
    for (size_t i = 0; i < n; i++)      /* byte by byte: wraps at 4 GiB */
        vmxa_guest_base[(u32)(at + i)] = (*p)[i];
    *p += n;
    *left -= n;
}

static void setup(const struct fz_state *st, const u8 *p, size_t left)
{
    memset(&vc, 0, sizeof(vc));
    memset(&frame, 0, sizeof(frame));
    vc.regs = &frame;
    vc.tss = &assist_tss;
    vc.fixup_vector = -1;
    vc.past_limit_lin = ~0u;
    vc.cr0 = CR0_ET | CR0_NE | (st->mode & 1 ? CR0_PE : 0);
    if ((st->mode & 3) == 3)
        vc.cr0 |= CR0_PG;
    vc.cr4 = (st->mode & 4 ? CR4_PAE : 0) | (st->mode & 32 ? CR4_PSE : 0) |
             (st->mode & 128 ? CR4_OSFXSR_BIT : 0);
    vc.efer = (st->mode & 8 ? EFER_LME : 0) | (st->mode & 16 ? EFER_NXE : 0);
    vc.cr3 = st->cr3;
    vc.int_shadow = (st->mode >> 6) & 1;
    vc.gdtr_base = st->gdtr_base;
    vc.gdtr_limit = st->gdtr_limit;
    vc.idtr_base = st->idtr_base;
    vc.idtr_limit = st->idtr_limit;
    vc.rm_irqbase[0] = st->rm_irqbase[0];
    vc.rm_irqbase[1] = st->rm_irqbase[1];
    vc.irq_pending = st->irq_pending;
    for (unsigned s = 0; s < SEG_COUNT; s++) {
        int db = s < 6 ? (st->db_g >> s) & 1 : 0;
        int g = s == SEG_CS ? st->db_g >> 6 & 1 : s == SEG_SS ? st->db_g >> 7 : st->ar_kind[s] >> 7;
        vc.seg[s].sel = st->sel[s];
        vc.seg[s].base = st->base[s];
        vc.seg[s].limit = g ? st->limit[s] | 0xFFF : st->limit[s] & 0xFFFFF;
        vc.seg[s].ar = seg_ar(s, st->ar_kind[s], db, g);
        if (vc.seg[s].ar & VMX_AR_UNUSABLE)
            vc.seg[s].limit = 0;
    }
    for (unsigned i = 0; i < 8; i++)
        *frame_gpr(&frame, i) = st->gpr[i];
    frame.eflags = (st->eflags & ~(EFL_VM | EFL_RF)) | EFL_FIXED1;
    frame.eip = st->eip;

    /* The guest memory the engine reads first; all else is zero. */
    put(vc.seg[SEG_CS].base + frame.eip, &p, &left, 48);
    put(vc.gdtr_base, &p, &left, 64);
    put(vc.idtr_base, &p, &left, 64);
    for (unsigned i = 0; i < 8; i++) {         /* the P bit: byte 5 */
        if (st->extra & 2)
            vmxa_guest_base[(u32)(vc.gdtr_base + i * 8 + 5)] |= 0x80;
        if ((st->extra & 4) && (vc.cr0 & CR0_PE))
            vmxa_guest_base[(u32)(vc.idtr_base + i * 8 + 5)] |= 0x80;
    }
    put(vc.seg[SEG_SS].base + frame.esp - 16, &p, &left, 32);
    put(vc.seg[SEG_LDTR].base, &p, &left, 32);
    put(vc.seg[SEG_TR].base, &p, &left, 104);
    put(vc.cr3 & ~0xFFFu, &p, &left, 64);
    put(vc.seg[SEG_DS].base + frame.esi, &p, &left, left);
}

/* A #GP out of VM86 as trap/dispatch.c takes it: the VM86 fast path on
 * the frame, else the general path.  The caches become what VM86 gives
 * (base selector * 16, 64 KiB). */
static void vm86_trap(struct vcpu *v)
{
    static const u8 segs[] = { SEG_ES, SEG_CS, SEG_SS, SEG_DS, SEG_FS, SEG_GS };

    for (unsigned i = 0; i < sizeof(segs); i++)
        seg_load_vm86(&v->seg[segs[i]], v->seg[segs[i]].sel);
    v->regs->eip &= 0xFFFF;
    vm86_enter(v);
    if (vm86_fast_path(v, v->regs)) {
        vm86_leave(v);
        return;
    }
    vm86_leave(v);
    emulate_one(v);
}

/* The mode machine's loop (vm86/mode.c guest_resume) minus its exits:
 * a real-mode state VM86 could run is run here too. */
static void run(struct vcpu *v, int vm86)
{
    if (vm86 && !(v->cr0 & CR0_PE))
        vm86_trap(v);
    for (unsigned n = 0; n < ROUNDS; n++) {
        if (v->int_shadow) {
            v->int_shadow = 0;
            emulate_one(v);
            continue;
        }
        if ((v->cr0 & CR0_PE) && v->cs_from_pm)
            return;                 /* RESTORE to protected mode */
        if (v->regs->eflags & EFL_IF)
            emulate_run(v);         /* its polls count against the budget */
        else
            emulate_one(v);
        if (v->regs->eflags & EFL_IF)
            irq_poll(v);
    }
}

/* ENGINE_FUZZ_STATS=1: how the runs went, at exit (is it reaching far?). */
static struct {
    unsigned long runs, ends[5], emulated, pe, pg, restores;
} stats;

static void print_stats(void)
{
    fprintf(stderr, "engine-fuzz: %lu runs (%lu with PE, %lu with PG), %lu instructions "
            "emulated; ended by: rounds %lu, HLT %lu, shutdown %lu, poll budget %lu, "
            "RESTORE %lu\n", stats.runs, stats.pe, stats.pg, stats.emulated, stats.ends[0],
            stats.ends[1], stats.ends[2], stats.ends[3], stats.ends[4]);
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
    /* The guest's x87 and SSE state lives in the real FPU (exec_fpu.c:
     * FLDCW, FXRSTOR): the fuzzer's own floating point must get its own
     * back, or an exception the guest unmasked fires in libFuzzer. */
    static u8 host_fpu[512] __attribute__((aligned(16)));
    struct fz_state st;
    int why;

    if (size < sizeof(st))
        return 0;
    if (!vmxa_guest_base) {
        void *m = mmap((void *)GUEST_AT, GUEST_SPACE + GUEST_GUARD, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED_NOREPLACE, -1, 0);
        if (m != (void *)GUEST_AT ||
            mprotect((u8 *)m + GUEST_SPACE, GUEST_GUARD, PROT_NONE)) {
            perror("engine-fuzz: cannot map the 4 GiB guest space");
            abort();
        }
        vmxa_guest_base = m;
        hosted_cpu_install();
        if (getenv("ENGINE_FUZZ_STATS"))
            atexit(print_stats);
    }
    memcpy(&st, data, sizeof(st));
    setup(&st, data + sizeof(st), size - sizeof(st));
    hosted.v = &vc;
    hosted.windows = 0;
    hosted.window_budget = 4 * ROUNDS;
    stats.pe += (vc.cr0 & CR0_PE) != 0;
    stats.pg += (vc.cr0 & CR0_PG) != 0;
    __asm__ volatile("fxsave64 %0" : "=m"(host_fpu));
    why = sigsetjmp(hosted.stop, 1);
    if (!why) {
        hosted.active = 1;
        run(&vc, st.extra & 1);
        if ((vc.cr0 & CR0_PE) && vc.cs_from_pm)
            why = HOSTED_RESTORE;
    }
    hosted.active = 0;
    __asm__ volatile("fxrstor64 %0" :: "m"(host_fpu));
    stats.runs++;
    stats.ends[why]++;
    stats.emulated += vc.stats.emulated + vc.stats.stepped;
    /* Back to all zero: drop every page the run touched. */
    madvise(vmxa_guest_base, GUEST_SPACE, MADV_DONTNEED);
    return 0;
}

/* ---- what only exists inside the blob ---------------------------------- */

void world_restore(struct vcpu *v)
{
    (void)v;
    siglongjmp(hosted.stop, HOSTED_RESTORE);
}

void desc_trap_port(u16 port)
{
    (void)port;
}

/* vm86/exec_arith.c: the 64-bit build has no DAA, DAS, AAA, AAS; here the
 * operation leaves AX and the flags as they were. */
void host_cannot_bcd(void)
{
}

/* The debug log: formatted (format_string is the blob's too), dropped. */
void log_printf_always(const char *fmt, ...)
{
    char line[256];
    va_list ap;

    va_start(ap, fmt);
    format_string(line, sizeof(line), fmt, ap);
    va_end(ap);
}
