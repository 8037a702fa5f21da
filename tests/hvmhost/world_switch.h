/* Xen's side of the assist's world switch (xen-abi.md, "World switches"). */
#ifndef HVMHOST_WORLD_SWITCH_H
#define HVMHOST_WORLD_SWITCH_H

#include <vmxassist/types.h>

struct vcpu;

/* The guest wrote CR0 = new_cr0 (already validated, ET set, RIP already
 * past the instruction).  Does INVOKE, RESTORE or just records the value,
 * and keeps the VMCB CR0 consistent with the virtual one. */
void assist_cr0_written(struct vcpu *v, u32 new_cr0, int is_clts, int verbose);

/* Segment attribute conversions (also used by tests of the dump). */
u32 svm_attrib_to_vmx_ar(u16 attrib, int is_tr);
u16 vmx_ar_to_svm_attrib(u32 ar, int is_tr);

#endif
