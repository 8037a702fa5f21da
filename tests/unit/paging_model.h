/*
 * The paging architecture written a second time, for the unit tests, and
 * independently of paging/walk.c: as the SDM's tables of entry formats
 * (Intel SDM vol. 3, tables 4-4 to 4-6 for 32-bit paging, 4-8 to 4-11 for
 * PAE, 4-14 to 4-20 for 4-level) and its access-rights rules (4.6) and
 * page-fault error code (4.7).  The walk tests build page tables from these
 * formats and compute the expected outcome from them.
 */
#ifndef PAGING_MODEL_H
#define PAGING_MODEL_H

#include <vmxassist/paging.h>

struct model_cfg {
    enum paging_mode mode;
    int pse, wp, nxe, smep, smap, gbpages;
    unsigned maxphyaddr;    /* as given to the walker; 0 = its default */
};

/* One entry format under one configuration. */
struct entry_format {
    const char *name;
    unsigned size;          /* 4 or 8 bytes */
    unsigned page_shift;    /* log2 of the page it maps; 0: it references a table */
    int has_rights;         /* its R/W, U/S (and XD) take part in the rights */
    int has_accessed;       /* the CPU sets its A flag (not PAE's PDPTE) */
    u64 must_be_set;        /* P, and PS for a page */
    u64 reserved;           /* bits that must be 0 */
    u64 dont_care;          /* ignored bits, G, PAT, PWT, PCD: no effect on the walk */
};

/* Levels of the hierarchy (top = 0) and how a linear address indexes them. */
unsigned model_levels(const struct model_cfg *c);
unsigned model_index(const struct model_cfg *c, unsigned level, u32 linear);
/* The formats an entry at `level` may have; returns how many (1 or 2). */
unsigned model_formats(const struct model_cfg *c, unsigned level, struct entry_format out[2]);
/* Physical addresses a format can hold: the highest + 1. */
u64 model_address_limit(const struct model_cfg *c, const struct entry_format *f);
/* Put a (suitably aligned) address into an entry, and read it back. */
u64 model_encode(const struct entry_format *f, u64 pa);
u64 model_decode(const struct entry_format *f, u64 entry);
/* Where the first table is, from CR3 (and the bits of CR3 that are ignored). */
u64 model_cr3_table(const struct model_cfg *c, u32 cr3, u32 cr3_hi);

/* SDM 4.6: may `acc` use a page whose walk had these rights? */
int model_access_allowed(const struct model_cfg *c, unsigned acc, int all_writable, int all_user,
                         int any_xd);
/* SDM 4.7: the error-code bits that describe the access itself. */
u32 model_error_bits(const struct model_cfg *c, unsigned acc);

#endif
