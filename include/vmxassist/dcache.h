/*
 * The decoded-instruction cache (one per vCPU, direct-mapped by linear
 * address).  Real code loops: its instructions are decoded once and then
 * only checked against the bytes in guest memory, so code that rewrites
 * itself (or a remapped page) is simply decoded again.  Filled by
 * vm86/emulate.c (the full decoder, with the fast lane's form); read by
 * it and by the fast lane's emulate_run (vm86/fastlane.c), which also
 * marks a slot "seen at lin" (len 0) for code it ran without an entry.
 */
#ifndef VMXASSIST_DCACHE_H
#define VMXASSIST_DCACHE_H

#include "engine.h"
#include "guest_ptr.h"
#include "string.h"
#include "x86.h"

static inline __attribute__((always_inline)) struct decoded *dcache_slot(struct vcpu *v, u32 lin)
{
    return &v->dcache[(lin ^ (lin >> 4)) % VMXA_DCACHE_ENTRIES];
}

/* An entry's struct decoded.cmp_shift: an instruction of at most four
 * bytes whose four bytes at lin stay in one page (reading them cannot
 * fault where the instruction did not) compares as one u32 of guest
 * memory XOR its bytes, shifted left past the bytes that are not its. */
#define DCACHE_CMP_BYTES 0xFF
static inline __attribute__((always_inline)) u8 dcache_cmp_shift(u32 lin, unsigned len)
{
    return len <= 4 && (lin & 4095) <= 4092 ? (u8)(32 - 8 * len) : DCACHE_CMP_BYTES;
}

/* Do the n bytes at p equal q's?  Two- and four-byte loads: the common
 * instruction is two to four bytes long, and a byte loop costs five
 * instructions a byte.  Reads exactly n bytes of guest memory. */
static inline __attribute__((always_inline)) int code_equal(const u8 *p, const u8 *q, unsigned n)
{
    for (; n >= 4; n -= 4, p += 4, q += 4)
        if (*(const u32_any *)p != *(const u32_any *)q)
            return 0;
    if (n & 2) {
        if (*(const u16_any *)p != *(const u16_any *)q)
            return 0;
        p += 2, q += 2;
    }
    return !(n & 1) || *p == *q;
}

/* Do the entry's bytes still stand at lin, in place?  Up to four bytes
 * compare as one u32 when cmp_shift allows (dcache_cmp_shift).  An entry
 * across the 4 GiB wrap (emulate.c fetched it, byte by byte) is never
 * "still there": its bytes are not contiguous in place.  Such an entry
 * always compares byte by byte (its last bytes cross a page), so only
 * that branch asks. */
static inline __attribute__((always_inline)) int dcache_code_still(const struct decoded *e, u32 lin)
{
    if (e->cmp_shift != DCACHE_CMP_BYTES)
        return !((*(const u32_any *)GUEST_PTR(lin) ^ *(const u32_any *)e->in.bytes) << e->cmp_shift);
    if (lin + e->len - 1 < lin)
        return 0;
    return code_equal((const u8 *)GUEST_PTR(lin), e->in.bytes, e->len);
}

/* The cached instruction, if it still stands at CS:EIP: the common case,
 * in line.  With paging off and the whole instruction inside the CS limit
 * (and short of the 4 GiB wrap) its bytes are compared in guest memory in
 * place (dcache_code_still); anything else is emulate.c's fetch_decode. */
static inline __attribute__((always_inline)) struct decoded *
dcache_lookup(struct vcpu *v, u32 lin, int def32)
{
    struct decoded *e = dcache_slot(v, lin);
    u32 eip = v->regs->eip, last = eip + e->len - 1;
    unsigned len = e->len;

    if (!len || e->lin != lin || e->def32 != def32 || (v->cr0 & CR0_PG) ||
        last < eip || last > v->seg[SEG_CS].limit || !dcache_code_still(e, lin))
        return NULL;
    return e;
}

/* emulate.c: the instruction at lin decoded into its slot (its bytes in
 * place, paging off), or NULL */
struct decoded *dcache_fill(struct vcpu *v, u32 lin, int def32);

/* emulate.c: one instruction by the generic engine, from the cache if
 * it holds it */
void emulate_from(struct vcpu *v, u32 lin, int def32);

/* emulate.c: one instruction by the generic engine (e: its cache entry
 * if dcache_lookup found one) */
int emulate_at(struct vcpu *v, struct decoded *e, u32 lin, int def32);

#endif
