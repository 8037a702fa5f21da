/*
 * Byte ranges above 4 GiB, in whole aligned qwords: the hypervisor's leaves
 * move nothing smaller.  A write names exactly the bytes it changes (the
 * byte mask), so memory next to what the guest asked for is never
 * rewritten, not even with its own value.
 */
#include "hv_leaf.h"

#define QWORD_MASK 7u

int high_read(u64 pa, void *buf, unsigned n)
{
    u8 *out = buf;

    while (n) {
        u64 base = pa & ~(u64)QWORD_MASK, q;
        unsigned first = (unsigned)(pa & QWORD_MASK), take = 8 - first;
        if (take > n)
            take = n;
        if (hv_read_qword(base, &q))
            return -1;
        for (unsigned i = 0; i < take; i++)
            out[i] = (u8)(q >> (8 * (first + i)));
        out += take;
        pa += take;
        n -= take;
    }
    return 0;
}

int high_write(u64 pa, const void *buf, unsigned n)
{
    const u8 *in = buf;

    while (n) {
        u64 base = pa & ~(u64)QWORD_MASK, q = 0;
        unsigned first = (unsigned)(pa & QWORD_MASK), take = 8 - first;
        u8 mask = 0;
        if (take > n)
            take = n;
        for (unsigned i = 0; i < take; i++) {
            q |= (u64)in[i] << (8 * (first + i));
            mask |= (u8)(1u << (first + i));
        }
        if (hv_write_qword(base, q, mask))
            return -1;
        in += take;
        pa += take;
        n -= take;
    }
    return 0;
}

/* Read, OR, write back the one byte: not locked against other vCPUs (the
 * leaves are two separate exits), which only matters if another vCPU
 * rewrites the same entry byte in between. */
int high_set_bits(u64 pa, u8 bits)
{
    u8 b;

    if (high_read(pa, &b, 1))
        return -1;
    if ((b & bits) == bits)
        return 0;
    b |= bits;
    return high_write(pa, &b, 1);
}
