/* The memory primitives: lib/string.c in the blob, libc in host tests. */
#ifndef VMXASSIST_STRING_H
#define VMXASSIST_STRING_H

#if defined(__STDC_HOSTED__) && __STDC_HOSTED__
#include <string.h>
#else
#include "types.h"
void *memset(void *d, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
int memcmp(const void *a, const void *b, size_t n);
#endif

#include "types.h"

/* A little-endian value of 1, 2 or 4 bytes at p, zero-extended (guest
 * operands and immediates, at any alignment). */
static inline __attribute__((always_inline)) u32 load_small(const void *p, unsigned n)
{
    if (n == 2)
        return *(const u16_any *)p;
    if (n == 4)
        return *(const u32_any *)p;
    return *(const u8 *)p;
}

/* Guest operands are 1, 2 or 4 bytes nearly always: one move, not a
 * memcpy. */
static inline __attribute__((always_inline)) void copy_small(void *dst, const void *src,
                                                             unsigned n)
{
    if (n == 4)
        *(u32_any *)dst = *(const u32_any *)src;
    else if (n == 2)
        *(u16_any *)dst = *(const u16_any *)src;
    else
        memcpy(dst, src, n);
}

#endif
