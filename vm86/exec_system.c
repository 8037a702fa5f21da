/* System instructions: control and descriptor-table registers as the guest
 * sees them (its own, never the assist's), I/O, HLT, CPUID. */
#include <vmxassist/exec.h>
#include <vmxassist/io.h>
#include <vmxassist/x86.h>
#include <vmxassist/fixup.h>

static int write_cr0(struct exec_ctx *x, u32 value)
{
    struct vcpu *v = x->v;
    /* #GP(0): PG without PE, NW without CD (SDM, MOV to CR0). */
    if ((value & CR0_PG) && !(value & CR0_PE))
        return raise_fault(x, X86_GP, 0);
    if ((value & CR0_NW) && !(value & CR0_CD))
        return raise_fault(x, X86_GP, 0);
    if ((value & CR0_PE) && !(v->cr0 & CR0_PE))
        v->cs_from_pm = 0;   /* protected mode starts at the next far jump */
    v->cr0 = value | CR0_ET;
    return EXEC_OK;
}

/* The CR4 bits this CPU has, from the CPUID feature flag that announces
 * each (SDM vol. 3, 2.5 "Control Registers"; vol. 2, CPUID): MOV to CR4
 * setting any other is #GP(0).  PCE has no flag (every P6 has it); VME
 * and PVI are taken as present whatever CPUID says: every VT-x processor
 * has them, and QEMU TCG (the test host's CPU) accepts both while its
 * CPUID denies VME.  The hypervisor's CPUID is the guest's view of the
 * CPU.  Rare (a MOV to CR4), so looked up each time. */
static u32 cr4_known(void)
{
    /* { CPUID word: 0 = 1.EDX, 1 = 1.ECX, 2 = 7.EBX, 3 = 7.ECX, 4 = 7.EDX;
     *   its feature bit; the CR4 bit } */
    static const u8 flag[][3] = {
        { 0, 4, 2 },  { 0, 2, 3 },  { 0, 3, 4 },  { 0, 6, 5 },  /* TSD DE PSE PAE */
        { 0, 7, 6 },  { 0, 13, 7 }, { 0, 24, 9 }, { 0, 25, 10 }, /* MCE PGE OSFXSR OSXMMEXCPT */
        { 3, 2, 11 }, { 3, 16, 12 }, { 1, 5, 13 }, { 1, 6, 14 }, /* UMIP LA57 VMXE SMXE */
        { 2, 0, 16 }, { 1, 17, 17 }, { 1, 26, 18 }, { 3, 23, 19 }, /* FSGSBASE PCIDE OSXSAVE KL */
        { 2, 7, 20 }, { 2, 20, 21 }, { 3, 3, 22 }, { 3, 7, 23 }, /* SMEP SMAP PKE CET */
        { 3, 31, 24 }, { 4, 5, 25 },                            /* PKS UINTR */
    };
    u32 w[5] = { 0 }, a, b, known = CR4_VME | CR4_PVI | 1u << 8;   /* and PCE */

    cpuid(1, 0, &a, &b, &w[1], &w[0]);
    cpuid(0, 0, &a, &w[2], &w[3], &w[4]);
    if (a >= 7)
        cpuid(7, 0, &a, &w[2], &w[3], &w[4]);
    else
        w[2] = w[3] = w[4] = 0;
    for (unsigned i = 0; i < ARRAY_SIZE(flag); i++)
        if (w[flag[i][0]] & (1u << flag[i][1]))
            known |= 1u << flag[i][2];
    return known;
}

/* MOV to CR4: #GP(0) for a bit the CPU does not have, for PCIDE outside
 * IA-32e mode (the assist never runs in it) and for CET without CR0.WP
 * (SDM vol. 2, MOV - Move to/from Control Registers). */
static int guest_write_cr4(struct exec_ctx *x, u32 value)
{
    if ((value & ~cr4_known()) || (value & (1u << 17)) ||
        ((value & (1u << 23)) && !(x->v->cr0 & CR0_WP)))
        return raise_fault(x, X86_GP, 0);
    x->v->cr4 = value;
    return EXEC_OK;
}

static int mov_cr(struct exec_ctx *x)
{
    struct vcpu *v = x->v;
    const struct insn *in = x->in;
    u32 *cr[5] = { &v->cr0, NULL, &v->cr2, &v->cr3, &v->cr4 };

    if (in->opnd[0].type == OT_CREG) {   /* mov %reg, %crN */
        u32 value = reg_read(v, in->opnd[1].reg, 4);
        if (in->opnd[0].reg == 0) {
            if (write_cr0(x, value))
                return EXEC_FAULT;
        } else if (in->opnd[0].reg == 4) {
            if (guest_write_cr4(x, value))
                return EXEC_FAULT;
        } else {
            *cr[in->opnd[0].reg] = value;
        }
    } else {
        reg_write(v, in->opnd[0].reg, 4, *cr[in->opnd[1].reg]);
    }
    return EXEC_OK;
}

/* LGDT/LIDT: limit16 then base; a 16-bit operand size keeps 24 bits. */
static int load_dtr(struct exec_ctx *x, u32 *base, u32 *limit)
{
    const struct operand *o = &x->in->opnd[0];
    u32 ea = ea_offset(x, o), lim = 0, b = 0;
    if (gmem_read(x->v, &x->fault, o->seg, ea, &lim, 2) ||
        gmem_read(x->v, &x->fault, o->seg, ea + 2, &b, 4))
        return EXEC_FAULT;
    *limit = lim;
    *base = x->in->opsize == 2 ? (b & 0xFFFFFF) : b;
    return EXEC_OK;
}

/* SGDT/SIDT store the full 32-bit base in either operand size. */
static int store_dtr(struct exec_ctx *x, u32 base, u32 limit)
{
    const struct operand *o = &x->in->opnd[0];
    u32 ea = ea_offset(x, o);
    if (gmem_write(x->v, &x->fault, o->seg, ea, &limit, 2) ||
        gmem_write(x->v, &x->fault, o->seg, ea + 2, &base, 4))
        return EXEC_FAULT;
    return EXEC_OK;
}

u32 port_in(u16 port, unsigned size)
{
    switch (size) {
    case 1: return inb(port);
    case 2: return inw(port);
    default: return inl(port);
    }
}

/* Writes that touch a PIC port go byte by byte through the PIC shadow. */
void port_out(struct vcpu *v, u16 port, unsigned size, u32 value)
{
    int pic = 0;
    for (unsigned i = 0; i < size; i++)
        pic |= pic_port((u16)(port + i));
    if (pic) {
        for (unsigned i = 0; i < size; i++) {
            u16 p = (u16)(port + i);
            if (pic_port(p))
                pic_write(v, p, (u8)(value >> (8 * i)));
            else
                outb(p, (u8)(value >> (8 * i)));
        }
        return;
    }
    switch (size) {
    case 1: outb(port, (u8)value); break;
    case 2: outw(port, (u16)value); break;
    default: outl(port, value); break;
    }
}

/* MSRs are the guest's own (the hypervisor virtualizes them for both
 * worlds alike), so RDMSR/WRMSR run here; one the CPU refuses raises #GP
 * in the guest instead of faulting the assist. */
static int msr_access(struct exec_ctx *x, int write)
{
    struct vcpu *v = x->v;
    struct trap_frame *r = v->regs;
    u32 lo = r->eax, hi = r->edx;

    v->fixup_vector = -1;
    if (write)
        __asm__ volatile("1: wrmsr\n2:\n\t" FIXUP("1b", "2b")
                         :: "c"(r->ecx), "a"(lo), "d"(hi) : "memory");
    else
        __asm__ volatile("1: rdmsr\n2:\n\t" FIXUP("1b", "2b")
                         : "+a"(lo), "+d"(hi) : "c"(r->ecx) : "memory");
    if (v->fixup_vector >= 0)
        return raise_fault(x, X86_GP, 0);
    /* The page walker follows the guest's EFER (NXE, LME). */
    if (write && r->ecx == 0xC0000080u)
        v->efer = ((u64)hi << 32) | lo;
    r->eax = lo;
    r->edx = hi;
    return EXEC_OK;
}

static int rdpmc(struct exec_ctx *x)
{
    struct vcpu *v = x->v;
    struct trap_frame *r = v->regs;
    u32 lo = 0, hi = 0;

    v->fixup_vector = -1;
    __asm__ volatile("1: rdpmc\n2:\n\t" FIXUP("1b", "2b")
                     : "+a"(lo), "+d"(hi) : "c"(r->ecx) : "memory");
    if (v->fixup_vector >= 0)
        return raise_fault(x, X86_GP, 0);
    r->eax = lo;
    r->edx = hi;
    return EXEC_OK;
}

/* Debug registers are shared with the hardware (the context record has
 * none), so the guest's values live in the real DR0-DR7. */
static u32 read_dr(unsigned n)
{
    unsigned long val = 0;      /* a register of the host's width */
    switch (n) {
    case 0: __asm__ volatile("mov %%dr0, %0" : "=r"(val)); break;
    case 1: __asm__ volatile("mov %%dr1, %0" : "=r"(val)); break;
    case 2: __asm__ volatile("mov %%dr2, %0" : "=r"(val)); break;
    case 3: __asm__ volatile("mov %%dr3, %0" : "=r"(val)); break;
    case 6: __asm__ volatile("mov %%dr6, %0" : "=r"(val)); break;
    default: __asm__ volatile("mov %%dr7, %0" : "=r"(val)); break;
    }
    return (u32)val;
}

static void write_dr(unsigned n, u32 val32)
{
    unsigned long val = val32;
    switch (n) {
    case 0: __asm__ volatile("mov %0, %%dr0" :: "r"(val)); break;
    case 1: __asm__ volatile("mov %0, %%dr1" :: "r"(val)); break;
    case 2: __asm__ volatile("mov %0, %%dr2" :: "r"(val)); break;
    case 3: __asm__ volatile("mov %0, %%dr3" :: "r"(val)); break;
    case 6: __asm__ volatile("mov %0, %%dr6" :: "r"(val)); break;
    default: __asm__ volatile("mov %0, %%dr7" :: "r"(val)); break;
    }
}

static int mov_dr(struct exec_ctx *x)
{
    struct vcpu *v = x->v;
    const struct insn *in = x->in;
    unsigned n = in->opnd[in->opnd[0].type == OT_DREG ? 0 : 1].reg;

    /* DR4/DR5 alias DR6/DR7 unless CR4.DE is set, which makes them #UD. */
    if (n == 4 || n == 5) {
        if (v->cr4 & 0x8u)
            return raise_fault_noerr(x, X86_UD);
        n += 2;
    }
    if (in->opnd[0].type == OT_DREG)
        write_dr(n, reg_read(v, in->opnd[1].reg, 4));
    else
        reg_write(v, in->opnd[0].reg, 4, read_dr(n));
    return EXEC_OK;
}

/* LAR/LSL/VERR/VERW (protected mode only): ZF says whether the CPL may
 * see the descriptor; LAR and LSL also load its rights or limit. */
static int probe_descriptor(struct exec_ctx *x)
{
    struct vcpu *v = x->v;
    const struct insn *in = x->in;
    unsigned src = in->nopnd > 1 ? 1 : 0;
    u32 sel, lo, hi;

    if (!(v->cr0 & CR0_PE))
        return raise_fault_noerr(x, X86_UD);
    if (opnd_read_as(x, src, 2, &sel))
        return EXEC_FAULT;
    int ok = seg_probe(v, &x->fault, in->op, (u16)sel, &lo, &hi);
    if (ok < 0)
        return EXEC_FAULT;
    if (ok && in->op == OP_LAR)
        reg_write(v, in->opnd[0].reg, in->opnd[0].size, hi & 0x00FFFF00u);
    if (ok && in->op == OP_LSL) {
        u32 limit = (lo & 0xFFFF) | (hi & 0x000F0000);
        if (hi & (1u << 23))
            limit = (limit << 12) | 0xFFF;
        reg_write(v, in->opnd[0].reg, in->opnd[0].size, limit);
    }
    guest_set_flags(v, ok ? EFL_ZF : 0, EFL_ZF);
    return EXEC_OK;
}

/* ARPL (protected mode only): raise the destination selector's RPL to the
 * source's; ZF says whether it changed. */
static int arpl(struct exec_ctx *x)
{
    u32 dst, src;

    if (!(x->v->cr0 & CR0_PE))
        return raise_fault_noerr(x, X86_UD);
    if (opnd_read(x, 0, &dst) || opnd_read(x, 1, &src))
        return EXEC_FAULT;
    int raise_rpl = (dst & 3) < (src & 3);
    if (raise_rpl && opnd_write(x, 0, (dst & ~3u) | (src & 3)))
        return EXEC_FAULT;
    guest_set_flags(x->v, raise_rpl ? EFL_ZF : 0, EFL_ZF);
    return EXEC_OK;
}

int exec_system(struct exec_ctx *x)
{
    struct vcpu *v = x->v;
    const struct insn *in = x->in;
    struct trap_frame *r = v->regs;
    u32 a = 0;
    int st = EXEC_OK;

    switch (in->op) {
    case OP_IN: {
        u16 port = in->opnd[1].type == OT_IMM ? (u16)in->opnd[1].imm : (u16)r->edx;
        reg_write(v, REG_AX, in->opnd[0].size, port_in(port, in->opnd[0].size));
        break;
    }
    case OP_OUT: {
        u16 port = in->opnd[0].type == OT_IMM ? (u16)in->opnd[0].imm : (u16)r->edx;
        port_out(v, port, in->opnd[1].size, reg_read(v, REG_AX, in->opnd[1].size));
        break;
    }
    case OP_HLT:
        r->eip = x->next_eip;
        guest_hlt(v);
        return EXEC_OK;
    case OP_CPUID: {
        u32 b, c, d;
        cpuid(r->eax, r->ecx, &a, &b, &c, &d);
        r->eax = a; r->ebx = b; r->ecx = c; r->edx = d;
        break;
    }
    case OP_RDTSC: {
        u64 t = rdtsc();
        r->eax = (u32)t;
        r->edx = (u32)(t >> 32);
        break;
    }
    case OP_MOV_CR:
        st = mov_cr(x);
        break;
    case OP_LGDT:
        st = load_dtr(x, &v->gdtr_base, &v->gdtr_limit);
        break;
    case OP_LIDT:
        st = load_dtr(x, &v->idtr_base, &v->idtr_limit);
        break;
    case OP_SGDT:
        st = store_dtr(x, v->gdtr_base, v->gdtr_limit);
        break;
    case OP_SIDT:
        st = store_dtr(x, v->idtr_base, v->idtr_limit);
        break;
    case OP_SMSW:
        /* To memory: 16 bits; to a register: the operand size. */
        st = opnd_write_as(x, 0, in->opnd[0].type == OT_MEM ? 2 : in->opnd[0].size,
                           v->cr0) ? EXEC_FAULT : EXEC_OK;
        break;
    case OP_LMSW:
        /* Loads PE, MP, EM, TS; can set PE but never clear it. */
        if (opnd_read_as(x, 0, 2, &a))
            return EXEC_FAULT;
        st = write_cr0(x, (v->cr0 & ~0xEu) | (a & 0xF) | (v->cr0 & CR0_PE));
        break;
    case OP_LLDT:
    case OP_LTR:
        /* Protected mode only: #UD in real mode (and VM86). */
        if (!(v->cr0 & CR0_PE))
            return raise_fault_noerr(x, X86_UD);
        if (guest_cpl(v))
            return raise_fault(x, X86_GP, 0);
        if (opnd_read_as(x, 0, 2, &a))
            return EXEC_FAULT;
        if ((in->op == OP_LLDT ? seg_load_ldtr : seg_load_tr)(v, &x->fault, (u16)a))
            return EXEC_FAULT;
        break;
    case OP_SLDT:
    case OP_STR:
        if (!(v->cr0 & CR0_PE))
            return raise_fault_noerr(x, X86_UD);
        st = opnd_write_as(x, 0, in->opnd[0].type == OT_MEM ? 2 : in->opnd[0].size,
                           v->seg[in->op == OP_SLDT ? SEG_LDTR : SEG_TR].sel) ?
             EXEC_FAULT : EXEC_OK;
        break;
    case OP_CLTS:
        v->cr0 &= ~CR0_TS;
        break;
    case OP_INVD:
    case OP_WBINVD:
        __asm__ volatile("wbinvd" ::: "memory");
        break;
    case OP_INVLPG:
        break;              /* the assist runs unpaged; nothing cached */
    case OP_RDMSR:
    case OP_WRMSR:
        st = msr_access(x, in->op == OP_WRMSR);
        break;
    case OP_RDPMC:
        st = rdpmc(x);
        break;
    case OP_MOV_DR:
        st = mov_dr(x);
        break;
    case OP_RSM:
        return raise_fault_noerr(x, X86_UD);      /* not in SMM */
    case OP_LAR:
    case OP_LSL:
    case OP_VERR:
    case OP_VERW:
        st = probe_descriptor(x);
        break;
    case OP_ARPL:
        st = arpl(x);
        break;
    default:
        return EXEC_UNSUPPORTED;
    }
    if (st == EXEC_OK)
        r->eip = x->next_eip;
    return st;
}
