/* The nested page table: built once from a region table, walked in
 * software when the host must read guest memory, so the host sees exactly
 * what the guest sees.  Entries need U/S set: nested walks are user
 * accesses (svm-under-qemu.md, quirk 2). */
#include "paging.h"
#include "libc.h"
#include "host_fail.h"

#define NPT_POOL_PAGES 24
#define NPT_FLAGS (PTE_P | PTE_RW | PTE_US)

static u64 pool[NPT_POOL_PAGES][512] __attribute__((aligned(4096)));
static u32 pool_used;
static u64 *root;

static u64 *alloc_table(void)
{
    if (pool_used == NPT_POOL_PAGES)
        host_fail("nested page table pool exhausted");
    u64 *t = pool[pool_used++];
    memset(t, 0, PAGE_SIZE);
    return t;
}

static u64 *table_at(u64 entry)
{
    return (u64 *)(u32)(entry & PTE_ADDR_MASK);
}

/* The table the entry points to; creates it, or splits a 2 MiB page into
 * 4 KiB pages, when needed. */
static u64 *descend(u64 *entry)
{
    if (!(*entry & PTE_P)) {
        *entry = (u32)alloc_table() | NPT_FLAGS;
    } else if (*entry & PTE_PS) {
        u64 base = *entry & PTE_ADDR_MASK & ~(u64)(LARGE_PAGE_SIZE - 1);
        u64 *pt = alloc_table();
        for (u32 i = 0; i < 512; i++)
            pt[i] = (base + (u64)i * PAGE_SIZE) | NPT_FLAGS;
        *entry = (u32)pt | NPT_FLAGS;
    }
    return table_at(*entry);
}

static u64 *pd_entry(u64 gpa)
{
    u64 *pdpt = descend(&root[(gpa >> 39) & 511]);
    u64 *pd = descend(&pdpt[(gpa >> 30) & 511]);
    return &pd[(gpa >> 21) & 511];
}

void npt_map(u64 gpa, u64 hpa, u64 size)
{
    while (size) {
        u64 *pde = pd_entry(gpa);
        if (!((gpa | hpa) & (LARGE_PAGE_SIZE - 1)) && size >= LARGE_PAGE_SIZE) {
            *pde = hpa | NPT_FLAGS | PTE_PS;
            gpa += LARGE_PAGE_SIZE;
            hpa += LARGE_PAGE_SIZE;
            size -= LARGE_PAGE_SIZE;
        } else {
            descend(pde)[(gpa >> 12) & 511] = hpa | NPT_FLAGS;
            gpa += PAGE_SIZE;
            hpa += PAGE_SIZE;
            size -= size < PAGE_SIZE ? size : PAGE_SIZE;
        }
    }
}

u64 *npt_ptes(u64 gpa, u32 pages)
{
    if (((gpa >> 12) & 511) + pages > 512)
        host_fail("npt_ptes: %x pages at %llx span two page tables", pages, gpa);
    return &descend(pd_entry(gpa))[(gpa >> 12) & 511];
}

void npt_remap(u64 *ptes, u64 hpa, u32 pages)
{
    for (u32 i = 0; i < pages; i++)
        ptes[i] = (hpa + (u64)i * PAGE_SIZE) | NPT_FLAGS;
}

u32 npt_build(const struct npt_region *regions, u32 count)
{
    pool_used = 0;
    root = alloc_table();
    for (u32 i = 0; i < count; i++)
        npt_map(regions[i].gpa, regions[i].hpa, regions[i].size);
    return (u32)root;
}

int npt_translate(u64 gpa, u64 *hpa)
{
    u64 e = root[(gpa >> 39) & 511];
    static const u8 shifts[] = { 30, 21, 12 };

    for (u32 level = 0; level < 3; level++) {
        if (!(e & PTE_P))
            return 0;
        e = table_at(e)[(gpa >> shifts[level]) & 511];
        if (!(e & PTE_P))
            return 0;
        if (level == 1 && (e & PTE_PS)) {
            *hpa = (e & PTE_ADDR_MASK & ~(u64)(LARGE_PAGE_SIZE - 1)) + (gpa & (LARGE_PAGE_SIZE - 1));
            return 1;
        }
    }
    *hpa = (e & PTE_ADDR_MASK) + (gpa & (PAGE_SIZE - 1));
    return 1;
}
