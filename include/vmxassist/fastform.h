/*
 * The fast lane's form of an instruction (struct decoded.f): what
 * vm86/fastlane.c's fast_exec needs and nothing else, so that it never
 * reads struct insn.  Two producers fill it and must agree field for
 * field (tests/unit/fast_decode_test.c holds them to it):
 *   fast_fill    from a struct insn the full decoder made;
 *   fast_decode  straight from the code bytes, for the lane's own
 *                instructions only - code that runs once (straight-line
 *                big real mode code) then costs no full decode at all.
 * (vm86/fast_fill.c, vm86/fast_decode.c; both build hosted too.)
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

/* fast_decode clears it word by word in this order. */
BUILD_ASSERT(__builtin_offsetof(struct fast_form, roff) == 2 &&
             __builtin_offsetof(struct fast_form, disp) == 12 && sizeof(struct fast_form) == 20);

/* One shape the memo (vm86/fast_memo.h) holds: code whose first four
 * bytes, shifted left by shift (past the bytes that are not the key's),
 * equal key has the form head (the form's first twelve bytes, all but
 * disp and imm) and the fields disp and imm; place is the cache entry's
 * word after lin (def32, len, full, cmp_shift) as it is when the
 * instruction's four bytes stay in one page, plus one (0: empty). */
struct fast_memo {
    u32 key;
    u32 place;
    u8 head[12];
    u8 shift;
    u8 disp;
    u8 imm;
    u8 pad;
};
#define FAST_MEMO_ENTRIES 32

struct decoded;
struct insn;
/* From a complete decode (e->in): e->f, lane FAST_NONE unless it is one. */
void fast_fill(struct decoded *e);
/* From code bytes in place, at least INSN_MAX_LEN of them readable at p
 * (paging off: the address is linear): if the instruction is one of the
 * lane's, fill the cache entry e - its form, lin, def32, len, cmp_shift,
 * and in.bytes; the rest of e->in is left alone (e->full = 0) - keep its
 * shape in m, the code's slot of the shape memo (vm86/fast_memo.h:
 * fast_memo_slot), and return 1; else 0, with e->len untouched and e->f,
 * e->in.bytes undefined and *m untouched. */
int fast_decode(struct decoded *e, const u8 *p, int def32, struct fast_memo *m);

#endif
