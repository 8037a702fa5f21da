/*
 * The x87 instructions real-mode start-up code uses to probe for an FPU:
 * FNINIT, FNCLEX, FNSTSW, FNSTCW, FLDCW, FWAIT.  The FPU is the guest's
 * own (the assist never uses it), so they run on the real one, #MF for a
 * pending unmasked exception included (x87_waits), as do
 * FXSAVE/FXRSTOR (iPXE keeps the guest's FPU state with them while in
 * flat real mode).  Other x87 instructions are reported.
 */
#include <vmxassist/exec.h>
#include <vmxassist/fixup.h>
#include <vmxassist/x86.h>

/* #NM when the guest's CR0 says the FPU is absent or its state is stale. */
static int fpu_unavailable(struct exec_ctx *x, int is_wait)
{
    u32 cr0 = x->v->cr0;
    if (is_wait)
        return (cr0 & CR0_TS) && (cr0 & CR0_MP);
    return (cr0 & (CR0_EM | CR0_TS)) != 0;
}

/* FWAIT, or FLDCW of *cw: both wait, and an unmasked exception that the
 * guest's own x87 code left pending (the guest runs its arithmetic
 * natively on this FPU) raises #MF at them, before they execute.  It is
 * the guest's #MF, delivered to the guest; in the assist's own code it
 * would be a fault with no handler.  Returns 1 for the #MF. */
static int x87_waits(struct vcpu *v, const u16 *cw)
{
    v->fixup_vector = -1;
    if (cw)
        __asm__ volatile("1: fldcw %0\n2:\n\t" FIXUP("1b", "2b") :: "m"(*cw));
    else
        __asm__ volatile("1: fwait\n2:\n\t" FIXUP("1b", "2b") ::: "memory");
    return v->fixup_vector >= 0;
}

/* FXSAVE/FXRSTOR through a 512-byte image on our stack.  FXSAVE reads the
 * guest's image first, so the bytes the CPU leaves alone (MXCSR and the
 * XMM registers while CR4.OSFXSR is clear) keep the guest's values.  The
 * alignment check is on the linear address ("regardless of segment"). */
static int fx_state(struct exec_ctx *x, const struct operand *m)
{
    u8 buf[512 + 15];
    u8 (*img)[512] = (void *)(((size_t)buf + 15) & ~(size_t)15);
    u32 off = ea_offset(x, m);

    if ((x->v->seg[m->seg].base + off) & 15)
        return raise_fault(x, X86_GP, 0);
    if (gmem_read(x->v, &x->fault, m->seg, off, img, 512))
        return EXEC_FAULT;
    if (x->in->op == OP_FXSAVE) {
        __asm__ volatile("fxsave %0" : "+m"(*img));
        return gmem_write(x->v, &x->fault, m->seg, off, img, 512) ? EXEC_FAULT : EXEC_OK;
    }
    /* Reserved MXCSR bits are a #GP for the guest, not a fault of ours. */
    x->v->fixup_vector = -1;
    __asm__ volatile("1: fxrstor %0\n2:\n\t" FIXUP("1b", "2b") :: "m"(*img));
    return x->v->fixup_vector >= 0 ? raise_fault(x, X86_GP, 0) : EXEC_OK;
}

int exec_fpu(struct exec_ctx *x)
{
    const struct insn *in = x->in;
    const struct operand *m = &in->opnd[0];
    u8 op = in->opcode[1], modrm = in->modrm, reg = (modrm >> 3) & 7;
    u16 word = 0;

    if (fpu_unavailable(x, in->op == OP_WAIT))
        return raise_fault_noerr(x, X86_NM);
    if (in->op == OP_WAIT) {
        if (x87_waits(x->v, 0))
            return raise_fault_noerr(x, X86_MF);
    } else if (in->op == OP_FXSAVE || in->op == OP_FXRSTOR) {
        int st = fx_state(x, m);
        if (st != EXEC_OK)
            return st;
    } else if (op == 0xDB && modrm == 0xE3) {
        __asm__ volatile("fninit");
    } else if (op == 0xDB && modrm == 0xE2) {
        __asm__ volatile("fnclex");
    } else if (op == 0xDF && modrm == 0xE0) {
        __asm__ volatile("fnstsw %0" : "=a"(word));
        reg_write(x->v, REG_AX, 2, word);
    } else if (m->type == OT_MEM && ((op == 0xDD && reg == 7) || (op == 0xD9 && reg == 7))) {
        if (op == 0xDD)
            __asm__ volatile("fnstsw %0" : "=m"(word));
        else
            __asm__ volatile("fnstcw %0" : "=m"(word));
        if (gmem_write(x->v, &x->fault, m->seg, ea_offset(x, m), &word, 2))
            return EXEC_FAULT;
    } else if (m->type == OT_MEM && op == 0xD9 && reg == 5) {
        if (gmem_read(x->v, &x->fault, m->seg, ea_offset(x, m), &word, 2))
            return EXEC_FAULT;
        if (x87_waits(x->v, &word))
            return raise_fault_noerr(x, X86_MF);
    } else {
        return EXEC_UNSUPPORTED;
    }
    x->v->regs->eip = x->next_eip;
    return EXEC_OK;
}
