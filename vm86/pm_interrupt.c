/*
 * Interrupts and exceptions while CR0.PE is set but the assist still runs
 * the guest (the window before a far jump loads CS): delivery through the
 * guest's protected-mode IDT, as the CPU would do it.  The window runs at
 * CPL 0, so an interrupt or trap gate never changes privilege; a task gate
 * switches tasks (task_switch.c).  With EFER.LMA set the IDT is the IA-32e
 * one: 16-byte gates, 64-bit handlers, 64-bit frames.
 */
#include <vmxassist/engine.h>
#include <vmxassist/x86.h>

#define GATE_TASK    0x5
#define GATE_INT16   0x6
#define GATE_TRAP16  0x7
#define GATE_INT32   0xE
#define GATE_TRAP32  0xF

static int idt_fault(struct fault *f, u8 vector, u32 error)
{
    f->vector = vector;
    f->has_error = 1;
    f->error = error;
    return -1;
}

/* IA-32e delivery (SDM vol. 3, 6.14): a 64-bit interrupt or trap gate to a
 * 64-bit code segment; RSP (or the gate's IST stack) aligned down to 16,
 * then SS, RSP, RFLAGS, CS, RIP and any error code pushed as 8 bytes each.
 * The handler runs in 64-bit mode, which completes the switch.  The
 * context record holds 32-bit EIP/ESP, so handler and stack must lie below
 * 4 GiB. */
static int deliver_lm(struct vcpu *v, const u32 *gate, int has_error, u32 error,
                      u32 idt_err, struct fault *f)
{
    struct trap_frame *r = v->regs;
    struct seg_cache old_cs = v->seg[SEG_CS];
    unsigned ist = gate[1] & 7, n = has_error ? 6 : 5;
    u32 sp[2] = { r->esp, 0 }, frame[12];

    if (gate[3] & 0x1F00)
        return idt_fault(f, X86_GP, idt_err);
    if (ist && gmem_linear_read(v, f, v->seg[SEG_TR].base + 0x1C + 8 * ist, sp, 8,
                                ACC_IMPLICIT))
        return -1;
    u32 *p = frame;
    if (has_error)
        *p++ = error, *p++ = 0;
    u32 vals[5] = { r->eip, old_cs.sel, guest_flags(v), r->esp, v->seg[SEG_SS].sel };
    for (unsigned i = 0; i < 5; i++)
        *p++ = vals[i], *p++ = 0;
    u32 rsp = (sp[0] & ~15u) - 8 * n;
    if (gate[2] || sp[1]) {
        guest_report(v, "64-bit handler or stack above 4 GiB: the context record cannot hold it",
                     NULL);
        return idt_fault(f, X86_GP, idt_err);
    }
    if (seg_load_cs(v, f, (u16)(gate[0] >> 16) & ~3u, NULL))
        return -1;
    if ((v->seg[SEG_CS].ar & (VMX_AR_L | VMX_AR_DB)) != VMX_AR_L) {
        v->seg[SEG_CS] = old_cs;
        return idt_fault(f, X86_GP, (gate[0] >> 16) & 0xFFFC);
    }
    if (gmem_linear_write(v, f, rsp, frame, 8 * n, ACC_WRITE)) {
        v->seg[SEG_CS] = old_cs;
        return -1;
    }
    r->esp = rsp;
    r->eip = (gate[0] & 0xFFFF) | (gate[1] & 0xFFFF0000);
    return 0;
}

int deliver_pm_interrupt(struct vcpu *v, unsigned vector, int has_error, u32 error,
                         int software, struct fault *f)
{
    struct trap_frame *r = v->regs;
    unsigned cpl = guest_cpl(v), type, size, lm = guest_lma(v), gsize = lm ? 16 : 8;
    u32 idt_err = vector * gsize + 2 + (software ? 0 : 1), gate[4];

    if (vector * gsize + gsize - 1 > v->idtr_limit)
        return idt_fault(f, X86_GP, idt_err);
    if (gmem_linear_read(v, f, v->idtr_base + vector * gsize, gate, gsize, ACC_IMPLICIT))
        return -1;
    type = (gate[1] >> 8) & 0x1F;
    if (lm ? (type != GATE_INT32 && type != GATE_TRAP32)
           : (type != GATE_TASK && type != GATE_INT16 && type != GATE_TRAP16 &&
              type != GATE_INT32 && type != GATE_TRAP32))
        return idt_fault(f, X86_GP, idt_err);
    if (software && ((gate[1] >> 13) & 3) < cpl)
        return idt_fault(f, X86_GP, idt_err);
    if (!(gate[1] & (1u << 15)))
        return idt_fault(f, X86_NP, idt_err);
    if (type == GATE_TASK)
        return task_switch(v, f, (u16)(gate[0] >> 16),
                           TS_CALL | (software ? 0 : TS_EXT) | (has_error ? TS_PUSH : 0), error);

    u32 flags = guest_flags(v), esp = r->esp;
    if (lm) {
        if (deliver_lm(v, gate, has_error, error, idt_err, f))
            return -1;
    } else {
        size = (type & 0x8) ? 4 : 2;
        u16 sel = (u16)(gate[0] >> 16);
        u32 off = size == 4 ? (gate[0] & 0xFFFF) | (gate[1] & 0xFFFF0000) : gate[0] & 0xFFFF;
        struct seg_cache old_cs = v->seg[SEG_CS];
        u32 old_eip = r->eip;

        /* Same privilege only (the window is CPL 0): the target CS is
         * loaded with RPL = CPL and must pass a same-level transfer's checks. */
        if (seg_load_cs(v, f, (u16)((sel & ~3u) | cpl), NULL))
            return -1;
        if (off > v->seg[SEG_CS].limit) {
            v->seg[SEG_CS] = old_cs;
            return idt_fault(f, X86_GP, 0);
        }
        if (stack_push(v, f, flags, size) || stack_push(v, f, old_cs.sel, size) ||
            stack_push(v, f, old_eip, size) ||
            (has_error && stack_push(v, f, error, size))) {
            v->seg[SEG_CS] = old_cs;
            r->esp = esp;
            return -1;
        }
        r->eip = off;
    }
    guest_set_flags(v, 0, EFL_TF | EFL_NT | EFL_RF | EFL_VM |
                          ((type & 1) ? 0 : EFL_IF));
    v->cs_from_pm = 1;
    return 0;
}
