/*
 * The fast lane: the commonest emulated instructions - MOV, the two-operand
 * ALU, INC/DEC/NOT/NEG, Jcc and JMP, with register, immediate and memory
 * operands - run back to back from the decoded-instruction cache (each
 * decoded once, by fast_decode straight into the lane's form, struct
 * fast_form), without the generic engine's layers.  Big real mode code
 * (BIOS POST, checksum and copy loops, decompressors) is mostly these.
 *
 * The lane does only the plain case and declines everything else before it
 * has changed anything: a segment that is not expand-up data, an operand
 * past a limit or across the 4 GiB wrap, a write into the assist's own
 * 64 KiB, a branch target past CS's limit, paging, a memory operand while
 * CR0.PE is set, VM86, single-step, an interrupt shadow.  The generic
 * engine (emulate.c) then runs that instruction and raises whatever fault
 * it must, so the lane never needs to know about faults at all.
 *
 * Every operand becomes a pointer before anything is read or written: a
 * register's slot in the trap frame (AH..BH one byte into it; a 16-bit
 * register is the slot's low half, so a store of the operand's size is
 * exactly the architectural write), the immediate in the cache entry
 * (little-endian: its first bytes are the value at the operand's size),
 * or, with paging off, the guest's memory itself (linear = physical).
 */
#include <vmxassist/dcache.h>
#include <vmxassist/exec.h>
#include <vmxassist/log.h>
#include <vmxassist/string.h>
#include <vmxassist/x86.h>

/* The memory operand's pointer, or NULL to decline.  The checks gmem.c's
 * seg_linear and direct path make, for an expand-up segment in real mode
 * without paging (emulate_run runs the lane only there: linear is
 * physical, and the protected-mode access checks are gmem.c's alone).
 * One copy, called: in line it would be five. */
static __attribute__((noinline)) void *memory_ptr(struct vcpu *v, const struct fast_form *f,
                                                  unsigned write)
{
    const u8 *r = (const u8 *)v->regs;
    const struct seg_cache *s = &v->seg[f->seg];
    u32 off = (u32)f->disp, last, lin;

    if (f->base != FAST_UNUSED)
        off += *(const u32 *)(r + f->base);
    if (f->index != FAST_UNUSED)
        off += *(const u32 *)(r + f->index) * f->scale;
    if (f->how & FAST_ADDR16)
        off &= 0xFFFF;
    last = off + f->size - 1;
    if ((s->ar & (VMX_AR_S | DESC_TYPE_CODE | DESC_TYPE_EC)) == (VMX_AR_S | DESC_TYPE_EC) ||
        last < off || last > s->limit)
        return NULL;
    lin = s->base + off;
    if (lin + f->size <= lin || (write && in_assist_window(lin, f->size)))
        return NULL;
    return (void *)(size_t)lin;
}

static inline __attribute__((always_inline)) u32 load(const void *p, unsigned size)
{
    if (size == 2)
        return *(const u16_any *)p;
    if (size == 4)
        return *(const u32_any *)p;
    return *(const u8 *)p;
}

static inline __attribute__((always_inline)) void store(void *p, unsigned size, u32 value)
{
    if (size == 2)
        *(u16_any *)p = (u16)value;
    else if (size == 4)
        *(u32_any *)p = value;
    else
        *(u8 *)p = (u8)value;
}

/* Operand i's pointer: registers and the immediate in line.  `write`:
 * the instruction stores to it. */
static inline __attribute__((always_inline)) void *
opnd(struct vcpu *v, const struct fast_form *f, unsigned i, unsigned write)
{
    unsigned off = f->roff[i];

    if (off < FAST_UNUSED)
        return (u8 *)v->regs + off;
    if (off == FAST_IMM)
        return (void *)&f->imm;
    return memory_ptr(v, f, write);
}

/* One instruction of the lane: 1 when it ran, 0 when it declined
 * (nothing changed).  In line in emulate_run's loop, its only caller. */
static inline __attribute__((always_inline)) int fast_exec(struct vcpu *v, const struct decoded *e)
{
    const struct fast_form *f = &e->f;
    struct trap_frame *r = v->regs;
    unsigned size = f->size;
    u32 next = (r->eip + e->len) & (e->def32 ? 0xFFFFFFFFu : 0xFFFFu), fl, a;
    void *d, *s;

    switch (f->lane) {
    case FAST_MOV:
        if (!(d = opnd(v, f, 0, 1)) || !(s = opnd(v, f, 1, 0)))
            return 0;
        store(d, size, load(s, size));
        break;
    case FAST_ALU2:
    case FAST_ALU1: {
        u64 res;
        if (!(d = opnd(v, f, 0, f->how & FAST_STORE)) ||
            !(s = f->lane == FAST_ALU1 ? d : opnd(v, f, 1, 0)))
            return 0;
        fl = r->eflags;
        res = alu_ops[f->alu](load(d, size), load(s, size), (fl & EFL_ARITH) | EFL_FIXED1);
        if (f->how & FAST_STORE)
            store(d, size, (u32)res);
        r->eflags = (fl & ~EFL_ARITH) | ((u32)(res >> 32) & EFL_ARITH);
        break;
    }
    case FAST_JCC:
        if (!cond_true(r->eflags, f->cc))
            break;
        /* fall through */
    case FAST_JMP:
        a = (next + f->imm) & (size == 2 ? 0xFFFFu : 0xFFFFFFFFu);
        if (a > v->seg[SEG_CS].limit)
            return 0;
        next = a;
        break;
    default:
        return 0;
    }
    r->eip = next;
    return 1;
}

/* An instruction not in the cache, decoded by fast_decode straight from
 * guest memory into its slot e, if it is one of the lane's: with paging
 * off and at least INSN_MAX_LEN bytes at CS:EIP inside the CS limit and
 * short of the 4 GiB wrap (otherwise the full decoder's fetch handles
 * limits and wraps).  Only the bytes the instruction has are read. */
static inline __attribute__((always_inline)) int
decode_in_place(struct vcpu *v, struct decoded *e, u32 lin, int def32)
{
    u32 eip = v->regs->eip, limit = v->seg[SEG_CS].limit;

    e->len = 0;
    if (eip > limit || limit - eip < INSN_MAX_LEN - 1 || lin > 0u - INSN_MAX_LEN ||
        !fast_decode(e, (const u8 *)(size_t)lin, def32))
        return 0;
    e->lin = lin;
    e->def32 = (u8)def32;
    e->full = 0;
    e->cmp_shift = dcache_cmp_shift(lin, e->len);
    return 1;
}

/* guest_resume's step out of VM86: fast-lane instructions back to back -
 * from the decoded-instruction cache, or, on a miss, decoded in place by
 * fast_decode - then one instruction of the generic engine.  Stops early
 * when an interrupt the guest can take is pending (the fast lane changes
 * neither IF, nor CR0, nor a segment register), as guest_resume's
 * irq_poll would take it.  Single-step and an interrupt shadow take one
 * instruction at a time; paging and the protected-mode window (CR0.PE set
 * before the far jump) take the generic engine (the lane reads guest
 * memory as physical, with real-mode checks). */
void emulate_run(struct vcpu *v)
{
    struct trap_frame *r = v->regs;
    const struct seg_cache *cs = &v->seg[SEG_CS];
    int def32 = (cs->ar & VMX_AR_DB) != 0;
    /* Interrupts reach a real-mode guest whose IF is set (irq_poll); none
     * of this changes IF or CR0. */
    int poll = (r->eflags & EFL_IF) != 0;
    struct decoded *e;
    u32 lin, last;

    if (VMXA_TRACE || v->in_vm86 || v->int_shadow || (r->eflags & EFL_TF) ||
        (v->cr0 & (CR0_PG | CR0_PE))) {
        emulate_one(v);
        return;
    }
    for (;;) {
        lin = cs->base + r->eip;
        e = dcache_slot(v, lin);
        /* A hit: the entry's bytes (inside the CS limit, as dcache_lookup
         * has it) still stand at lin; the first four compare as one u32. */
        if (e->lin == lin && e->len && e->def32 == def32) {
            last = r->eip + e->len - 1;
            if (last < r->eip || last > cs->limit)
                break;
            if (e->cmp_shift != DCACHE_CMP_BYTES
                    ? !((*(const u32_any *)(size_t)lin ^ *(const u32_any *)e->in.bytes) << e->cmp_shift)
                    : code_equal((const u8 *)(size_t)lin, e->in.bytes, e->len)) {
                if (!e->f.lane)
                    break;
                goto run;
            }
        }
        if (!decode_in_place(v, e, lin, def32))
            break;
    run:
        if (!fast_exec(v, e))
            break;
        v->stats.emulated++;
        if (poll) {
            __asm__ volatile("sti; nop; cli" ::: "memory");
            if (v->irq_pending)
                return;
        }
    }
    emulate_at(v, dcache_lookup(v, lin, def32), lin, def32);
}
