/* Debug log output: port 0xE9, the guest's debug console under Xen. */
#include <vmxassist/log.h>
#include <vmxassist/io.h>

void log_vprintf(const char *fmt, va_list ap)
{
    char line[160];
    format_string(line, sizeof(line), fmt, ap);
    for (const char *p = line; *p; p++)
        outb(DEBUG_PORT, (u8)*p);
}

void log_printf_always(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    log_vprintf(fmt, ap);
    va_end(ap);
}
