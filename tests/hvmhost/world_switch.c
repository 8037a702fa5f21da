/* INVOKE / RESTORE.
 *
 * INVOKE (a CR0 write with PE clear): save the guest's state into the old
 * context (pointer at 0xD0010, skipped when 0), load the new context
 * (pointer at 0xD000C) and enter the assist world.  RESTORE (a CR0 write
 * with PE set while in the assist world): load the old context and leave.
 * Like Xen, any PE-clear write INVOKEs, even one made inside the assist
 * world (which overwrites the old context: counted as invoke_from_assist).
 * General registers are never touched: they carry across both switches.
 *
 * The VMCB always has CR0.PE set (the assist world runs in PM/VM86); the
 * guest-visible CR0 is kept in vcpu->vcr0. */
#include <vmxassist/abi.h>
#include <vmxassist/seg.h>
#include "world_switch.h"
#include "vcpu.h"
#include "vmcb.h"
#include "cpu.h"
#include "counters.h"
#include "guest_memory.h"
#include "log.h"
#include "libc.h"

BUILD_ASSERT(sizeof(struct vmx_assist_context) == VMX_ASSIST_CONTEXT_SIZE);

#define TSS_TYPE_BUSY_BIT 0x2u

/* The formats are converted as seg.h does it for the assist; TR is stored
 * available in the VMCB (quirk 1) but reported busy, as VMX always has it. */
u32 svm_attrib_to_vmx_ar(u16 attrib, int is_tr)
{
    if (is_tr)
        return (seg_ar_from_svm(attrib) & ~VMX_AR_UNUSABLE) | TSS_TYPE_BUSY_BIT;
    return seg_ar_from_svm(attrib);
}

u16 vmx_ar_to_svm_attrib(u32 ar, int is_tr)
{
    if (is_tr)
        return (u16)(seg_ar_to_svm(ar & ~VMX_AR_UNUSABLE) & ~TSS_TYPE_BUSY_BIT);
    return seg_ar_to_svm(ar);
}

/* Context record order: cs ds es ss fs gs tr ldtr. */
static const enum vmcb_seg context_segs[8] = {
    SEG_CS, SEG_DS, SEG_ES, SEG_SS, SEG_FS, SEG_GS, SEG_TR, SEG_LDTR
};

static struct vmx_assist_segment *context_seg(struct vmx_assist_context *c, u32 i)
{
    return &c->cs + i;
}

static void save_context(struct vcpu *v, struct vmx_assist_context *c)
{
    u8 *vmcb = v->vmcb;
    struct vmcb_segment *idtr = vmcb_seg(vmcb, SEG_IDTR), *gdtr = vmcb_seg(vmcb, SEG_GDTR);

    c->eip = (u32)vmcb_read64(vmcb, VMCB_RIP);
    c->esp = (u32)vmcb_read64(vmcb, VMCB_RSP);
    c->eflags = (u32)vmcb_read64(vmcb, VMCB_RFLAGS) & ~EFLAGS_RF;
    c->cr0 = v->vcr0;
    c->cr3 = (u32)vmcb_read64(vmcb, VMCB_CR3);
    c->cr4 = (u32)vmcb_read64(vmcb, VMCB_CR4);
    c->idtr_limit = idtr->limit;
    c->idtr_base = (u32)idtr->base;
    c->gdtr_limit = gdtr->limit;
    c->gdtr_base = (u32)gdtr->base;
    for (u32 i = 0; i < 8; i++) {
        struct vmcb_segment *s = vmcb_seg(vmcb, context_segs[i]);
        struct vmx_assist_segment *d = context_seg(c, i);
        d->sel = s->sel;
        d->limit = s->limit;
        d->base = (u32)s->base;
        d->arbytes = svm_attrib_to_vmx_ar(s->attrib, context_segs[i] == SEG_TR);
    }
}

static void load_context(struct vcpu *v, struct vmx_assist_context *c)
{
    u8 *vmcb = v->vmcb;
    struct vmcb_segment *idtr = vmcb_seg(vmcb, SEG_IDTR), *gdtr = vmcb_seg(vmcb, SEG_GDTR);

    vmcb_write64(vmcb, VMCB_RIP, c->eip);
    vmcb_write64(vmcb, VMCB_RSP, c->esp);
    vmcb_write64(vmcb, VMCB_RFLAGS, c->eflags | 0x2);
    vcpu_set_cr0(v, c->cr0 | CR0_ET, c->cr0 | CR0_ET | CR0_PE);
    vmcb_write64(vmcb, VMCB_CR3, c->cr3);
    vmcb_write64(vmcb, VMCB_CR4, c->cr4);
    idtr->limit = c->idtr_limit;
    idtr->base = c->idtr_base;
    gdtr->limit = c->gdtr_limit;
    gdtr->base = c->gdtr_base;
    for (u32 i = 0; i < 8; i++) {
        struct vmcb_segment *d = vmcb_seg(vmcb, context_segs[i]);
        struct vmx_assist_segment *s = context_seg(c, i);
        d->sel = (u16)s->sel;
        d->limit = s->limit;
        d->base = s->base;
        d->attrib = vmx_ar_to_svm_attrib(s->arbytes, context_segs[i] == SEG_TR);
    }
    /* The CPL is SS.DPL (CS.DPL differs from it in a conforming code
     * segment entered from an outer level); VM86 runs at 3. */
    vmcb[VMCB_CPL] = (c->eflags & EFLAGS_VM) ? 3 : (u8)((c->ss.arbytes & VMX_AR_DPL_MASK) >> VMX_AR_DPL_SHIFT);
    vmcb_write32(vmcb, VMCB_TLB_CONTROL, TLB_FLUSH_ALL);
}

static u32 read_pointer(struct vcpu *v, u32 gpa, const char *what)
{
    u32 p;
    if (!gpa_read(gpa, &p, 4))
        vcpu_fail(v, "cannot read the %s pointer at %x", what, gpa);
    return p;
}

static void read_context(struct vcpu *v, u32 gpa, struct vmx_assist_context *c, const char *what)
{
    if (!gpa_read(gpa, c, sizeof(*c)))
        vcpu_fail(v, "the %s context at %x is not in guest memory", what, gpa);
}

static void invoke(struct vcpu *v, int verbose)
{
    struct vmx_assist_context c;
    u32 old, new;

    /* The header, the contexts and the assist itself live in the assist
     * world's view of 0xD0000-0xDFFFF (guest_memory.c). */
    assist_view_select(v, 1);
    old = read_pointer(v, VMXASSIST_OLD_CONTEXT, "old-context");
    new = read_pointer(v, VMXASSIST_NEW_CONTEXT, "new-context");

    /* Xen re-checks the header at every INVOKE and kills the domain if it
     * is gone. */
    if (read_pointer(v, VMXASSIST_BASE + VMXASSIST_MAGIC_OFFSET, "magic") != VMXASSIST_MAGIC)
        vcpu_fail(v, "INVOKE: the assist's magic at 0xD0008 is gone");
    if (!new)
        vcpu_fail(v, "INVOKE: the assist has no new context (0xD000C is 0)");
    if (v->in_assist) {
        counters.invoke_from_assist++;
        log_printf("hvmhost: WARNING: CR0.PE cleared inside the assist world: INVOKE again, old context overwritten\n");
    }
    if (old) {
        /* The whole 172-byte record is written, like Xen's copy of its
         * on-stack record: rm_irqbase comes out as 0 here, so the assist
         * must fill it in again before a RESTORE that needs it. */
        memset(&c, 0, sizeof(c));
        save_context(v, &c);
        if (!gpa_write(old, &c, sizeof(c)))
            vcpu_fail(v, "INVOKE: the old context at %x is not in guest memory", old);
    }
    read_context(v, new, &c, "new");
    v->pics.pm_base[0] = v->pics.chip[0].icw2 & 0xF8;
    v->pics.pm_base[1] = v->pics.chip[1].icw2 & 0xF8;
    pic_set_bases(&v->pics, VMXASSIST_PIC_BASE_MASTER, VMXASSIST_PIC_BASE_SLAVE);
    load_context(v, &c);
    v->in_assist = 1;
    counters.invoke++;
    if (verbose)
        log_printf("hvmhost: INVOKE old %08x new %08x -> eip %08x\n", old, new, c.eip);
}

static void restore(struct vcpu *v, int verbose)
{
    struct vmx_assist_context c;
    u32 old = read_pointer(v, VMXASSIST_OLD_CONTEXT, "old-context");

    if (!old)
        vcpu_fail(v, "RESTORE: no old context (0xD0010 is 0)");
    read_context(v, old, &c, "old");
    load_context(v, &c);
    assist_view_select(v, 0);
    if (v->pics.icw2_written_in_assist)
        pic_set_bases(&v->pics, c.rm_irqbase[0] & 0xF8, c.rm_irqbase[1] & 0xF8);
    else
        pic_set_bases(&v->pics, v->pics.pm_base[0], v->pics.pm_base[1]);
    v->in_assist = 0;
    counters.restore++;
    if (verbose)
        log_printf("hvmhost: RESTORE -> %04x:%08x cr0 %08x\n", c.cs.sel, c.eip, c.cr0);
}

void assist_cr0_written(struct vcpu *v, u32 new_cr0, int is_clts, int verbose)
{
    if (!is_clts && !(new_cr0 & CR0_PE)) {
        v->vcr0 = new_cr0;
        invoke(v, verbose);
        return;
    }
    if (v->in_assist && (new_cr0 & CR0_PE)) {
        restore(v, verbose);
        return;
    }
    vcpu_set_cr0(v, new_cr0, new_cr0 | CR0_PE);
}
