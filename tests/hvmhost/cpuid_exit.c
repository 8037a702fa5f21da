/* CPUID exits.  Hypervisor leaves 0x40000000-2 announce a hypervisor that
 * is deliberately not Xen (a guest seeing "XenVMMXenVMM" would try Xen
 * hypercalls); 0x40000003 is Xen 3.2's private leaf: read the qword at the
 * guest-physical address EDX:ECX, valid only in the assist world.
 * 0x40000004 is hvmhost's own extension, advertised by 0x40000001 ECX bit 0
 * (abi.h): write the bytes of EBX:ESI that EDI's mask selects to the qword
 * at EDX:ECX, also only in the assist world.  Other leaves pass through
 * from the host CPU, minus SVM. */
#include <vmxassist/abi.h>
#include "exits.h"
#include "vcpu.h"
#include "vmcb.h"
#include "cpu.h"
#include "libc.h"
#include "guest_memory.h"
#include "insn.h"

#define HV_HIGHEST_LEAF     (HV_CPUID_BASE + 2)
#define HV_READ_QWORD_LEAF  (HV_HIGHEST_LEAF + 1)
#define HV_WRITE_QWORD_LEAF (HV_HIGHEST_LEAF + 2)
#define CPUID_80000001_ECX_SVM (1u << 2)

static void read_guest_qword(struct vcpu *v)
{
    u64 gpa = ((u64)vcpu_gpr(v, 2) << 32) | vcpu_gpr(v, 1), value = 0;

    if (v->in_assist && !(gpa & 7))
        gpa_read(gpa, &value, 8);           /* unmapped: reads as 0 */
    v->gprs.ecx = (u32)value;
    v->gprs.edx = (u32)(value >> 32);
}

/* Byte by byte, so that bytes outside the mask are never rewritten. */
static u32 write_guest_bytes(struct vcpu *v)
{
    u64 gpa = ((u64)vcpu_gpr(v, 2) << 32) | vcpu_gpr(v, 1);
    u64 value = ((u64)vcpu_gpr(v, 6) << 32) | vcpu_gpr(v, 3);
    u32 mask = vcpu_gpr(v, 7) & 0xFF;

    if (!v->in_assist || (gpa & 7))
        return 0;
    for (u32 i = 0; i < 8; i++) {
        u8 b = (u8)(value >> (8 * i));
        if ((mask & (1u << i)) && !gpa_write(gpa + i, &b, 1))
            return 0;
    }
    return 1;
}

void handle_cpuid(struct vcpu *v)
{
    u32 leaf = (u32)vmcb_read64(v->vmcb, VMCB_RAX);
    struct cpuid_regs r;

    if (leaf == HV_READ_QWORD_LEAF) {
        read_guest_qword(v);
    } else if (leaf == HV_WRITE_QWORD_LEAF) {
        vmcb_write64(v->vmcb, VMCB_RAX, write_guest_bytes(v));
    } else {
        if (leaf == HV_CPUID_BASE) {
            r.eax = HV_HIGHEST_LEAF;
            memcpy(&r.ebx, "hvmh", 4);      /* "hvmhostSVMvm" */
            memcpy(&r.ecx, "ostS", 4);
            memcpy(&r.edx, "VMvm", 4);
        } else if (leaf > HV_CPUID_BASE && leaf <= HV_HIGHEST_LEAF) {
            r.eax = r.ebx = r.ecx = r.edx = 0;
            if (leaf == HV_CPUID_FEATURES_LEAF)
                r.ecx = HV_FEATURE_WRITE_QWORD;
        } else {
            r = cpuid_leaf(leaf, v->gprs.ecx);
            if (leaf == 0x80000001)
                r.ecx &= ~CPUID_80000001_ECX_SVM;
        }
        vmcb_write64(v->vmcb, VMCB_RAX, r.eax);
        v->gprs.ebx = r.ebx;
        v->gprs.ecx = r.ecx;
        v->gprs.edx = r.edx;
    }
    /* Past the whole instruction: prefixes count (66 F3 65 0F A2 is a
     * CPUID too).  QEMU saves no next RIP (NRIP reads 0): then the
     * prefixes are read from the guest's code and 0F A2 follows them. */
    u64 next = vmcb_read64(v->vmcb, VMCB_NRIP);
    if (!next) {
        struct insn_cursor c;
        insn_begin(&c, v);
        next = vmcb_read64(v->vmcb, VMCB_RIP) + c.len + 2;
    }
    vmcb_write64(v->vmcb, VMCB_RIP, next);
}
