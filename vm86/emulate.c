/*
 * One emulated instruction: fetch at CS:EIP, decode (decode/), execute
 * (one execute function per operation family), deliver any fault.
 */
#include <vmxassist/guest_ptr.h>
#include <vmxassist/dcache.h>
#include <vmxassist/exec.h>
#include <vmxassist/string.h>
#include <vmxassist/log.h>
#include <vmxassist/x86.h>
#include <vmxassist/io.h>

/* Guest general registers by ModRM number and size (byte registers 4-7
 * are AH..BH).  In line where every emulated instruction passes: the
 * operand accessors below. */
static inline __attribute__((always_inline)) u32 gpr_get(struct vcpu *v, unsigned reg,
                                                         unsigned size)
{
    if (size == 1) {
        u32 r = *frame_gpr(v->regs, reg & 3);
        return (reg & 4) ? (r >> 8) & 0xFF : r & 0xFF;
    }
    return *frame_gpr(v->regs, reg) & size_mask(size);
}

static inline __attribute__((always_inline)) void gpr_set(struct vcpu *v, unsigned reg,
                                                          unsigned size, u32 value)
{
    if (size == 1) {
        u32 *r = frame_gpr(v->regs, reg & 3);
        if (reg & 4)
            *r = (*r & ~0xFF00u) | ((value & 0xFF) << 8);
        else
            *r = (*r & ~0xFFu) | (value & 0xFF);
        return;
    }
    u32 *r = frame_gpr(v->regs, reg);
    *r = (*r & ~size_mask(size)) | (value & size_mask(size));
}

u32 reg_read(struct vcpu *v, unsigned reg, unsigned size)
{
    return gpr_get(v, reg, size);
}

void reg_write(struct vcpu *v, unsigned reg, unsigned size, u32 value)
{
    gpr_set(v, reg, size, value);
}

u32 ea_offset(struct exec_ctx *x, const struct operand *o)
{
    u32 a = (u32)o->disp;
    if (o->base != REG_NONE)
        a += *frame_gpr(x->v->regs, o->base);
    if (o->index != REG_NONE)
        a += *frame_gpr(x->v->regs, o->index) * o->scale;
    return x->in->addrsize == 2 ? (a & 0xFFFF) : a;
}

int raise_fault(struct exec_ctx *x, u8 vector, u32 error)
{
    x->fault.vector = vector;
    x->fault.has_error = 1;
    x->fault.error = error;
    return EXEC_FAULT;
}

int raise_fault_noerr(struct exec_ctx *x, u8 vector)
{
    x->fault.vector = vector;
    x->fault.has_error = 0;
    x->fault.error = 0;
    return EXEC_FAULT;
}

/* Operand i at a size the instruction dictates beyond its table entry
 * (a segment register stored to memory, a selector operand: 16 bits). */
int opnd_read_as(struct exec_ctx *x, unsigned i, unsigned size, u32 *value)
{
    const struct operand *o = &x->in->opnd[i];
    switch (o->type) {
    case OT_REG:
        *value = gpr_get(x->v, o->reg, size);
        return 0;
    case OT_MEM:
        *value = 0;
        return gmem_read(x->v, &x->fault, o->seg, ea_offset(x, o), value, size);
    case OT_IMM:
        *value = o->imm;
        return 0;
    case OT_SREG:
        *value = x->v->seg[o->reg].sel;
        return 0;
    default:
        *value = 0;
        return 0;
    }
}

int opnd_read(struct exec_ctx *x, unsigned i, u32 *value)
{
    return opnd_read_as(x, i, x->in->opnd[i].size, value);
}

int opnd_write_as(struct exec_ctx *x, unsigned i, unsigned size, u32 value)
{
    const struct operand *o = &x->in->opnd[i];
    switch (o->type) {
    case OT_REG:
        gpr_set(x->v, o->reg, size, value);
        return 0;
    case OT_MEM:
        return gmem_write(x->v, &x->fault, o->seg, ea_offset(x, o), &value, size);
    case OT_SREG:
        return load_sreg(x, o->reg, (u16)value);
    default:
        return 0;
    }
}

int opnd_write(struct exec_ctx *x, unsigned i, u32 value)
{
    return opnd_write_as(x, i, x->in->opnd[i].size, value);
}

/* A segment register load: real mode changes selector and base only;
 * with PE set the descriptor is loaded and checked.  MOV/POP SS blocks
 * interrupts for one instruction. */
int load_sreg(struct exec_ctx *x, unsigned seg, u16 sel)
{
    struct vcpu *v = x->v;
    if (v->cr0 & CR0_PE) {
        if (seg_load_pm(v, &x->fault, seg, sel))
            return -1;
    } else {
        seg_load_real(&v->seg[seg], sel);
    }
    if (seg == SEG_SS)
        v->int_shadow = 1;
    return 0;
}

static int execute(struct exec_ctx *x)
{
    switch (x->in->op) {
    case OP_ADD: case OP_OR: case OP_ADC: case OP_SBB: case OP_AND:
    case OP_SUB: case OP_XOR: case OP_CMP: case OP_TEST: case OP_INC:
    case OP_DEC: case OP_NEG: case OP_NOT:
        return exec_alu(x);
    case OP_ROL: case OP_ROR: case OP_RCL: case OP_RCR: case OP_SHL: case OP_SHR:
    case OP_SAL: case OP_SAR: case OP_SHLD: case OP_SHRD: case OP_MUL: case OP_IMUL:
    case OP_DIV: case OP_IDIV: case OP_BT: case OP_BTS: case OP_BTR: case OP_BTC:
    case OP_BSF: case OP_BSR: case OP_DAA: case OP_DAS: case OP_AAA: case OP_AAS:
    case OP_AAM: case OP_AAD: case OP_SALC: case OP_SETCC: case OP_CMOV:
    case OP_XADD: case OP_CMPXCHG: case OP_CMPXCHG8B: case OP_BSWAP:
        return exec_arith(x);
    case OP_MOVS: case OP_CMPS: case OP_STOS: case OP_LODS: case OP_SCAS:
    case OP_INS: case OP_OUTS:
        return exec_string(x);
    case OP_JMP: case OP_JMPF: case OP_CALL: case OP_CALLF: case OP_RET:
    case OP_RETF: case OP_JCC: case OP_LOOP: case OP_LOOPE: case OP_LOOPNE:
    case OP_JCXZ: case OP_INT: case OP_INT1: case OP_INT3: case OP_INTO:
    case OP_IRET: case OP_BOUND:
        return exec_flow(x);
    case OP_MOV:
        return exec_mov(x);
    case OP_MOVZX: case OP_MOVSX: case OP_XCHG: case OP_LEA:
    case OP_PUSH: case OP_POP: case OP_CBW: case OP_CWD: case OP_LAHF:
    case OP_SAHF: case OP_NOP: case OP_PUSHF: case OP_POPF:
    case OP_CLC: case OP_STC: case OP_CMC: case OP_CLD: case OP_STD:
    case OP_CLI: case OP_STI: case OP_PUSHA: case OP_POPA: case OP_ENTER:
    case OP_LEAVE: case OP_LSEG: case OP_XLAT:
        return exec_data(x);
    case OP_IN: case OP_OUT: case OP_HLT: case OP_CPUID: case OP_RDTSC:
    case OP_MOV_CR: case OP_LGDT: case OP_LIDT: case OP_SGDT: case OP_SIDT:
    case OP_LMSW: case OP_SMSW: case OP_CLTS: case OP_INVD: case OP_WBINVD:
    case OP_LLDT: case OP_LTR: case OP_SLDT: case OP_STR: case OP_INVLPG:
    case OP_RDMSR: case OP_WRMSR: case OP_RDPMC: case OP_MOV_DR: case OP_RSM:
    case OP_LAR: case OP_LSL: case OP_VERR: case OP_VERW: case OP_ARPL:
        return exec_system(x);
    case OP_FPU: case OP_WAIT: case OP_FXSAVE: case OP_FXRSTOR:
        return exec_fpu(x);
    default:
        return EXEC_UNSUPPORTED;
    }
}

/* With paging off (all of real mode) guest code is read in place: how
 * many bytes at CS:EIP (up to an instruction's maximum) the CS limit and
 * the 4 GiB wrap leave; 0 with paging on or EIP past the limit. */
static unsigned code_in_place(struct vcpu *v, u32 lin)
{
    u32 eip = v->regs->eip, limit = v->seg[SEG_CS].limit;
    unsigned n = INSN_MAX_LEN;

    if ((v->cr0 & CR0_PG) || eip > limit)
        return 0;
    if (limit - eip < n - 1)
        n = limit - eip + 1;
    if (lin + n < lin)
        n = -lin;
    return n;
}

/* Everything else: the cached instruction checked against bytes fetched
 * as the CPU would fetch them, or the instruction fetched and decoded into
 * its cache slot - read in place when it can be; else a page at a time:
 * only when the decoder runs out of bytes at a page end is the next page
 * fetched.  If the fetch itself stops (CS limit, page fault) while the
 * decoder wants more, *stop says why.  Only a complete decode stays
 * cached. */
static __attribute__((noinline)) struct decoded *
fetch_decode(struct vcpu *v, u32 lin, int def32, unsigned n, struct fault *stop)
{
    u8 buf[INSN_MAX_LEN];
    struct decoded *e = dcache_slot(v, lin);
    unsigned got;

    stop->vector = X86_GP;      /* what a fetch that stops short raises, */
    stop->has_error = 1;        /* unless it says otherwise */
    stop->error = 0;
    if (e->len && e->lin == lin && e->def32 == def32 && e->len > n &&
        e->len <= gmem_fetch(v, 0, buf, sizeof(buf), stop) &&
        !memcmp(buf, e->in.bytes, e->len))
        return e;
    e->len = 0;
    e->f.lane = FAST_NONE;
    if (n) {
        x86_decode(&e->in, (const u8 *)GUEST_PTR(lin), n, def32);
        if (e->in.status == DEC_OK) {   /* in place: the fast lane may run it */
            e->lin = lin;
            e->def32 = (u8)def32;
            e->len = e->in.len;
            e->cmp_shift = dcache_cmp_shift(lin, e->len);
            fast_fill(e);
            return e;
        }
    }
    if (!n || e->in.status == DEC_FETCH) {
        n = got = gmem_fetch(v, 0, buf, sizeof(buf), stop);
        x86_decode(&e->in, buf, n, def32);
        while (e->in.status == DEC_FETCH && got && n < sizeof(buf)) {
            got = gmem_fetch(v, n, buf + n, sizeof(buf) - n, stop);
            n += got;
            x86_decode(&e->in, buf, n, def32);
        }
    }
    if (e->in.status == DEC_OK) {
        e->lin = lin;
        e->def32 = (u8)def32;
        e->len = e->in.len;
        e->cmp_shift = DCACHE_CMP_BYTES;    /* not read in place */
    }
    return e;
}

/* One instruction at CS:EIP (linear lin) by the generic engine, from the
 * cache if it holds it: emulate_run's way out (out of line, so that its
 * loop keeps nothing for it). */
void emulate_from(struct vcpu *v, u32 lin, int def32)
{
    emulate_at(v, dcache_lookup(v, lin, def32), lin, def32);
}

/* emulate_run meets an instruction a second time (a loop): decode it into
 * its cache slot, with the fast lane's form, for fast_exec to run from
 * there; NULL if it stays out of the cache (not decoded in place). */
struct decoded *dcache_fill(struct vcpu *v, u32 lin, int def32)
{
    struct fault stop;
    struct decoded *e = fetch_decode(v, lin, def32, code_in_place(v, lin), &stop);

    return e->len ? e : NULL;
}

/* One instruction at CS:EIP, whose cache entry (if dcache_lookup found
 * one) is e. */
int emulate_at(struct vcpu *v, struct decoded *e, u32 lin, int def32)
{
    struct exec_ctx x;
    struct fault stop;
    u32 tf = v->regs->eflags & EFL_TF;
    int st;

    x.v = v;
    if (!e)
        e = fetch_decode(v, lin, def32, code_in_place(v, lin), &stop);
    x.in = &e->in;
    v->stats.emulated++;
    if (VMXA_TRACE)
        guest_report(v, "trace", x.in);
    if (__builtin_expect(x.in->status == DEC_OK, 1)) {
        /* Not masked to 16 bits in 16-bit code: sequential execution
         * past offset FFFFh raises #GP at the next fetch (CS limit), it
         * does not wrap to 0 as on the 8086 (80386 Programmer's Reference
         * Manual 15.6, item 8); branches mask their targets. */
        x.next_eip = v->regs->eip + x.in->len;
        st = execute(&x);
    } else switch (x.in->status) {
    case DEC_UD:
        /* FEMMS and 3DNow! (0F 0E, 0F 0F) exist where CPUID says so
         * (0x80000001 EDX bit 31: an AMD CPU; every VT-x CPU has the
         * leaf); like MMX they are not emulated: reported, then #UD. */
        if (x.in->map == MAP_0F && (x.in->opcode[1] | 1) == 0x0F) {
            u32 a, b, c, d;
            cpuid(0x80000001u, 0, &a, &b, &c, &d);
            if ((s32)d < 0) {
                st = EXEC_UNSUPPORTED;
                break;
            }
        }
        st = raise_fault_noerr(&x, X86_UD);
        break;
    case DEC_FETCH:     /* it ran past the CS limit or into a page fault */
        x.fault = stop;
        st = EXEC_FAULT;
        /* Code that ran off the end of its segment (an EIP past the CS
         * limit, or an instruction across it: the fetch stopped with
         * #GP, not #PF) is rare and puzzling enough to name - once per
         * place, a guest may loop on it.  (QEMU TCG runs on there in
         * real mode: tests/system/garbage.bash reads this line.) */
        if (stop.vector == X86_GP && v->past_limit_lin != lin) {
            v->past_limit_lin = lin;
            guest_report(v, "code ran past the CS limit, raising #GP", NULL);
        }
        break;
    default:            /* too long */
        st = raise_fault(&x, X86_GP, 0);
        break;
    }
    if (st == EXEC_OK) {
        /* Single-step: TF set as the instruction began is a #DB trap
         * after it (SDM vol. 3, 17.3.1.4), except after INT n/INT3/INTO
         * /INT1, whose delivery cleared TF, and MOV/POP SS (and STI)
         * whose shadow holds it back (dropped here, not deferred). */
        if (!tf || (x.in->op >= OP_INT && x.in->op <= OP_INTO) || v->int_shadow)
            return 0;
        raise_fault_noerr(&x, X86_DB);
    }
    if (st == EXEC_UNSUPPORTED) {
        guest_report(v, "instruction not emulated yet, raising #UD", x.in);
        raise_fault_noerr(&x, X86_UD);
    }
    deliver_exception(v, &x.fault);
    return -1;
}

int emulate_one(struct vcpu *v)
{
    int def32 = (v->seg[SEG_CS].ar & VMX_AR_DB) != 0;
    u32 lin = v->seg[SEG_CS].base + v->regs->eip;

    return emulate_at(v, dcache_lookup(v, lin, def32), lin, def32);
}
