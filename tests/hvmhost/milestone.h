/* Milestones on the guest's COM1 (options mark= and stop=): hvmhost
 * watches the bytes the guest writes to 0x3F8 and, when a given string has
 * been written, prints the counters as they are at that byte (mark) or
 * ends the run there (stop).  Under --icount that is the exact instruction
 * count to the milestone, the same natively and under the assist. */
#ifndef HVMHOST_MILESTONE_H
#define HVMHOST_MILESTONE_H

#include <vmxassist/types.h>

#define COM1_DATA_PORT 0x3F8

/* Take an option's value, the string as hex digits (the kernel command
 * line splits on spaces).  Returns 0 if it is not valid hex or too long. */
int milestone_set_mark(const char *hex, u32 len);
int milestone_set_stop(const char *hex, u32 len);
/* Is COM1 to be watched (some milestone set)? */
int milestone_watching(void);
/* The guest wrote BYTE to COM1: pass it on to the UART, then match. */
void milestone_com1_out(u8 byte);

#endif
