/* Control transfers: near and far jumps/calls/returns, INT and IRET. */
#include <vmxassist/exec.h>
#include <vmxassist/x86.h>

static u32 ip_mask(const struct exec_ctx *x)
{
    return x->in->opsize == 2 ? 0xFFFFu : 0xFFFFFFFFu;
}

static int near_to(struct exec_ctx *x, u32 target)
{
    target &= ip_mask(x);
    if (target > x->v->seg[SEG_CS].limit)
        return raise_fault(x, X86_GP, 0);
    x->v->regs->eip = target;
    return EXEC_OK;
}

/* Far JMP (call = 0) or CALL (call = 1) to sel:off.  With PE set this is
 * the moment protected mode really begins: CS now holds a descriptor
 * (SDM vol. 2, JMP and CALL).  The window runs at CPL 0, so a call gate
 * never changes privilege: no stack switch, no parameters copied. */
static int far_to(struct exec_ctx *x, u16 sel, u32 off, int call)
{
    struct vcpu *v = x->v;
    struct trap_frame *r = v->regs;
    struct seg_cache old = v->seg[SEG_CS];
    unsigned psz = x->in->opsize, type, dpl;
    u32 esp = r->esp, eip = r->eip, sys[3];
    int st, to_64bit, lm = guest_lma(v);

    off &= ip_mask(x);
    if (!(v->cr0 & CR0_PE)) {
        /* SDM vol. 2, JMP/CALL/RET real-address mode: an offset beyond
         * CS's limit is #GP(0) at the instruction, before any push. */
        if (off > old.limit)
            return raise_fault(x, X86_GP, 0);
        if (call && (stack_push(v, &x->fault, old.sel, psz) ||
                     stack_push(v, &x->fault, x->next_eip, psz))) {
            r->esp = esp;
            return EXEC_FAULT;
        }
        seg_load_real(&v->seg[SEG_CS], sel);
        r->eip = off;
        return EXEC_OK;
    }
    st = seg_load_cs(v, &x->fault, sel, sys);
    if (st < 0)
        return EXEC_FAULT;
    if (st > 0) {
        u32 up[2], a;
        type = (sys[1] >> 8) & 0xF;
        dpl = (sys[1] >> 13) & 3;
        /* With EFER.LMA set only 64-bit call gates (type 0xC) remain. */
        if (dpl < guest_cpl(v) || dpl < (sel & 3u) || (lm && type != 0xC))
            return raise_fault(x, X86_GP, sel & 0xFFFC);
        if ((type & 5) != 1 && !(sys[1] & (1u << 15)))      /* a gate */
            return raise_fault(x, X86_NP, sel & 0xFFFC);
        if ((type & 7) == 4) {                  /* call gate */
            psz = type == 4 ? 2 : 4;
            off = (sys[0] & 0xFFFF) | (psz == 4 ? sys[1] & 0xFFFF0000 : 0);
            if (lm) {
                /* 16 bytes: the upper half holds offset 63:32 (which the
                 * context record's EIP cannot hold) and a zero type. */
                if (seg_descriptor(v, &x->fault, sel + 8, &up[0], &up[1], &a))
                    return EXEC_FAULT;
                if (up[0])
                    guest_report(v, HIGH_64BIT_TARGET, x->in);
                if (up[0] || (up[1] & 0x1F00))
                    return raise_fault(x, X86_GP, sel & 0xFFFC);
                psz = 8;
            }
            /* The target's RPL is ignored; at CPL 0 it must have DPL 0,
             * and be 64-bit code (L=1, D=0) through a 64-bit gate. */
            sel = (u16)(sys[0] >> 16) & ~3u;
            if (seg_load_cs(v, &x->fault, sel, NULL))
                return EXEC_FAULT;
            if (lm && (v->seg[SEG_CS].ar & (VMX_AR_L | VMX_AR_DB)) != VMX_AR_L) {
                v->seg[SEG_CS] = old;
                return raise_fault(x, X86_GP, sel);
            }
        } else {
            if (type == 5)                      /* task gate: its TSS */
                sel = (u16)(sys[0] >> 16);
            else if ((type & 5) != 1)           /* LDT, interrupt/trap gate */
                return raise_fault(x, X86_GP, sel & 0xFFFC);
            r->eip = x->next_eip;               /* what the old TSS keeps */
            st = task_switch(v, &x->fault, sel, call ? TS_CALL : TS_JMP, 0);
            if (st < 0)
                r->eip = eip;
            return st ? EXEC_FAULT : EXEC_OK;
        }
    }
    /* A 64-bit code segment (L=1 with long mode active) has no limit; the
     * jump lands in 64-bit mode. */
    to_64bit = (v->seg[SEG_CS].ar & VMX_AR_L) && lm;
    if (!to_64bit && off > v->seg[SEG_CS].limit) {
        v->seg[SEG_CS] = old;
        return raise_fault(x, X86_GP, 0);
    }
    /* Through a 64-bit gate the return address is two quadwords on the
     * flat 64-bit stack. */
    u32 ret64[4] = { x->next_eip, 0, old.sel, 0 };
    if (call && (psz == 8 ? gmem_linear_write(v, &x->fault, esp - 16, ret64, 16, ACC_WRITE) :
                 stack_push(v, &x->fault, old.sel, psz) ||
                 stack_push(v, &x->fault, x->next_eip, psz))) {
        v->seg[SEG_CS] = old;
        r->esp = esp;
        return EXEC_FAULT;
    }
    if (call && psz == 8)
        r->esp = esp - 16;
    v->cs_from_pm = 1;
    r->eip = off;
    return EXEC_OK;
}

/* A far pointer in memory: offset (opsize) then selector. */
static int read_farptr(struct exec_ctx *x, u16 *sel, u32 *off)
{
    const struct operand *o = &x->in->opnd[0];
    u32 ea = ea_offset(x, o), s = 0;
    *off = 0;
    if (gmem_read(x->v, &x->fault, o->seg, ea, off, x->in->opsize) ||
        gmem_read(x->v, &x->fault, o->seg, (ea + x->in->opsize) &
                  (x->in->addrsize == 2 ? 0xFFFF : 0xFFFFFFFF), &s, 2))
        return -1;
    *sel = (u16)s;
    return 0;
}

static int far_target(struct exec_ctx *x, u16 *sel, u32 *off)
{
    const struct operand *o = &x->in->opnd[0];
    if (o->type == OT_FAR) {
        *sel = o->sel;
        *off = o->imm;
        return 0;
    }
    return read_farptr(x, sel, off);
}

/* INT n / INT3 / INTO / INT1: through the IVT in real mode, through the
 * IDT when PE is set (which completes the switch to protected mode). */
static int do_int(struct exec_ctx *x, unsigned vector, int software)
{
    struct vcpu *v = x->v;
    u32 eip = v->regs->eip;
    int st;

    v->regs->eip = x->next_eip;
    if (v->cr0 & CR0_PE)
        st = deliver_pm_interrupt(v, vector, 0, 0, software, &x->fault);
    else
        st = deliver_real_interrupt(v, vector, &x->fault);
    if (st < 0)             /* before a task switch (st > 0) committed */
        v->regs->eip = eip;
    return st ? EXEC_FAULT : EXEC_OK;
}

/* IRET to virtual-8086 mode (a 32-bit IRET at CPL 0 whose EFLAGS image has
 * VM set): ESP, SS, ES, DS, FS and GS come off the stack too, and every
 * segment gets the cache VM86 gives it. */
static int iret_to_vm86(struct exec_ctx *x, u32 ip, u32 cs, u32 fl)
{
    static const u8 segs[] = { SEG_SS, SEG_ES, SEG_DS, SEG_FS, SEG_GS };
    struct vcpu *v = x->v;
    u32 sp, s[5];

    if (stack_pop(v, &x->fault, &sp, 4))
        return -1;
    for (unsigned i = 0; i < 5; i++)
        if (stack_pop(v, &x->fault, &s[i], 4))
            return -1;
    for (unsigned i = 0; i < 5; i++)
        seg_load_vm86(&v->seg[segs[i]], (u16)s[i]);
    seg_load_vm86(&v->seg[SEG_CS], (u16)cs);
    v->regs->esp = sp;
    v->regs->eip = ip;
    v->regs->eflags = (fl & 0x3E7FD5u) | EFL_FIXED1;  /* all but RF */
    return 0;
}

/* IRET (retf = 0) or RETF (retf = 1: EFLAGS untouched, its imm16 released
 * from both stacks) in protected mode, to a code segment at CPL 0 (the
 * window) or at an outer level, which pops SS:ESP too and nulls the data
 * segment registers the new CPL may not use. */
static int iret_pm(struct exec_ctx *x, unsigned sz, u32 ip, u32 cs, u32 fl, u32 esp, int retf)
{
    struct vcpu *v = x->v;
    struct seg_cache ocs = v->seg[SEG_CS], oss = v->seg[SEG_SS];
    unsigned cpl = guest_cpl(v), rpl = cs & 3;
    u32 nsp = 0, nss = 0;
    int st = 0;

    if (rpl < cpl)
        return raise_fault(x, X86_GP, cs & 0xFFFC);
    u32 imm = retf && x->in->nopnd ? x->in->opnd[0].imm : 0;
    if (rpl > cpl && (stack_pop(v, &x->fault, &nsp, sz) || stack_pop(v, &x->fault, &nss, sz)))
        return EXEC_FAULT;
    nsp += imm;
    set_cpl(v, rpl);
    st = seg_load_cs(v, &x->fault, (u16)cs, NULL);
    if (!st && rpl > cpl)
        st = seg_load_pm(v, &x->fault, SEG_SS, (u16)nss);
    if (!st && ip > v->seg[SEG_CS].limit && !((v->seg[SEG_CS].ar & VMX_AR_L) && guest_lma(v)))
        st = raise_fault(x, X86_GP, 0);
    if (st) {
        v->seg[SEG_CS] = ocs;
        v->seg[SEG_SS] = oss;
        return EXEC_FAULT;
    }
    /* At CPL 0 every flag but VM/RF/VIF/VIP is restored. */
    if (!retf)
        guest_set_flags(v, fl, sz == 2 ? 0xFFFF : 0x257FD5u);
    if (rpl > cpl) {
        v->regs->esp = (v->seg[SEG_SS].ar & VMX_AR_DB) ? nsp : (esp & 0xFFFF0000) | (nsp & 0xFFFF);
        for (unsigned s = SEG_ES; s <= SEG_GS; s++) {
            struct seg_cache *c = &v->seg[s];
            int conforming = (c->ar & DESC_TYPE_CODE) && (c->ar & DESC_TYPE_EC);
            if (s != SEG_CS && s != SEG_SS && !(c->ar & VMX_AR_UNUSABLE) && !conforming &&
                ((c->ar & VMX_AR_DPL_MASK) >> VMX_AR_DPL_SHIFT) < rpl) {
                c->sel = 0;
                c->ar = VMX_AR_UNUSABLE;
            }
        }
    }
    v->regs->eip = ip;
    return EXEC_OK;
}

/* IRET: real mode pops IP, CS, FLAGS; protected mode returns to the same
 * or an outer level, to virtual-8086 mode, or (NT set) to the task in the
 * current TSS's back link. */
static int do_iret(struct exec_ctx *x)
{
    struct vcpu *v = x->v;
    struct trap_frame *r = v->regs;
    unsigned sz = x->in->opsize;
    u32 ip, cs, fl, esp = r->esp, eip = r->eip, link = 0;
    int pe = v->cr0 & CR0_PE, st;

    if (pe && (guest_flags(v) & EFL_NT)) {
        if (guest_lma(v))
            return raise_fault(x, X86_GP, 0);
        if (gmem_linear_read(v, &x->fault, v->seg[SEG_TR].base, &link, 2, ACC_IMPLICIT))
            return EXEC_FAULT;
        r->eip = x->next_eip;
        st = task_switch(v, &x->fault, (u16)link, TS_IRET, 0);
        if (st < 0)
            r->eip = eip;
        return st ? EXEC_FAULT : EXEC_OK;
    }
    if (stack_pop(v, &x->fault, &ip, sz) || stack_pop(v, &x->fault, &cs, sz) ||
        stack_pop(v, &x->fault, &fl, sz)) {
        r->esp = esp;
        return EXEC_FAULT;
    }
    ip &= sz == 2 ? 0xFFFF : 0xFFFFFFFF;
    if (!pe) {
        if (ip > v->seg[SEG_CS].limit) {    /* SDM vol. 2, IRET: #GP(0) */
            r->esp = esp;
            return raise_fault(x, X86_GP, 0);
        }
        seg_load_real(&v->seg[SEG_CS], (u16)cs);
        r->eip = ip;
        guest_set_flags(v, fl, sz == 2 ? 0xFFFF : 0x257FD5u);
        return EXEC_OK;
    }
    if (sz == 4 && (fl & EFL_VM) && guest_cpl(v) == 0) {
        st = guest_lma(v) ? raise_fault(x, X86_GP, 0) : iret_to_vm86(x, ip, cs, fl);
    } else {
        st = iret_pm(x, sz, ip, cs, fl, esp, 0);
    }
    if (st) {
        r->esp = esp;
        return EXEC_FAULT;
    }
    v->cs_from_pm = 1;
    return EXEC_OK;
}

int exec_flow(struct exec_ctx *x)
{
    struct vcpu *v = x->v;
    const struct insn *in = x->in;
    const struct operand *o = &in->opnd[0];
    u32 a, esp;
    u16 sel;

    switch (in->op) {
    case OP_JMP:
        if (o->type == OT_REL)
            return near_to(x, x->next_eip + o->imm);
        if (opnd_read(x, 0, &a))
            return EXEC_FAULT;
        return near_to(x, a);
    case OP_JCC:
        if (cond_true(guest_flags(v), in->cc))
            return near_to(x, x->next_eip + o->imm);
        v->regs->eip = x->next_eip;
        return EXEC_OK;
    case OP_JCXZ:
        if (reg_read(v, REG_CX, in->addrsize) == 0)
            return near_to(x, x->next_eip + o->imm);
        v->regs->eip = x->next_eip;
        return EXEC_OK;
    case OP_LOOP:
    case OP_LOOPE:
    case OP_LOOPNE: {
        /* The count register is CX or ECX by the address size. */
        u32 cx = reg_read(v, REG_CX, in->addrsize) - 1;
        int zf = (guest_flags(v) & EFL_ZF) != 0;
        int taken = (cx & (in->addrsize == 2 ? 0xFFFF : 0xFFFFFFFF)) != 0 &&
                    (in->op == OP_LOOP || (in->op == OP_LOOPE) == zf);
        u32 old = v->regs->ecx;
        reg_write(v, REG_CX, in->addrsize, cx);
        if (taken && near_to(x, x->next_eip + o->imm)) {
            v->regs->ecx = old;
            return EXEC_FAULT;
        }
        if (!taken)
            v->regs->eip = x->next_eip;
        return EXEC_OK;
    }
    case OP_BOUND: {
        /* Signed bounds pair at the memory operand; #BR when outside. */
        const struct operand *m = &in->opnd[1];
        unsigned sz = in->opsize;
        u32 ea = ea_offset(x, m), lo = 0, hi = 0, idx = reg_read(v, in->opnd[0].reg, sz);
        if (gmem_read(v, &x->fault, m->seg, ea, &lo, sz) ||
            gmem_read(v, &x->fault, m->seg, ea + sz, &hi, sz))
            return EXEC_FAULT;
        s32 si = sz == 2 ? (s16)idx : (s32)idx, sl = sz == 2 ? (s16)lo : (s32)lo;
        s32 sh = sz == 2 ? (s16)hi : (s32)hi;
        if (si < sl || si > sh)
            return raise_fault_noerr(x, X86_BR);
        v->regs->eip = x->next_eip;
        return EXEC_OK;
    }
    case OP_CALL:
        if (o->type == OT_REL)
            a = x->next_eip + o->imm;
        else if (opnd_read(x, 0, &a))
            return EXEC_FAULT;
        if (stack_push(v, &x->fault, x->next_eip, in->opsize))
            return EXEC_FAULT;
        return near_to(x, a);
    case OP_RET:
        esp = v->regs->esp;
        if (stack_pop(v, &x->fault, &a, in->opsize))
            return EXEC_FAULT;
        if (in->nopnd)
            stack_release(v, o->imm);
        if (near_to(x, a)) {
            v->regs->esp = esp;
            return EXEC_FAULT;
        }
        return EXEC_OK;
    case OP_JMPF:
        if (far_target(x, &sel, &a))
            return EXEC_FAULT;
        return far_to(x, sel, a, 0);
    case OP_CALLF:
        if (far_target(x, &sel, &a))
            return EXEC_FAULT;
        return far_to(x, sel, a, 1);
    case OP_RETF: {
        u32 off, cs;
        esp = v->regs->esp;
        if (stack_pop(v, &x->fault, &off, in->opsize) ||
            stack_pop(v, &x->fault, &cs, in->opsize)) {
            v->regs->esp = esp;
            return EXEC_FAULT;
        }
        if (in->nopnd)
            stack_release(v, o->imm);
        if (!(v->cr0 & CR0_PE) ? far_to(x, (u16)cs, off, 0) :
            iret_pm(x, in->opsize, off & ip_mask(x), cs, 0, esp, 1)) {
            v->regs->esp = esp;
            return EXEC_FAULT;
        }
        if (v->cr0 & CR0_PE)
            v->cs_from_pm = 1;
        return EXEC_OK;
    }
    case OP_INT:
        return do_int(x, o->imm, 1);
    case OP_INT3:
        return do_int(x, X86_BP, 1);
    case OP_INT1:
        return do_int(x, X86_DB, 0);
    case OP_INTO:
        if (!(guest_flags(v) & EFL_OF)) {
            v->regs->eip = x->next_eip;
            return EXEC_OK;
        }
        return do_int(x, X86_OF, 1);
    case OP_IRET:
        return do_iret(x);
    default:
        return EXEC_UNSUPPORTED;
    }
}
