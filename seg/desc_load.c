/*
 * Protected-mode segment loads: read the descriptor from the GDT or LDT and
 * make the checks the CPU makes before it fills the hidden cache.
 * (Paging is not walked yet: the guest's tables are read at their linear
 * address, which is right while CR0.PG is clear.)
 */
#include <vmxassist/engine.h>
#include <vmxassist/x86.h>

static int seg_fault(struct fault *f, u8 vector, u16 sel)
{
    f->vector = vector;
    f->has_error = 1;
    f->error = sel & 0xFFFC;
    return -1;
}

int seg_load_pm(struct vcpu *v, struct fault *f, unsigned seg, u16 sel)
{
    struct seg_cache *s = &v->seg[seg];
    u32 table = v->gdtr_base, limit = v->gdtr_limit;
    u32 lo, hi, type;

    if ((sel & 0xFFFC) == 0) {
        if (seg == SEG_CS || seg == SEG_SS)
            return seg_fault(f, X86_GP, 0);
        /* A null selector in a data segment register: usable only for
         * being reloaded. */
        s->sel = sel;
        s->ar = VMX_AR_UNUSABLE;
        return 0;
    }
    if (sel & 4) {
        if (v->seg[SEG_LDTR].ar & VMX_AR_UNUSABLE)
            return seg_fault(f, X86_GP, sel);
        table = v->seg[SEG_LDTR].base;
        limit = v->seg[SEG_LDTR].limit;
    }
    if ((u32)(sel | 7) > limit)
        return seg_fault(f, X86_GP, sel);
    u32 *d = gphys(table + (sel & ~7u));
    lo = d[0];
    hi = d[1];
    type = (hi >> 8) & 0xF;
    if (!(hi & (1u << 12)))                     /* system descriptor */
        return seg_fault(f, X86_GP, sel);
    if (seg == SEG_CS && !(type & DESC_TYPE_CODE))
        return seg_fault(f, X86_GP, sel);
    if (seg == SEG_SS && ((type & DESC_TYPE_CODE) || !(type & DESC_TYPE_RW)))
        return seg_fault(f, X86_GP, sel);
    if (seg != SEG_CS && seg != SEG_SS && (type & DESC_TYPE_CODE) && !(type & DESC_TYPE_RW))
        return seg_fault(f, X86_GP, sel);       /* execute-only code */
    if (!(hi & (1u << 15)))
        return seg_fault(f, seg == SEG_SS ? X86_SS : X86_NP, sel);
    if (!(hi & (DESC_TYPE_ACCESSED << 8))) {
        hi |= DESC_TYPE_ACCESSED << 8;
        d[1] = hi;
    }
    seg_from_descriptor(s, sel, lo, hi);
    return 0;
}
