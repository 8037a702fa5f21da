/* Shared by the execute functions of the engine (vm86/exec_*.c). */
#ifndef VMXASSIST_EXEC_H
#define VMXASSIST_EXEC_H

#include "engine.h"
#include "x86.h"

u32 reg_read(struct vcpu *v, unsigned reg, unsigned size);
void reg_write(struct vcpu *v, unsigned reg, unsigned size, u32 value);
u32 ea_offset(struct exec_ctx *x, const struct operand *o);
int opnd_read(struct exec_ctx *x, unsigned i, u32 *value);
int opnd_write(struct exec_ctx *x, unsigned i, u32 value);
int opnd_read_as(struct exec_ctx *x, unsigned i, unsigned size, u32 *value);
int opnd_write_as(struct exec_ctx *x, unsigned i, unsigned size, u32 value);
int load_sreg(struct exec_ctx *x, unsigned seg, u16 sel);
int raise_fault(struct exec_ctx *x, u8 vector, u32 error);
int raise_fault_noerr(struct exec_ctx *x, u8 vector);

/* One execute function per operation family. */
int exec_alu(struct exec_ctx *x);
int exec_flow(struct exec_ctx *x);
int exec_system(struct exec_ctx *x);
int exec_data(struct exec_ctx *x);
int exec_mov(struct exec_ctx *x);
int exec_arith(struct exec_ctx *x);
int exec_string(struct exec_ctx *x);
int exec_fpu(struct exec_ctx *x);

/* Port I/O for the guest; writes to the PIC go through its shadow. */
u32 port_in(u16 port, unsigned size);
void port_out(struct vcpu *v, u16 port, unsigned size, u32 value);

/* The host CPU computes the flags: exact by construction.  alu_ops.S has
 * one stub per operation OP_ADD..OP_NOT and size; each takes the operands
 * and a flags image (arithmetic flags and bit 1 only) and returns the
 * result (low half) and the flags it produced (high half). */
typedef u64 __attribute__((regparm(3))) (*alu_fn)(u32 a, u32 b, u32 flags);
extern const alu_fn alu_ops[];

static inline unsigned alu_index(unsigned op, unsigned size)
{
    return (op - OP_ADD) * 3 + (size == 4 ? 2 : size - 1);
}

u32 alu_binary(unsigned op, unsigned size, u32 a, u32 b, u32 *flags);
u32 alu_unary(unsigned op, unsigned size, u32 a, u32 *flags);
int cond_true(u32 flags, unsigned cc);

/* An emulated instruction runs with the guest's own EFLAGS in the frame
 * (trap dispatch takes the state out of VM86 first), so the arithmetic
 * flags are read and written there directly. */
static inline u32 arith_flags(const struct vcpu *v)
{
    return v->regs->eflags;
}

static inline void set_arith_flags(struct vcpu *v, u32 fl)
{
    v->regs->eflags = (v->regs->eflags & ~EFL_ARITH) | (fl & EFL_ARITH);
}

static inline u32 size_mask(unsigned size)
{
    return size >= 4 ? 0xFFFFFFFFu : (1u << (8 * size)) - 1;
}

/* A word or dword register operand's frame slot (NULL for anything else):
 * the commonest operands, read and written in line by MOV and the ALU. */
static inline u32 *word_reg(struct exec_ctx *x, const struct operand *o)
{
    return o->type == OT_REG && o->size != 1 ? frame_gpr(x->v->regs, o->reg) : NULL;
}

static inline void word_reg_set(u32 *r, unsigned size, u32 value)
{
    *r = (*r & ~size_mask(size)) | (value & size_mask(size));
}

#endif
