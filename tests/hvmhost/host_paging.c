/* The host's own paging.
 *
 * QEMU TCG ignores nested paging unless the host itself has PAE paging on
 * (svm-under-qemu.md, quirk 2), and it walks nested tables in the host's
 * paging format.  With legacy (32-bit) PAE that format has only 4 PDPT
 * entries indexed by GPA bits 30-31, so GPA bits 32 and up are dropped and
 * the high-RAM window at 4 GiB would silently alias GPA 0.  So the host
 * turns on long mode but never leaves compatibility mode: it still runs
 * this 32-bit code, while nested walks become 4-level and see 52-bit GPAs.
 * Identity map of 0-4 GiB with 2 MiB pages. */
#include "paging.h"
#include "cpu.h"

static u64 pml4[512] __attribute__((aligned(4096)));
static u64 pdpt[512] __attribute__((aligned(4096)));
static u64 pd[4][512] __attribute__((aligned(4096)));
static u32 host_cr0;

void host_paging_enable(void)
{
    pml4[0] = (u32)pdpt | PTE_P | PTE_RW;
    for (u32 g = 0; g < 4; g++) {
        pdpt[g] = (u32)pd[g] | PTE_P | PTE_RW;
        for (u32 i = 0; i < 512; i++)
            pd[g][i] = ((u64)g << 30) + ((u64)i << 21) + (PTE_P | PTE_RW | PTE_PS);
    }
    write_cr4(read_cr4() | CR4_PAE);
    write_cr3((u32)pml4);
    wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_LME);
    /* The code here is identity mapped, so it goes on running unchanged;
     * CS is a 32-bit segment (L=0), hence compatibility mode. */
    write_cr0(read_cr0() | CR0_PG);
    if (!(rdmsr(MSR_EFER) & EFER_LMA))
        halt_forever();
    host_cr0 = read_cr0();
}

/* QEMU 7.2's #VMEXIT reloads the host's CR0 before its CR4 and EFER, and
 * its CR0 update refuses to turn paging on "into long mode" (EFER.LME set,
 * CR4.PAE clear) without a word: so when the guest exits with EFER.LME=1,
 * CR4.PAE=0 and paging off - the assist after it ran the guest's wrmsr of
 * EFER.LME, or any guest between that wrmsr and setting CR4.PAE - the
 * host's CR0 stays the guest's (PG clear) while EFER.LMA comes back set.
 * The host code still runs (its map is the identity), but every later
 * VMRUN takes the nested paging format from a host with paging off, and
 * QEMU then walks no nested table at all: GPA = HPA for good (the high-RAM
 * window reads 0, the assist world sees the guest's RAM at 0xD0000).
 * A CPU loads the whole host state at #VMEXIT; here it is put back. */
int host_paging_repair(void)
{
    if (read_cr0() == host_cr0)
        return 0;
    write_cr0(host_cr0);
    return 1;
}
