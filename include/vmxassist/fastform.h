/*
 * The fast lane's form of an instruction (struct decoded.f): what
 * vm86/fastlane.c's fast_exec needs and nothing else, so that it never
 * reads struct insn.  fast_fill (vm86/fast_fill.c) makes it from the full
 * decoder's struct insn when an instruction goes into the
 * decoded-instruction cache; an instruction met once runs from its bytes
 * instead (vm86/fast_step.h).
 */
#ifndef VMXASSIST_FASTFORM_H
#define VMXASSIST_FASTFORM_H

#include "types.h"

/* The lanes.  ALU2: ADD..CMP and TEST (an operand pair); ALU1: INC, DEC,
 * NOT, NEG (one operand); JCC and JMP: relative branches. */
enum fast_lane { FAST_NONE, FAST_MOV, FAST_ALU2, FAST_ALU1, FAST_JCC, FAST_JMP };

/* roff[i]: operand i is the register at this byte offset in the trap
 * frame (AH..BH one byte into their slot), or one of these. */
#define FAST_UNUSED 0xFD    /* no such operand */
#define FAST_IMM    0xFE    /* the immediate, f.imm */
#define FAST_MEM    0xFF    /* the memory operand (seg, base, index, scale, disp) */

/* how */
#define FAST_STORE  1       /* the result goes to operand 0 (not CMP, TEST) */
#define FAST_ADDR16 2       /* 16-bit address size */

struct fast_form {
    u8 lane;        /* enum fast_lane */
    u8 size;        /* operand size 1/2/4; JCC/JMP: 2 or 4 (IP or EIP) */
    u8 roff[2];     /* operands 0 (destination) and 1 */
    u8 how;         /* FAST_STORE, FAST_ADDR16 */
    u8 alu;         /* ALU lanes: alu_ops[] index (exec.h alu_index), else 0 */
    u8 cc;          /* JCC: condition; else 0 */
    /* The memory operand (an instruction of the lanes has at most one;
     * all zero when there is none): its effective segment, base and
     * index registers as trap-frame offsets (FAST_UNUSED: none), scale. */
    u8 seg;
    u8 base;
    u8 index;
    u8 scale;
    u8 pad;         /* 0 */
    s32 disp;
    u32 imm;        /* immediate (struct operand.imm) or branch displacement */
};

BUILD_ASSERT(sizeof(struct fast_form) == 20);

struct decoded;
struct insn;
/* From a complete decode (e->in): e->f, lane FAST_NONE unless it is one. */
void fast_fill(struct decoded *e);

#endif
