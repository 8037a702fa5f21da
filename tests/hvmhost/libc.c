/* Freestanding memory and string helpers for the host kernel. */
#include "libc.h"

/* String instructions: one instruction each under QEMU, which keeps both
 * wall time and the host_insns counter low. */
void *memset(void *d, int c, size_t n)
{
    void *p = d;
    u32 fill = 0x01010101u * (u8)c;
    size_t words = n / 4, bytes = n % 4;

    __asm__ volatile("cld; rep stosl; mov %%edx, %%ecx; rep stosb"
                     : "+D"(p), "+c"(words) : "a"(fill), "d"(bytes) : "memory");
    return d;
}

void *memcpy(void *d, const void *s, size_t n)
{
    void *dp = d;
    const void *sp = s;
    size_t words = n / 4, bytes = n % 4;

    __asm__ volatile("cld; rep movsl; mov %%edx, %%ecx; rep movsb"
                     : "+D"(dp), "+S"(sp), "+c"(words) : "d"(bytes) : "memory");
    return d;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const u8 *x = a, *y = b;
    for (; n; n--, x++, y++)
        if (*x != *y)
            return *x < *y ? -1 : 1;
    return 0;
}

size_t strlen(const char *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}

/* Compare a (not NUL-terminated) word of a command line with a literal. */
int word_equals(const char *word, size_t len, const char *lit)
{
    return strlen(lit) == len && memcmp(word, lit, len) == 0;
}

/* Decimal or 0x-hex; *ok = 0 on anything else. */
u32 parse_uint(const char *s, size_t len, int *ok)
{
    u32 v = 0, base = 10;
    size_t i = 0;

    *ok = len > 0;
    if (len > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        i = 2;
    }
    for (; i < len; i++) {
        char c = s[i];
        u32 d;
        if (c >= '0' && c <= '9')
            d = (u32)(c - '0');
        else if (base == 16 && c >= 'a' && c <= 'f')
            d = (u32)(c - 'a' + 10);
        else if (base == 16 && c >= 'A' && c <= 'F')
            d = (u32)(c - 'A' + 10);
        else {
            *ok = 0;
            return 0;
        }
        v = v * base + d;
    }
    return v;
}
