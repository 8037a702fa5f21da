/*
 * The VM86 fast path: the instructions that trap out of VM86 most often
 * (because IOPL is kept at 0) handled straight on the trap frame, without
 * leaving VM86 state, decoding or running the mode machine.  Anything
 * unusual - a prefix, a stack at the edge of its 64 KiB, STI (which starts
 * an interrupt shadow) - takes the general path, which gives the same
 * result more slowly.  In VM86 the guest is in real mode with paging off:
 * linear = physical = segment * 16 + offset.  The frame is v->regs with
 * v->in_vm86 set, so guest_flags()/guest_set_flags() apply as they are.
 */
#include <vmxassist/guest_ptr.h>
#include <vmxassist/engine.h>
#include <vmxassist/log.h>
#include <vmxassist/x86.h>

static inline u8 *real_ptr(u32 seg, u32 off)
{
    return (u8 *)GUEST_PTR((seg << 4) + (off & 0xFFFF));
}

int vm86_fast_path(struct vcpu *v, struct trap_frame *f)
{
    /* EIP unmasked: code that ran past offset FFFFh faults with EIP
     * 10000h (#GP at the fetch, not a trapped instruction at IP 0); the
     * general path reflects that #GP. */
    u32 ip = f->eip, sp = f->esp & 0xFFFF;
    const u8 *code;
    u16_any *stack;             /* SP may be odd */

    if (VMXA_TRACE || ip > 0xFFF0)
        return 0;
    code = real_ptr(f->cs, ip);
    switch (code[0]) {
    case 0xFA:                              /* CLI */
        f->eflags &= ~EFL_IF;
        f->eip = ip + 1;
        break;
    case 0x9C:                              /* PUSHF */
        if (sp < 2)
            return 0;
        sp -= 2;
        *(u16_any *)real_ptr(f->ss, sp) = (u16)guest_flags(v);
        f->esp = (f->esp & 0xFFFF0000u) | sp;
        f->eip = ip + 1;
        break;
    case 0x9D:                              /* POPF */
        if (sp > 0xFFFE - 2)
            return 0;
        guest_set_flags(v, *(u16_any *)real_ptr(f->ss, sp), 0xFFFF);
        f->esp = (f->esp & 0xFFFF0000u) | (sp + 2);
        f->eip = ip + 1;
        break;
    case 0xCF:                              /* IRET */
        if (sp > 0xFFFE - 6)
            return 0;
        stack = (u16_any *)real_ptr(f->ss, sp);
        f->eip = stack[0];
        f->cs = stack[1];
        guest_set_flags(v, stack[2], 0xFFFF);
        f->esp = (f->esp & 0xFFFF0000u) | (sp + 6);
        break;
    case 0xCD: {                            /* INT n */
        u32 vec = code[1], entry, at = v->idtr_base + vec * 4;
        /* An IVT entry across the 4 GiB wrap (LIDT can put the base
         * anywhere) is read byte by byte by the general path. */
        if (sp < 6 || sp > 0xFFFE || vec * 4 + 3 > v->idtr_limit || at > 0xFFFFFFFCu)
            return 0;
        entry = *(const u32_any *)GUEST_PTR(at);
        sp -= 6;
        stack = (u16_any *)real_ptr(f->ss, sp);
        stack[0] = (u16)(ip + 2);
        stack[1] = (u16)f->cs;
        stack[2] = (u16)guest_flags(v);
        f->esp = (f->esp & 0xFFFF0000u) | sp;
        f->eflags &= ~(EFL_IF | EFL_TF | EFL_AC | EFL_RF);
        f->cs = entry >> 16;
        f->eip = entry & 0xFFFF;
        break;
    }
    default:
        return 0;
    }
    v->stats.emulated++;
    return 1;
}
