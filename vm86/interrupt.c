/*
 * Interrupts and exceptions for a real-mode guest: delivery through its IVT
 * (at its IDTR base, limit-checked), hardware IRQs reflected onto the
 * vectors it programmed, and HLT that really waits.
 */
#include <vmxassist/engine.h>
#include <vmxassist/log.h>
#include <vmxassist/x86.h>

/* Real-address-mode INT: push FLAGS, CS, IP; clear IF, TF, AC; jump
 * through IVT[vector].  Returns -1 with `f` set if delivery faulted. */
int deliver_real_interrupt(struct vcpu *v, unsigned vector, struct fault *f)
{
    struct trap_frame *r = v->regs;
    u32 entry;

    if (vector * 4 + 3 > v->idtr_limit) {
        f->vector = X86_GP;
        f->has_error = 1;
        f->error = vector * 8 + 2;
        return -1;
    }
    entry = *(const u32 *)gphys(v->idtr_base + vector * 4);
    if (stack_push(v, f, guest_flags(v) & 0xFFFF, 2) ||
        stack_push(v, f, v->seg[SEG_CS].sel, 2) ||
        stack_push(v, f, r->eip & 0xFFFF, 2))
        return -1;
    guest_set_flags(v, 0, EFL_IF | EFL_TF | EFL_AC | EFL_RF);
    seg_load_real(&v->seg[SEG_CS], (u16)(entry >> 16));
    r->eip = entry & 0xFFFF;
    return 0;
}

/* An exception the guest caused.  Real mode escalates a fault during
 * delivery to #DF and a fault during #DF to shutdown. */
void deliver_exception(struct vcpu *v, const struct fault *f)
{
    struct fault again;

    if (v->cr0 & CR0_PE) {
        /* Protected-mode delivery from the emulator comes with the full
         * engine; until then say what happened and stop like the CPU
         * would on an unusable IDT. */
        log_printf("vmxassist: exception %u (error %x) in a protected-mode window\n",
                   f->vector, f->error);
        guest_report(v, "cannot deliver exception", NULL);
        triple_fault(v);
    }
    if (!deliver_real_interrupt(v, f->vector, &again))
        return;
    if (f->vector != X86_DF) {
        struct fault df = { X86_DF, 1, 0 };
        if (!deliver_real_interrupt(v, df.vector, &again))
            return;
    }
    guest_report(v, "triple fault delivering an exception", NULL);
    triple_fault(v);
}

/* Shutdown, as the CPU would: a fault with no usable IDT.  The hypervisor
 * sees the triple fault and reports it. */
void triple_fault(struct vcpu *v)
{
    static const struct { u16 limit; u32 base; } __attribute__((packed)) null_idt = { 0, 0 };
    (void)v;
    __asm__ volatile("lidt %0\n\tint3" :: "m"(null_idt));
    for (;;)
        __asm__ volatile("cli; hlt");
}

static unsigned irq_vector(struct vcpu *v, unsigned irq)
{
    return (v->rm_irqbase[irq >> 3] & 0xF8u) + (irq & 7);
}

/* A hardware IRQ (assist vector 0x20 + irq) goes to the guest's own vector. */
void reflect_irq(struct vcpu *v, unsigned irq)
{
    struct fault f;

    v->stats.irqs_reflected++;
    if (deliver_real_interrupt(v, irq_vector(v, irq), &f))
        deliver_exception(v, &f);
}

/* Deliver one IRQ that the assist acknowledged while it ran. */
static int deliver_pending(struct vcpu *v)
{
    for (unsigned irq = 0; irq < 16; irq++) {
        if (v->irq_pending & (1u << irq)) {
            v->irq_pending &= (u16)~(1u << irq);
            reflect_irq(v, irq);
            return 1;
        }
    }
    return 0;
}

/* Between emulated instructions: take any IRQ the guest would take now. */
void irq_poll(struct vcpu *v)
{
    if ((v->cr0 & CR0_PE) || !(guest_flags(v) & EFL_IF))
        return;
    __asm__ volatile("sti; nop; cli" ::: "memory");
    deliver_pending(v);
}

/* HLT: wait for the next interrupt.  With IF clear the CPU would wait
 * forever, so do exactly that (the hypervisor reports it). */
void guest_hlt(struct vcpu *v)
{
    if (!(guest_flags(v) & EFL_IF)) {
        guest_report(v, "HLT with interrupts disabled: halting for good", NULL);
        for (;;)
            __asm__ volatile("cli; hlt");
    }
    while (!deliver_pending(v))
        __asm__ volatile("sti; hlt; cli" ::: "memory");
}
