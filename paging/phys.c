/*
 * The blob's physical-memory backend.  The assist runs with paging off, so
 * guest-physical memory below 4 GiB is a plain pointer; above 4 GiB it goes
 * through the hypervisor's leaves (hv_leaf.c).  An access that crosses the
 * 4-GiB line is split there.
 */
#include <vmxassist/guest_ptr.h>
#include <vmxassist/abi.h>
#include <vmxassist/paging.h>
#include "hv_leaf.h"

#define FOUR_GIB 0x100000000ull

/* How many of the n bytes at pa lie below 4 GiB. */
static unsigned low_part(u64 pa, unsigned n)
{
    if (pa >= FOUR_GIB)
        return 0;
    return FOUR_GIB - pa < n ? (unsigned)(FOUR_GIB - pa) : n;
}

/* Aligned dwords move as one access, so a page-table entry another vCPU
 * is rewriting is never read or written half old, half new (a PAE entry's
 * two halves are still two accesses). */
static int dword_at(u32 addr, unsigned left)
{
    return !(addr & 3) && left >= 4;
}

int phys_read(u64 pa, void *buf, unsigned n)
{
    unsigned low = low_part(pa, n), i = 0;
    u8 *out = buf;

    while (i < low) {
        u32 addr = (u32)pa + i;
        if (dword_at(addr, low - i)) {
            u32 d = *(const volatile u32 *)GUEST_PTR(addr);
            for (unsigned k = 0; k < 4; k++)
                out[i + k] = (u8)(d >> (8 * k));
            i += 4;
        } else {
            out[i++] = *(const volatile u8 *)GUEST_PTR(addr);
        }
    }
    return low == n ? 0 : high_read(pa + low, out + low, n - low);
}

int phys_write(u64 pa, const void *buf, unsigned n)
{
    unsigned low = low_part(pa, n), i = 0;
    const u8 *in = buf;

    while (i < low) {
        u32 addr = (u32)pa + i;
        if (in_assist_window(addr, 1)) {        /* never the assist itself */
            i++;
        } else if (dword_at(addr, low - i)) {
            *(volatile u32 *)GUEST_PTR(addr) = in[i] | (u32)in[i + 1] << 8 |
                                            (u32)in[i + 2] << 16 | (u32)in[i + 3] << 24;
            i += 4;
        } else {
            *(volatile u8 *)GUEST_PTR(addr) = in[i++];
        }
    }
    return low == n ? 0 : high_write(pa + low, in + low, n - low);
}

int phys_set_bits(u64 pa, u8 bits)
{
    if (pa >= FOUR_GIB)
        return high_set_bits(pa, bits);
    __asm__ volatile("lock orb %1, %0" : "+m"(*(volatile u8 *)GUEST_PTR(pa)) : "iq"(bits));
    return 0;
}
