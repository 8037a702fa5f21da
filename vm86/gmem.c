/*
 * Guest memory through segments, with the checks the CPU makes.  The assist
 * runs with paging off, so guest-physical addresses below 4 GiB are plain
 * pointers (guest paging is the paging/ layer's job, later).
 */
#include <vmxassist/engine.h>
#include <vmxassist/x86.h>

void *gphys(u32 addr)
{
    return (void *)(size_t)addr;
}

/* Segment limit check (expand-up and expand-down data segments). */
static int seg_linear(struct vcpu *v, struct fault *f, unsigned seg, u32 off,
                      unsigned size, u32 *lin)
{
    const struct seg_cache *s = &v->seg[seg];
    u32 last = off + size - 1;
    int down = (s->ar & VMX_AR_S) && !(s->ar & DESC_TYPE_CODE) && (s->ar & DESC_TYPE_EC);
    u32 upper = (s->ar & VMX_AR_DB) ? 0xFFFFFFFFu : 0xFFFFu;
    int bad = down ? (off <= s->limit || last > upper || last < off)
                   : (last < off || last > s->limit);

    if (bad) {
        f->vector = seg == SEG_SS ? X86_SS : X86_GP;
        f->has_error = 1;
        f->error = 0;
        return -1;
    }
    *lin = s->base + off;
    return 0;
}

int gmem_read(struct vcpu *v, struct fault *f, unsigned seg, u32 off, void *buf, unsigned size)
{
    u32 lin;
    if (seg_linear(v, f, seg, off, size, &lin))
        return -1;
    const u8 *src = gphys(lin);
    for (unsigned i = 0; i < size; i++)
        ((u8 *)buf)[i] = src[i];
    return 0;
}

int gmem_write(struct vcpu *v, struct fault *f, unsigned seg, u32 off, const void *buf, unsigned size)
{
    u32 lin;
    if (seg_linear(v, f, seg, off, size, &lin))
        return -1;
    u8 *dst = gphys(lin);
    for (unsigned i = 0; i < size; i++)
        dst[i] = ((const u8 *)buf)[i];
    return 0;
}

/* Linear accesses (paging is not walked yet: linear = physical while the
 * guest's CR0.PG is clear). */
int gmem_linear_read(struct vcpu *v, struct fault *f, u32 lin, void *buf, unsigned n,
                     unsigned acc)
{
    (void)v; (void)f; (void)acc;
    const u8 *src = gphys(lin);
    for (unsigned i = 0; i < n; i++)
        ((u8 *)buf)[i] = src[i];
    return 0;
}

int gmem_linear_write(struct vcpu *v, struct fault *f, u32 lin, const void *buf, unsigned n,
                      unsigned acc)
{
    (void)v; (void)f; (void)acc;
    u8 *dst = gphys(lin);
    for (unsigned i = 0; i < n; i++)
        dst[i] = ((const u8 *)buf)[i];
    return 0;
}

/* Up to `max` instruction bytes at CS:EIP, stopping at the CS limit. */
unsigned gmem_fetch(struct vcpu *v, u8 *buf, unsigned max)
{
    const struct seg_cache *cs = &v->seg[SEG_CS];
    u32 eip = v->regs->eip;
    unsigned n = 0;

    while (n < max && eip + n >= eip && eip + n <= cs->limit) {
        buf[n] = *(const u8 *)gphys(cs->base + eip + n);
        n++;
    }
    return n;
}

/* The stack pointer is SP or ESP by SS's B bit. */
int stack_push(struct vcpu *v, struct fault *f, u32 value, unsigned size)
{
    int big = v->seg[SEG_SS].ar & VMX_AR_DB;
    u32 sp = (big ? v->regs->esp : (v->regs->esp & 0xFFFF)) - size;
    if (!big)
        sp &= 0xFFFF;
    if (gmem_write(v, f, SEG_SS, sp, &value, size))
        return -1;
    v->regs->esp = big ? sp : ((v->regs->esp & 0xFFFF0000) | sp);
    return 0;
}

int stack_pop(struct vcpu *v, struct fault *f, u32 *value, unsigned size)
{
    int big = v->seg[SEG_SS].ar & VMX_AR_DB;
    u32 sp = big ? v->regs->esp : (v->regs->esp & 0xFFFF);
    *value = 0;
    if (gmem_read(v, f, SEG_SS, sp, value, size))
        return -1;
    sp += size;
    v->regs->esp = big ? sp : ((v->regs->esp & 0xFFFF0000) | (sp & 0xFFFF));
    return 0;
}
