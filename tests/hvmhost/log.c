/* A small printf for the host log port. */
#include <stdarg.h>
#include "log.h"
#include "cpu.h"

static void put(char c)
{
    outb(HOST_LOG_PORT, (u8)c);
}

/* 64-by-32 division without libgcc: two `divl`s, high half first (the
 * remainder of the first keeps the second from overflowing). */
static unsigned divide(u64 *v, unsigned base)
{
    u32 hi = (u32)(*v >> 32), lo = (u32)*v, rem;
    u32 q_hi = hi / base;

    rem = hi % base;
    __asm__("divl %2" : "+a"(lo), "+d"(rem) : "rm"(base));
    *v = ((u64)q_hi << 32) | lo;
    return rem;
}

static void put_number(u64 v, unsigned base, int width, char pad, int negative)
{
    char buf[24];
    int n = 0;

    do {
        unsigned d = divide(&v, base);
        buf[n++] = (char)(d < 10 ? '0' + d : 'a' + d - 10);
    } while (v);
    if (negative)
        buf[n++] = '-';
    while (width-- > n)
        put(pad);
    while (n)
        put(buf[--n]);
}

void log_vprintf(const char *fmt, va_list ap)
{
    for (; *fmt; fmt++) {
        int width = 0, longlong = 0, left = 0;
        char pad = ' ';

        if (*fmt != '%') {
            put(*fmt);
            continue;
        }
        fmt++;
        if (*fmt == '-') {
            left = 1;
            fmt++;
        }
        if (*fmt == '0')
            pad = '0';
        while (*fmt >= '0' && *fmt <= '9')
            width = width * 10 + (*fmt++ - '0');
        while (*fmt == 'l') {
            longlong++;
            fmt++;
        }
        switch (*fmt) {
        case 's': {
            const char *s = va_arg(ap, const char *);
            int len = 0;
            while (s[len])
                len++;
            if (!left)
                for (; width > len; width--)
                    put(' ');
            while (*s)
                put(*s++);
            for (; width > len; width--)
                put(' ');
            break;
        }
        case 'c':
            put((char)va_arg(ap, int));
            break;
        case 'd': {
            s64 v = longlong >= 2 ? va_arg(ap, s64) : va_arg(ap, int);
            put_number(v < 0 ? (u64)-v : (u64)v, 10, width, pad, v < 0);
            break;
        }
        case 'u':
        case 'x': {
            u64 v = longlong >= 2 ? va_arg(ap, u64) : va_arg(ap, unsigned);
            put_number(v, *fmt == 'u' ? 10 : 16, width, pad, 0);
            break;
        }
        case 'p':
            put_number((u32)va_arg(ap, void *), 16, 8, '0', 0);
            break;
        case '%':
            put('%');
            break;
        default:
            put('%');
            put(*fmt);
            if (!*fmt)
                fmt--;
        }
    }
}

void log_printf(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    log_vprintf(fmt, ap);
    va_end(ap);
}

void log_hexbytes(const u8 *p, u32 n)
{
    for (u32 i = 0; i < n; i++)
        log_printf("%s%02x", i ? " " : "", p[i]);
}
