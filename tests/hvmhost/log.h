/* The host's own log: a debug console on port 0x4E9, separate from the
 * guest's 0xE9, so that a guest can never forge host messages. */
#ifndef HVMHOST_LOG_H
#define HVMHOST_LOG_H

#include <stdarg.h>
#include <vmxassist/types.h>

#define HOST_LOG_PORT 0x4E9

/* Supports %s %c %d %u %x %p, width, '-' (strings) and '0' flags, ll. */
void log_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_vprintf(const char *fmt, va_list ap);
void log_hexbytes(const u8 *p, u32 n);

#endif
