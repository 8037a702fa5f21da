/* The assist's own counters (struct vcpu_stats in the blob: VM86 traps,
 * emulated instructions, IRQs reflected, INVOKEs, RESTOREs), read from its
 * memory when hvmhost prints its counters.  The runner finds their
 * address in the blob's symbol map (symbol vmxa_stats) and passes it as
 * the option stats=ADDRESS (decimal): the blob spends no byte on reporting them. */
#ifndef HVMHOST_ASSIST_STATS_H
#define HVMHOST_ASSIST_STATS_H

#include <vmxassist/types.h>

void assist_stats_at(u32 gpa);
/* Print them as `PREFIXassist_NAME value` (nothing without stats=). */
void assist_stats_print(const char *prefix);

#endif
