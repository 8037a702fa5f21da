/* Counters printed at the end of a run, one `name value` per line. */
#ifndef HVMHOST_COUNTERS_H
#define HVMHOST_COUNTERS_H

#include <vmxassist/types.h>

struct counters {
    u64 invoke, restore, invoke_from_assist;
    u64 cr0_writes;
    u64 pic_writes, pic_reprograms;
    u64 host_cr0_repairs;       /* #VMEXITs that left the guest's CR0 (host_paging.c) */
    u64 guest_insns;            /* sum of TSC deltas around VMRUN */
    u64 tsc_first_vmrun;
    int running;                /* the first VMRUN has happened */
};

extern struct counters counters;

void counters_count_exit(u32 exitcode);
const char *exit_name(u32 exitcode);
/* Every counter as `PREFIXname value`: "" at the end of a run, "mark_"
 * at a COM1 milestone (milestone.c). */
void counters_print(const char *prefix);
/* The instruction counts of the next counters_print are those at TSC
 * value TSC (a milestone's byte: what runs after it does not count). */
void counters_stamp(u64 tsc);

#endif
