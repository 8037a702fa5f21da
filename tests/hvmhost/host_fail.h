/* Stopping the whole machine: verdicts go to QEMU's isa-debug-exit port. */
#ifndef HVMHOST_HOST_FAIL_H
#define HVMHOST_HOST_FAIL_H

#include <stdarg.h>
#include <vmxassist/types.h>

#define DEBUG_EXIT_PORT     0xF4
#define HOST_FAILURE_VALUE  0x7F    /* QEMU exit status (0x7F << 1) | 1 = 0xFF */

/* Log "hvmhost: FAIL: <msg>", print the counters, exit with a failure. */
void host_fail(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
/* Log "hvmhost: FAIL: <msg>" (the common first line of every failure). */
void log_failure(const char *fmt, va_list ap);
/* Print the counters and leave QEMU with the guest's verdict. */
void host_exit_with(u32 value, unsigned size) __attribute__((noreturn));

#endif
