/* The assist's own GDT layout, shared by C and assembly. */
#ifndef VMXASSIST_SELECTORS_H
#define VMXASSIST_SELECTORS_H

#define SEL_CODE32      0x08
#define SEL_DATA32      0x10
#define SEL_TSS0        0x18    /* + 8 * vCPU id */

/* One vCPU: the Xen 3.x interface has a single context pair at +12/+16,
 * so APs in real mode at once need an interface extension (later).  The
 * per-vCPU arrays are sized by this; the blob has 64 KiB in all. */
#define VMXA_MAX_CPUS    1
/* Each vCPU's stack: the worst case tools/stack-depth proves (1956 bytes:
 * a VM86 trap whose HLT reflects an IRQ whose delivery goes through a task
 * gate and a page walk above 4 GiB), rounded up, plus a 256-byte margin.
 * `make check` fails when that no longer fits: rerun the tool and raise it. */
#define VMXA_STACK_SIZE  2304
/* DEBUG builds paint the stacks with this at boot (trap/head.S), so the
 * deepest use can be read back (trap/stack_high_water.c). */
#define VMXA_STACK_PAINT 0xA5A5A5A5

/* Trap numbers the dispatcher sees besides the 48 IDT vectors. */
#define VEC_IRQ_BASE    0x20
#define VEC_WORLD_ENTRY 0x100   /* INVOKE: the hypervisor loaded our context */

#endif
