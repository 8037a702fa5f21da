/*
 * Inside paging/: a page walk split in two halves, so that an access that
 * spans pages can check every page before it changes anything.
 *   paging_walk()   reads the tables and decides: translation or #PF;
 *                   it writes nothing.
 *   paging_commit() sets the accessed and dirty flags the walk found
 *                   missing, as the CPU does once the access goes ahead.
 */
#ifndef PAGING_WALK_H
#define PAGING_WALK_H

#include <vmxassist/paging.h>

#define PAGE_SIZE 4096u
#define WALK_MAX_LEVELS 4

/* Paging-structure entry flags (SDM vol. 3, 4.3-4.5). */
#define PTE_P   0x001u
#define PTE_RW  0x002u
#define PTE_US  0x004u
#define PTE_A   0x020u
#define PTE_D   0x040u
#define PTE_PS  0x080u
#define PTE_XD  (1ull << 63)

struct walk {
    u64 phys;                       /* the translation */
    unsigned levels;                /* entries used, top level first */
    u64 entry_pa[WALK_MAX_LEVELS];  /* where each one is */
    u8 set_bits[WALK_MAX_LEVELS];   /* A/D flags it lacks (0: none) */
};

int paging_walk(const struct paging_regs *r, u32 linear, unsigned acc, struct walk *w,
                struct page_fault *pf);
void paging_commit(const struct walk *w);

#endif
