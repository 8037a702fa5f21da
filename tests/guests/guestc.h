/* guestc.h - what the C guests (diffgen.c, garbage.c) share: COM1 output
 * through lib.S's 32-bit routines (register arguments), the verdict, the
 * memcpy/memset gcc may call even freestanding, and a GDT descriptor.
 * Included once per guest program. */
#ifndef GUESTC_H
#define GUESTC_H

static void putc(char c)
{
    __asm__ volatile("call putc32" :: "a"(c) : "memory");
}

static void puts(const char *s)
{
    while (*s)
        putc(*s++);
}

static void puthex(unsigned v, unsigned digits)
{
    __asm__ volatile("call puthex32" :: "a"(v), "c"(digits) : "memory");
}

static void putdec(unsigned v)
{
    __asm__ volatile("call putdec32" :: "a"(v) : "memory");
}

/* Write the verdict (0 = pass) to the exit port; never returns. */
static void __attribute__((noreturn)) finish(unsigned char verdict)
{
    __asm__ volatile("call exit32" :: "a"(verdict));
    __builtin_unreachable();
}

void *memcpy(void *d, const void *s, unsigned n)
{
    void *dp = d;
    __asm__ volatile("rep movsb" : "+D"(dp), "+S"(s), "+c"(n) :: "memory");
    return d;
}

void *memset(void *d, int c, unsigned n)
{
    void *dp = d;
    __asm__ volatile("rep stosb" : "+D"(dp), "+c"(n) : "a"(c) : "memory");
    return d;
}

/* A segment descriptor: access byte, flags nibble (G D/B L AVL). */
static unsigned long long descriptor(unsigned base, unsigned limit, unsigned access,
                                     unsigned flags)
{
    unsigned lo = (limit & 0xFFFF) | base << 16;
    unsigned hi = ((base >> 16) & 0xFF) | access << 8 | (limit & 0xF0000) | flags << 20 |
                  (base & 0xFF000000u);
    return (unsigned long long)hi << 32 | lo;
}

#endif
