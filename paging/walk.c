/*
 * The page walk, as the CPU makes it (SDM vol. 3, chapter 4; AMD APM vol. 2,
 * chapter 5): 32-bit paging with 4-KiB and (CR4.PSE) 4-MiB pages including
 * PSE-36, PAE paging with 4-KiB and 2-MiB pages, 4-level paging with 4-KiB,
 * 2-MiB and 1-GiB pages.  A not-present entry, a reserved bit or a
 * permission the access lacks is a page fault with the CPU's error code.
 *
 * PAE's four PDPTEs: a real Intel CPU loads them into registers when CR3
 * (or the paging mode) is loaded and never rereads them; the assist does
 * not see those loads (the guest runs natively in between), so it reads
 * the PDPTE from memory on each walk, which is what AMD CPUs with nested
 * paging and QEMU do.  A PDPTE with a reserved bit set is therefore a #PF
 * with RSVD here (Intel would have refused it with #GP at the CR3 load).
 *
 * Not modelled: protection keys (CR4.PKE/PKS, error-code bit 5) and
 * 5-level paging; linear addresses are 32 bits (compatibility mode).
 */
#include "walk.h"
#include <vmxassist/x86.h>

/* One level of a paging hierarchy: which linear-address bits index it. */
struct level {
    u8 shift;
    u8 index_bits;
};

static const struct level levels_32bit[] = { { 22, 10 }, { 12, 10 } };
static const struct level levels_pae[] = { { 30, 2 }, { 21, 9 }, { 12, 9 } };
static const struct level levels_4level[] = { { 39, 9 }, { 30, 9 }, { 21, 9 }, { 12, 9 } };

/* Bits hi..lo of a 64-bit value (hi >= lo). */
static u64 bit_range(unsigned hi, unsigned lo)
{
    return (~0ull >> (63 - hi)) & ~((1ull << lo) - 1);
}

enum paging_mode paging_mode_of(const struct paging_regs *r)
{
    if (!(r->cr0 & CR0_PG))
        return PAGING_OFF;
    if (!(r->cr4 & CR4_PAE))
        return PAGING_32BIT;
    /* IA-32e paging is LME with PG and PAE (LMA is the result). */
    return (r->efer & (EFER_LME | EFER_LMA)) ? PAGING_4LEVEL : PAGING_PAE;
}

/* MAXPHYADDR for the 64-bit entry formats. */
static unsigned maxphyaddr(const struct paging_regs *r)
{
    unsigned m = r->maxphyaddr ? r->maxphyaddr : 52;
    return m < 32 ? 32 : m > 52 ? 52 : m;
}

/* The reserved bits of a present entry at `level`; `ps` is its bit 7 at
 * a level above the last (at the last level bit 7 is PAT). */
static u64 reserved_bits(const struct paging_regs *r, enum paging_mode mode, unsigned level,
                         int ps)
{
    unsigned m = maxphyaddr(r);
    u64 xd = (r->efer & EFER_NXE) ? 0 : PTE_XD;

    if (mode == PAGING_32BIT) {
        /* Only a 4-MiB PDE has any: PSE-36 puts physical bits 32..M-1
         * (M at most 40) in PDE bits 13..M-20; bits M-19..21 must be 0. */
        unsigned m32 = m > 40 ? 40 : m;
        return ps && (r->cr4 & CR4_PSE) ? bit_range(21, m32 - 19) : 0;
    }
    if (mode == PAGING_PAE) {
        /* PDPTE: no R/W, U/S, PS or XD.  Bit 5 (A) is reserved on Intel
         * too, but QEMU, the CPU our tests hold us to, sets it when it walks
         * a PAE PDPTE; a guest that ran natively under it would otherwise
         * take a #PF(RSVD) at its next walk here. */
        if (level == 0)
            return bit_range(63, m) | bit_range(2, 1) | bit_range(8, 6);
        return (m < 63 ? bit_range(62, m) : 0) | xd | (ps ? bit_range(20, 13) : 0);
    }
    /* 4-level: bits 62:52 are ignored, 51:M reserved. */
    u64 common = (m < 52 ? bit_range(51, m) : 0) | xd;
    if (level == 0)
        return common | PTE_PS;                 /* a PML4E maps no page */
    if (level == 1 && ps)                       /* 1 GiB, if the CPU has them */
        return common | (r->gbpages ? bit_range(29, 13) : PTE_PS);
    if (level == 2 && ps)
        return common | bit_range(20, 13);
    return common;
}

/* May PS=1 end the walk at this level? */
static int may_map_page(const struct paging_regs *r, enum paging_mode mode, unsigned level)
{
    switch (mode) {
    case PAGING_32BIT:  return level == 0 && (r->cr4 & CR4_PSE);
    case PAGING_PAE:    return level == 1;
    default:            return level == 1 || level == 2;   /* 1 GiB, 2 MiB */
    }
}

/* The frame a leaf entry maps, plus the offset of `linear` in it. */
static u64 leaf_address(enum paging_mode mode, u64 e, unsigned shift, u32 linear)
{
    u64 offset = linear & ((1ull << shift) - 1);

    if (mode == PAGING_32BIT && shift == 22)    /* PSE-36 */
        return (e & 0xFFC00000u) | (((e >> 13) & 0xFF) << 32) | offset;
    if (mode == PAGING_32BIT)
        return (e & 0xFFFFF000u) | offset;
    return (e & bit_range(51, shift)) | offset;
}

/* The first table: CR3 holds it (PAE: the 32-byte aligned PDPT). */
static u64 first_table(const struct paging_regs *r, enum paging_mode mode)
{
    if (mode == PAGING_32BIT)
        return r->cr3 & 0xFFFFF000u;
    if (mode == PAGING_PAE)
        return r->cr3 & 0xFFFFFFE0u;
    return (((u64)r->cr3_hi << 32) | r->cr3) & bit_range(maxphyaddr(r) - 1, 12);
}

/* The entry at `pa`: 4 or 8 bytes.  What the backend cannot reach reads
 * as all ones, like unbacked memory: a present entry with its reserved
 * bits set (PAE, 4-level), so a #PF rather than a guess. */
static u64 read_entry(u64 pa, unsigned size)
{
    u64 e = 0;
    if (phys_read(pa, &e, size))
        e = ~0ull;
    return size == 4 ? (u32)e : e;
}

static int page_fault(struct page_fault *pf, u32 linear, u32 error)
{
    pf->error = error;
    pf->cr2 = linear;
    return -1;
}

/* The rights the walk accumulated (SDM 4.6): writable only if R/W is set
 * at every level, user only if U/S is set at every level, executable
 * unless XD is set at some level. */
struct rights {
    int writable, user, no_exec;
};

/* SDM 4.6.1: may this access use a page with these rights? */
static int access_allowed(const struct paging_regs *r, unsigned acc, const struct rights *p)
{
    int user_access = (acc & ACC_USER) && !(acc & ACC_IMPLICIT);

    if (acc & ACC_FETCH) {
        if (p->no_exec)
            return 0;
        if (user_access)
            return p->user;
        return !(p->user && (r->cr4 & CR4_SMEP));
    }
    if (user_access)
        return p->user && (!(acc & ACC_WRITE) || p->writable);
    /* Supervisor data access.  SMAP keeps it off user pages unless it is
     * explicit and EFLAGS.AC is set; implicit accesses never get in. */
    if (p->user && (r->cr4 & CR4_SMAP) && ((acc & ACC_IMPLICIT) || !(acc & ACC_AC)))
        return 0;
    return !(acc & ACC_WRITE) || p->writable || !(r->cr0 & CR0_WP);
}

int paging_walk(const struct paging_regs *r, u32 linear, unsigned acc, struct walk *w,
                struct page_fault *pf)
{
    enum paging_mode mode = paging_mode_of(r);
    const struct level *lv;
    unsigned nlevels, entry_size = mode == PAGING_32BIT ? 4 : 8;
    struct rights rights = { 1, 1, 0 };
    u64 table = first_table(r, mode);
    u32 error = 0;

    /* The error code's W, U/S and I/D bits describe the access; I/D only
     * exists with SMEP or with NX (PAE/4-level and EFER.NXE). */
    if ((acc & ACC_WRITE) && !(acc & ACC_FETCH))
        error |= PFEC_W;
    if ((acc & ACC_USER) && !(acc & ACC_IMPLICIT))
        error |= PFEC_U;
    if ((acc & ACC_FETCH) &&
        ((r->cr4 & CR4_SMEP) || (mode != PAGING_32BIT && (r->efer & EFER_NXE))))
        error |= PFEC_I;

    w->levels = 0;
    switch (mode) {
    case PAGING_OFF:
        w->phys = linear;
        return 0;
    case PAGING_32BIT:
        lv = levels_32bit;
        nlevels = ARRAY_SIZE(levels_32bit);
        break;
    case PAGING_PAE:
        lv = levels_pae;
        nlevels = ARRAY_SIZE(levels_pae);
        break;
    default:
        lv = levels_4level;
        nlevels = ARRAY_SIZE(levels_4level);
        break;
    }

    for (unsigned i = 0; i < nlevels; i++) {
        u64 index = ((u64)linear >> lv[i].shift) & ((1u << lv[i].index_bits) - 1);
        u64 pa = table + index * entry_size;
        u64 e = read_entry(pa, entry_size);
        int pae_pdpte = mode == PAGING_PAE && i == 0;
        int ps = i < nlevels - 1 && (e & PTE_PS);
        int leaf = i == nlevels - 1 || (ps && may_map_page(r, mode, i));

        if (!(e & PTE_P))
            return page_fault(pf, linear, error);
        /* A PS bit where no page may be mapped is reserved (4-level
         * PML4E, PDPTE without 1-GiB pages): reserved_bits says so. */
        if (e & reserved_bits(r, mode, i, ps))
            return page_fault(pf, linear, error | PFEC_P | PFEC_RSVD);

        w->entry_pa[i] = pa;
        w->set_bits[i] = 0;
        if (!pae_pdpte) {
            rights.writable &= (e & PTE_RW) != 0;
            rights.user &= (e & PTE_US) != 0;
            if ((r->efer & EFER_NXE) && mode != PAGING_32BIT && (e & PTE_XD))
                rights.no_exec = 1;
            if (!(e & PTE_A))
                w->set_bits[i] = PTE_A;
        }
        w->levels = i + 1;
        if (leaf) {
            if ((acc & ACC_WRITE) && !(acc & ACC_FETCH) && !(e & PTE_D))
                w->set_bits[i] |= PTE_D;
            w->phys = leaf_address(mode, e, lv[i].shift, linear);
            break;
        }
        table = mode == PAGING_32BIT ? (e & 0xFFFFF000u) : (e & bit_range(51, 12));
    }

    if (!access_allowed(r, acc, &rights)) {
        w->levels = 0;
        return page_fault(pf, linear, error | PFEC_P);
    }
    return 0;
}

void paging_commit(const struct walk *w)
{
    for (unsigned i = 0; i < w->levels; i++)
        if (w->set_bits[i])
            phys_set_bits(w->entry_pa[i], w->set_bits[i]);
}

int paging_translate(const struct paging_regs *r, u32 linear, unsigned acc, u64 *phys,
                     struct page_fault *pf)
{
    struct walk w;

    if (paging_walk(r, linear, acc, &w, pf))
        return -1;
    paging_commit(&w);
    *phys = w.phys;
    return 0;
}
