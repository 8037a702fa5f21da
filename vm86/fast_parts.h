/*
 * What fast_fill (vm86/fast_fill.c) and fast_decode (vm86/fast_decode.c)
 * share: how an operand becomes part of struct fast_form
 * (include/vmxassist/fastform.h).  The two must make identical forms.
 */
#ifndef VM86_FAST_PARTS_H
#define VM86_FAST_PARTS_H

#include <vmxassist/decode.h>
#include <vmxassist/exec.h>
#include <vmxassist/vcpu.h>

/* A register's slot in the trap frame, by ModRM number. */
extern const u8 fast_gpr_slot[8];

/* Register reg (ModRM numbering) of `size` bytes as a trap-frame offset:
 * the byte registers 4-7 are AH..BH, one byte into AX..BX's slot. */
static inline __attribute__((always_inline)) u8 fast_reg_slot(unsigned reg, unsigned size)
{
    if (size == 1)
        return (u8)(fast_gpr_slot[reg & 3] + (reg >> 2));
    return fast_gpr_slot[reg];
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

#endif
