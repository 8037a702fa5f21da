/*
 * Protected-mode segment loads: read the descriptor from the GDT or LDT
 * through the guest's paging (an implicit supervisor access), make the
 * checks the CPU makes, set the accessed bit in memory, fill the cache.
 * The checks and their faults follow the SDM's pseudo-code for MOV/POP
 * Sreg, far JMP/CALL to a code segment, LLDT and LTR.
 */
#include <vmxassist/engine.h>
#include <vmxassist/x86.h>

#define DESC_S   (1u << 12)   /* in the descriptor's high dword */
#define DESC_P   (1u << 15)
#define DESC_DPL(hi) (((hi) >> 13) & 3)
#define DESC_TYPE(hi) (((hi) >> 8) & 0xF)

#define SYS_LDT       0x2
#define SYS_TSS16     0x1
#define SYS_TSS32     0x9
#define SYS_TSS_BUSY  0x2   /* busy bit within the TSS types */

static int fault_sel(struct fault *f, u8 vector, u16 sel)
{
    f->vector = vector;
    f->has_error = 1;
    f->error = sel & 0xFFFC;
    return -1;
}

/* The CPL: 0 in real mode and in the window after PE is set (real-mode
 * caches carry DPL 0), else SS.DPL (which always equals the CPL). */
unsigned guest_cpl(const struct vcpu *v)
{
    if (!(v->cr0 & CR0_PE))
        return 0;
    return (v->seg[SEG_SS].ar & VMX_AR_DPL_MASK) >> VMX_AR_DPL_SHIFT;
}

/* Read the descriptor `sel` selects; *addr is its linear address. */
int seg_descriptor(struct vcpu *v, struct fault *f, u16 sel, u32 *lo, u32 *hi,
                           u32 *addr)
{
    u32 base = v->gdtr_base, limit = v->gdtr_limit, d[2];

    if (sel & 4) {
        if (v->seg[SEG_LDTR].ar & VMX_AR_UNUSABLE)
            return fault_sel(f, X86_GP, sel);
        base = v->seg[SEG_LDTR].base;
        limit = v->seg[SEG_LDTR].limit;
    }
    if ((u32)(sel | 7) > limit)
        return fault_sel(f, X86_GP, sel);
    *addr = base + (sel & ~7u);
    if (gmem_linear_read(v, f, *addr, d, 8, ACC_IMPLICIT))
        return -1;
    *lo = d[0];
    *hi = d[1];
    return 0;
}

/* The CPU sets the accessed bit in the descriptor when it loads it. */
static int set_accessed(struct vcpu *v, struct fault *f, u32 addr, u32 *hi)
{
    if (*hi & (DESC_TYPE_ACCESSED << 8))
        return 0;
    *hi |= DESC_TYPE_ACCESSED << 8;
    return gmem_linear_write(v, f, addr + 4, hi, 4, ACC_IMPLICIT);
}

/* LAR, LSL, VERR, VERW: may the CPL reach the descriptor `sel` selects
 * the way `op` asks?  1 yes (the descriptor in lo and hi), 0 no (the
 * instruction clears ZF), -1 on a fault reading it.  A null selector or
 * one beyond its table is simply "no". */
int seg_probe(struct vcpu *v, struct fault *f, unsigned op, u16 sel, u32 *lo, u32 *hi)
{
    unsigned cpl = guest_cpl(v), rpl = sel & 3, dpl, type;
    u32 addr, limit = (sel & 4) ? v->seg[SEG_LDTR].limit : v->gdtr_limit;

    if ((sel & 0xFFFC) == 0 || (u32)(sel | 7) > limit ||
        ((sel & 4) && (v->seg[SEG_LDTR].ar & VMX_AR_UNUSABLE)))
        return 0;
    if (seg_descriptor(v, f, sel, lo, hi, &addr))
        return -1;
    dpl = DESC_DPL(*hi);
    type = DESC_TYPE(*hi);
    int conforming = (*hi & DESC_S) && (type & DESC_TYPE_CODE) && (type & DESC_TYPE_EC);
    int privileged_ok = conforming || (dpl >= cpl && dpl >= rpl);

    if (!(*hi & DESC_S)) {
        /* LAR takes TSSes, LDTs and gates; LSL only what has a limit. */
        static const u16 lar_types = (1u << 1) | (1u << 2) | (1u << 3) | (1u << 4) |
                                     (1u << 5) | (1u << 9) | (1u << 11) | (1u << 12);
        static const u16 lsl_types = (1u << 1) | (1u << 2) | (1u << 3) | (1u << 9) | (1u << 11);
        if (op == OP_LAR)
            return (lar_types >> type) & 1 && privileged_ok;
        if (op == OP_LSL)
            return (lsl_types >> type) & 1 && privileged_ok;
        return 0;
    }
    switch (op) {
    case OP_VERR:
        return (!(type & DESC_TYPE_CODE) || (type & DESC_TYPE_RW)) && privileged_ok;
    case OP_VERW:
        return !(type & DESC_TYPE_CODE) && (type & DESC_TYPE_RW) && privileged_ok;
    default:                                   /* LAR, LSL */
        return privileged_ok;
    }
}

/* include/vmxassist/seg.h says why an unusable cache changes. */
void seg_load_real(struct seg_cache *s, u16 sel)
{
    s->sel = sel;
    s->base = (u32)sel << 4;
    if (s->ar & VMX_AR_UNUSABLE) {
        s->limit = 0xFFFF;
        s->ar = SEG_AR_REAL_DATA;
    }
}

/* MOV/POP to DS, ES, FS, GS or SS in protected mode. */
int seg_load_pm(struct vcpu *v, struct fault *f, unsigned seg, u16 sel)
{
    unsigned cpl = guest_cpl(v), rpl = sel & 3, dpl, type;
    u32 lo, hi, addr;

    if ((sel & 0xFFFC) == 0) {
        if (seg == SEG_SS)
            return fault_sel(f, X86_GP, 0);
        /* A null selector: the register becomes unusable until reloaded. */
        v->seg[seg].sel = sel;
        v->seg[seg].ar = VMX_AR_UNUSABLE;
        return 0;
    }
    if (seg_descriptor(v, f, sel, &lo, &hi, &addr))
        return -1;
    dpl = DESC_DPL(hi);
    type = DESC_TYPE(hi);
    if (!(hi & DESC_S))
        return fault_sel(f, X86_GP, sel);
    if (seg == SEG_SS) {
        if (rpl != cpl || (type & DESC_TYPE_CODE) || !(type & DESC_TYPE_RW) || dpl != cpl)
            return fault_sel(f, X86_GP, sel);
        if (!(hi & DESC_P))
            return fault_sel(f, X86_SS, sel);
    } else {
        if ((type & DESC_TYPE_CODE) && !(type & DESC_TYPE_RW))
            return fault_sel(f, X86_GP, sel);          /* execute-only */
        int conforming = (type & DESC_TYPE_CODE) && (type & DESC_TYPE_EC);
        if (!conforming && (rpl > dpl || cpl > dpl))
            return fault_sel(f, X86_GP, sel);
        if (!(hi & DESC_P))
            return fault_sel(f, X86_NP, sel);
    }
    if (set_accessed(v, f, addr, &hi))
        return -1;
    seg_from_descriptor(&v->seg[seg], sel, lo, hi);
    return 0;
}

/* Far JMP/CALL/RET/IRET to a code segment in protected mode, checked
 * against the CPL (which a privilege-changing caller sets first, see
 * set_cpl).  A system descriptor (gate, TSS) is the caller's to handle:
 * with `sys` it returns 1 and sys = low dword, high dword, address; without
 * it is a #GP(selector). */
int seg_load_cs(struct vcpu *v, struct fault *f, u16 sel, u32 *sys)
{
    unsigned cpl = guest_cpl(v), rpl = sel & 3, dpl, type;
    u32 lo, hi, addr;

    if ((sel & 0xFFFC) == 0)
        return fault_sel(f, X86_GP, 0);
    if (seg_descriptor(v, f, sel, &lo, &hi, &addr))
        return -1;
    dpl = DESC_DPL(hi);
    type = DESC_TYPE(hi);
    if (!(hi & DESC_S)) {
        if (!sys)
            return fault_sel(f, X86_GP, sel);
        sys[0] = lo;
        sys[1] = hi;
        sys[2] = addr;
        return 1;
    }
    if (!(type & DESC_TYPE_CODE))
        return fault_sel(f, X86_GP, sel);
    if (type & DESC_TYPE_EC) {
        if (dpl > cpl)
            return fault_sel(f, X86_GP, sel);
    } else if (rpl > cpl || dpl != cpl) {
        return fault_sel(f, X86_GP, sel);
    }
    if (!(hi & DESC_P))
        return fault_sel(f, X86_NP, sel);
    if (set_accessed(v, f, addr, &hi))
        return -1;
    /* CS.RPL becomes the CPL. */
    seg_from_descriptor(&v->seg[SEG_CS], (u16)((sel & ~3u) | cpl), lo, hi);
    return 0;
}

/* LLDT: a present LDT descriptor from the GDT, or null. */
int seg_load_ldtr(struct vcpu *v, struct fault *f, u16 sel)
{
    u32 lo, hi, addr;

    if ((sel & 0xFFFC) == 0) {
        v->seg[SEG_LDTR].sel = sel;
        v->seg[SEG_LDTR].ar = VMX_AR_UNUSABLE;
        return 0;
    }
    if (sel & 4)
        return fault_sel(f, X86_GP, sel);
    if (seg_descriptor(v, f, sel, &lo, &hi, &addr))
        return -1;
    if ((hi & DESC_S) || DESC_TYPE(hi) != SYS_LDT)
        return fault_sel(f, X86_GP, sel);
    if (!(hi & DESC_P))
        return fault_sel(f, X86_NP, sel);
    seg_from_descriptor(&v->seg[SEG_LDTR], sel, lo, hi);
    return 0;
}

/* LTR: an available TSS from the GDT, which becomes busy in memory. */
int seg_load_tr(struct vcpu *v, struct fault *f, u16 sel)
{
    u32 lo, hi, addr, type;

    if ((sel & 0xFFFC) == 0)
        return fault_sel(f, X86_GP, 0);
    if (sel & 4)
        return fault_sel(f, X86_GP, sel);
    if (seg_descriptor(v, f, sel, &lo, &hi, &addr))
        return -1;
    type = DESC_TYPE(hi);
    if ((hi & DESC_S) || (type != SYS_TSS16 && type != SYS_TSS32))
        return fault_sel(f, X86_GP, sel);
    if (!(hi & DESC_P))
        return fault_sel(f, X86_NP, sel);
    hi |= SYS_TSS_BUSY << 8;
    if (gmem_linear_write(v, f, addr + 4, &hi, 4, ACC_IMPLICIT))
        return -1;
    seg_from_descriptor(&v->seg[SEG_TR], sel, lo, hi);
    return 0;
}
