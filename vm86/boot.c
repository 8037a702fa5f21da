/*
 * Start-up: hvmloader enters at 0xD0000 (trap/head.S -> assist_boot), we
 * build our own world, describe it in the new context and clear CR0.PE,
 * which makes the hypervisor INVOKE us in that world (world_invoke).
 */
#include <vmxassist/engine.h>
#include <vmxassist/io.h>
#include <vmxassist/log.h>
#include <vmxassist/x86.h>

#ifndef BUILD_ID
#define BUILD_ID "unknown"
#endif

/* The two context records the header points at (+12 new, +16 old). */
struct vmx_assist_context new_context, old_context;

static struct vcpu vcpus[VMXA_MAX_CPUS];
u8 vcpu_stacks[VMXA_MAX_CPUS][VMXA_STACK_SIZE] __attribute__((aligned(16)));

struct vcpu *this_vcpu(void)
{
    u16 tr;
    __asm__ volatile("str %0" : "=r"(tr));
    return &vcpus[(tr - SEL_TSS0) >> 3];
}

static void flat_segment(struct vmx_assist_segment *s, u16 sel, u32 type)
{
    s->sel = sel;
    s->base = 0;
    s->limit = 0xFFFFFFFF;
    s->arbytes = type | VMX_AR_S | VMX_AR_P | VMX_AR_DB | VMX_AR_G;
}

/* Our own world as the hypervisor will load it on every INVOKE. */
static void setup_new_context(struct vcpu *v, u32 stack_top)
{
    struct vmx_assist_context *c = &new_context;

    c->eip = (u32)(size_t)world_entry;
    c->esp = stack_top;
    c->eflags = EFL_FIXED1;
    /* PE clear in our *virtual* CR0: setting PE is what makes the
     * hypervisor leave our world (RESTORE). */
    c->cr0 = (read_cr0() | CR0_NE | CR0_ET) & ~(CR0_PE | CR0_PG);
    c->cr3 = 0;
    c->cr4 = read_cr4();
    c->idtr_base = desc_idt_base();
    c->idtr_limit = desc_idt_limit();
    c->gdtr_base = desc_gdt_base();
    c->gdtr_limit = desc_gdt_limit();
    flat_segment(&c->cs, SEL_CODE32, 0xB);
    flat_segment(&c->ds, SEL_DATA32, 0x3);
    flat_segment(&c->es, SEL_DATA32, 0x3);
    flat_segment(&c->ss, SEL_DATA32, 0x3);
    flat_segment(&c->fs, SEL_DATA32, 0x3);
    flat_segment(&c->gs, SEL_DATA32, 0x3);
    c->tr.sel = SEL_TSS0 + 8 * v->id;
    c->tr.base = (u32)(size_t)v->tss;
    c->tr.limit = desc_tss_limit(v);
    c->tr.arbytes = 0xB | VMX_AR_P; /* busy 32-bit TSS */
    c->ldtr.sel = 0;
    c->ldtr.arbytes = VMX_AR_UNUSABLE;
}

/* UMIP makes SGDT/SIDT/SMSW/SLDT/STR fault in VM86, so the guest sees its
 * own values instead of ours. */
static void enable_umip(void)
{
    u32 a, b, c, d;
    cpuid(0, 0, &a, &b, &c, &d);
    if (a < 7)
        return;
    cpuid(7, 0, &a, &b, &c, &d);
    if (c & (1u << 2))
        write_cr4(read_cr4() | CR4_UMIP);
}

/* Names CPU 0's counters in the symbol map (vmxa_stats) for the host's
 * benchmarks (tests/hvmhost/assist_stats.c).  The function only carries
 * the .set; the linker discards its section (link.ld: .discard*), so the
 * blob spends no byte on it. */
static void __attribute__((used, section(".discard.vmxa_stats"))) name_stats(void)
{
    __asm__(".globl vmxa_stats\n.set vmxa_stats, %c0" : : "i"(&vcpus[0].stats));
}

void assist_boot(u32 id, u32 ap_vector) __attribute__((noreturn)) ASM_CALLED;
ASM_CALLED void assist_boot(u32 id, u32 ap_vector)
{
    struct vcpu *v = &vcpus[id];
    u32 stack_top = (u32)(size_t)vcpu_stacks[id] + VMXA_STACK_SIZE;

    v->id = id;
    v->regs = (struct trap_frame *)(size_t)(stack_top - sizeof(struct trap_frame));
    v->oldctx = &old_context;
    v->ap_vector = ap_vector;

    if (id == 0)
        desc_init_shared();
    desc_init_cpu(v, stack_top);
    log_printf("vmxassist %s: cpu %u, AP vector %02x\n", BUILD_ID, id, ap_vector);
    enable_umip();
    pic_init_assist(v);
    setup_new_context(v, stack_top);

    /* INVOKE: clearing PE makes the hypervisor save this state in the old
     * context and load the new one, i.e. enter world_entry. */
    __asm__ volatile("mov %0, %%cr0" :: "r"(read_cr0() & ~CR0_PE) : "memory");
    log_printf_always("vmxassist: the hypervisor did not INVOKE on a CR0.PE=0 write\n");
    for (;;)
        __asm__ volatile("cli; hlt");
}

/* The architectural state after RESET/INIT, in real mode. */
static void reset_state(struct vcpu *v)
{
    struct trap_frame *f = v->regs;
    u32 a, b, c, d;
    /* CPU 0 starts at the BIOS reset vector, an AP at vector:0 (SIPI). */
    u16 cs = v->id ? (u16)(v->ap_vector << 8) : VMXASSIST_RESET_CS;
    u32 eip = v->id ? 0 : VMXASSIST_RESET_IP;

    for (unsigned i = 0; i < sizeof(*f) / 4; i++)
        ((u32 *)f)[i] = 0;
    cpuid(1, 0, &a, &b, &c, &d);
    f->edx = a; /* EDX holds the CPU signature after reset */
    f->eip = eip;
    f->eflags = EFL_FIXED1;
    v->cr0 = CR0_CD | CR0_NW | CR0_ET;
    v->cr2 = v->cr3 = v->cr4 = 0;
    v->gdtr_base = 0;
    v->gdtr_limit = 0xFFFF;
    v->idtr_base = 0;
    v->idtr_limit = 0xFFFF;
    for (unsigned i = 0; i < SEG_COUNT; i++) {
        struct seg_cache *s = &v->seg[i];
        s->sel = 0;
        s->base = 0;
        s->limit = 0xFFFF;
        s->ar = SEG_AR_REAL_DATA;
    }
    seg_load_real(&v->seg[SEG_CS], cs);
    v->seg[SEG_CS].ar = SEG_AR_REAL_CODE;
    v->seg[SEG_LDTR].ar = VMX_AR_P | 0x2;
    v->seg[SEG_TR].ar = VMX_AR_P | 0xB;
    v->rm_irqbase[0] = 0x08;
    v->rm_irqbase[1] = 0x70;
}

/* The context record's segment for each of the assist's segment registers. */
static struct vmx_assist_segment *context_seg(struct vmx_assist_context *c, unsigned sreg)
{
    switch (sreg) {
    case SEG_ES:   return &c->es;
    case SEG_CS:   return &c->cs;
    case SEG_SS:   return &c->ss;
    case SEG_DS:   return &c->ds;
    case SEG_FS:   return &c->fs;
    case SEG_GS:   return &c->gs;
    case SEG_TR:   return &c->tr;
    default:       return &c->ldtr;
    }
}

static void seg_from_context(struct seg_cache *s, const struct vmx_assist_segment *c)
{
    s->sel = (u16)c->sel;
    s->base = c->base;
    s->limit = c->limit;
    s->ar = c->arbytes;
}

/* The guest as the hypervisor saved it when it cleared CR0.PE. */
static void load_old_context(struct vcpu *v, struct vmx_assist_context *c)
{
    struct trap_frame *f = v->regs;

    f->eip = c->eip;
    f->esp = c->esp;
    f->eflags = c->eflags | EFL_FIXED1;
    v->cr0 = c->cr0;
    v->cr3 = c->cr3;
    v->cr4 = c->cr4;
    v->gdtr_base = c->gdtr_base;
    v->gdtr_limit = c->gdtr_limit;
    v->idtr_base = c->idtr_base;
    v->idtr_limit = c->idtr_limit;
    for (unsigned i = 0; i < SEG_COUNT; i++)
        seg_from_context(&v->seg[i], context_seg(c, i));
}

/* C half of world_entry: the hypervisor just INVOKEd us. */
void world_invoke(struct trap_frame *f) ASM_CALLED;
ASM_CALLED void world_invoke(struct trap_frame *f)
{
    struct vcpu *v = this_vcpu();

    (void)f; /* == v->regs: world_entry builds the frame at the stack top */
    v->stats.invokes++;
    v->in_vm86 = 0;
    /* Neither EFER nor CR2 is in the context record, and world switches
     * leave both alone: the CPU's values are the guest's. */
    v->efer = guest_efer();
    v->cr2 = read_cr2();
    if (!v->started) {
        reset_state(v);
        v->started = 1;
    } else {
        load_old_context(v, v->oldctx);
    }
    if (VMXA_TRACE)
        log_printf("vmxassist: INVOKE at %04x:%08x (cs base %x limit %x ar %x), cr0 %x, "
                   "efer %x\n", v->seg[SEG_CS].sel, v->regs->eip, v->seg[SEG_CS].base,
                   v->seg[SEG_CS].limit, v->seg[SEG_CS].ar, v->cr0, (u32)v->efer);
    guest_resume(v);
}

static void seg_to_context(struct vmx_assist_segment *c, const struct seg_cache *s)
{
    c->sel = s->sel;
    c->base = s->base;
    c->limit = s->limit;
    c->arbytes = s->ar;
}

/* RESTORE: describe the guest's protected-mode state in the old context
 * and set CR0.PE; the hypervisor loads it and leaves our world. */
void world_restore(struct vcpu *v)
{
    struct vmx_assist_context *c = v->oldctx;
    struct trap_frame *f = v->regs;

    c->eip = f->eip;
    c->esp = f->esp;
    c->eflags = guest_flags(v);
    c->cr0 = v->cr0;
    c->cr3 = v->cr3;
    c->cr4 = v->cr4;
    c->gdtr_base = v->gdtr_base;
    c->gdtr_limit = v->gdtr_limit;
    c->idtr_base = v->idtr_base;
    c->idtr_limit = v->idtr_limit;
    for (unsigned i = 0; i < SEG_COUNT; i++)
        seg_to_context(context_seg(c, i), &v->seg[i]);
    write_cr2(v->cr2);      /* the guest reads it natively from now on */
    c->rm_irqbase[0] = v->rm_irqbase[0];
    c->rm_irqbase[1] = v->rm_irqbase[1];
    v->stats.restores++;
    world_restore_regs(f);
}
