/*
 * Guest memory through segments, with the checks the CPU makes, then
 * through the guest's own paging (guest_paging.c; linear = physical while
 * CR0.PG is clear, which is all of real mode).
 */
#include <vmxassist/guest_ptr.h>
#include <vmxassist/engine.h>
#include <vmxassist/string.h>
#include <vmxassist/x86.h>

/* An offset in a segment to a linear address, with the checks the CPU
 * makes on a data access.  While CR0.PE is set (protected mode, and the
 * window after PE is set before a far transfer reloads CS) the
 * protected-mode rules come first (SDM vol. 3 3.4.2, 5.4 and the #GP
 * list of 6.15): a register holding a null selector (an unusable cache)
 * cannot be used, #GP(0) (#SS(0) for SS); a write needs a writable data
 * segment and a read anything but an execute-only code segment, else
 * #GP(0), SS included (the #SS list names only limits and not-present).
 * Real mode checks limits only: the "Real-Address Mode Exceptions" of the
 * vol. 2 instructions name no type or null rule.  Then the limit
 * (expand-up, or expand-down data). */
static int seg_linear(struct vcpu *v, struct fault *f, unsigned seg, u32 off,
                      unsigned size, int write, u32 *lin)
{
    const struct seg_cache *s = &v->seg[seg];
    u32 last = off + size - 1, ar = s->ar, type = ar & (DESC_TYPE_CODE | DESC_TYPE_RW);
    u8 vector = seg == SEG_SS ? X86_SS : X86_GP;
    int bad;

    if (v->cr0 & CR0_PE) {
        if (ar & VMX_AR_UNUSABLE)
            goto fault;
        if (write ? type != DESC_TYPE_RW : type == DESC_TYPE_CODE) {
            vector = X86_GP;
            goto fault;
        }
    }
    if ((ar & (VMX_AR_S | DESC_TYPE_CODE | DESC_TYPE_EC)) != (VMX_AR_S | DESC_TYPE_EC)) {
        bad = last < off || last > s->limit;            /* expand-up: the usual */
    } else {
        u32 upper = (ar & VMX_AR_DB) ? 0xFFFFFFFFu : 0xFFFFu;
        bad = off <= s->limit || last > upper || last < off;
    }
    if (!bad) {
        *lin = s->base + off;
        return 0;
    }
fault:
    f->vector = vector;
    f->has_error = 1;
    f->error = 0;
    return -1;
}

/* With paging off (all of real mode) and no wrap at 4 GiB an operand is
 * one move in guest memory, here; everything else goes through
 * guest_paging.c. */
static inline int direct(struct vcpu *v, u32 lin, unsigned size)
{
    return !(v->cr0 & CR0_PG) && lin + size > lin;
}

int gmem_read(struct vcpu *v, struct fault *f, unsigned seg, u32 off, void *buf, unsigned size)
{
    u32 lin;
    if (seg_linear(v, f, seg, off, size, 0, &lin))
        return -1;
    if (direct(v, lin, size)) {
        copy_small(buf, GUEST_PTR(lin), size);
        return 0;
    }
    return gmem_linear_read(v, f, lin, buf, size, ACC_READ);
}

int gmem_write(struct vcpu *v, struct fault *f, unsigned seg, u32 off, const void *buf, unsigned size)
{
    u32 lin;
    if (seg_linear(v, f, seg, off, size, 1, &lin))
        return -1;
    if (direct(v, lin, size)) {
        if (!in_assist_window(lin, size))
            copy_small(GUEST_PTR(lin), buf, size);
        return 0;
    }
    return gmem_linear_write(v, f, lin, buf, size, ACC_WRITE);
}

/* Up to `max` instruction bytes at CS:EIP+off, stopping at the CS limit
 * and at the end of the page: an instruction that goes on into the next
 * page asks again, so that page is walked (and its accessed flags set)
 * only if the instruction really reaches it, as on the CPU.  Returns the
 * count; 0 with *stop set when the limit (#GP(0)) or a page fault stops
 * the fetch. */
unsigned gmem_fetch(struct vcpu *v, u32 off, u8 *buf, unsigned max, struct fault *stop)
{
    const struct seg_cache *cs = &v->seg[SEG_CS];
    u32 eip = v->regs->eip + off, lin = cs->base + eip;
    u32 page_left = 4096 - (lin & 4095);
    unsigned n = max < page_left ? max : page_left;

    if (eip < v->regs->eip || eip > cs->limit) {
        stop->vector = X86_GP;
        stop->has_error = 1;
        stop->error = 0;
        return 0;
    }
    if (n - 1 > cs->limit - eip)    /* bytes after the first that the limit allows */
        n = cs->limit - eip + 1;
    if (gmem_linear_read(v, stop, lin, buf, n, ACC_FETCH))
        return 0;
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

/* RET/RETF imm16 releases n bytes: on a 16-bit stack (SS.B = 0) SP wraps
 * and ESP's upper half stays, as for every other stack operation. */
void stack_release(struct vcpu *v, u32 n)
{
    u32 sp = v->regs->esp + n;
    if (!(v->seg[SEG_SS].ar & VMX_AR_DB))
        sp = (v->regs->esp & 0xFFFF0000) | (sp & 0xFFFF);
    v->regs->esp = sp;
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
