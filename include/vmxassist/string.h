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

#endif
