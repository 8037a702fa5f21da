/* The entry formats and rules of paging_model.h, transcribed from the SDM. */
#include <vmxassist/x86.h>
#include "paging_model.h"

/* A mask with bits hi..lo set, written the long way on purpose. */
static u64 bits(unsigned hi, unsigned lo)
{
    u64 m = 0;
    for (unsigned b = lo; b <= hi; b++)
        m |= 1ull << b;
    return m;
}

#define BIT(n) (1ull << (n))
#define P_BIT BIT(0)
#define PS_BIT BIT(7)

/* MAXPHYADDR as the CPU would have it. */
static unsigned m_of(const struct model_cfg *c)
{
    return c->maxphyaddr ? c->maxphyaddr : 52;
}

/* PSE-36 never gives more than 40 physical-address bits. */
static unsigned m32_of(const struct model_cfg *c)
{
    unsigned m = c->maxphyaddr ? c->maxphyaddr : 40;
    return m > 40 ? 40 : m;
}

unsigned model_levels(const struct model_cfg *c)
{
    return c->mode == PAGING_32BIT ? 2 : c->mode == PAGING_PAE ? 3 : 4;
}

unsigned model_index(const struct model_cfg *c, unsigned level, u32 linear)
{
    switch (c->mode) {
    case PAGING_32BIT:      /* directory 31:22, table 21:12 */
        return level == 0 ? linear >> 22 : (linear >> 12) & 0x3FF;
    case PAGING_PAE:        /* pointer 31:30, directory 29:21, table 20:12 */
        return level == 0 ? linear >> 30 : level == 1 ? (linear >> 21) & 0x1FF
                                                      : (linear >> 12) & 0x1FF;
    default:                /* PML4 47:39 (0 for a 32-bit address), 38:30, 29:21, 20:12 */
        return level == 0 ? 0 : level == 1 ? linear >> 30 : level == 2 ? (linear >> 21) & 0x1FF
                                                                       : (linear >> 12) & 0x1FF;
    }
}

/* A 64-bit format's address bits: (M-1):low. */
static u64 addr64(const struct model_cfg *c, unsigned low)
{
    return bits(m_of(c) - 1, low);
}

/* XD: a right with EFER.NXE, a reserved bit without. */
static u64 xd_reserved(const struct model_cfg *c)
{
    return c->nxe ? 0 : BIT(63);
}

static struct entry_format fmt(const char *name, unsigned size, unsigned page_shift,
                               int rights, int accessed, u64 reserved, u64 dont_care)
{
    struct entry_format f = { name, size, page_shift, rights, accessed,
                              P_BIT | (page_shift ? PS_BIT : 0), reserved, dont_care };
    return f;
}

static unsigned formats_32bit(const struct model_cfg *c, unsigned level, struct entry_format *o)
{
    /* Table 4-6: PTE; 4-5: PDE referencing a table (bit 7 ignored without
     * CR4.PSE); 4-4: PDE mapping 4 MiB, bits 21:(M-19) reserved. */
    if (level == 1) {
        o[0] = fmt("32-bit PTE", 4, 12, 1, 1, 0, BIT(3) | BIT(4) | bits(11, 7));
        return 1;
    }
    o[0] = fmt("32-bit PDE (table)", 4, 0, 1, 1, 0,
               BIT(3) | BIT(4) | BIT(6) | bits(11, 8) | (c->pse ? 0 : PS_BIT));
    if (!c->pse)
        return 1;
    o[1] = fmt("32-bit PDE (4 MiB)", 4, 22, 1, 1, bits(21, m32_of(c) - 19),
               BIT(3) | BIT(4) | bits(12, 8));
    return 2;
}

static unsigned formats_pae(const struct model_cfg *c, unsigned level, struct entry_format *o)
{
    u64 rsvd = bits(62, m_of(c)) | xd_reserved(c);

    switch (level) {
    case 0:     /* Table 4-8 */
        o[0] = fmt("PAE PDPTE", 8, 0, 0, 0, bits(2, 1) | bits(8, 6) | bits(63, m_of(c)),
                   BIT(3) | BIT(4) | bits(11, 9));
        return 1;
    case 1:     /* Tables 4-10 and 4-9 */
        o[0] = fmt("PAE PDE (table)", 8, 0, 1, 1, rsvd, BIT(3) | BIT(4) | BIT(6) | bits(11, 8));
        o[1] = fmt("PAE PDE (2 MiB)", 8, 21, 1, 1, rsvd | bits(20, 13),
                   BIT(3) | BIT(4) | bits(12, 8));
        return 2;
    default:    /* Table 4-11 */
        o[0] = fmt("PAE PTE", 8, 12, 1, 1, rsvd, BIT(3) | BIT(4) | bits(11, 7));
        return 1;
    }
}

static unsigned formats_4level(const struct model_cfg *c, unsigned level, struct entry_format *o)
{
    u64 rsvd = (m_of(c) < 52 ? bits(51, m_of(c)) : 0) | xd_reserved(c);
    u64 high_ignored = bits(62, 52);

    switch (level) {
    case 0:     /* Table 4-15: PS must be 0 */
        o[0] = fmt("PML4E", 8, 0, 1, 1, rsvd | PS_BIT,
                   BIT(3) | BIT(4) | BIT(6) | bits(11, 8) | high_ignored);
        return 1;
    case 1:     /* Tables 4-17 and 4-16; without 1-GiB pages PS is reserved */
        o[0] = fmt("PDPTE (table)", 8, 0, 1, 1, rsvd | (c->gbpages ? 0 : PS_BIT),
                   BIT(3) | BIT(4) | BIT(6) | bits(11, 8) | high_ignored);
        if (!c->gbpages)
            return 1;
        o[1] = fmt("PDPTE (1 GiB)", 8, 30, 1, 1, rsvd | bits(29, 13),
                   BIT(3) | BIT(4) | bits(12, 8) | high_ignored);
        return 2;
    case 2:     /* Tables 4-19 and 4-18 */
        o[0] = fmt("PDE (table)", 8, 0, 1, 1, rsvd,
                   BIT(3) | BIT(4) | BIT(6) | bits(11, 8) | high_ignored);
        o[1] = fmt("PDE (2 MiB)", 8, 21, 1, 1, rsvd | bits(20, 13),
                   BIT(3) | BIT(4) | bits(12, 8) | high_ignored);
        return 2;
    default:    /* Table 4-20 */
        o[0] = fmt("PTE", 8, 12, 1, 1, rsvd, BIT(3) | BIT(4) | bits(11, 7) | high_ignored);
        return 1;
    }
}

unsigned model_formats(const struct model_cfg *c, unsigned level, struct entry_format out[2])
{
    if (c->mode == PAGING_32BIT)
        return formats_32bit(c, level, out);
    if (c->mode == PAGING_PAE)
        return formats_pae(c, level, out);
    return formats_4level(c, level, out);
}

u64 model_address_limit(const struct model_cfg *c, const struct entry_format *f)
{
    if (c->mode == PAGING_32BIT)
        return f->page_shift == 22 ? 1ull << m32_of(c) : 1ull << 32;
    return 1ull << m_of(c);
}

/* PSE-36: physical bits 39:32 live in PDE bits 20:13. */
u64 model_encode(const struct entry_format *f, u64 pa)
{
    if (f->size == 4 && f->page_shift == 22)
        return (pa & 0xFFC00000u) | ((pa >> 32) << 13);
    return pa;
}

u64 model_decode(const struct entry_format *f, u64 entry)
{
    if (f->size == 4 && f->page_shift == 22)
        return (entry & 0xFFC00000u) | (((entry >> 13) & 0xFF) << 32);
    if (f->size == 4)
        return entry & 0xFFFFF000u;
    /* The address field runs from the page (or table) alignment up to
     * bit 51; the reserved check has already ruled out bits >= M. */
    return entry & bits(51, f->page_shift ? f->page_shift : 12);
}

u64 model_cr3_table(const struct model_cfg *c, u32 cr3, u32 cr3_hi)
{
    switch (c->mode) {
    case PAGING_32BIT:  return cr3 & ~0xFFFull;         /* Table 4-3 */
    case PAGING_PAE:    return cr3 & ~0x1Full;          /* Table 4-7 */
    default:            return (((u64)cr3_hi << 32) | cr3) & addr64(c, 12);  /* Table 4-12 */
    }
}

int model_access_allowed(const struct model_cfg *c, unsigned acc, int all_writable, int all_user,
                         int any_xd)
{
    int implicit = (acc & ACC_IMPLICIT) != 0;
    int cpl3 = (acc & ACC_USER) && !implicit;
    int fetch = (acc & ACC_FETCH) != 0, write = !fetch && (acc & ACC_WRITE);

    /* 4.6.1, one case per sentence of the SDM. */
    if (fetch) {
        if (c->nxe && c->mode != PAGING_32BIT && any_xd)
            return 0;                       /* execute-disable at some level */
        if (cpl3)
            return all_user;                /* user fetches need a user page */
        if (all_user && c->smep)
            return 0;                       /* SMEP: no supervisor fetch from user pages */
        return 1;
    }
    if (cpl3) {
        if (!all_user)
            return 0;                       /* user accesses need a user page */
        return !write || all_writable;      /* and user writes a writable one, WP or not */
    }
    if (all_user && c->smap && (implicit || !(acc & ACC_AC)))
        return 0;                           /* SMAP */
    if (write && c->wp)
        return all_writable;                /* WP: supervisor writes honour R/W */
    return 1;
}

u32 model_error_bits(const struct model_cfg *c, unsigned acc)
{
    u32 e = 0;
    int fetch = (acc & ACC_FETCH) != 0;

    if (!fetch && (acc & ACC_WRITE))
        e |= PFEC_W;
    if ((acc & ACC_USER) && !(acc & ACC_IMPLICIT))
        e |= PFEC_U;
    if (fetch && (c->smep || (c->mode != PAGING_32BIT && c->nxe)))
        e |= PFEC_I;
    return e;
}
