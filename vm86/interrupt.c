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
    if (gmem_linear_read(v, f, v->idtr_base + vector * 4, &entry, 4, ACC_IMPLICIT))
        return -1;
    if (stack_push(v, f, guest_flags(v) & 0xFFFF, 2) ||
        stack_push(v, f, v->seg[SEG_CS].sel, 2) ||
        stack_push(v, f, r->eip & 0xFFFF, 2))
        return -1;
    guest_set_flags(v, 0, EFL_IF | EFL_TF | EFL_AC | EFL_RF);
    seg_load_real(&v->seg[SEG_CS], (u16)(entry >> 16));
    r->eip = entry & 0xFFFF;
    return 0;
}

/* Faults that combine into a double fault (SDM table "Conditions for
 * Generating a Double Fault"). */
static int contributory(u8 vector)
{
    return vector == X86_DE || vector == X86_TS || vector == X86_NP ||
           vector == X86_SS || vector == X86_GP;
}

/* Deliver an event through the real-mode IVT or the protected-mode IDT. */
static int deliver_event(struct vcpu *v, const struct fault *e, int software,
                         struct fault *again)
{
    if (!(v->cr0 & CR0_PE))
        return deliver_real_interrupt(v, e->vector, again);
    return deliver_pm_interrupt(v, e->vector, e->has_error, e->error, software, again);
}

/* An exception the guest caused.  A fault while delivering it becomes the
 * next event, or a double fault, or a shutdown, as on the CPU. */
void deliver_exception(struct vcpu *v, const struct fault *f)
{
    struct fault cur = *f, again;

    /* Real mode pushes no error codes. */
    if (!(v->cr0 & CR0_PE))
        cur.has_error = 0;
    for (;;) {
        if (cur.vector == X86_PF)
            v->cr2 = cur.cr2;   /* loaded as the #PF is recognised */
        int st = deliver_event(v, &cur, 0, &again);
        if (st == 0)
            return;
        if (st > 0) {
            /* Delivered through a task gate, and the new task faulted:
             * a new exception, in the new task - no double fault. */
            cur = again;
            continue;
        }
        if (st < 0)
            log_printf("vmxassist: exception %u (error %x, cr2 %x) could not be delivered: "
                       "exception %u (error %x, cr2 %x)\n", cur.vector, cur.error, cur.cr2,
                       again.vector, again.error, again.cr2);
        if (cur.vector == X86_DF) {
            guest_report(v, "triple fault delivering an exception", NULL);
            triple_fault(v);
        }
        if ((contributory(cur.vector) && contributory(again.vector)) ||
            (cur.vector == X86_PF && (again.vector == X86_PF || contributory(again.vector)))) {
            cur.vector = X86_DF;
            cur.has_error = (v->cr0 & CR0_PE) != 0;
            cur.error = 0;
        } else {
            cur = again;
            if (!(v->cr0 & CR0_PE))
                cur.has_error = 0;
        }
    }
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
    /* Out of VM86 the frame's IF is the guest's own. */
    if ((v->cr0 & CR0_PE) || !((v->in_vm86 ? guest_flags(v) : v->regs->eflags) & EFL_IF))
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
