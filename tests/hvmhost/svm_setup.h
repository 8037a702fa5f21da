/* Turning SVM on and giving vCPU 0 its VMCB and first state. */
#ifndef HVMHOST_SVM_SETUP_H
#define HVMHOST_SVM_SETUP_H

#include <vmxassist/types.h>
#include "firmware_view.h"

struct vcpu;

/* Check for SVM, set EFER.SVME and the host save area. */
void svm_enable(void);
/* Intercepts, I/O permission map, nested paging for one vCPU. */
void vmcb_init_controls(struct vcpu *v, u32 ncr3);
/* Assist mode: flat 32-bit protected mode at the assist's entry. */
void vmcb_set_assist_entry(struct vcpu *v);
/* Native mode: real mode at the reset vector F000:FFF0. */
void vmcb_set_reset_state(struct vcpu *v);

/* Ports whose guest accesses the host handles itself. */
#define IOPM_TRAPPED_PORTS { 0x20, 0x21, 0xA0, 0xA1, 0xF4, 0x4E9, FIRMWARE_VIEW_PORTS }

#endif
