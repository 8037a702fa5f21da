/* Everything hvmhost knows about one guest vCPU.  Only vCPU 0 exists today;
 * keeping it all in one struct is what makes a second one cheap later. */
#ifndef HVMHOST_VCPU_H
#define HVMHOST_VCPU_H

#include <vmxassist/types.h>
#include "pic.h"

/* General registers that VMRUN does not keep in the VMCB (RAX and RSP live
 * there), whole: a 64-bit guest's upper halves must survive its exits.
 * The host (32-bit code) never touches R8-R15, so they stay in the CPU.
 * vmrun.S knows these offsets. */
struct guest_gprs {
    u64 ebx, ecx, edx, esi, edi, ebp;
};

struct vcpu {
    u32 id;
    u8 *vmcb;                   /* 4 KiB aligned, host-physical = virtual */
    struct guest_gprs gprs;
    u32 vcr0;                   /* the CR0 the guest believes it has */
    int in_assist;              /* between INVOKE and RESTORE */
    int waiting_in_hlt;         /* HLT intercept off, INTR intercept on */
    u32 hlt_rip;                /* where that HLT is */
    struct pic_tracker pics;
};

/* GPR by ModRM register number (0 = EAX ... 7 = EDI). */
u32 vcpu_gpr(const struct vcpu *v, unsigned n);
void vcpu_set_gpr(struct vcpu *v, unsigned n, u32 value);

/* Set the guest-visible CR0 and the one the hardware runs with (which
 * keeps PE=1 while the guest is virtually in real mode); keeps EFER.LMA
 * consistent (long mode is active iff LME and PG). */
void vcpu_set_cr0(struct vcpu *v, u32 virtual_cr0, u32 hardware_cr0);

/* Report with a state dump, print the counters and stop with a failure
 * verdict (QEMU exit status 0xFF). */
void vcpu_fail(struct vcpu *v, const char *fmt, ...)
    __attribute__((noreturn, format(printf, 2, 3)));
void vcpu_dump(struct vcpu *v);

#endif
