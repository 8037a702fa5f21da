/*
 * The mode machine: where guest code runs next.
 *  - VM86, natively, when CR0.PE is clear and every segment cache is one
 *    VM86 can hold (base = selector * 16, 64 KiB limit, 16-bit);
 *  - protected mode, natively, through RESTORE, once PE is set and a far
 *    transfer has loaded CS from a descriptor;
 *  - otherwise here, one emulated instruction after another.
 */
#include <vmxassist/engine.h>
#include <vmxassist/log.h>
#include <vmxassist/x86.h>

/* EFLAGS bits a real-mode guest owns but VM86 hardware cannot hold for it
 * (IOPL must stay 0 so that CLI/STI/PUSHF/POPF/INT/IRET trap). */
#define VIRTUAL_FLAGS (EFL_IOPL)

/* The guest-visible EFLAGS. */
u32 guest_flags(struct vcpu *v)
{
    u32 fl = v->regs->eflags;
    if (v->in_vm86)
        fl = (fl & ~(EFL_VM | VIRTUAL_FLAGS | EFL_RF)) | v->iopl;
    return fl | EFL_FIXED1;
}

void guest_set_flags(struct vcpu *v, u32 value, u32 mask)
{
    u32 fl = (guest_flags(v) & ~mask) | (value & mask);
    fl = (fl & ~(EFL_VM | EFL_RF | 0xFFC08028u)) | EFL_FIXED1;
    if (v->in_vm86) {
        v->iopl = fl & VIRTUAL_FLAGS;
        fl = (fl & ~VIRTUAL_FLAGS) | EFL_VM;
    }
    v->regs->eflags = fl;
}

static const u8 vm86_segs[] = { SEG_ES, SEG_CS, SEG_SS, SEG_DS, SEG_FS, SEG_GS };

/* Can VM86 run the guest now? */
static int vm86_representable(struct vcpu *v)
{
    for (unsigned i = 0; i < sizeof(vm86_segs); i++) {
        if (!seg_vm86_representable(&v->seg[vm86_segs[i]])) {
            v->nonrep_seg = vm86_segs[i];
            return 0;
        }
    }
    return v->regs->eip <= 0xFFFF;
}

/* The emulation loop asks after every instruction, so the segment that
 * said no last time is asked first, in line: in big real mode it keeps
 * saying no until the guest reloads it. */
static inline __attribute__((always_inline)) int vm86_still_unable(struct vcpu *v)
{
    return !seg_vm86_representable(&v->seg[v->nonrep_seg]);
}

static u32 *frame_sel(struct trap_frame *f, unsigned seg)
{
    switch (seg) {
    case SEG_ES: return &f->es;
    case SEG_CS: return &f->cs;
    case SEG_SS: return &f->ss;
    case SEG_DS: return &f->ds;
    case SEG_FS: return &f->fs;
    default:     return &f->gs;
    }
}

/* Hand the guest state to the hardware as a VM86 frame. */
void vm86_enter(struct vcpu *v)
{
    u32 fl = guest_flags(v);
    for (unsigned i = 0; i < sizeof(vm86_segs); i++)
        *frame_sel(v->regs, vm86_segs[i]) = v->seg[vm86_segs[i]].sel;
    v->in_vm86 = 1;
    v->iopl = fl & VIRTUAL_FLAGS;
    v->regs->eflags = (fl & ~(VIRTUAL_FLAGS | EFL_RF | EFL_VIF | EFL_VIP)) | EFL_VM;
}

/* Take the state back from a VM86 frame: VM86 code may have loaded
 * segment registers natively (which, in real mode, sets selector and base). */
void vm86_leave(struct vcpu *v)
{
    if (!v->in_vm86)
        return;
    for (unsigned i = 0; i < sizeof(vm86_segs); i++) {
        u16 sel = (u16)*frame_sel(v->regs, vm86_segs[i]);
        if (sel != v->seg[vm86_segs[i]].sel)
            seg_load_real(&v->seg[vm86_segs[i]], sel);
    }
    v->regs->eflags = guest_flags(v);
    v->in_vm86 = 0;
}

void guest_resume(struct vcpu *v)
{
    for (;;) {
        if (v->int_shadow) {
            /* STI or MOV SS: the next instruction completes before any
             * interrupt can be taken, so run it here. */
            v->int_shadow = 0;
            emulate_one(v);
            continue;
        }
        if (!(v->cr0 & CR0_PE)) {
            if (!vm86_still_unable(v) && vm86_representable(v)) {
                vm86_enter(v);
                return;
            }
        } else if (v->cs_from_pm) {
            world_restore(v);
        }
        emulate_run(v);
        if (v->regs->eflags & EFL_IF)   /* the guest's own IF out of VM86 */
            irq_poll(v);
    }
}

static const char *mode_name(struct vcpu *v)
{
    if (v->cr0 & CR0_PE)
        return v->cs_from_pm ? "protected" : "PE set, CS not yet loaded";
    return vm86_representable(v) ? "real (VM86)" : "real (emulated: non-VM86 caches)";
}

/* The report for anything the assist cannot do: guest CS:IP, the bytes,
 * the decoded instruction and the mode. */
void guest_report(struct vcpu *v, const char *why, const struct insn *in)
{
    struct seg_cache *cs = &v->seg[SEG_CS];
    char bytes[3 * INSN_MAX_LEN + 1];
    unsigned n = 0;

    if (!VMXA_DEBUG)
        return;
    for (unsigned i = 0; in && i < in->len && i < INSN_MAX_LEN; i++) {
        bytes[n++] = "0123456789abcdef"[in->bytes[i] >> 4];
        bytes[n++] = "0123456789abcdef"[in->bytes[i] & 15];
        bytes[n++] = ' ';
    }
    bytes[n] = 0;
    log_printf("vmxassist: %s at %04x:%08x (linear %08x), mode %s\n", why, cs->sel,
               v->regs->eip, cs->base + v->regs->eip, mode_name(v));
    /* No disassembly here: the renderer and its mnemonics are 5 KiB the
     * blob cannot spare.  tools/render-log adds it to a saved log (the
     * bytes and the code size are all it needs). */
    if (in)
        log_printf("vmxassist:   bytes %s(code%u, op %u, opsize %u, addrsize %u)\n", bytes,
                   (v->seg[SEG_CS].ar & VMX_AR_DB) ? 32 : 16, in->op, in->opsize,
                   in->addrsize);
    log_printf("vmxassist:   eax %08x ebx %08x ecx %08x edx %08x esi %08x edi %08x ebp %08x esp %08x eflags %08x cr0 %08x\n",
               v->regs->eax, v->regs->ebx, v->regs->ecx, v->regs->edx, v->regs->esi,
               v->regs->edi, v->regs->ebp, v->regs->esp, guest_flags(v), v->cr0);
}
