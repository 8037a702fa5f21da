/*
 * Interrupts and exceptions while CR0.PE is set but the assist still runs
 * the guest (the window before a far jump loads CS): delivery through the
 * guest's protected-mode IDT, as the CPU would do it.  The window runs at
 * CPL 0, so an interrupt or trap gate raised there never changes
 * privilege; a task gate switches tasks (task_switch.c), after which a
 * fault may have to reach ring 0 from an outer level or VM86.  With
 * EFER.LMA set the IDT is the IA-32e one: 16-byte gates, 64-bit handlers,
 * 64-bit frames.
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
        guest_report(v, HIGH_64BIT_TARGET, NULL);
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

/* Through an interrupt or trap gate of the legacy IDT.  The window runs at
 * CPL 0, but a task switch can leave the CPU at an outer level or in VM86
 * with a fault of the new task's loads to deliver: a more privileged
 * handler then runs on the stack the TSS names for its level, above the
 * old SS:ESP (and, from VM86, GS, FS, DS, ES, which become null). */
/* What an interrupt from VM86 pushes first, in this order. */
static const u8 vm86_data_segs[] = { SEG_GS, SEG_FS, SEG_DS, SEG_ES };

static int deliver_legacy(struct vcpu *v, const u32 *gate, unsigned type, int has_error,
                          u32 error, struct fault *f)
{
    struct trap_frame *r = v->regs;
    struct seg_cache old_cs = v->seg[SEG_CS], old_ss = v->seg[SEG_SS], *tr = &v->seg[SEG_TR];
    unsigned size = (type & 0x8) ? 4 : 2, cpl = guest_cpl(v), ncpl = cpl, n = 0, i;
    u16 sel = (u16)(gate[0] >> 16);
    u32 off = size == 4 ? (gate[0] & 0xFFFF) | (gate[1] & 0xFFFF0000) : gate[0] & 0xFFFF;
    u32 flags = guest_flags(v), esp = r->esp, lo, hi, a, sp = 0, ss = 0, push[10];

    /* A non-conforming code segment more privileged than the CPL. */
    if ((sel & 0xFFFC) && !seg_descriptor(v, f, sel, &lo, &hi, &a) &&
        (hi & 0x1C00) == 0x1800 && ((hi >> 13) & 3) < cpl)
        ncpl = (hi >> 13) & 3;
    if ((flags & EFL_VM) && ncpl)
        return idt_fault(f, X86_GP, sel & 0xFFFC);
    if (ncpl < cpl) {
        unsigned w = (tr->ar & 8) ? 4 : 2, at = w + 2 * w * ncpl;
        if (at + 2 * w - 1 > tr->limit)
            return idt_fault(f, X86_TS, tr->sel & 0xFFFC);
        if (gmem_linear_read(v, f, tr->base + at, &sp, w, ACC_IMPLICIT) ||
            gmem_linear_read(v, f, tr->base + at + w, &ss, 2, ACC_IMPLICIT))
            return -1;
        if (flags & EFL_VM)
            for (i = 0; i < 4; i++)
                push[n++] = v->seg[vm86_data_segs[i]].sel;
        push[n++] = old_ss.sel;
        push[n++] = esp;
        set_cpl(v, ncpl);
        if (seg_load_pm(v, f, SEG_SS, (u16)ss)) {
            if (f->vector == X86_GP)
                f->vector = X86_TS;
            goto fail;
        }
        r->esp = sp;
    }
    push[n++] = flags;
    push[n++] = old_cs.sel;
    push[n++] = r->eip;
    if (has_error)
        push[n++] = error;
    /* The target CS is loaded with RPL = the new CPL. */
    if (seg_load_cs(v, f, (u16)((sel & ~3u) | ncpl), NULL))
        goto fail;
    if (off > v->seg[SEG_CS].limit) {
        idt_fault(f, X86_GP, 0);
        goto fail;
    }
    for (i = 0; i < n; i++)
        if (stack_push(v, f, push[i], size))
            goto fail;
    if (flags & EFL_VM)
        for (i = 0; i < 4; i++) {
            v->seg[vm86_data_segs[i]].sel = 0;
            v->seg[vm86_data_segs[i]].ar = VMX_AR_UNUSABLE;
        }
    r->eip = off;
    return 0;
fail:
    v->seg[SEG_CS] = old_cs;
    v->seg[SEG_SS] = old_ss;
    r->esp = esp;
    return -1;
}

int deliver_pm_interrupt(struct vcpu *v, unsigned vector, int has_error, u32 error,
                         int software, struct fault *f)
{
    unsigned cpl = guest_cpl(v), type, lm = guest_lma(v), gsize = lm ? 16 : 8;
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

    if (lm ? deliver_lm(v, gate, has_error, error, idt_err, f)
           : deliver_legacy(v, gate, type, has_error, error, f))
        return -1;
    guest_set_flags(v, 0, EFL_TF | EFL_NT | EFL_RF | EFL_VM |
                          ((type & 1) ? 0 : EFL_IF));
    v->cs_from_pm = 1;
    return 0;
}
