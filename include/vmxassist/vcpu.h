/*
 * Per-vCPU state of the assist.  Everything a second vCPU would need its own
 * copy of lives in struct vcpu, reached only through this_vcpu().
 */
#ifndef VMXASSIST_VCPU_H
#define VMXASSIST_VCPU_H

#include "types.h"
#include "seg.h"
#include "abi.h"
#include "selectors.h"
#include "x86.h"
#include "decode.h"
#include "fastform.h"

/* The guest's registers as a trap leaves them on the assist's stack:
 * pushal, then vector/error, then what the CPU pushed.  The last six
 * fields exist only for a trap out of VM86 (and for the guest frame at
 * the top of each vCPU's stack, which is always full size). */
struct trap_frame {
    u32 edi, esi, ebp, esp_unused, ebx, edx, ecx, eax;
    u32 vector, error;
    u32 eip, cs, eflags;
    u32 esp, ss;
    u32 es, ds, fs, gs;
};

/* Reading a GPR by its ModRM number. */
static inline __attribute__((always_inline)) u32 *frame_gpr(struct trap_frame *f, unsigned reg)
{
    /* ModRM order is AX CX DX BX SP BP SI DI; pushal stores DI SI BP SP BX
     * DX CX AX, i.e. reversed, with SP replaced by the frame's esp. */
    if (reg == 4)
        return &f->esp;
    return &f->eax - reg;
}

struct tss32 {
    u16 link, r0;
    u32 esp0;
    u16 ss0, r1;
    u32 esp1;
    u16 ss1, r2;
    u32 esp2;
    u16 ss2, r3;
    u32 cr3, eip, eflags, eax, ecx, edx, ebx, esp, ebp, esi, edi;
    u16 es, r4, cs, r5, ss, r6, ds, r7, fs, r8, gs, r9, ldt, r10;
    u16 trap, iomap_base;
} __attribute__((packed));


/* 8259 state the assist follows in order to virtualize the vector base. */
struct pic_shadow {
    u8 init_step;   /* 0 = operational, else the next ICW expected (2..4) */
    u8 need_icw4;
    u8 single;
};

/* A decoded instruction kept for reuse (include/vmxassist/dcache.h);
 * len 0 = empty. */
struct decoded {
    u32 lin;
    u8 def32;
    u8 len;
    u8 pad;
    u8 cmp_shift;   /* dcache_cmp_shift: the bytes compare as one u32
                     * shifted left this far; DCACHE_CMP_BYTES: one by one */
    struct fast_form f;     /* the fast lane's form (fastform.h) */
    struct insn in;
};
/* 128 bytes in the blob: the slot address is a shift, not a multiply. */
#if defined(__i386__)
BUILD_ASSERT(sizeof(struct decoded) == 128);
#endif

#define VMXA_DCACHE_ENTRIES 32

struct vcpu_stats {
    u32 vm86_traps;       /* traps out of VM86 */
    u32 emulated;         /* instructions emulated (in VM86 traps and loops),
                           * but for stepped */
    u32 irqs_reflected;
    u32 invokes;          /* INVOKE world switches seen */
    u32 restores;         /* RESTORE world switches made */
    u32 stepped;          /* instructions fast_step ran (vm86/fast_step.h), which
                           * emulated does not count: one increment less
                           * on its path; readers add them up */
};

struct vcpu {
    struct trap_frame *regs;    /* the guest frame at the stack top */
    u32 id;
    u32 ap_vector;              /* an AP starts real mode at vector:0 */
    u8 in_vm86;                 /* regs->eflags is the hardware VM86 value */
    u8 cs_from_pm;              /* CS loaded by a far transfer since PE set */
    u8 started;
    u8 int_shadow;              /* STI / MOV SS: the next insn runs first */
    u8 nonrep_seg;              /* the segment VM86 could not hold last time */
    u32 iopl;                   /* guest EFLAGS.IOPL while in VM86 */
    u32 past_limit_lin;         /* emulate.c: where code last ran past CS's limit */
    u32 cr0, cr2, cr3, cr4;
    u32 cr3_hi;                 /* CR3 bits 32-63 (4-level paging) */
    u64 efer;                   /* the guest's IA32_EFER, read at INVOKE */
    u32 gdtr_base, gdtr_limit;
    u32 idtr_base, idtr_limit;
    struct seg_cache seg[SEG_COUNT];
    u8 rm_irqbase[2];           /* guest's real-mode PIC vector bases */
    struct pic_shadow pic[2];
    u16 irq_pending;            /* IRQs acknowledged while the assist waited */
    volatile int fixup_vector;  /* set by a fixed-up fault (fixup.h), else -1 */
    volatile u32 fixup_error;
    struct vcpu_stats stats;
    struct decoded dcache[VMXA_DCACHE_ENTRIES];
    struct vmx_assist_context *oldctx;
    struct tss32 *tss;          /* in trap/desc.c's TSS area */
};

struct vcpu *this_vcpu(void);

#endif
