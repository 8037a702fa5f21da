/* SVM setup (AMD APM vol. 2, chapter 15). */
#include <vmxassist/abi.h>
#include "svm_setup.h"
#include "milestone.h"
#include "vcpu.h"
#include "vmcb.h"
#include "cpu.h"
#include "libc.h"
#include "host_fail.h"

#define CPUID_80000001_ECX_SVM (1u << 2)

static u8 host_save_area[4096] __attribute__((aligned(4096)));
/* The I/O permission map covers 64 K ports plus 3 bytes spill: 12 KiB. */
static u8 iopm[3 * 4096] __attribute__((aligned(4096)));
static u8 msrpm[2 * 4096] __attribute__((aligned(4096)));

void svm_enable(void)
{
    if (!(cpuid_leaf(0x80000001, 0).ecx & CPUID_80000001_ECX_SVM))
        host_fail("this CPU has no SVM (run QEMU with -cpu max)");
    wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SVME);
    wrmsr(MSR_VM_HSAVE_PA, (u32)host_save_area);
}

static void trap_port(u16 port)
{
    iopm[port / 8] |= (u8)(1u << (port % 8));
}

void vmcb_init_controls(struct vcpu *v, u32 ncr3)
{
    static const u16 trapped[] = IOPM_TRAPPED_PORTS;
    u8 *vmcb = v->vmcb;

    memset(vmcb, 0, 4096);
    memset(iopm, 0, sizeof(iopm));
    for (u32 i = 0; i < ARRAY_SIZE(trapped); i++)
        trap_port(trapped[i]);
    if (milestone_watching())
        trap_port(COM1_DATA_PORT);
    vmcb_write32(vmcb, VMCB_CR_INTERCEPTS, INTERCEPT_WRITE_CR0);
    vmcb_write32(vmcb, VMCB_INTERCEPTS1, INTERCEPT_CPUID | INTERCEPT_HLT |
                 INTERCEPT_IOIO | INTERCEPT_SHUTDOWN);
    vmcb_write32(vmcb, VMCB_INTERCEPTS2, INTERCEPT_VMRUN);
    vmcb_write64(vmcb, VMCB_IOPM_BASE, (u32)iopm);
    vmcb_write64(vmcb, VMCB_MSRPM_BASE, (u32)msrpm);
    vmcb_write32(vmcb, VMCB_ASID, 1);
    vmcb_write32(vmcb, VMCB_TLB_CONTROL, TLB_FLUSH_ALL);
    vmcb_write64(vmcb, VMCB_NP_ENABLE, 1);
    vmcb_write64(vmcb, VMCB_NCR3, ncr3);

    vmcb_write64(vmcb, VMCB_EFER, EFER_SVME);       /* the guest's SVME must stay set */
    vmcb_write64(vmcb, VMCB_G_PAT, 0x0007040600070406ull);
    vmcb_write64(vmcb, VMCB_DR7, 0x400);
    vmcb_write64(vmcb, VMCB_DR6, 0xFFFF0FF0);
    vmcb_write64(vmcb, VMCB_RFLAGS, 0x2);
}

static void set_seg(u8 *vmcb, enum vmcb_seg s, u16 sel, u16 attrib, u32 limit, u32 base)
{
    struct vmcb_segment *seg = vmcb_seg(vmcb, s);
    seg->sel = sel;
    seg->attrib = attrib;
    seg->limit = limit;
    seg->base = base;
}

/* CS as given; ES, SS, DS, FS, GS all the same data segment. */
static void set_code_and_data(u8 *vmcb, u16 cs_sel, u16 cs_attrib, u32 cs_base,
                              u16 data_sel, u16 data_attrib, u32 limit)
{
    for (enum vmcb_seg s = SEG_ES; s <= SEG_GS; s++)
        if (s == SEG_CS)
            set_seg(vmcb, s, cs_sel, cs_attrib, limit, cs_base);
        else
            set_seg(vmcb, s, data_sel, data_attrib, limit, 0);
}

/* TR and LDTR are the same in both modes: a 32-bit TSS stored as
 * "available" 0x89 (QEMU aborts on 0x8B, quirk 1) and a present LDT. */
static void set_system_segments(u8 *vmcb)
{
    set_seg(vmcb, SEG_TR, 0, 0x089, 0xFF, 0);
    set_seg(vmcb, SEG_LDTR, 0, 0x082, 0xFFFF, 0);
}

/* hvmloader jumped to the assist in flat 32-bit PM, paging and interrupts
 * off, EDX = vCPU id, EBX = 0 (not an AP).  The assist must load its own
 * GDT and IDT: GDTR/IDTR are empty here. */
void vmcb_set_assist_entry(struct vcpu *v)
{
    u8 *vmcb = v->vmcb;

    set_code_and_data(vmcb, 0x08, 0xC9B, 0, 0x10, 0xC93, 0xFFFFFFFF);
    set_seg(vmcb, SEG_GDTR, 0, 0, 0, 0);
    set_seg(vmcb, SEG_IDTR, 0, 0, 0, 0);
    set_system_segments(vmcb);
    v->vcr0 = CR0_PE | CR0_ET;
    vmcb_write64(vmcb, VMCB_CR0, v->vcr0);
    vmcb_write64(vmcb, VMCB_RIP, VMXASSIST_BASE);
    vmcb_write64(vmcb, VMCB_RSP, 0x9F000);   /* scratch stack below the EBDA */
    vmcb_write64(vmcb, VMCB_RAX, 0);
    v->gprs.ebx = 0;
    v->gprs.edx = v->id;
}

void vmcb_set_reset_state(struct vcpu *v)
{
    u8 *vmcb = v->vmcb;

    set_code_and_data(vmcb, VMXASSIST_RESET_CS, 0x09B, VMXASSIST_RESET_CS << 4, 0, 0x093, 0xFFFF);
    set_seg(vmcb, SEG_GDTR, 0, 0, 0xFFFF, 0);
    set_seg(vmcb, SEG_IDTR, 0, 0, 0x3FF, 0);
    set_system_segments(vmcb);
    v->vcr0 = 0x60000010;
    vmcb_write64(vmcb, VMCB_CR0, v->vcr0);
    vmcb_write64(vmcb, VMCB_RIP, VMXASSIST_RESET_IP);
    vmcb_write64(vmcb, VMCB_RSP, 0);
    vmcb_write64(vmcb, VMCB_RAX, 0);
}
