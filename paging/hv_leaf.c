/*
 * The hypervisor's private CPUID leaves for memory above 4 GiB
 * (../shared/docs/xen-abi.md, "Reads above 4 GiB"): leaf 0x40000000 gives
 * the highest hypervisor leaf; the read leaf is the one after it.  The
 * write leaf is hvmhost's documented extension (abi.h), used only when the
 * hypervisor advertises it.  The leaf numbers are looked up once: each
 * CPUID is a VM exit.
 */
#include "hv_leaf.h"
#include <vmxassist/abi.h>
#include <vmxassist/io.h>

static u32 read_leaf, write_leaf;   /* 0: not available */
static int probed;

static void probe(void)
{
    u32 highest, a, b, c, d;

    probed = 1;
    cpuid(HV_CPUID_BASE, 0, &highest, &b, &c, &d);
    /* Without a hypervisor, CPUID 0x40000000 echoes some basic leaf. */
    if (highest < HV_CPUID_BASE || highest > HV_CPUID_BASE + 0xFF)
        return;
    read_leaf = highest + 1;
    if (highest < HV_CPUID_FEATURES_LEAF)
        return;
    cpuid(HV_CPUID_FEATURES_LEAF, 0, &a, &b, &c, &d);
    if (c & HV_FEATURE_WRITE_QWORD)
        write_leaf = highest + 2;
}

int hv_read_qword(u64 gpa, u64 *value)
{
    u32 lo = (u32)gpa, hi = (u32)(gpa >> 32), a, b;

    if (!probed)
        probe();
    if (!read_leaf)
        return -1;
    a = read_leaf;
    __asm__ volatile("cpuid" : "+a"(a), "=b"(b), "+c"(lo), "+d"(hi) :: "memory");
    *value = ((u64)hi << 32) | lo;
    return 0;
}

int hv_write_qword(u64 gpa, u64 value, u8 byte_mask)
{
    u32 a, b = (u32)value, c = (u32)gpa, d = (u32)(gpa >> 32);
    u32 si = (u32)(value >> 32), di = byte_mask;

    if (!probed)
        probe();
    if (!write_leaf)
        return -1;
    a = write_leaf;
    __asm__ volatile("cpuid" : "+a"(a), "+b"(b), "+c"(c), "+d"(d), "+S"(si), "+D"(di) :: "memory");
    return a == 1 ? 0 : -1;
}
