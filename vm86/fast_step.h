/*
 * One instruction of the fast lane straight from its bytes: decoded and
 * executed in one pass, nothing kept.
 *
 * Why: the decoded-instruction cache pays off only for code that runs
 * again (a loop); straight-line big real mode code (a BIOS's POST, a
 * loader's setup) runs each instruction once, and decoding it into a
 * form to run it once costs more than running it: about 400 of the
 * assist's instructions for the full decoder, against the 119-199 the
 * benchmark's simple instructions cost here all told (make bench-emulate).
 * So emulate_run (vm86/fastlane.c) runs an instruction it meets for the
 * first time here and marks its cache slot as seen; met again (a loop),
 * it is decoded in full into the cache and runs from there (fast_exec).
 *
 * It takes the lane's instructions - MOV, the ALU group and TEST,
 * INC/DEC/NOT/NEG with register, immediate and memory operands, Jcc and
 * JMP rel - in the operand shapes below (SDM vol. 2, appendix A), with
 * their operations from the decoder's own tables (decode/opcodes.c,
 * groups.c).  It runs them as fast_exec runs their forms: the same memory
 * checks (fast_parts.h lane_mem), the same flags stubs (alu_ops), and it
 * declines whatever fast_exec would decline, before it has changed
 * anything; the generic engine then runs that instruction.  The engine
 * oracle runs every case through both ways (tests/unit/engine_oracle:
 * lanes 1 and 2), against the CPU; tests/unit/fast_step_test.c holds it
 * to the generic engine over every lane opcode and ModRM.
 *
 * Included by fastlane.c alone (built -O2), and by that test.  Not in
 * line in emulate_run: GCC then spilled more of the loop's state, and
 * both paths got slower.
 */
#ifndef VM86_FAST_STEP_H
#define VM86_FAST_STEP_H

#include <vmxassist/exec.h>
#include <vmxassist/string.h>
#include "fast_parts.h"
#include "../decode/tables.h"

/* Operand shapes of the one-byte opcodes the lane takes, plus QB:
 * byte-sized operands. */
enum {
    Q_NONE,     /* not the lane's: the generic engine */
    Q_PFX,      /* 66, 67, a segment override */
    Q_EG,       /* Eb,Gb / Ev,Gv */
    Q_GE,       /* Gb,Eb / Gv,Ev */
    Q_AI,       /* AL,Ib / eAX,Iv */
    Q_ZI,       /* register in the opcode, immediate */
    Q_Z,        /* register in the opcode (INC/DEC) */
    Q_EI,       /* Eb,Ib / Ev,Iv: groups 1 and 11 */
    Q_EIS,      /* Ev,Ibs (83) */
    Q_GRP,      /* groups 3-5: TEST Eb/Ev,imm or NOT/NEG/INC/DEC Eb/Ev */
    Q_OA,       /* moffs,AL/eAX (A2, A3) */
    Q_AO,       /* AL/eAX,moffs (A0, A1) */
    Q_JB,       /* rel8 */
    Q_JV,       /* rel16/32 */
    Q_0F,       /* 0F: only 0F 80-8F (Jcc rel16/32) */
};
#define QB 0x10

#define ALU6(x) [x] = Q_EG | QB, [x + 1] = Q_EG, [x + 2] = Q_GE | QB, [x + 3] = Q_GE, \
                [x + 4] = Q_AI | QB, [x + 5] = Q_AI
static const u8 quick_form[256] = {
    ALU6(0x00), ALU6(0x08), ALU6(0x10), ALU6(0x18),
    ALU6(0x20), ALU6(0x28), ALU6(0x30), ALU6(0x38),
    [0x0F] = Q_0F,
    [0x26] = Q_PFX, [0x2E] = Q_PFX, [0x36] = Q_PFX, [0x3E] = Q_PFX,
    [0x64] = Q_PFX, [0x65] = Q_PFX, [0x66] = Q_PFX, [0x67] = Q_PFX,
    [0x40 ... 0x4F] = Q_Z,
    [0x70 ... 0x7F] = Q_JB,
    [0x80] = Q_EI | QB, [0x81] = Q_EI, [0x82] = Q_EI | QB, [0x83] = Q_EIS,
    [0x84] = Q_EG | QB, [0x85] = Q_EG,
    [0x88] = Q_EG | QB, [0x89] = Q_EG, [0x8A] = Q_GE | QB, [0x8B] = Q_GE,
    [0xA0] = Q_AO | QB, [0xA1] = Q_AO, [0xA2] = Q_OA | QB, [0xA3] = Q_OA,
    [0xA8] = Q_AI | QB, [0xA9] = Q_AI,
    [0xB0 ... 0xB7] = Q_ZI | QB, [0xB8 ... 0xBF] = Q_ZI,
    [0xC6] = Q_EI | QB, [0xC7] = Q_EI,
    [0xE9] = Q_JV, [0xEB] = Q_JB,
    [0xF6] = Q_GRP | QB, [0xF7] = Q_GRP, [0xFE] = Q_GRP | QB, [0xFF] = Q_GRP,
};
#undef ALU6

/* 16-bit ModRM memory forms, rm 0-7 (SDM vol. 2, table 2-1): base and
 * index as trap-frame slots (FAST_UNUSED: no index) and the default
 * segment, in bits 0-7, 8-15 and 16-23. */
#define SLOT(r) (u32)__builtin_offsetof(struct trap_frame, r)
#define M16(b, i, s) ((b) | (i) << 8 | (u32)(s) << 16)
static const u32 mem16[8] = {
    M16(SLOT(ebx), SLOT(esi), SEG_DS), M16(SLOT(ebx), SLOT(edi), SEG_DS),
    M16(SLOT(ebp), SLOT(esi), SEG_SS), M16(SLOT(ebp), SLOT(edi), SEG_SS),
    M16(SLOT(esi), FAST_UNUSED, SEG_DS), M16(SLOT(edi), FAST_UNUSED, SEG_DS),
    M16(SLOT(ebp), FAST_UNUSED, SEG_SS), M16(SLOT(ebx), FAST_UNUSED, SEG_DS),
};
#undef M16
#undef SLOT

/* A register of the frame at a trap-frame offset. */
#define REG32(regs, slot) (*(const u32 *)((const u8 *)(regs) + (slot)))

/* The r/m operand of the ModRM byte at *pp, size bytes: a register's slot
 * (slots: fast_byte_slot or fast_gpr_slot) or guest memory (lane_mem; store:
 * it is written), or NULL to decline.  Moves *pp past ModRM, SIB and
 * displacement. */
static inline __attribute__((always_inline)) void *
rm_operand(struct vcpu *v, const u8 **pp, unsigned modrm, const u8 *slots, unsigned size,
           int addr16, unsigned seg, int store)
{
    const struct trap_frame *r = v->regs;
    const u8 *p = *pp + 1;
    unsigned mod = modrm >> 6, rm = modrm & 7, dflt = SEG_DS;
    u32 o;

    if (mod == 3) {
        *pp = p;
        return (u8 *)v->regs + slots[rm];
    }
    if (addr16) {
        u32 t = mem16[rm];
        if (mod == 0 && rm == 6) {  /* disp16 alone */
            o = *(const u16_any *)p;
            p += 2;
        } else {
            o = REG32(r, t & 0xFF);
            if ((u8)(t >> 8) != FAST_UNUSED)
                o += REG32(r, (t >> 8) & 0xFF);
            dflt = t >> 16;
            if (mod == 1) {
                o += (u32)(s32)(s8)*p++;
            } else if (mod == 2) {
                o += *(const u16_any *)p;
                p += 2;
            }
        }
        o &= 0xFFFF;
    } else {
        unsigned base = rm;
        o = 0;
        if (rm == 4) {              /* SIB */
            unsigned sib = *p++, idx = (sib >> 3) & 7;
            if (idx != 4)
                o = REG32(r, fast_gpr_slot[idx]) << (sib >> 6);
            base = sib & 7;
        }
        if (base == REG_BP && mod == 0) {
            o += *(const u32_any *)p;
            p += 4;
        } else {
            o += REG32(r, fast_gpr_slot[base]);
            if (base == REG_BP || base == REG_SP)
                dflt = SEG_SS;
            if (mod == 1) {
                o += (u32)(s32)(s8)*p++;
            } else if (mod == 2) {
                o += *(const u32_any *)p;
                p += 4;
            }
        }
    }
    *pp = p;
    return lane_mem(v, seg == SEG_NONE ? dflt : seg, o, size, store);
}

/* What the prefixes say, in one word (so that it can live in a
 * register): the operand size is 32 bits, the address size 16 bits, the
 * segment (SEG_NONE: no override). */
#define M_O32 1u
#define M_A16 2u
#define M_SEG(m) ((m) >> 8)

/* The mode word of code whose default size is 32 bits (def32) or 16. */
#define FAST_STEP_MODE(def32) ((def32) ? (M_O32 | SEG_NONE << 8) : (M_A16 | SEG_NONE << 8))

/* Prefixes 66, 67 and segment overrides at p (at least one), at most
 * four (more: 0, declined), on top of the mode word m (the code size's,
 * FAST_STEP_MODE): how many in the low half, the new mode word in the high
 * half. */
static __attribute__((noinline)) u64 prefixes(const u8 *p, unsigned m)
{
    const u8 *code = p;
    int def32 = m & M_O32;
    unsigned b;

    while (quick_form[b = *p] == Q_PFX) {
        if (p - code == 4)
            return 0;
        p++;
        if (b == 0x66)
            m = (m & ~M_O32) | (def32 ? 0 : M_O32);
        else if (b == 0x67)
            m = (m & ~M_A16) | (def32 ? M_A16 : 0);
        else                        /* 26 2E 36 3E: ES CS SS DS; 64 65: FS GS */
            m = (m & 0xFF) | (b < 0x40 ? (b >> 3) & 3 : b - 0x60) << 8;
    }
    return (u32)(p - code) | (u64)m << 32;
}

/* Jcc and JMP rel, the opcode byte at p - 1.  The rule is fast_exec's
 * (fastlane.c); one shared inline helper made the loops' code 2-5
 * instructions slower (GCC's register allocation), so it is written
 * twice. */
static __attribute__((noinline)) int step_branch(struct vcpu *v, const u8 *code, const u8 *p,
                                                 unsigned m)
{
    struct trap_frame *r = v->regs;
    unsigned b = p[-1];
    u32 imm, next;

    if (b == 0x0F) {                /* Jcc rel16/32 */
        b = *p++;
        if ((b & 0xF0) != 0x80)
            return 0;
    }
    if (quick_form[p[-1]] == Q_JB) {  /* 70-7F, EB (0F 80-8F are not) */
        imm = (u32)(s32)(s8)*p++;
    } else if (m & M_O32) {
        imm = *(const u32_any *)p;
        p += 4;
    } else {
        imm = (u32)(s32)(s16)*(const u16_any *)p;
        p += 2;
    }
    next = r->eip + (u32)(p - code);
    if (b != 0xEB && b != 0xE9 && !cond_true(r->eflags, b & 0x0F)) {
        r->eip = next;
        return 1;
    }
    next = (next + imm) & (m & M_O32 ? 0xFFFFFFFFu : 0xFFFFu);
    if (next > v->seg[SEG_CS].limit)
        return 0;
    r->eip = next;
    return 1;
}

/* MOV between AL/eAX and a moffs at p (store: to memory), size bytes. */
static __attribute__((noinline)) int step_moffs(struct vcpu *v, const u8 *code, const u8 *p,
                                                unsigned m, unsigned size, int store)
{
    struct trap_frame *r = v->regs;
    u32 off;
    void *mem;

    if (m & M_A16) {
        off = *(const u16_any *)p;
        p += 2;
    } else {
        off = *(const u32_any *)p;
        p += 4;
    }
    mem = lane_mem(v, M_SEG(m) == SEG_NONE ? SEG_DS : M_SEG(m), off, size, store);
    if (!mem)
        return 0;
    if (store)
        lane_store(mem, size, r->eax);
    else
        lane_store(&r->eax, size, load_small(mem, size));
    r->eip += (u32)(p - code);
    return 1;
}

/* Run the instruction at code (in place, at least INSN_MAX_LEN bytes
 * readable; m0: FAST_STEP_MODE of CS's default size) on v, if it is one
 * of the lane's and nothing makes the lane decline it: 1 with EIP past it
 * (or at a branch's target), else 0 with nothing changed. */
static __attribute__((noinline)) int fast_step(struct vcpu *v, const u8 *code, unsigned m0)
{
    struct trap_frame *r = v->regs;
    const u8 *p = code, *slots;
    unsigned b, q, size, op, m = m0;
    u32 imm, fl;
    void *d, *s;
    u64 res;

    if (quick_form[*p] == Q_PFX) {
        res = prefixes(p, m);
        if (!(u32)res)
            return 0;
        p += (u32)res;
        m = (u32)(res >> 32);
    }
    b = *p++;
    q = quick_form[b];
    size = q & QB ? 1 : m & M_O32 ? 4 : 2;
    slots = size == 1 ? fast_byte_slot : fast_gpr_slot;

    switch (q & ~QB) {
    case Q_0F:                      /* Jcc rel16/32 */
    case Q_JB:                      /* Jcc rel8, JMP rel8 */
    case Q_JV:                      /* JMP rel16/32 */
        return step_branch(v, code, p, m);
    case Q_AI:                      /* AL/eAX, imm */
        op = x86_onebyte[b].op;
        d = &r->eax;
        goto immediate;
    case Q_ZI:                      /* MOV reg, imm */
        op = OP_MOV;
        d = (u8 *)r + slots[b & 7];
        goto immediate;
    case Q_Z:                       /* INC/DEC reg */
        op = x86_onebyte[b].op;
        s = d = (u8 *)r + fast_gpr_slot[b & 7];
        goto run;
    case Q_AO:                      /* MOV AL/eAX, moffs */
    case Q_OA:                      /* MOV moffs, AL/eAX */
        return step_moffs(v, code, p, m, size, (q & ~QB) == Q_OA);
    case Q_EG:                      /* r/m, reg (MOV, ALU, TEST) */
        op = x86_onebyte[b].op;
        b = *p;
        s = (u8 *)r + slots[(b >> 3) & 7];
        d = rm_operand(v, &p, b, slots, size, m & M_A16, M_SEG(m), op != OP_CMP && op != OP_TEST);
        if (!d)
            return 0;
        goto run;
    case Q_GE:                      /* reg, r/m */
        op = x86_onebyte[b].op;
        b = *p;
        d = (u8 *)r + slots[(b >> 3) & 7];
        s = rm_operand(v, &p, b, slots, size, m & M_A16, M_SEG(m), 0);
        if (!s)
            return 0;
        goto run;
    case Q_EI:                      /* groups 1 and 11: r/m, imm */
    case Q_EIS:
    case Q_GRP:                     /* groups 3-5: TEST r/m, imm; NOT NEG INC DEC r/m */
        op = x86_groups[x86_onebyte[b].group][(*p >> 3) & 7].op;
        if (!fast_data_lane(op))
            return 0;
        d = rm_operand(v, &p, *p, slots, size, m & M_A16, M_SEG(m), op != OP_CMP && op != OP_TEST);
        if (!d)
            return 0;
        if ((q & ~QB) == Q_EIS) {
            imm = (u32)(s32)(s8)*p++;
            s = &imm;
        } else if ((q & ~QB) == Q_EI || op == OP_TEST) {
            imm = load_small(p, size);
            p += size;
            s = &imm;
        } else {
            s = d;                  /* one operand */
        }
        goto run;
    default:                        /* not the lane's */
        return 0;
    }

immediate:
    imm = load_small(p, size);
    p += size;
    s = &imm;
run:
    if (op == OP_MOV) {
        lane_store(d, size, load_small(s, size));
    } else {
        fl = r->eflags;
        res = alu_ops[alu_index(op, size)](load_small(d, size), load_small(s, size),
                                           (fl & EFL_ARITH) | EFL_FIXED1);
        if (op != OP_CMP && op != OP_TEST)
            lane_store(d, size, (u32)res);
        r->eflags = (fl & ~EFL_ARITH) | ((u32)(res >> 32) & EFL_ARITH);
    }
    r->eip += (u32)(p - code);
    return 1;
}


#endif
