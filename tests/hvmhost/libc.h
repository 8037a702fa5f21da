/* The few libc-like helpers a freestanding host needs (gcc may also emit
 * calls to memset/memcpy on its own). */
#ifndef HVMHOST_LIBC_H
#define HVMHOST_LIBC_H

#include <vmxassist/types.h>

void *memset(void *d, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int word_equals(const char *word, size_t len, const char *lit);
u32 parse_uint(const char *s, size_t len, int *ok);

#endif
