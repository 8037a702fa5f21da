/* A small printf for the debug log: freestanding, no allocation. */
#include <vmxassist/log.h>

struct sink {
    char *buf;
    unsigned size, len;
};

static void put(struct sink *s, char c)
{
    if (s->len + 1 < s->size)
        s->buf[s->len] = c;
    s->len++;
}

static void put_number(struct sink *s, u32 v, unsigned base, unsigned width, char pad, int neg)
{
    char tmp[12];
    unsigned n = 0;
    do {
        tmp[n++] = "0123456789abcdef"[v % base];
        v /= base;
    } while (v);
    if (neg)
        tmp[n++] = '-';
    while (width > n) {
        put(s, pad);
        width--;
    }
    while (n)
        put(s, tmp[--n]);
}

int format_string(char *buf, unsigned size, const char *fmt, va_list ap)
{
    struct sink s = { buf, size, 0 };

    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            put(&s, *fmt);
            continue;
        }
        fmt++;
        char pad = ' ';
        unsigned width = 0;
        if (*fmt == '0')
            pad = '0';
        while (*fmt >= '0' && *fmt <= '9')
            width = width * 10 + (unsigned)(*fmt++ - '0');
        switch (*fmt) {
        case 's': {
            const char *str = va_arg(ap, const char *);
            while (*str)
                put(&s, *str++);
            break;
        }
        case 'c':
            put(&s, (char)va_arg(ap, int));
            break;
        case 'd': {
            int v = va_arg(ap, int);
            put_number(&s, v < 0 ? (u32)-v : (u32)v, 10, width, pad, v < 0);
            break;
        }
        case 'u':
            put_number(&s, va_arg(ap, u32), 10, width, pad, 0);
            break;
        case 'x':
            put_number(&s, va_arg(ap, u32), 16, width, pad, 0);
            break;
        case 'p':
            put_number(&s, (u32)(size_t)va_arg(ap, void *), 16, 8, '0', 0);
            break;
        case '%':
            put(&s, '%');
            break;
        default:
            put(&s, '?');
            break;
        }
    }
    if (s.size)
        s.buf[s.len < s.size ? s.len : s.size - 1] = 0;
    return (int)s.len;
}
