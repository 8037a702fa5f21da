/*
 * What the fast lane's parts share: how an operand becomes part of struct
 * fast_form (include/vmxassist/fastform.h: fast_fill), how an operation
 * maps to a lane, and how the lane reaches and writes its operands
 * (fast_exec in vm86/fastlane.c, fast_step in vm86/fast_step.h).
 */
#ifndef VM86_FAST_PARTS_H
#define VM86_FAST_PARTS_H

#include <vmxassist/decode.h>
#include <vmxassist/exec.h>
#include <vmxassist/vcpu.h>
#include <vmxassist/abi.h>
#include <vmxassist/guest_ptr.h>
#include <vmxassist/x86.h>

/* A register's slot in the trap frame, by ModRM number: the word and
 * dword registers, and the byte registers (4-7 are AH..BH, one byte into
 * AX..BX's slot). */
extern const u8 fast_gpr_slot[8], fast_byte_slot[8];

/* Register reg (ModRM numbering) of `size` bytes as a trap-frame offset. */
static inline __attribute__((always_inline)) u8 fast_reg_slot(unsigned reg, unsigned size)
{
    return (size == 1 ? fast_byte_slot : fast_gpr_slot)[reg];
}

/* A base or index register of a memory operand (REG_NONE: none). */
static inline __attribute__((always_inline)) u8 fast_addr_slot(unsigned reg)
{
    return reg == REG_NONE ? FAST_UNUSED : fast_gpr_slot[reg];
}

/* The lane of an operation with ModRM/register/immediate operands. */
static inline __attribute__((always_inline)) unsigned fast_data_lane(unsigned op)
{
    if (op == OP_MOV)
        return FAST_MOV;
    if (op - OP_ADD <= OP_TEST - OP_ADD)
        return FAST_ALU2;
    if (op - OP_INC <= OP_NOT - OP_INC)
        return FAST_ALU1;
    return FAST_NONE;
}

/* FAST_STORE unless the operation only reads its first operand (CMP,
 * TEST); FAST_ADDR16 for 16-bit addressing. */
static inline __attribute__((always_inline)) u8 fast_how(unsigned op, unsigned addr16)
{
    return (u8)((op != OP_CMP && op != OP_TEST ? FAST_STORE : 0) | (addr16 ? FAST_ADDR16 : 0));
}

/* The pointer for a lane instruction's memory operand at off in segment
 * seg, size bytes, or NULL to decline: the checks gmem.c's seg_linear
 * and direct path make, for an expand-up segment in real mode without
 * paging (emulate_run runs the lane only there: linear is physical, and
 * the protected-mode access checks are gmem.c's alone).  store: the
 * operand is written (a write into the assist's own 64 KiB declines, and
 * the generic engine drops it). */
static inline __attribute__((always_inline)) void *
lane_mem(struct vcpu *v, unsigned seg, u32 off, unsigned size, int store)
{
    const struct seg_cache *s = &v->seg[seg];
    u32 last = off + size - 1, lin;

    if ((s->ar & (VMX_AR_S | DESC_TYPE_CODE | DESC_TYPE_EC)) == (VMX_AR_S | DESC_TYPE_EC) ||
        last < off || last > s->limit)
        return NULL;
    lin = s->base + off;
    if (lin + size <= lin)
        return NULL;
    if (store && in_assist_window(lin, size))
        return NULL;
    return GUEST_PTR(lin);
}

/* A result of size bytes to an operand's pointer. */
static inline __attribute__((always_inline)) void lane_store(void *p, unsigned size, u32 value)
{
    if (size == 2)
        *(u16_any *)p = (u16)value;
    else if (size == 4)
        *(u32_any *)p = value;
    else
        *(u8 *)p = (u8)value;
}
#endif
