/* Verdicts.  QEMU's isa-debug-exit turns a write of V into exit status
 * (V << 1) | 1; if that device is missing we halt instead. */
#include <stdarg.h>
#include "host_fail.h"
#include "counters.h"
#include "cpu.h"
#include "log.h"

void host_exit_with(u32 value, unsigned size)
{
    counters_print("");
    log_printf("hvmhost: exit value 0x%x (QEMU status %u)\n", value, ((value << 1) | 1) & 0xFF);
    port_out(DEBUG_EXIT_PORT, size, value);
    halt_forever();
}

void log_failure(const char *fmt, va_list ap)
{
    log_printf("hvmhost: FAIL: ");
    log_vprintf(fmt, ap);
    log_printf("\n");
}

void host_fail(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    log_failure(fmt, ap);
    va_end(ap);
    host_exit_with(HOST_FAILURE_VALUE, 1);
}
