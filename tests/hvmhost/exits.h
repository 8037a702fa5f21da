/* One handler per kind of #VMEXIT.  Each leaves the VMCB ready for the next
 * VMRUN (RIP advanced, results in registers) or stops the run. */
#ifndef HVMHOST_EXITS_H
#define HVMHOST_EXITS_H

struct vcpu;
struct options;

void handle_cr0_write(struct vcpu *v, const struct options *o);
void handle_cpuid(struct vcpu *v);
void handle_ioio(struct vcpu *v);
void handle_npf(struct vcpu *v);

#endif
