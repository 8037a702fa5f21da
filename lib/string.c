/* The memory primitives GCC may call even in freestanding code. */
#include <vmxassist/string.h>

/* Dwords with REP STOSL/MOVSL, then the odd bytes: the engine clears a
 * decoded instruction and copies guest bytes for every instruction it
 * emulates, and a byte loop costs several times as much. */
void *memset(void *d, int c, size_t n)
{
    u32 fill = (u8)c * 0x01010101u;
    void *p = d;
    size_t words = n >> 2, bytes = n & 3;
    __asm__ volatile("rep stosl\n\t"
                     "mov %[b], %%ecx\n\t"
                     "rep stosb"
                     : "+D"(p), "+c"(words) : "a"(fill), [b] "r"(bytes) : "memory");
    return d;
}

void *memcpy(void *d, const void *s, size_t n)
{
    void *dp = d;
    const void *sp = s;
    size_t words = n >> 2, bytes = n & 3;
    __asm__ volatile("rep movsl\n\t"
                     "mov %[b], %%ecx\n\t"
                     "rep movsb"
                     : "+D"(dp), "+S"(sp), "+c"(words) : [b] "r"(bytes) : "memory");
    return d;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const u8 *x = a, *y = b;
    for (; n; n--, x++, y++)
        if (*x != *y)
            return *x - *y;
    return 0;
}
