/* Fixed-width types for code that builds both freestanding (in the blob or
 * hvmhost) and hosted (unit tests).  No libc headers in the freestanding case. */
#ifndef VMXASSIST_TYPES_H
#define VMXASSIST_TYPES_H

#if defined(__STDC_HOSTED__) && __STDC_HOSTED__
#include <stdint.h>
#include <stddef.h>
typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;
#else
typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long long u64;
typedef signed char s8;
typedef short s16;
typedef int s32;
typedef long long s64;
typedef __SIZE_TYPE__ size_t;
#ifndef NULL
#define NULL ((void *)0)
#endif
#endif

/* The blob passes arguments in registers (-mregparm=3, it is smaller);
 * functions that assembly calls, or that call into assembly, take them
 * on the stack. */
#if defined(__i386__)
#define ASM_CALLED __attribute__((regparm(0)))
#else
#define ASM_CALLED
#endif

/* Guest code and operands sit at any address: loads and stores of these
 * may be unaligned and may alias anything. */
typedef u16 __attribute__((may_alias, aligned(1))) u16_any;
typedef u32 __attribute__((may_alias, aligned(1))) u32_any;
typedef s32 __attribute__((may_alias, aligned(1))) s32_any;

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define BUILD_ASSERT(cond) _Static_assert(cond, #cond)

#endif
