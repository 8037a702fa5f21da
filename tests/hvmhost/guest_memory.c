/* Guest memory layout (GPA -> HPA):
 *   [0, mem)                    identity: RAM the host never uses itself
 *                               (QEMU's devices DMA to host-physical
 *                               addresses: fw_cfg, ISA and IDE DMA)
 *   [0xA0000, 0xC0000)          identity: QEMU's VGA window, shared
 *   [0xC0000000, 4 GiB)         identity: PCI MMIO, local APIC, BIOS flash
 *   [4 GiB, 4 GiB + 2 MiB)      host region, zero-filled ("high RAM")
 *   [0xD0000, 0xE0000)          assist mode (unless shared-view): two
 *                               views.  The assist world sees
 *                               assist_pages (host memory), the guest
 *                               world its own identity RAM; swapped at
 *                               INVOKE and RESTORE.
 * Everything else faults (NPF) and stops the run. */
#include "guest_memory.h"
#include "boot_info.h"
#include "paging.h"
#include "vcpu.h"
#include "vmcb.h"
#include "cpu.h"
#include "libc.h"
#include "log.h"
#include "host_fail.h"
#include "chipset.h"
#include <vmxassist/abi.h>

static u32 ram_size;
/* The assist's own backing of GPA 0xD0000-0xDFFFF (host-physical = virtual). */
static u8 assist_pages[VMXASSIST_MAX_SIZE] __attribute__((aligned(PAGE_SIZE)));
static int split_view;
/* The nested PTEs of 0xD0000-0xDFFFF, swapped at every world switch. */
static u64 *view_ptes;

static u32 align_up(u32 v, u32 a)
{
    return (v + a - 1) & ~(a - 1);
}

/* Zero guest RAM, leaving the VGA window alone (it is a device). */
static void zero_guest_ram(void)
{
    memset((void *)0, 0, 0xA0000);  /* NULL is guest address 0 here */
    memset((void *)0xC0000, 0, ram_size - 0xC0000);
}

u32 guest_memory_setup(const struct boot_info *bi)
{
    extern char _host_start[];
    const u32 ram_hpa = 0;
    u32 high_hpa = align_up(bi->used_end, LARGE_PAGE_SIZE);

    ram_size = align_up(bi->opt.mem_mb << 20, LARGE_PAGE_SIZE);
    if (ram_size > (u32)_host_start)
        host_fail("mem= is larger than the %u MiB below the host", (u32)_host_start >> 20);
    if ((u64)high_hpa + HIGH_WINDOW_SIZE > bi->ram_end)
        host_fail("QEMU has too little RAM: need %u MiB, have %u MiB",
                  (high_hpa + HIGH_WINDOW_SIZE) >> 20, bi->ram_end >> 20);
    chipset_open_bios_area();
    zero_guest_ram();
    memset((void *)high_hpa, 0, HIGH_WINDOW_SIZE);

    const struct npt_region map[] = {
        { "guest RAM", 0, ram_size, ram_hpa },
        { "VGA window", 0xA0000, 0x20000, 0xA0000 },
        { "PCI MMIO", 0xC0000000u, 0x40000000u, 0xC0000000u },
        { "high RAM", HIGH_WINDOW_GPA, HIGH_WINDOW_SIZE, high_hpa },
    };
    for (u32 i = 0; i < ARRAY_SIZE(map); i++)
        log_printf("hvmhost: gpa %010llx-%010llx -> hpa %08llx %s\n", map[i].gpa,
                   map[i].gpa + map[i].size - 1, map[i].hpa, map[i].what);
    u32 ncr3 = npt_build(map, ARRAY_SIZE(map));
    if (!bi->opt.native && bi->opt.split_view) {
        /* The assist's start code runs in its own view (hvmloader's jump). */
        split_view = 1;
        memset(assist_pages, 0, sizeof(assist_pages));
        view_ptes = npt_ptes(VMXASSIST_BASE, VMXASSIST_MAX_SIZE / PAGE_SIZE);
        assist_view_select(0, 1);
        log_printf("hvmhost: gpa %010x-%010x -> hpa %08x assist world's view\n", VMXASSIST_BASE,
                   VMXASSIST_BASE + VMXASSIST_MAX_SIZE - 1, (u32)assist_pages);
    }
    return ncr3;
}

void assist_view_select(struct vcpu *v, int assist_world)
{
    if (!split_view)
        return;
    npt_remap(view_ptes, assist_world ? (u32)assist_pages : VMXASSIST_BASE,
              VMXASSIST_MAX_SIZE / PAGE_SIZE);
    if (v)
        vmcb_write32(v->vmcb, VMCB_TLB_CONTROL, TLB_FLUSH_ALL);
}

int assist_view_read(u32 gpa, void *buf, u32 n)
{
    if (gpa < VMXASSIST_BASE || n > VMXASSIST_MAX_SIZE ||
        gpa - VMXASSIST_BASE > VMXASSIST_MAX_SIZE - n)
        return 0;
    if (!split_view)
        return gpa_read(gpa, buf, n);
    memcpy(buf, assist_pages + (gpa - VMXASSIST_BASE), n);
    return 1;
}

void assist_image_to_guest_view(const u8 *data, u32 size)
{
    memcpy((void *)VMXASSIST_BASE, data, size);     /* identity guest RAM */
}

u32 guest_ram_size(void)
{
    return ram_size;
}

int gpa_is_ram(u64 gpa, u32 n)
{
    u64 end = gpa + n;
    if (end > ram_size || end < gpa)
        return 0;
    return end <= 0xA0000 || gpa >= 0xC0000;
}

/* Copy in chunks that never cross a 4 KiB page of the nested map. */
static int gpa_copy(u64 gpa, u8 *buf, u32 n, int write)
{
    while (n) {
        u64 hpa;
        u32 chunk = PAGE_SIZE - (u32)(gpa & (PAGE_SIZE - 1));
        if (chunk > n)
            chunk = n;
        if (!npt_translate(gpa, &hpa) || hpa + chunk > 0x100000000ull)
            return 0;
        if (write)
            memcpy((void *)(u32)hpa, buf, chunk);
        else
            memcpy(buf, (const void *)(u32)hpa, chunk);
        gpa += chunk;
        buf += chunk;
        n -= chunk;
    }
    return 1;
}

int gpa_read(u64 gpa, void *buf, u32 n)
{
    return gpa_copy(gpa, buf, n, 0);
}

int gpa_write(u64 gpa, const void *buf, u32 n)
{
    return gpa_copy(gpa, (u8 *)buf, n, 1);
}

/* A guest page-table walk: 2-level (with PSE 4 MiB pages), PAE 3-level, or
 * 4-level (5-level with CR4.LA57, which Debian's Linux turns on when the
 * CPU has it, as QEMU's -cpu max does) when long mode is active: 64-bit
 * code runs anywhere, Linux at 0xffffffff8...; 32-bit addresses otherwise.
 * Accessed/dirty bits are not updated: the host only peeks at instruction
 * bytes and memory operands. */
int linear_to_gpa(const struct vcpu *v, u64 linear, u64 *gpa)
{
    const u8 *vmcb = v->vmcb;
    u32 cr4 = (u32)vmcb_read64(vmcb, VMCB_CR4);
    u64 cr3 = vmcb_read64(vmcb, VMCB_CR3);
    u64 e;

    if (!(vmcb_read64(vmcb, VMCB_EFER) & EFER_LMA))
        linear = (u32)linear;
    if (!(vmcb_read64(vmcb, VMCB_CR0) & CR0_PG)) {    /* the real paging state */
        *gpa = linear;
        return 1;
    }
    if (!(cr4 & CR4_PAE)) {
        u32 pde, pte;
        if (!gpa_read((cr3 & 0xFFFFF000u) + ((linear >> 22) << 2), &pde, 4) || !(pde & 1))
            return 0;
        if ((pde & PTE_PS) && (cr4 & CR4_PSE)) {
            *gpa = ((u64)(pde & 0x1FE000u) << 19) + (pde & 0xFFC00000u) + (linear & 0x3FFFFFu);
            return 1;
        }
        if (!gpa_read((pde & 0xFFFFF000u) + (((linear >> 12) & 0x3FF) << 2), &pte, 4) || !(pte & 1))
            return 0;
        *gpa = (pte & 0xFFFFF000u) + (linear & 0xFFFu);
        return 1;
    }
    if (vmcb_read64(vmcb, VMCB_EFER) & EFER_LMA) {
        e = cr3;                                /* PML5 or PML4 */
        if ((cr4 & CR4_LA57) &&
            (!gpa_read((e & PTE_ADDR_MASK) + (((linear >> 48) & 511) << 3), &e, 8) ||
             !(e & PTE_P)))
            return 0;
        if (!gpa_read((e & PTE_ADDR_MASK) + (((linear >> 39) & 511) << 3), &e, 8) ||
            !(e & PTE_P))
            return 0;
        if (!gpa_read((e & PTE_ADDR_MASK) + (((linear >> 30) & 511) << 3), &e, 8) ||
            !(e & PTE_P))
            return 0;
    } else if (!gpa_read((cr3 & 0xFFFFFFE0u) + ((linear >> 30) << 3), &e, 8) || !(e & PTE_P)) {
        return 0;
    }
    if ((e & PTE_PS) && (vmcb_read64(vmcb, VMCB_EFER) & EFER_LMA)) {
        *gpa = (e & PTE_ADDR_MASK & ~0x3FFFFFFFull) + (linear & 0x3FFFFFFFu);
        return 1;
    }
    if (!gpa_read((e & PTE_ADDR_MASK) + (((linear >> 21) & 511) << 3), &e, 8) || !(e & PTE_P))
        return 0;
    if (e & PTE_PS) {
        *gpa = (e & PTE_ADDR_MASK & ~0x1FFFFFull) + (linear & 0x1FFFFFu);
        return 1;
    }
    if (!gpa_read((e & PTE_ADDR_MASK) + (((linear >> 12) & 511) << 3), &e, 8) || !(e & PTE_P))
        return 0;
    *gpa = (e & PTE_ADDR_MASK) + (linear & 0xFFFu);
    return 1;
}

static int linear_copy(const struct vcpu *v, u64 linear, u8 *buf, u32 n, int write)
{
    while (n) {
        u64 gpa;
        u32 chunk = PAGE_SIZE - (linear & (PAGE_SIZE - 1));
        if (chunk > n)
            chunk = n;
        if (!linear_to_gpa(v, linear, &gpa))
            return 0;
        if (!(write ? gpa_write(gpa, buf, chunk) : gpa_read(gpa, buf, chunk)))
            return 0;
        linear += chunk;
        buf += chunk;
        n -= chunk;
    }
    return 1;
}

int linear_read(const struct vcpu *v, u64 linear, void *buf, u32 n)
{
    return linear_copy(v, linear, buf, n, 0);
}

int linear_write(const struct vcpu *v, u64 linear, const void *buf, u32 n)
{
    return linear_copy(v, linear, (u8 *)buf, n, 1);
}
