/* Page tables: the host's own identity map and the nested (guest-physical
 * to host-physical) map.  Both use the 4-level long-mode format because
 * the host runs in compatibility mode (see host_paging.c for why). */
#ifndef HVMHOST_PAGING_H
#define HVMHOST_PAGING_H

#include <vmxassist/types.h>

#define PTE_P   0x001ull
#define PTE_RW  0x002ull
#define PTE_US  0x004ull
#define PTE_PS  0x080ull
#define PTE_ADDR_MASK 0x000FFFFFFFFFF000ull

#define PAGE_SIZE 0x1000u
#define LARGE_PAGE_SIZE 0x200000u

/* Identity-map the low 4 GiB and switch the host to long-mode
 * compatibility mode (32-bit code, 4-level paging). */
void host_paging_enable(void);
/* After a #VMEXIT: put the host's CR0 back if QEMU left the guest's there
 * (host_paging.c says when).  Returns 1 if it had to. */
int host_paging_repair(void);

/* One contiguous piece of the guest-physical map. */
struct npt_region {
    const char *what;
    u64 gpa;
    u64 size;
    u64 hpa;
};

/* Build the nested map from a table of regions; later entries override
 * earlier ones where they overlap.  Returns the nCR3 value. */
u32 npt_build(const struct npt_region *regions, u32 count);
/* (Re)map [gpa, gpa+size) to hpa in the built map; the caller flushes
 * the guest's TLB. */
void npt_map(u64 gpa, u64 hpa, u64 size);
/* The 4 KiB entries that map [gpa, gpa + pages * 4 KiB) (one page table;
 * a 2 MiB page there is split), for npt_remap to point them elsewhere
 * without walking the map: a few stores, cheap enough for every world
 * switch.  The caller flushes the guest's TLB. */
u64 *npt_ptes(u64 gpa, u32 pages);
void npt_remap(u64 *ptes, u64 hpa, u32 pages);
/* Walk the nested map as the CPU would.  Returns 0 if gpa is unmapped. */
int npt_translate(u64 gpa, u64 *hpa);

#endif
