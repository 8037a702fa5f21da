/*
 * Inside paging/: guest-physical memory above 4 GiB, which the assist (paging
 * off, 32-bit) cannot address itself and reaches through the hypervisor's
 * CPUID leaves (include/vmxassist/abi.h).  hv_leaf.c talks to the
 * hypervisor one aligned qword at a time; phys_high.c turns byte ranges
 * into such qwords.
 */
#ifndef PAGING_HV_LEAF_H
#define PAGING_HV_LEAF_H

#include <vmxassist/types.h>

/* The qword at the 8-byte-aligned `gpa`: 0, or -1 without the read leaf. */
int hv_read_qword(u64 gpa, u64 *value);
/* Store the bytes of `value` selected by `byte_mask` (bit i = byte i) at
 * the 8-byte-aligned `gpa`: 0, or -1 without the write leaf. */
int hv_write_qword(u64 gpa, u64 value, u8 byte_mask);

/* Byte ranges of any alignment above 4 GiB: 0, or -1 if the leaves are
 * missing (nothing is written then). */
int high_read(u64 pa, void *buf, unsigned n);
int high_write(u64 pa, const void *buf, unsigned n);
int high_set_bits(u64 pa, u8 bits);

#endif
