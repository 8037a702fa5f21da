/*
 * The execution engine's internal interface: the mode machine (mode.c),
 * one-instruction emulation (emulate.c), guest memory through segments
 * (gmem.c), interrupt delivery (interrupt.c) and the PIC shadow (pic.c).
 */
#ifndef VMXASSIST_ENGINE_H
#define VMXASSIST_ENGINE_H

#include "vcpu.h"
#include "decode.h"
#include "paging.h"

/* An exception raised while emulating, to be delivered to the guest. */
struct fault {
    u8 vector;
    u8 has_error;
    u32 error;
    u32 cr2;          /* #PF: the faulting linear address */
};

/* Outcome of one emulated instruction. */
enum exec_status {
    EXEC_OK,          /* done, EIP advanced or branched */
    EXEC_FAULT,       /* raised `fault`: deliver it, EIP unchanged */
    EXEC_UNSUPPORTED, /* decoded but not implemented yet: reported */
};

struct exec_ctx {
    struct vcpu *v;
    const struct insn *in; /* decoded, in the vCPU's cache: read only */
    struct fault fault;
    u32 next_eip;     /* EIP after this instruction (masked to the size) */
};

/* mode.c */
void guest_resume(struct vcpu *v);
void vm86_enter(struct vcpu *v);
void vm86_leave(struct vcpu *v);
u32 guest_flags(struct vcpu *v);
void guest_set_flags(struct vcpu *v, u32 value, u32 mask);
void world_restore(struct vcpu *v) __attribute__((noreturn));
void guest_report(struct vcpu *v, const char *why, const struct insn *in);

/* fastpath.c: CLI/PUSHF/POPF/IRET/INT n trapped out of VM86, done on the
 * frame; 0 when the general path must take it. */
int vm86_fast_path(struct vcpu *v, struct trap_frame *f);

/* emulate.c */
int emulate_one(struct vcpu *v);

/* gmem.c: guest memory through a segment, then the guest's paging. */
int gmem_read(struct vcpu *v, struct fault *f, unsigned seg, u32 off, void *buf, unsigned size);
int gmem_write(struct vcpu *v, struct fault *f, unsigned seg, u32 off, const void *buf,
               unsigned size);
unsigned gmem_fetch(struct vcpu *v, u32 off, u8 *buf, unsigned max, struct fault *stop);
int stack_push(struct vcpu *v, struct fault *f, u32 value, unsigned size);
int stack_pop(struct vcpu *v, struct fault *f, u32 *value, unsigned size);
void stack_release(struct vcpu *v, u32 n);

/* guest_paging.c: linear addresses through the guest's own page tables
 * (paging/; linear = physical while CR0.PG is clear).  `acc` is ACC_READ,
 * ACC_WRITE, ACC_FETCH or ACC_IMPLICIT (descriptor tables, IDT, TSS); the
 * CPL and EFLAGS.AC are added here.  A page fault comes back as #PF in *f. */
int gmem_linear_read(struct vcpu *v, struct fault *f, u32 lin, void *buf, unsigned n,
                     unsigned acc);
int gmem_linear_write(struct vcpu *v, struct fault *f, u32 lin, const void *buf, unsigned n,
                      unsigned acc);
void guest_paging_regs(const struct vcpu *v, struct paging_regs *r);
u64 guest_efer(void);

/* seg/desc_load.c: protected-mode loads with the CPU's checks; 0 done,
 * -1 fault in *f (seg_load_cs: 1 for a gate or TSS when `sys` is given). */
unsigned guest_cpl(const struct vcpu *v);
int seg_descriptor(struct vcpu *v, struct fault *f, u16 sel, u32 *lo, u32 *hi, u32 *addr);
int seg_load_pm(struct vcpu *v, struct fault *f, unsigned seg, u16 sel);
int seg_load_cs(struct vcpu *v, struct fault *f, u16 sel, u32 *sys);
int seg_load_ldtr(struct vcpu *v, struct fault *f, u16 sel);
int seg_load_tr(struct vcpu *v, struct fault *f, u16 sel);
int seg_probe(struct vcpu *v, struct fault *f, unsigned op, u16 sel, u32 *lo, u32 *hi);

/* interrupt.c */
int deliver_real_interrupt(struct vcpu *v, unsigned vector, struct fault *f);
void deliver_exception(struct vcpu *v, const struct fault *f);
/* pm_interrupt.c: through the protected-mode IDT (the IA-32e one while
 * EFER.LMA is set); 0 delivered, -1 fault in *f, 1 delivered by a task
 * switch but *f is to be raised in the new task (task_switch). */
int deliver_pm_interrupt(struct vcpu *v, unsigned vector, int has_error, u32 error,
                         int software, struct fault *f);
/* task_switch.c: a task switch to the TSS `sel` selects, for a far JMP,
 * a CALL/INT/exception (nesting) or an IRET with NT set; TS_EXT sets the
 * EXT bit of the error codes, TS_PUSH pushes `error` on the new task's
 * stack.  0 done, -1 with *f set before the commit point, 1 switched but
 * *f is an exception to raise in the new task (loading its segments or
 * pushing the error code faulted). */
#define TS_JMP  0u
#define TS_CALL 1u
#define TS_IRET 2u
#define TS_EXT  4u
#define TS_PUSH 8u
int task_switch(struct vcpu *v, struct fault *f, u16 sel, unsigned how, u32 error);
void reflect_irq(struct vcpu *v, unsigned irq);
void irq_poll(struct vcpu *v);
void guest_hlt(struct vcpu *v);
void triple_fault(struct vcpu *v) __attribute__((noreturn));

/* What the assist reports (and raises #GP for) when a 64-bit target is
 * out of the 32-bit context record's reach. */
#define HIGH_64BIT_TARGET "64-bit target above 4 GiB: the context record cannot hold it"

/* Long mode is active (EFER.LMA) once paging is on with EFER.LME set. */
static inline int guest_lma(const struct vcpu *v)
{
    return (v->efer & EFER_LME) && (v->cr0 & CR0_PG);
}

/* The CPL is SS.DPL: a transfer to another privilege level sets it before
 * it loads and checks the new segments. */
static inline void set_cpl(struct vcpu *v, unsigned cpl)
{
    v->seg[SEG_SS].ar = (v->seg[SEG_SS].ar & ~VMX_AR_DPL_MASK) | (cpl << VMX_AR_DPL_SHIFT);
}

/* The cache VM86 gives a segment register: base sel * 16, 64 KiB, DPL 3. */
static inline void seg_load_vm86(struct seg_cache *s, u16 sel)
{
    seg_load_real(s, sel);
    s->limit = 0xFFFF;
    s->ar = SEG_AR_REAL_DATA | VMX_AR_DPL_MASK;
}

/* pic.c */
int pic_port(u16 port);
void pic_write(struct vcpu *v, u16 port, u8 value);
void pic_init_assist(struct vcpu *v);

/* trap/desc.c */
void desc_init_shared(void);
void desc_init_cpu(struct vcpu *v, u32 stack_top);
void desc_trap_port(u16 port);
u32 desc_tss_limit(struct vcpu *v);
u32 desc_gdt_base(void);
u32 desc_gdt_limit(void);
u32 desc_idt_base(void);
u32 desc_idt_limit(void);

/* trap/entry.S */
void world_entry(void);
void world_restore_regs(struct trap_frame *f) __attribute__((noreturn)) ASM_CALLED;

#endif
