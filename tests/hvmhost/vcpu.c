/* Register access, state dumps and failure stops for one vCPU. */
#include <stdarg.h>
#include "vcpu.h"
#include "vmcb.h"
#include "cpu.h"
#include "log.h"
#include "counters.h"
#include "guest_memory.h"
#include "host_fail.h"

u32 vcpu_gpr(const struct vcpu *v, unsigned n)
{
    switch (n & 7) {
    case 0: return (u32)vmcb_read64(v->vmcb, VMCB_RAX);
    case 1: return (u32)v->gprs.ecx;
    case 2: return (u32)v->gprs.edx;
    case 3: return (u32)v->gprs.ebx;
    case 4: return (u32)vmcb_read64(v->vmcb, VMCB_RSP);
    case 5: return (u32)v->gprs.ebp;
    case 6: return (u32)v->gprs.esi;
    default: return (u32)v->gprs.edi;
    }
}

void vcpu_set_gpr(struct vcpu *v, unsigned n, u32 value)
{
    switch (n & 7) {
    case 0: vmcb_write64(v->vmcb, VMCB_RAX, value); break;
    case 1: v->gprs.ecx = value; break;
    case 2: v->gprs.edx = value; break;
    case 3: v->gprs.ebx = value; break;
    case 4: vmcb_write64(v->vmcb, VMCB_RSP, value); break;
    case 5: v->gprs.ebp = value; break;
    case 6: v->gprs.esi = value; break;
    default: v->gprs.edi = value; break;
    }
}

void vcpu_set_cr0(struct vcpu *v, u32 virtual_cr0, u32 hardware_cr0)
{
    u64 efer = vmcb_read64(v->vmcb, VMCB_EFER) & ~(u64)EFER_LMA;

    if ((efer & EFER_LME) && (hardware_cr0 & CR0_PG))
        efer |= EFER_LMA;
    vmcb_write64(v->vmcb, VMCB_EFER, efer);
    v->vcr0 = virtual_cr0;
    vmcb_write64(v->vmcb, VMCB_CR0, hardware_cr0);
}

static const char *const seg_names[SEG_COUNT] = {
    "es", "cs", "ss", "ds", "fs", "gs", "gdtr", "ldtr", "idtr", "tr"
};

void vcpu_dump(struct vcpu *v)
{
    u8 *vmcb = v->vmcb;
    struct vmcb_segment *cs = vmcb_seg(vmcb, SEG_CS), *ss = vmcb_seg(vmcb, SEG_SS);
    u32 eip = (u32)vmcb_read64(vmcb, VMCB_RIP);
    u8 bytes[16];

    log_printf("--- state of vcpu %u ---\n", v->id);
    log_printf("mode %s\n", v->in_assist ? "assist-world" : "guest");
    log_printf("cs:eip %04x:%08x  ss:esp %04x:%08x  eflags %08x  cpl %u\n",
               cs->sel, eip, ss->sel, vcpu_gpr(v, 4),
               (u32)vmcb_read64(vmcb, VMCB_RFLAGS), vmcb[VMCB_CPL]);
    log_printf("eax %08x ebx %08x ecx %08x edx %08x\n",
               vcpu_gpr(v, 0), vcpu_gpr(v, 3), vcpu_gpr(v, 1), vcpu_gpr(v, 2));
    log_printf("esi %08x edi %08x ebp %08x esp %08x\n",
               vcpu_gpr(v, 6), vcpu_gpr(v, 7), vcpu_gpr(v, 5), vcpu_gpr(v, 4));
    log_printf("cr0 virtual %08x vmcb %08x  cr2 %08x cr3 %08x cr4 %08x efer %08x\n",
               v->vcr0, (u32)vmcb_read64(vmcb, VMCB_CR0), (u32)vmcb_read64(vmcb, VMCB_CR2),
               (u32)vmcb_read64(vmcb, VMCB_CR3), (u32)vmcb_read64(vmcb, VMCB_CR4),
               (u32)vmcb_read64(vmcb, VMCB_EFER));
    for (u32 s = 0; s < SEG_COUNT; s++) {
        struct vmcb_segment *seg = vmcb_seg(vmcb, s);
        log_printf("%-4s sel %04x attrib %03x limit %08x base %08llx\n",
                   seg_names[s], seg->sel, seg->attrib, seg->limit, seg->base);
    }
    log_printf("last exit %03x (%s) info1 %016llx info2 %016llx intinfo %016llx\n",
               vmcb_read32(vmcb, VMCB_EXITCODE), exit_name(vmcb_read32(vmcb, VMCB_EXITCODE)),
               vmcb_read64(vmcb, VMCB_EXITINFO1), vmcb_read64(vmcb, VMCB_EXITINFO2),
               vmcb_read64(vmcb, VMCB_EXITINTINFO));
    if (linear_read(v, (vmcb_read64(vmcb, VMCB_EFER) & EFER_LMA) && (cs->attrib & SVM_ATTR_L)
                           ? vmcb_read64(vmcb, VMCB_RIP) : (u32)cs->base + eip,
                    bytes, sizeof(bytes))) {
        log_printf("bytes at cs:eip: ");
        log_hexbytes(bytes, sizeof(bytes));
        log_printf("\n");
    } else {
        log_printf("bytes at cs:eip: (unmapped)\n");
    }
    log_printf("--- end state ---\n");
}

void vcpu_fail(struct vcpu *v, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    log_failure(fmt, ap);
    va_end(ap);
    vcpu_dump(v);
    host_exit_with(HOST_FAILURE_VALUE, 1);
}
