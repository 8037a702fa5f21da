/*
 * Every trap lands here.  Out of VM86 it is the guest's: a #GP to emulate,
 * an IRQ to reflect, or an exception to deliver through its IVT.  Out of
 * ring 0 it is the assist's own: an IRQ taken while it waited (recorded for
 * the guest) or a bug in the assist (reported, then shutdown).
 */
#include <vmxassist/engine.h>
#include <vmxassist/log.h>
#include <vmxassist/x86.h>
#include <vmxassist/fixup.h>

extern const struct fixup_entry __fixup_start[], __fixup_end[];

/* A fault at an instruction the assist ran for the guest: resume at its
 * fixup and let the caller turn the vector into the guest's exception. */
static int apply_fixup(struct vcpu *v, struct trap_frame *f)
{
    for (const struct fixup_entry *e = __fixup_start; e < __fixup_end; e++) {
        if (e->from == f->eip) {
            v->fixup_vector = (int)f->vector;
            v->fixup_error = f->error;
            f->eip = e->to;
            return 1;
        }
    }
    return 0;
}

static void assist_trap(struct vcpu *v, struct trap_frame *f)
{
    if (f->vector >= VEC_IRQ_BASE && f->vector < VEC_IRQ_BASE + 16) {
        v->irq_pending |= (u16)(1u << (f->vector - VEC_IRQ_BASE));
        return;
    }
    if (f->vector < 32 && apply_fixup(v, f))
        return;
    log_printf_always("vmxassist: internal fault: vector %u error %x at %08x, eflags %08x\n",
                      f->vector, f->error, f->eip, f->eflags);
    guest_report(v, "guest state at the internal fault", NULL);
    triple_fault(v);
}

void trap_dispatch(struct trap_frame *f) ASM_CALLED;
ASM_CALLED void trap_dispatch(struct trap_frame *f)
{
    struct vcpu *v = this_vcpu();
    unsigned vec = f->vector;

    if (!(f->eflags & EFL_VM)) {
        assist_trap(v, f);
        return;
    }
    v->stats.vm86_traps++;
    if (vec == X86_GP && vm86_fast_path(v, f))
        return;
    vm86_leave(v);
    if (vec >= VEC_IRQ_BASE && vec < VEC_IRQ_BASE + 16) {
        reflect_irq(v, vec - VEC_IRQ_BASE);
    } else if (vec == X86_GP) {
        /* Privileged and IOPL-sensitive instructions, trapped ports,
         * and real-mode limit violations all arrive as #GP. */
        emulate_one(v);
    } else {
        /* #DE, #DB, #BR, #UD, #NM, #SS...: real mode delivers them through
         * the IVT without an error code. */
        struct fault flt = { (u8)vec, 0, 0 };
        deliver_exception(v, &flt);
    }
    guest_resume(v);
}
