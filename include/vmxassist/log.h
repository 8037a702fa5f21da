/* The debug log on port 0xE9.  With VMXA_DEBUG=0 every call compiles away
 * (the arguments are still type-checked but never evaluated at run time). */
#ifndef VMXASSIST_LOG_H
#define VMXASSIST_LOG_H

#include <stdarg.h>
#include "types.h"

#define DEBUG_PORT 0xE9

#ifndef VMXA_DEBUG
#define VMXA_DEBUG 1
#endif
/* TRACE=1: log every emulated instruction (very verbose). */
#ifndef VMXA_TRACE
#define VMXA_TRACE 0
#endif

/* printf subset: %s %c %d %u %x %08x %02x %p, width with 0-padding. */
void log_vprintf(const char *fmt, va_list ap);
void log_printf_always(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int format_string(char *buf, unsigned size, const char *fmt, va_list ap);

#define log_printf(...)                         \
    do {                                        \
        if (VMXA_DEBUG)                         \
            log_printf_always(__VA_ARGS__);     \
    } while (0)

#endif
