/*
 * The assist's own world: a flat GDT with one TSS per vCPU, and an IDT of
 * 32 exception vectors plus the 16 IRQ vectors at 0x20-0x2F.
 */
#include <vmxassist/engine.h>
#include <vmxassist/x86.h>

extern const u32 trap_stubs[48];

#define GDT_ENTRIES (3 + VMXA_MAX_CPUS)

static u64 gdt[GDT_ENTRIES] __attribute__((aligned(8)));
static u64 idt[48] __attribute__((aligned(8)));

/* One TSS per vCPU, then one I/O permission bitmap that every TSS points
 * at (the ports trapped are the same for all vCPUs).  It covers ports
 * 0-0xFFF, the PC's fixed devices and PCI configuration; ports beyond the
 * TSS limit fault in VM86 and are emulated - correct, only slower - which
 * saves 7.5 KiB of the 64 KiB the blob has below 0xE0000.  The byte after
 * the bitmap must be 0xFF: the CPU may read it for the last ports. */
#define IOPB_PORTS 0x1000
static struct {
    struct tss32 tss[VMXA_MAX_CPUS];
    u8 iopb[IOPB_PORTS / 8 + 1];
} __attribute__((packed, aligned(16))) tss_area;

struct dtr {
    u16 limit;
    u32 base;
} __attribute__((packed));

static u64 make_desc(u32 base, u32 limit, u32 access, u32 flags)
{
    u32 lo = (limit & 0xFFFF) | (base << 16);
    u32 hi = ((base >> 16) & 0xFF) | (access << 8) | (limit & 0xF0000) |
             (flags << 20) | (base & 0xFF000000);
    return ((u64)hi << 32) | lo;
}

static u64 make_gate(u32 offset, u16 sel)
{
    /* 32-bit interrupt gate, DPL 0: INT n from VM86 faults with #GP and is
     * emulated; hardware interrupts and exceptions ignore the DPL. */
    u32 lo = (offset & 0xFFFF) | ((u32)sel << 16);
    u32 hi = (offset & 0xFFFF0000) | 0x8E00;
    return ((u64)hi << 32) | lo;
}

/* The GDT and IDT are shared by all vCPUs and written once by vCPU 0. */
void desc_init_shared(void)
{
    gdt[0] = 0;
    gdt[SEL_CODE32 >> 3] = make_desc(0, 0xFFFFF, 0x9B, 0xC);
    gdt[SEL_DATA32 >> 3] = make_desc(0, 0xFFFFF, 0x93, 0xC);
    for (unsigned i = 0; i < 48; i++)
        idt[i] = make_gate(trap_stubs[i], SEL_CODE32);
}

u32 desc_gdt_base(void) { return (u32)(size_t)gdt; }
u32 desc_gdt_limit(void) { return sizeof(gdt) - 1; }
u32 desc_idt_base(void) { return (u32)(size_t)idt; }
u32 desc_idt_limit(void) { return sizeof(idt) - 1; }

/* Per-vCPU: its TSS (ring-0 stack for traps out of VM86, and the I/O
 * bitmap that decides which ports VM86 may touch directly). */
void desc_init_cpu(struct vcpu *v, u32 stack_top)
{
    struct tss32 *t = &tss_area.tss[v->id];
    u16 tss_sel = SEL_TSS0 + 8 * v->id;
    u32 iomap = (u32)((size_t)tss_area.iopb - (size_t)t);

    v->tss = t;
    t->ss0 = SEL_DATA32;
    t->esp0 = stack_top;
    t->iomap_base = (u16)iomap;
    tss_area.iopb[sizeof(tss_area.iopb) - 1] = 0xFF;
    gdt[tss_sel >> 3] = make_desc((u32)(size_t)t, desc_tss_limit(v), 0x89, 0);

    struct dtr g = { sizeof(gdt) - 1, (u32)(size_t)gdt };
    struct dtr i = { sizeof(idt) - 1, (u32)(size_t)idt };
    __asm__ volatile("lgdt %0\n\t"
                     "lidt %1\n\t"
                     "ljmp %2, $1f\n"
                     "1:\n\t"
                     "mov %3, %%ds\n\t"
                     "mov %3, %%es\n\t"
                     "mov %3, %%ss\n\t"
                     "mov %3, %%fs\n\t"
                     "mov %3, %%gs\n\t"
                     "ltr %4"
                     :: "m"(g), "m"(i), "i"(SEL_CODE32), "r"(SEL_DATA32), "r"(tss_sel)
                     : "memory");
}

/* The TSS limit reaches to the end of the shared bitmap. */
u32 desc_tss_limit(struct vcpu *v)
{
    return (u32)((size_t)&tss_area.iopb[sizeof(tss_area.iopb)] - (size_t)&tss_area.tss[v->id]) - 1;
}

/* Trap a port in VM86 (1 = the access faults and the assist emulates it),
 * for every vCPU. */
void desc_trap_port(u16 port)
{
    if (port < IOPB_PORTS)
        tss_area.iopb[port >> 3] |= (u8)(1u << (port & 7));
}
