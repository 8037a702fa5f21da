/*
 * The fast lane: the commonest emulated instructions - MOV, the two-operand
 * ALU, INC/DEC/NOT/NEG, Jcc and JMP, with register, immediate and memory
 * operands - run back to back without the generic engine's layers: met
 * for the first time, from their bytes (fast_step.h); met again, from the
 * decoded-instruction cache, whose entries the full decoder fills with
 * the lane's form (struct fast_form, fast_fill.c).  Big real mode code
 * (BIOS POST, checksum and copy loops, decompressors) is mostly these.
 *
 * The lane does only the plain case and declines everything else before it
 * has changed anything: a segment that is not expand-up data, an operand
 * past a limit or across the 4 GiB wrap, a write into the assist's own
 * 64 KiB, a branch target past CS's limit.  The generic engine (emulate.c)
 * then runs that instruction and raises whatever fault it must, so the
 * lane never needs to know about faults at all.  It runs only in real
 * mode without paging, outside VM86, without single-step or an interrupt
 * shadow (emulate_run sends those to the generic engine).
 *
 * Every operand becomes a pointer before anything is read or written: a
 * register's slot in the trap frame (AH..BH one byte into it; a 16-bit
 * register is the slot's low half, so a store of the operand's size is
 * exactly the architectural write), the immediate in the cache entry
 * (little-endian: its first bytes are the value at the operand's size),
 * or, with paging off, the guest's memory itself (linear = physical).
 */
#include <vmxassist/guest_ptr.h>
#include <vmxassist/dcache.h>
#include <vmxassist/exec.h>
#include <vmxassist/log.h>      /* VMXA_TRACE */
#include <vmxassist/string.h>
#include <vmxassist/x86.h>
#include "fast_parts.h"
#include "fast_step.h"

/* The memory operand's pointer, or NULL to decline (lane_mem).  Operand
 * 0 is written unless the operation is CMP or TEST. */
static inline __attribute__((always_inline)) void *memory_ptr(struct vcpu *v,
                                                               const struct fast_form *f)
{
    const u8 *r = (const u8 *)v->regs;
    u32 off = (u32)f->disp;

    if (f->base != FAST_UNUSED)
        off += *(const u32 *)(r + f->base);
    if (f->index != FAST_UNUSED)
        off += *(const u32 *)(r + f->index) * f->scale;
    if (f->how & FAST_ADDR16)
        off &= 0xFFFF;
    return lane_mem(v, f->seg, off, f->size, f->roff[0] == FAST_MEM && (f->how & FAST_STORE));
}

/* One instruction of the lane: 1 when it ran, 0 when it declined
 * (nothing changed).  In line in emulate_run's loop, its only caller.
 * The next EIP is not masked to 16 bits (emulate_at's next_eip says
 * why): past CS's limit the next fetch declines and faults. */
static inline __attribute__((always_inline)) int
fast_exec(struct vcpu *v, const struct decoded *e)
{
    const struct fast_form *f = &e->f;
    struct trap_frame *r = v->regs;
    unsigned size = f->size, lane = f->lane;
    u32 next = r->eip + e->len;
    unsigned off;
    void *d, *s, *m;

    if (lane >= FAST_JCC) {         /* Jcc, JMP rel */
        if (lane == FAST_JCC && !cond_true(r->eflags, f->cc)) {
            r->eip = next;
            return 1;
        }
        next = (next + f->imm) & (size == 2 ? 0xFFFFu : 0xFFFFFFFFu);
        if (next > v->seg[SEG_CS].limit)
            return 0;
        r->eip = next;
        return 1;
    }
    /* MOV, ALU2: operands 0 and 1; ALU1: operand 0 alone (roff[1] is
     * FAST_UNUSED: s = d, which the one-operand stubs ignore).  At most
     * one is in memory: the one with a scale. */
    m = NULL;
    if (f->scale && !(m = memory_ptr(v, f)))
        return 0;
    off = f->roff[0];
    d = off == FAST_MEM ? m : (u8 *)r + off;
    off = f->roff[1];
    s = off < FAST_UNUSED ? (u8 *)r + off : off == FAST_IMM ? (void *)&f->imm :
        off == FAST_MEM ? m : d;
    if (lane == FAST_MOV) {
        lane_store(d, size, load_small(s, size));
    } else {
        u32 fl = r->eflags;
        u64 res = alu_ops[f->alu](load_small(d, size), load_small(s, size), (fl & EFL_ARITH) | EFL_FIXED1);
        if (f->how & FAST_STORE)
            lane_store(d, size, (u32)res);
        r->eflags = (fl & ~EFL_ARITH) | ((u32)(res >> 32) & EFL_ARITH);
    }
    r->eip = next;
    return 1;
}

/* guest_resume's step out of VM86: fast-lane instructions back to back -
 * met for the first time, run from their bytes by fast_step; met again,
 * decoded into the cache (dcache_fill) and run from there by fast_exec -
 * then one instruction of the generic engine.  Stops early when an interrupt the guest can take is pending
 * (the fast lane changes neither IF, nor CR0, nor a segment register), as
 * guest_resume's irq_poll would take it.  Single-step and an interrupt
 * shadow take one instruction at a time; paging and the protected-mode
 * window (CR0.PE set before the far jump) take the generic engine (the
 * lane reads guest memory as physical, with real-mode checks). */
void emulate_run(struct vcpu *v)
{
    struct trap_frame *r = v->regs;
    const struct seg_cache *cs = &v->seg[SEG_CS];
    int def32 = (cs->ar & VMX_AR_DB) != 0;
    unsigned step_mode = FAST_STEP_MODE(def32);
    /* fast_step reads up to INSN_MAX_LEN bytes in place: at EIPs below
     * decode_end they are all inside the CS limit (none of the lane's
     * instructions changes CS). */
    u32 decode_end = cs->limit >= INSN_MAX_LEN - 1 ? cs->limit - (INSN_MAX_LEN - 2) : 0;
    /* Interrupts reach a real-mode guest whose IF is set (irq_poll); none
     * of this changes IF or CR0. */
    int poll = (r->eflags & EFL_IF) != 0;
    struct decoded *e;
    u32 lin, last, room;

    if (VMXA_TRACE || v->in_vm86 || v->int_shadow || (r->eflags & EFL_TF) ||
        (v->cr0 & (CR0_PG | CR0_PE)))
        goto one;
    /* ... and short of the 4 GiB wrap (CS base + EIP below 4 GiB - 15,
     * without wrapping): then one compare of EIP says both.  room: the
     * EIPs below it keep to that (none if the base is past it already). */
    room = 0u - INSN_MAX_LEN - cs->base;
    if (room > 0u - INSN_MAX_LEN)
        room = 0;
    if (decode_end > room)
        decode_end = room;
    for (;;) {
        lin = cs->base + r->eip;
        e = dcache_slot(v, lin);
        /* one pointer from here on: GCC would rebuild it from the slot
         * number, a spilled register, at every use */
        __asm__("" : "+r"(e));
        /* A hit: the entry's bytes (inside the CS limit, as dcache_lookup
         * has it) still stand at lin; up to four compare as one u32. */
        if (e->lin == lin && e->len && e->def32 == def32) {
            last = r->eip + e->len - 1;
            if (last < r->eip || last > cs->limit)
                break;
            if (dcache_code_still(e, lin)) {
                if (!e->f.lane)
                    break;
                goto run;
            }
        }
        /* Met a second time (fast_step marked the slot, len 0): decoded
         * into the cache, and run from there from now on. */
        if (e->lin == lin && !e->len) {
            e = dcache_fill(v, lin, def32);
            if (!e || !e->f.lane)
                break;
            goto run;
        }
        /* Met for the first time: fast_step runs it from its bytes in
         * place, with paging off and all its bytes inside the CS limit
         * and short of the 4 GiB wrap (else the generic engine's fetch
         * handles limits and wraps), and the slot remembers it was seen
         * (len 0: no entry for dcache_lookup). */
        if (r->eip >= decode_end || !fast_step(v, (const u8 *)GUEST_PTR(lin), step_mode))
            break;
        e->lin = lin;
        e->len = 0;
        v->stats.stepped++;     /* which readers count as emulated (vcpu.h) */
        goto ran;
    run:
        if (!fast_exec(v, e))
            break;
        v->stats.emulated++;
    ran:
        if (poll) {
            __asm__ volatile("sti; nop; cli" ::: "memory");
            if (v->irq_pending)
                return;
        }
    }
    emulate_from(v, lin, def32);
    return;
one:
    emulate_one(v);
}
