/* Control transfers: near and far jumps/calls/returns, INT and IRET. */
#include <vmxassist/exec.h>
#include <vmxassist/x86.h>

static u32 ip_mask(const struct exec_ctx *x)
{
    return x->in.opsize == 2 ? 0xFFFFu : 0xFFFFFFFFu;
}

static int near_to(struct exec_ctx *x, u32 target)
{
    target &= ip_mask(x);
    if (target > x->v->seg[SEG_CS].limit)
        return raise_fault(x, X86_GP, 0);
    x->v->regs->eip = target;
    return EXEC_OK;
}

/* Load CS for a far transfer.  With PE set this is the moment protected
 * mode really begins: CS now holds a descriptor. */
static int far_to(struct exec_ctx *x, u16 sel, u32 off)
{
    struct vcpu *v = x->v;
    off &= ip_mask(x);
    if (v->cr0 & CR0_PE) {
        struct seg_cache old = v->seg[SEG_CS];
        int r = seg_load_cs(v, &x->fault, sel);
        if (r < 0)
            return EXEC_FAULT;
        if (r > 0)
            return EXEC_UNSUPPORTED;    /* call gate, task gate, TSS */
        /* A 64-bit code segment (L=1 with long mode enabled: LME and PG)
         * has no limit; the jump lands in 64-bit mode. */
        int to_64bit = (v->seg[SEG_CS].ar & VMX_AR_L) && (v->efer & EFER_LME) &&
                       (v->cr0 & CR0_PG);
        if (!to_64bit && off > v->seg[SEG_CS].limit) {
            v->seg[SEG_CS] = old;
            return raise_fault(x, X86_GP, 0);
        }
        v->cs_from_pm = 1;
    } else {
        seg_load_real(&v->seg[SEG_CS], sel);
    }
    v->regs->eip = off;
    return EXEC_OK;
}

/* A far pointer in memory: offset (opsize) then selector. */
static int read_farptr(struct exec_ctx *x, u16 *sel, u32 *off)
{
    const struct operand *o = &x->in.opnd[0];
    u32 ea = ea_offset(x, o), s = 0;
    *off = 0;
    if (gmem_read(x->v, &x->fault, o->seg, ea, off, x->in.opsize) ||
        gmem_read(x->v, &x->fault, o->seg, (ea + x->in.opsize) &
                  (x->in.addrsize == 2 ? 0xFFFF : 0xFFFFFFFF), &s, 2))
        return -1;
    *sel = (u16)s;
    return 0;
}

static int far_target(struct exec_ctx *x, u16 *sel, u32 *off)
{
    const struct operand *o = &x->in.opnd[0];
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
    if (st) {
        v->regs->eip = eip;
        return st < 0 ? EXEC_FAULT : EXEC_UNSUPPORTED;
    }
    return EXEC_OK;
}

/* IRET: real mode pops IP, CS, FLAGS; in protected mode only a return to
 * the same privilege level without a task switch is done here. */
static int do_iret(struct exec_ctx *x)
{
    struct vcpu *v = x->v;
    unsigned sz = x->in.opsize;
    u32 ip, cs, fl, esp = v->regs->esp;

    if ((v->cr0 & CR0_PE) && (guest_flags(v) & EFL_NT))
        return EXEC_UNSUPPORTED;            /* task return */
    if (stack_pop(v, &x->fault, &ip, sz) || stack_pop(v, &x->fault, &cs, sz) ||
        stack_pop(v, &x->fault, &fl, sz)) {
        v->regs->esp = esp;
        return EXEC_FAULT;
    }
    if (v->cr0 & CR0_PE) {
        struct seg_cache old = v->seg[SEG_CS];
        unsigned cpl = guest_cpl(v);
        if ((sz == 4 && (fl & EFL_VM)) || (cs & 3) != cpl) {
            v->regs->esp = esp;
            return EXEC_UNSUPPORTED;        /* to VM86 or another level */
        }
        int st = seg_load_cs(v, &x->fault, (u16)cs);
        if (st == 0 && ip > v->seg[SEG_CS].limit) {
            v->seg[SEG_CS] = old;
            raise_fault(x, X86_GP, 0);
            st = -1;
        }
        if (st) {
            v->regs->esp = esp;
            return st < 0 ? EXEC_FAULT : EXEC_UNSUPPORTED;
        }
        v->cs_from_pm = 1;
        /* At CPL 0 every flag but VM/RF/VIF/VIP is restored. */
        guest_set_flags(v, fl, sz == 2 ? 0xFFFF : 0x257FD5u);
        v->regs->eip = ip & (sz == 2 ? 0xFFFF : 0xFFFFFFFF);
        return EXEC_OK;
    }
    seg_load_real(&v->seg[SEG_CS], (u16)cs);
    v->regs->eip = ip & (sz == 2 ? 0xFFFF : 0xFFFFFFFF);
    guest_set_flags(v, fl, sz == 2 ? 0xFFFF : 0x257FD5u);
    return EXEC_OK;
}

int exec_flow(struct exec_ctx *x)
{
    struct vcpu *v = x->v;
    struct insn *in = &x->in;
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
            v->regs->esp += o->imm; /* TODO(engine): SP wrap with 16-bit SS */
        if (near_to(x, a)) {
            v->regs->esp = esp;
            return EXEC_FAULT;
        }
        return EXEC_OK;
    case OP_JMPF:
        if (far_target(x, &sel, &a))
            return EXEC_FAULT;
        return far_to(x, sel, a);
    case OP_CALLF: {
        u32 cs = v->seg[SEG_CS].sel;
        esp = v->regs->esp;
        if (far_target(x, &sel, &a) || stack_push(v, &x->fault, cs, in->opsize) ||
            stack_push(v, &x->fault, x->next_eip, in->opsize)) {
            v->regs->esp = esp;
            return EXEC_FAULT;
        }
        return far_to(x, sel, a);
    }
    case OP_RETF: {
        u32 off, cs;
        esp = v->regs->esp;
        if (stack_pop(v, &x->fault, &off, in->opsize) ||
            stack_pop(v, &x->fault, &cs, in->opsize)) {
            v->regs->esp = esp;
            return EXEC_FAULT;
        }
        if (in->nopnd)
            v->regs->esp += o->imm;
        return far_to(x, (u16)cs, off);
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
