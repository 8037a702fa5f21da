/* The VMRUN loop and exit dispatch. */
#include "run_loop.h"
#include "exits.h"
#include "boot_info.h"
#include "vcpu.h"
#include "vmcb.h"
#include "cpu.h"
#include "counters.h"
#include "log.h"
#include "insn.h"
#include "paging.h"

u64 svm_run_guest(u32 vmcb_pa, struct guest_gprs *g);

#define EXITINTINFO_VALID (1u << 31)

/* HLT with IF=1: let the guest halt natively until the next interrupt.
 * The INTR intercept tells us when that happened; under -icount an IRQ can
 * bypass the INTR intercept (quirk 5), so every exit restores the normal
 * intercepts. */
static void wait_natively_in_hlt(struct vcpu *v)
{
    u32 i1 = vmcb_read32(v->vmcb, VMCB_INTERCEPTS1);
    vmcb_write32(v->vmcb, VMCB_INTERCEPTS1, (i1 & ~INTERCEPT_HLT) | INTERCEPT_INTR);
    v->waiting_in_hlt = 1;
    v->hlt_rip = (u32)vmcb_read64(v->vmcb, VMCB_RIP);
}

/* If an IRQ was already pending, QEMU takes the INTR exit before the HLT
 * has run (RIP still on it): the guest's `sti; hlt` means the HLT comes
 * first and the IRQ returns past it, so consume the HLT here, with any
 * prefixes before it (hostile code has them). */
static void stop_waiting_in_hlt(struct vcpu *v, u32 code)
{
    u32 i1 = vmcb_read32(v->vmcb, VMCB_INTERCEPTS1);
    vmcb_write32(v->vmcb, VMCB_INTERCEPTS1, (i1 | INTERCEPT_HLT) & ~INTERCEPT_INTR);
    v->waiting_in_hlt = 0;
    if (code == VMEXIT_INTR && (u32)vmcb_read64(v->vmcb, VMCB_RIP) == v->hlt_rip) {
        struct insn_cursor c;
        insn_begin(&c, v);
        vmcb_write64(v->vmcb, VMCB_RIP, v->hlt_rip + c.len + 1);
    }
}

static void handle_hlt(struct vcpu *v)
{
    if (!((u32)vmcb_read64(v->vmcb, VMCB_RFLAGS) & EFLAGS_IF))
        vcpu_fail(v, "HLT forever: HLT with interrupts disabled");
    wait_natively_in_hlt(v);                /* RIP stays on the HLT */
}

void handle_npf(struct vcpu *v)
{
    vcpu_fail(v, "NPF: guest touched GPA %llx (error code %llx), outside its memory map",
              vmcb_read64(v->vmcb, VMCB_EXITINFO2), vmcb_read64(v->vmcb, VMCB_EXITINFO1));
}

static void handle_exit(struct vcpu *v, const struct options *o)
{
    u32 code = vmcb_read32(v->vmcb, VMCB_EXITCODE);
    u64 intinfo = vmcb_read64(v->vmcb, VMCB_EXITINTINFO);

    counters_count_exit(code);
    if (o->trace)
        log_printf("exit %s cs:eip %04x:%08x info1 %llx info2 %llx intstate %llx\n",
                   exit_name(code), vmcb_seg(v->vmcb, SEG_CS)->sel,
                   (u32)vmcb_read64(v->vmcb, VMCB_RIP), vmcb_read64(v->vmcb, VMCB_EXITINFO1),
                   vmcb_read64(v->vmcb, VMCB_EXITINFO2), vmcb_read64(v->vmcb, VMCB_INT_STATE));
    if (v->waiting_in_hlt)
        stop_waiting_in_hlt(v, code);
    /* An exit in the middle of delivering an event: deliver it again. */
    vmcb_write64(v->vmcb, VMCB_EVENTINJ, (intinfo & EXITINTINFO_VALID) ? intinfo : 0);
    vmcb_write32(v->vmcb, VMCB_TLB_CONTROL, 0);

    switch (code) {
    case VMEXIT_WRITE_CR0: handle_cr0_write(v, o); break;
    case VMEXIT_CPUID: handle_cpuid(v); break;
    case VMEXIT_IOIO: handle_ioio(v); break;
    case VMEXIT_HLT: handle_hlt(v); break;
    case VMEXIT_INTR: break;                /* the IRQ goes to the guest on VMRUN */
    case VMEXIT_NPF: handle_npf(v); break;
    case VMEXIT_SHUTDOWN: vcpu_fail(v, "SHUTDOWN: the guest triple-faulted");
    case VMEXIT_INVALID: vcpu_fail(v, "VMRUN failed: invalid guest state in the VMCB");
    default: vcpu_fail(v, "unexpected #VMEXIT %x", code);
    }
}

void run_vcpu(struct vcpu *v, const struct options *o)
{
    counters.tsc_first_vmrun = rdtsc();
    counters.running = 1;
    for (;;) {
        counters.guest_insns += svm_run_guest((u32)v->vmcb, &v->gprs);
        if (host_paging_repair())
            counters.host_cr0_repairs++;
        handle_exit(v, o);
    }
}
