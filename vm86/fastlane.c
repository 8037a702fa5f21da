/*
 * The fast lane: the commonest emulated instructions - MOV, the two-operand
 * ALU, INC/DEC/NOT/NEG, Jcc and JMP, with register, immediate and memory
 * operands - run back to back straight from the decoded-instruction cache,
 * without the generic engine's layers.  Big real mode code (BIOS checksum
 * and copy loops, decompressors) is mostly these.
 *
 * The lane does only the plain case and declines everything else before it
 * has changed anything: a segment that is not expand-up data, an operand
 * past a limit or across the 4 GiB wrap, a write into the assist's own
 * 64 KiB, a branch target past CS's limit, paging, a memory operand
 * while CR0.PE is set, VM86, single-step, an interrupt shadow.  The generic engine (emulate.c) then runs that
 * instruction and raises whatever fault it must, so the lane never needs
 * to know about faults at all.
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


/* A register, memory or (as a source) immediate operand of 1, 2 or 4
 * bytes: OT_REG, OT_MEM, OT_IMM are 1, 2, 3. */
static inline int plain_operand(const struct operand *o, unsigned last_type)
{
    return ((1u << o->size) & 0x16) && (unsigned)(o->type - OT_REG) <= last_type - OT_REG;
}

/* Which lane an instruction takes: MOV, OP_ADD..OP_TEST with two operands,
 * OP_INC..OP_NOT with one, Jcc and JMP relative. */
static u8 lane_of(const struct insn *in)
{
    const struct operand *o = in->opnd;
    unsigned op = in->op, one = op >= OP_INC;

    if (in->status != DEC_OK || (in->prefixes & (PFX_LOCK | PFX_REP | PFX_REPNE)))
        return FAST_NONE;
    if (op == OP_JCC || op == OP_JMP)
        return o[0].type != OT_REL ? FAST_NONE : op == OP_JCC ? FAST_JCC : FAST_JMP;
    if ((op != OP_MOV && (op < OP_ADD || op > OP_NOT)) || in->nopnd != 2 - one ||
        !plain_operand(&o[0], OT_MEM) || (!one && !plain_operand(&o[1], OT_IMM)) ||
        (op == OP_MOV && o[0].size != o[1].size))
        return FAST_NONE;
    return op == OP_MOV ? FAST_MOV : one ? FAST_ALU1 : FAST_ALU2;
}

/* An entry's fast-lane fields, as emulate.c fills it from code decoded in
 * place (paging off, no 4 GiB wrap within the instruction). */
void fast_fill(struct decoded *e)
{
#define SLOT(r) (u8)__builtin_offsetof(struct trap_frame, r)
    static const u8 slot[8] = { SLOT(eax), SLOT(ecx), SLOT(edx), SLOT(ebx),
                                SLOT(esp), SLOT(ebp), SLOT(esi), SLOT(edi) };
#undef SLOT
    static const u32 masks[5] = { 0, 0xFF, 0xFFFF, 0xFFFFFF, 0xFFFFFFFF };
    const struct insn *in = &e->in;

    e->fast = lane_of(in);
    if (!e->fast)
        return;
    for (unsigned i = 0; i < 2; i++) {
        const struct operand *o = &in->opnd[i];
        if (o->type != OT_REG)
            e->roff[i] = o->type == OT_IMM ? FAST_IMM : FAST_OTHER;
        else if (o->size == 1)      /* AL..BL, AH..BH */
            e->roff[i] = slot[o->reg & 3] + (o->reg >> 2);
        else
            e->roff[i] = slot[o->reg];
    }
    e->how[0] = e->how[1] = in->addrsize == 2 ? FAST_ADDR16 : 0;
    if (!(in->flags & D_NOWRITE))
        e->how[0] |= FAST_WRITE;
    e->alu = (u8)alu_index(in->op, in->opnd[0].size);
    e->mask = e->len <= 4 && (e->lin & 4095) <= 4092 ? masks[e->len] : 0;
}

/* A memory operand's pointer, or NULL to decline.  The checks gmem.c's
 * seg_linear and direct path make, for an expand-up segment only.  `how`:
 * FAST_WRITE, FAST_ADDR16.  One copy, called: in line it would be five
 * (2 KiB the blob does not have). */
static __attribute__((noinline)) void *memory_ptr(struct vcpu *v, const struct operand *o,
                                                  unsigned how)
{
    struct trap_frame *r = v->regs;
    const struct seg_cache *s;
    u32 off, last, lin;

    /* With paging linear is not physical; with PE the protected-mode
     * access checks (null, type) are gmem.c's alone. */
    if (v->cr0 & (CR0_PG | CR0_PE))
        return NULL;
    off = (u32)o->disp;
    if (o->base != REG_NONE)
        off += *frame_gpr(r, o->base);
    if (o->index != REG_NONE)
        off += *frame_gpr(r, o->index) * o->scale;
    if (how & FAST_ADDR16)
        off &= 0xFFFF;
    s = &v->seg[o->seg];
    last = off + o->size - 1;
    if ((s->ar & (VMX_AR_S | DESC_TYPE_CODE | DESC_TYPE_EC)) == (VMX_AR_S | DESC_TYPE_EC) ||
        last < off || last > s->limit)
        return NULL;
    lin = s->base + off;
    if (lin + o->size <= lin || ((how & FAST_WRITE) && in_assist_window(lin, o->size)))
        return NULL;
    return (void *)(size_t)lin;
}

typedef u16 __attribute__((may_alias, aligned(1))) u16_any;
typedef u32 __attribute__((may_alias, aligned(1))) u32_any;

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

/* Operand i's pointer: registers and immediates in line. */
static inline __attribute__((always_inline)) void *
opnd(struct vcpu *v, const struct decoded *e, unsigned i)
{
    unsigned off = e->roff[i];

    if (off < FAST_IMM)
        return (u8 *)v->regs + off;
    if (off == FAST_IMM)
        return (void *)&e->in.opnd[i].imm;
    return memory_ptr(v, &e->in.opnd[i], e->how[i]);
}

/* One instruction: 1 when it ran, 0 when it declined (nothing changed). */
int fast_exec(struct vcpu *v, const struct decoded *e)
{
    const struct insn *in = &e->in;
    const struct operand *o = in->opnd;
    struct trap_frame *r = v->regs;
    unsigned size = o[0].size;
    u32 next = (r->eip + in->len) & (e->def32 ? 0xFFFFFFFFu : 0xFFFFu), fl, a;
    void *d, *s;

    switch (e->fast) {
    case FAST_MOV:
        if (!(d = opnd(v, e, 0)) || !(s = opnd(v, e, 1)))
            return 0;
        store(d, size, load(s, size));
        break;
    case FAST_ALU2:
    case FAST_ALU1: {
        u64 res;
        if (!(d = opnd(v, e, 0)) || !(s = e->fast == FAST_ALU1 ? d : opnd(v, e, 1)))
            return 0;
        fl = r->eflags;
        res = alu_ops[e->alu](load(d, size), load(s, size), (fl & EFL_ARITH) | EFL_FIXED1);
        if (!(in->flags & D_NOWRITE))
            store(d, size, (u32)res);
        r->eflags = (fl & ~EFL_ARITH) | ((u32)(res >> 32) & EFL_ARITH);
        break;
    }
    case FAST_JCC:
        if (!cond_true(r->eflags, in->cc))
            break;
        /* fall through */
    case FAST_JMP:
        a = (next + o[0].imm) & (in->opsize == 2 ? 0xFFFFu : 0xFFFFFFFFu);
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

/* guest_resume's step out of VM86: cached fast-lane instructions back to
 * back (vm86/fastlane.c), then one instruction of the generic engine.
 * Stops early when an interrupt the guest can take is pending (the fast
 * lane changes neither IF, nor CR0, nor a segment register), as
 * guest_resume's irq_poll would take it.  Single-step
 * and an interrupt shadow take one instruction at a time, paging the
 * generic way.
 * The lookup is dcache_lookup's for entries the fast lane filled (decoded
 * in place, so no 4 GiB wrap): their first bytes compare as one u32. */
void emulate_run(struct vcpu *v)
{
    typedef u32 __attribute__((may_alias, aligned(1))) u32_any;
    struct trap_frame *r = v->regs;
    const struct seg_cache *cs = &v->seg[SEG_CS];
    int def32 = (cs->ar & VMX_AR_DB) != 0;
    /* Interrupts reach a real-mode guest whose IF is set (irq_poll); none
     * of this changes IF or CR0. */
    int poll = (r->eflags & EFL_IF) && !(v->cr0 & CR0_PE);
    const struct decoded *e;
    u32 lin, last;

    if (VMXA_TRACE || v->in_vm86 || v->int_shadow || (r->eflags & EFL_TF) ||
        (v->cr0 & CR0_PG)) {
        emulate_one(v);
        return;
    }
    for (;;) {
        lin = cs->base + r->eip;
        e = dcache_slot(v, lin);
        if (e->lin != lin || !e->fast)
            break;
        last = r->eip + e->len - 1;
        if (e->def32 != def32 || last < r->eip || last > cs->limit)
            break;
        if (e->mask ? ((*(const u32_any *)(size_t)lin ^ *(const u32_any *)e->in.bytes) & e->mask)
                    : !code_equal((const u8 *)(size_t)lin, e->in.bytes, e->len))
            break;
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
