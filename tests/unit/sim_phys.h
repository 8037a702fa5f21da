/*
 * A simulated guest-physical memory for the paging unit tests: sparse 4-KiB
 * pages anywhere in a 52-bit space, allocated on first write; memory never
 * written reads as 0.  It is the backend the walker links against in the
 * host build (phys_read/phys_write/phys_set_bits), and it can play the
 * hypervisor's CPUID leaves too (hv_read_qword/hv_write_qword), so that the
 * blob's path above 4 GiB (paging/phys_high.c) runs against it.
 */
#ifndef SIM_PHYS_H
#define SIM_PHYS_H

#include <vmxassist/types.h>

/* How the backend reaches memory at or above 4 GiB. */
enum sim_high {
    SIM_HIGH_DIRECT,      /* like the low memory */
    SIM_HIGH_VIA_LEAVES,  /* through phys_high.c and the simulated leaves */
    SIM_HIGH_READ_ONLY,   /* Xen's interface: a read leaf, no write leaf */
    SIM_HIGH_NONE,        /* no hypervisor leaf at all */
};

void sim_reset(enum sim_high high);
void sim_write(u64 pa, const void *buf, unsigned n);
void sim_read(u64 pa, void *buf, unsigned n);
void sim_put32(u64 pa, u32 v);
void sim_put64(u64 pa, u64 v);
u32 sim_get32(u64 pa);
u64 sim_get64(u64 pa);

/* Counters of what went through the simulated leaves. */
extern unsigned sim_leaf_reads, sim_leaf_writes;

/* A copy of every allocated page, to find out afterwards which bytes an
 * operation changed. */
struct sim_change {
    u64 pa;
    u8 before, after;
};
void sim_snapshot(void);
/* The bytes that differ from the snapshot, in address order; returns how
 * many (up to max are stored). */
unsigned sim_changes(struct sim_change *out, unsigned max);

#endif
