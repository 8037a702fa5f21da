/*
 * Task switches from the PE window (SDM vol. 3, 7.3): far JMP/CALL to a
 * TSS or through a task gate, INT n and exceptions through a task gate of
 * the IDT, IRET with NT set (back to the task in the back link).  The
 * outgoing state goes into the TSS that TR caches, the incoming one comes
 * from the TSS `sel` selects, each 32- or 16-bit.  The new task's CS (or
 * its VM86 state) completes the switch: RESTORE hands it to the hardware.
 */
#include <vmxassist/engine.h>
#include <vmxassist/string.h>
#include <vmxassist/x86.h>

/* The dynamic part of a TSS as slots of w bytes, w = 4 from 0x20 in a
 * 32-bit TSS, w = 2 from 0x0E in a 16-bit one: EIP, EFLAGS, the eight
 * general registers in ModRM order, the w + 2 segment selectors in sreg
 * order (ES CS SS DS, then FS GS in a 32-bit TSS), the LDT selector. */
#define SLOT_EIP    0
#define SLOT_EFLAGS 1
#define SLOT_GPR    2
#define SLOT_SEG    10
#define TSS_BUSY    (2u << 8)   /* in the descriptor's high dword */

static u32 slot_base(unsigned w)
{
    return w == 4 ? 0x20 : 0x0E;
}

static u32 slot_get(const u8 *img, unsigned w, unsigned i)
{
    u32 x = 0;
    memcpy(&x, img + w * i, w);
    return x;
}

static int ts_fault(struct fault *f, u8 vector, u32 error)
{
    f->vector = vector;
    f->has_error = 1;
    f->error = error;
    return -1;
}

static int set_busy(struct vcpu *v, struct fault *f, u16 sel, int busy)
{
    u32 lo, hi, addr;
    if (seg_descriptor(v, f, sel, &lo, &hi, &addr))
        return -1;
    hi = busy ? hi | TSS_BUSY : hi & ~TSS_BUSY;
    return gmem_linear_write(v, f, addr + 4, &hi, 4, ACC_IMPLICIT);
}

/* The new task's LDTR, then its segments, checked at its CPL (CS.RPL);
 * a VM86 task's segments get VM86 caches.  Returns -1 with *f set. */
static int load_segments(struct vcpu *v, struct fault *f, const u16 *s, u16 ldt)
{
    static const u8 order[] = { SEG_CS, SEG_SS, SEG_ES, SEG_DS, SEG_FS, SEG_GS };
    int st = seg_load_ldtr(v, f, ldt);

    if (st) {
        if (f->vector != X86_PF)
            f->vector = X86_TS;
        return st;
    }
    if (v->regs->eflags & EFL_VM) {
        for (unsigned i = 0; i < 6; i++)
            seg_load_vm86(&v->seg[i], s[i]);
        return 0;
    }
    set_cpl(v, s[SEG_CS] & 3);
    for (unsigned i = 0; !st && i < 6; i++) {
        unsigned g = order[i];
        st = g == SEG_CS ? seg_load_cs(v, f, s[g], NULL) : seg_load_pm(v, f, g, s[g]);
        /* A task's CS has DPL = RPL, conforming or not. */
        if (!st && g == SEG_CS && (v->seg[g].ar & VMX_AR_DPL_MASK) >> VMX_AR_DPL_SHIFT != (s[g] & 3u))
            st = ts_fault(f, X86_TS, s[g] & 0xFFFC);
    }
    if (st && f->vector == X86_GP)
        f->vector = X86_TS;
    if (!st && v->regs->eip > v->seg[SEG_CS].limit)
        st = ts_fault(f, X86_GP, 0);
    return st;
}

int task_switch(struct vcpu *v, struct fault *f, u16 sel, unsigned how, u32 error)
{
    struct trap_frame *r = v->regs;
    struct seg_cache *tr = &v->seg[SEG_TR], ntr;
    unsigned reason = how & 3, iret = reason == TS_IRET, w, ow, type, i;
    u32 lo, hi, addr, cr3 = v->cr3, fl, err = (sel & 0xFFFC) | ((how & TS_EXT) ? 1 : 0);
    u8 img[68], old[64];
    u16 segs[6];

    /* The new TSS: from the GDT, a TSS that is busy for IRET and available
     * otherwise, present, big enough; the old one big enough too. */
    if ((sel & 4) || (u32)(sel | 7) > v->gdtr_limit)
        return ts_fault(f, iret ? X86_TS : X86_GP, err);
    if (seg_descriptor(v, f, sel, &lo, &hi, &addr))
        return -1;
    type = (hi >> 8) & 0x1F;
    if ((type & 0x15) != 1 || ((type & 2) != 0) != iret)
        return ts_fault(f, iret ? X86_TS : X86_GP, err);
    if (!(hi & (1u << 15)))
        return ts_fault(f, X86_NP, err);
    seg_from_descriptor(&ntr, sel, lo, hi);
    w = (type & 8) ? 4 : 2;
    ow = (tr->ar & 8) ? 4 : 2;
    if (ntr.limit < (w == 4 ? 0x67u : 0x2Bu))
        return ts_fault(f, X86_TS, err);
    if (tr->limit < (ow == 4 ? 0x67u : 0x2Bu))
        return ts_fault(f, X86_TS, tr->sel & 0xFFFC);
    /* Both TSSes are read before anything is written, so a page fault
     * comes before the commit point. */
    if (gmem_linear_read(v, f, ntr.base + slot_base(w), img, w * (SLOT_SEG + w + 3),
                         ACC_IMPLICIT) ||
        (w == 4 && (v->cr0 & CR0_PG) &&
         gmem_linear_read(v, f, ntr.base + 0x1C, &cr3, 4, ACC_IMPLICIT)) ||
        gmem_linear_read(v, f, tr->base + slot_base(ow), old, ow * (SLOT_SEG + ow + 2),
                         ACC_IMPLICIT))
        return -1;

    /* The outgoing state (an IRET leaves its task with NT clear). */
    fl = guest_flags(v) & ~(iret ? EFL_NT : 0);
    memcpy(old + ow * SLOT_EIP, &r->eip, ow);
    memcpy(old + ow * SLOT_EFLAGS, &fl, ow);
    for (i = 0; i < 8; i++)
        memcpy(old + ow * (SLOT_GPR + i), frame_gpr(r, i), ow);
    for (i = 0; i < ow + 2; i++)
        memcpy(old + ow * (SLOT_SEG + i), &v->seg[i].sel, 2);
    if ((reason != TS_CALL && set_busy(v, f, tr->sel, 0)) ||
        gmem_linear_write(v, f, tr->base + slot_base(ow), old, ow * (SLOT_SEG + ow + 2),
                          ACC_IMPLICIT))
        return -1;
    /* CALL, INT and exceptions nest: back link and NT. */
    fl = slot_get(img, w, SLOT_EFLAGS);
    if (reason == TS_CALL) {
        fl |= EFL_NT;
        if (gmem_linear_write(v, f, ntr.base, &tr->sel, 2, ACC_IMPLICIT))
            return -1;
    }
    if (!iret && set_busy(v, f, sel, 1))
        return -1;
    ntr.ar |= 2;
    *tr = ntr;

    /* The new task: a fault from here on is raised in it. */
    v->cr0 |= CR0_TS;
    if (v->cr0 & CR0_PG)
        v->cr3 = cr3;
    r->eip = slot_get(img, w, SLOT_EIP);
    r->eflags = (fl & 0x3E7FD5u) | EFL_FIXED1;
    for (i = 0; i < 8; i++) {
        u32 *g = frame_gpr(r, i);
        *g = (w == 4 ? 0 : *g & 0xFFFF0000) | slot_get(img, w, SLOT_GPR + i);
    }
    for (i = 0; i < 6; i++)
        segs[i] = i < w + 2 ? (u16)slot_get(img, w, SLOT_SEG + i) : 0;
    if (load_segments(v, f, segs, (u16)slot_get(img, w, SLOT_SEG + w + 2)) ||
        ((how & TS_PUSH) && stack_push(v, f, error, w))) {
        /* Raised in the new task, by the caller: delivering it from here
         * could switch tasks again, recursively, as deep as the guest's
         * task gates go. */
        return 1;
    }
    v->cs_from_pm = 1;
    return 0;
}
