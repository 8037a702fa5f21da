/* Running a vCPU until the guest or the host ends the run. */
#ifndef HVMHOST_RUN_LOOP_H
#define HVMHOST_RUN_LOOP_H

struct vcpu;
struct options;

void run_vcpu(struct vcpu *v, const struct options *o) __attribute__((noreturn));

#endif
