/*
 * Interrupts and exceptions while CR0.PE is set but the assist still runs
 * the guest (the window before a far jump loads CS): delivery through the
 * guest's protected-mode IDT, as the CPU would do it.  Only transfers to
 * the same privilege level are possible there (the window runs at CPL 0);
 * task gates and privilege changes are reported as unsupported.
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

/* Returns 0 when delivered, -1 with *f set on a fault, 1 if unsupported. */
int deliver_pm_interrupt(struct vcpu *v, unsigned vector, int has_error, u32 error,
                         int software, struct fault *f)
{
    struct trap_frame *r = v->regs;
    u32 idt_err = vector * 8 + 2 + (software ? 0 : 1), gate[2];
    unsigned cpl = guest_cpl(v), type, size;

    if (vector * 8 + 7 > v->idtr_limit)
        return idt_fault(f, X86_GP, idt_err);
    if (gmem_linear_read(v, f, v->idtr_base + vector * 8, gate, 8, ACC_IMPLICIT))
        return -1;
    type = (gate[1] >> 8) & 0x1F;
    if (type == GATE_TASK)
        return 1;
    if (type != GATE_INT16 && type != GATE_TRAP16 && type != GATE_INT32 &&
        type != GATE_TRAP32)
        return idt_fault(f, X86_GP, idt_err);
    if (software && ((gate[1] >> 13) & 3) < cpl)
        return idt_fault(f, X86_GP, idt_err);
    if (!(gate[1] & (1u << 15)))
        return idt_fault(f, X86_NP, idt_err);

    size = (type & 0x8) ? 4 : 2;
    u16 sel = (u16)(gate[0] >> 16);
    u32 off = size == 4 ? (gate[0] & 0xFFFF) | (gate[1] & 0xFFFF0000) : gate[0] & 0xFFFF;
    u32 flags = guest_flags(v), esp = r->esp;
    struct seg_cache old_cs = v->seg[SEG_CS];
    u16 old_sel = old_cs.sel;
    u32 old_eip = r->eip;

    /* Same privilege only: the target CS is loaded with RPL = CPL and must
     * pass the checks of a same-level far transfer. */
    int st = seg_load_cs(v, f, (u16)((sel & ~3u) | cpl));
    if (st)
        return st;
    if (off > v->seg[SEG_CS].limit) {
        v->seg[SEG_CS] = old_cs;
        return idt_fault(f, X86_GP, 0);
    }
    if (stack_push(v, f, flags, size) || stack_push(v, f, old_sel, size) ||
        stack_push(v, f, old_eip, size) ||
        (has_error && stack_push(v, f, error, size))) {
        v->seg[SEG_CS] = old_cs;
        r->esp = esp;
        return -1;
    }
    r->eip = off;
    guest_set_flags(v, 0, EFL_TF | EFL_NT | EFL_RF | EFL_VM |
                          ((type & 1) ? 0 : EFL_IF));
    v->cs_from_pm = 1;
    return 0;
}
