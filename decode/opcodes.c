/*
 * The opcode tables.  One entry per opcode: its operation, flags and
 * operands in the SDM's notation (Eb = r/m byte, Gv = reg of operand size,
 * Ib = imm8, ...).  Group opcodes point at a group table indexed by ModRM.reg.
 * Entries left zero are invalid opcodes (#UD).
 */
#include <vmxassist/decode.h>
#include "tables.h"

/* Operand shorthands, SDM appendix A style. */
#define Eb  OPND(K_E, SZ_B)
#define Ew  OPND(K_E, SZ_W)
#define Ev  OPND(K_E, SZ_V)
#define Gb  OPND(K_G, SZ_B)
#define Gw  OPND(K_G, SZ_W)
#define Gv  OPND(K_G, SZ_V)
#define M   OPND(K_M, SZ_NONE)
#define Mv  OPND(K_M, SZ_V)
#define Mp  OPND(K_M, SZ_P)
#define Ms  OPND(K_M, SZ_S)
#define Mq  OPND(K_M, SZ_Q)
#define Rd  OPND(K_R, SZ_D)
#define Cd  OPND(K_C, SZ_D)
#define Dd  OPND(K_D, SZ_D)
#define Sw  OPND(K_S, SZ_W)
#define Ib  OPND(K_I, SZ_B)
#define Iv  OPND(K_I, SZ_V)
#define Ibs OPND(K_IS, SZ_V)
#define I8  OPND(K_I8, SZ_B)
#define Iw  OPND(K_I16, SZ_W)
#define Jb  OPND(K_JB, SZ_V)
#define Jv  OPND(K_J, SZ_V)
#define Ap  OPND(K_A, SZ_P)
#define Ob  OPND(K_O, SZ_B)
#define Ov  OPND(K_O, SZ_V)
#define Xb  OPND(K_X, SZ_B)
#define Xv  OPND(K_X, SZ_V)
#define Yb  OPND(K_Y, SZ_B)
#define Yv  OPND(K_Y, SZ_V)
#define Zb  OPND(K_Z, SZ_B)
#define Zv  OPND(K_Z, SZ_V)
#define AL  OPND(K_ACC, SZ_B)
#define eAX OPND(K_ACC, SZ_V)
#define DXw OPND(K_DX, SZ_W)
#define CL  OPND(K_CL, SZ_B)
#define One OPND(K_ONE, SZ_B)
#define sES OPND(K_SEG, SEG_ES)
#define sCS OPND(K_SEG, SEG_CS)
#define sSS OPND(K_SEG, SEG_SS)
#define sDS OPND(K_SEG, SEG_DS)
#define sFS OPND(K_SEG, SEG_FS)
#define sGS OPND(K_SEG, SEG_GS)

/* Entry constructors: I = instruction, GRP = group, PFX = prefix. */
#define I(op, fl, ...)   { op, 0, fl, { __VA_ARGS__ } }
#define GRP(g, fl, ...)  { OP_INVALID, g, (fl) | D_GROUP | D_MODRM, { __VA_ARGS__ } }
#define PFX              { OP_INVALID, 0, D_PREFIX, { 0 } }

#define MR   D_MODRM
#define LK   (D_MODRM | D_LOCK)
#define BR   D_BRANCH
#define STK  D_STACK
#define STR  D_STRING
#define IO   D_IO
#define PRIV D_PRIV
#define RO   D_NOWRITE

/* The six encodings of each classic ALU operation (00-05, 08-0D, ...). */
#define ALU6(op, fl)                                                     \
    I(op, LK | (fl), Eb, Gb), I(op, LK | (fl), Ev, Gv),                  \
    I(op, MR | (fl), Gb, Eb), I(op, MR | (fl), Gv, Ev),                  \
    I(op, (fl), AL, Ib),      I(op, (fl), eAX, Iv)
/* CMP: same shapes, never writes, never LOCKed. */
#define CMP6                                                             \
    I(OP_CMP, MR | RO, Eb, Gb), I(OP_CMP, MR | RO, Ev, Gv),             \
    I(OP_CMP, MR | RO, Gb, Eb), I(OP_CMP, MR | RO, Gv, Ev),             \
    I(OP_CMP, RO, AL, Ib),      I(OP_CMP, RO, eAX, Iv)
#define X8(...) __VA_ARGS__, __VA_ARGS__, __VA_ARGS__, __VA_ARGS__, \
                __VA_ARGS__, __VA_ARGS__, __VA_ARGS__, __VA_ARGS__
#define X16(...) X8(__VA_ARGS__), X8(__VA_ARGS__)

const struct opcode_desc x86_onebyte[256] = {
    /* 00 */ ALU6(OP_ADD, 0), I(OP_PUSH, STK, sES), I(OP_POP, STK, sES),
    /* 08 */ ALU6(OP_OR, 0), I(OP_PUSH, STK, sCS), { OP_INVALID, 0, D_ESCAPE, { 0 } },
    /* 10 */ ALU6(OP_ADC, 0), I(OP_PUSH, STK, sSS), I(OP_POP, STK, sSS),
    /* 18 */ ALU6(OP_SBB, 0), I(OP_PUSH, STK, sDS), I(OP_POP, STK, sDS),
    /* 20 */ ALU6(OP_AND, 0), PFX, I(OP_DAA, 0),
    /* 28 */ ALU6(OP_SUB, 0), PFX, I(OP_DAS, 0),
    /* 30 */ ALU6(OP_XOR, 0), PFX, I(OP_AAA, 0),
    /* 38 */ CMP6, PFX, I(OP_AAS, 0),
    /* 40 */ X8(I(OP_INC, 0, Zv)),
    /* 48 */ X8(I(OP_DEC, 0, Zv)),
    /* 50 */ X8(I(OP_PUSH, STK, Zv)),
    /* 58 */ X8(I(OP_POP, STK, Zv)),
    /* 60 */ I(OP_PUSHA, STK), I(OP_POPA, STK), I(OP_BOUND, MR | RO, Gv, Mv),
             I(OP_ARPL, MR, Ew, Gw), PFX, PFX, PFX, PFX,
    /* 68 */ I(OP_PUSH, STK, Iv), I(OP_IMUL, MR, Gv, Ev, Iv), I(OP_PUSH, STK, Ibs),
             I(OP_IMUL, MR, Gv, Ev, Ibs),
             I(OP_INS, STR | IO, Yb, DXw), I(OP_INS, STR | IO, Yv, DXw),
             I(OP_OUTS, STR | IO, DXw, Xb), I(OP_OUTS, STR | IO, DXw, Xv),
    /* 70 */ X16(I(OP_JCC, BR | D_CC, Jb)),
    /* 80 */ GRP(GRP1, 0, Eb, Ib), GRP(GRP1, 0, Ev, Iv), GRP(GRP1, 0, Eb, Ib),
             GRP(GRP1, 0, Ev, Ibs),
             I(OP_TEST, MR | RO, Eb, Gb), I(OP_TEST, MR | RO, Ev, Gv),
             I(OP_XCHG, LK, Eb, Gb), I(OP_XCHG, LK, Ev, Gv),
    /* 88 */ I(OP_MOV, MR, Eb, Gb), I(OP_MOV, MR, Ev, Gv), I(OP_MOV, MR, Gb, Eb),
             I(OP_MOV, MR, Gv, Ev), I(OP_MOV, MR, Ev, Sw), I(OP_LEA, MR, Gv, M),
             I(OP_MOV, MR, Sw, Ew), GRP(GRP1A, STK, Ev),
    /* 90 */ I(OP_NOP, 0), I(OP_XCHG, 0, Zv, eAX), I(OP_XCHG, 0, Zv, eAX),
             I(OP_XCHG, 0, Zv, eAX), I(OP_XCHG, 0, Zv, eAX), I(OP_XCHG, 0, Zv, eAX),
             I(OP_XCHG, 0, Zv, eAX), I(OP_XCHG, 0, Zv, eAX),
    /* 98 */ I(OP_CBW, 0), I(OP_CWD, 0), I(OP_CALLF, BR | STK, Ap), I(OP_WAIT, 0),
             I(OP_PUSHF, STK), I(OP_POPF, STK), I(OP_SAHF, 0), I(OP_LAHF, 0),
    /* A0 */ I(OP_MOV, 0, AL, Ob), I(OP_MOV, 0, eAX, Ov), I(OP_MOV, 0, Ob, AL),
             I(OP_MOV, 0, Ov, eAX),
             I(OP_MOVS, STR, Yb, Xb), I(OP_MOVS, STR, Yv, Xv),
             I(OP_CMPS, STR | RO, Xb, Yb), I(OP_CMPS, STR | RO, Xv, Yv),
    /* A8 */ I(OP_TEST, RO, AL, Ib), I(OP_TEST, RO, eAX, Iv),
             I(OP_STOS, STR, Yb, AL), I(OP_STOS, STR, Yv, eAX),
             I(OP_LODS, STR, AL, Xb), I(OP_LODS, STR, eAX, Xv),
             I(OP_SCAS, STR | RO, AL, Yb), I(OP_SCAS, STR | RO, eAX, Yv),
    /* B0 */ X8(I(OP_MOV, 0, Zb, Ib)),
    /* B8 */ X8(I(OP_MOV, 0, Zv, Iv)),
    /* C0 */ GRP(GRP2, 0, Eb, Ib), GRP(GRP2, 0, Ev, Ib), I(OP_RET, BR | STK, Iw),
             I(OP_RET, BR | STK), I(OP_LSEG, MR, Gv, Mp, sES), I(OP_LSEG, MR, Gv, Mp, sDS),
             GRP(GRP11, 0, Eb, Ib), GRP(GRP11, 0, Ev, Iv),
    /* C8 */ I(OP_ENTER, STK, Iw, I8), I(OP_LEAVE, STK), I(OP_RETF, BR | STK, Iw),
             I(OP_RETF, BR | STK), I(OP_INT3, BR | STK), I(OP_INT, BR | STK, I8),
             I(OP_INTO, BR | STK), I(OP_IRET, BR | STK),
    /* D0 */ GRP(GRP2, 0, Eb, One), GRP(GRP2, 0, Ev, One), GRP(GRP2, 0, Eb, CL),
             GRP(GRP2, 0, Ev, CL), I(OP_AAM, 0, I8), I(OP_AAD, 0, I8), I(OP_SALC, 0),
             I(OP_XLAT, 0),
    /* D8 */ X8(I(OP_FPU, MR | D_SIMD, OPND(K_E, SZ_NONE))),
    /* E0 */ I(OP_LOOPNE, BR, Jb), I(OP_LOOPE, BR, Jb), I(OP_LOOP, BR, Jb),
             I(OP_JCXZ, BR, Jb), I(OP_IN, IO, AL, I8), I(OP_IN, IO, eAX, I8),
             I(OP_OUT, IO, I8, AL), I(OP_OUT, IO, I8, eAX),
    /* E8 */ I(OP_CALL, BR | STK, Jv), I(OP_JMP, BR, Jv), I(OP_JMPF, BR, Ap),
             I(OP_JMP, BR, Jb), I(OP_IN, IO, AL, DXw), I(OP_IN, IO, eAX, DXw),
             I(OP_OUT, IO, DXw, AL), I(OP_OUT, IO, DXw, eAX),
    /* F0 */ PFX, I(OP_INT1, BR | STK), PFX, PFX, I(OP_HLT, PRIV), I(OP_CMC, 0),
             GRP(GRP3B, 0, Eb), GRP(GRP3V, 0, Ev),
    /* F8 */ I(OP_CLC, 0), I(OP_STC, 0), I(OP_CLI, 0), I(OP_STI, 0), I(OP_CLD, 0),
             I(OP_STD, 0), GRP(GRP4, 0, Eb), GRP(GRP5, 0, Ev),
};

const struct opcode_desc x86_twobyte[256] = {
    [0x00] = GRP(GRP6, 0, Ew),
    [0x01] = GRP(GRP7, 0, 0),
    [0x02] = I(OP_LAR, MR, Gv, Ew),
    [0x03] = I(OP_LSL, MR, Gv, Ew),
    [0x06] = I(OP_CLTS, PRIV),
    [0x08] = I(OP_INVD, PRIV),
    [0x09] = I(OP_WBINVD, PRIV),
    [0x0B] = I(OP_UD, 0),
    [0x18] = I(OP_NOP, MR, Ev), [0x19] = I(OP_NOP, MR, Ev),
    [0x1A] = I(OP_NOP, MR, Ev), [0x1B] = I(OP_NOP, MR, Ev),
    [0x1C] = I(OP_NOP, MR, Ev), [0x1D] = I(OP_NOP, MR, Ev),
    [0x1E] = I(OP_NOP, MR, Ev), [0x1F] = I(OP_NOP, MR, Ev),
    [0x20] = I(OP_MOV_CR, MR | PRIV, Rd, Cd),
    [0x21] = I(OP_MOV_DR, MR | PRIV, Rd, Dd),
    [0x22] = I(OP_MOV_CR, MR | PRIV, Cd, Rd),
    [0x23] = I(OP_MOV_DR, MR | PRIV, Dd, Rd),
    [0x30] = I(OP_WRMSR, PRIV),
    [0x31] = I(OP_RDTSC, 0),
    [0x32] = I(OP_RDMSR, PRIV),
    [0x33] = I(OP_RDPMC, 0),
    [0x40] = X16(I(OP_CMOV, MR | D_CC, Gv, Ev)),
    [0x80] = X16(I(OP_JCC, BR | D_CC, Jv)),
    [0x90] = X16(I(OP_SETCC, MR | D_CC, Eb)),
    [0xA0] = I(OP_PUSH, STK, sFS),
    [0xA1] = I(OP_POP, STK, sFS),
    [0xA2] = I(OP_CPUID, 0),
    [0xA3] = I(OP_BT, MR | RO, Ev, Gv),
    [0xA4] = I(OP_SHLD, MR, Ev, Gv, Ib),
    [0xA5] = I(OP_SHLD, MR, Ev, Gv, CL),
    [0xA8] = I(OP_PUSH, STK, sGS),
    [0xA9] = I(OP_POP, STK, sGS),
    [0xAA] = I(OP_RSM, 0),
    [0xAB] = I(OP_BTS, LK, Ev, Gv),
    [0xAC] = I(OP_SHRD, MR, Ev, Gv, Ib),
    [0xAD] = I(OP_SHRD, MR, Ev, Gv, CL),
    [0xAF] = I(OP_IMUL, MR, Gv, Ev),
    [0xB0] = I(OP_CMPXCHG, LK, Eb, Gb),
    [0xB1] = I(OP_CMPXCHG, LK, Ev, Gv),
    [0xB2] = I(OP_LSEG, MR, Gv, Mp, sSS),
    [0xB3] = I(OP_BTR, LK, Ev, Gv),
    [0xB4] = I(OP_LSEG, MR, Gv, Mp, sFS),
    [0xB5] = I(OP_LSEG, MR, Gv, Mp, sGS),
    [0xB6] = I(OP_MOVZX, MR, Gv, Eb),
    [0xB7] = I(OP_MOVZX, MR, Gv, Ew),
    [0xBA] = GRP(GRP8, 0, Ev, Ib),
    [0xBB] = I(OP_BTC, LK, Ev, Gv),
    [0xBC] = I(OP_BSF, MR, Gv, Ev),
    [0xBD] = I(OP_BSR, MR, Gv, Ev),
    [0xBE] = I(OP_MOVSX, MR, Gv, Eb),
    [0xBF] = I(OP_MOVSX, MR, Gv, Ew),
    [0xC0] = I(OP_XADD, LK, Eb, Gb),
    [0xC1] = I(OP_XADD, LK, Ev, Gv),
    [0xC7] = GRP(GRP9, 0, Mq),
    [0xC8] = X8(I(OP_BSWAP, 0, Zv)),
};

/* Group tables, indexed by ModRM.reg.  An entry with no operands takes the
 * operands of the opcode that selected the group. */
const struct opcode_desc x86_groups[GRP_COUNT][8] = {
    [GRP1] = {
        I(OP_ADD, LK), I(OP_OR, LK), I(OP_ADC, LK), I(OP_SBB, LK),
        I(OP_AND, LK), I(OP_SUB, LK), I(OP_XOR, LK), I(OP_CMP, MR | RO),
    },
    [GRP1A] = { I(OP_POP, MR | STK) },
    [GRP2] = {
        I(OP_ROL, MR), I(OP_ROR, MR), I(OP_RCL, MR), I(OP_RCR, MR),
        I(OP_SHL, MR), I(OP_SHR, MR), I(OP_SAL, MR), I(OP_SAR, MR),
    },
    [GRP3B] = {
        I(OP_TEST, MR | RO, Eb, Ib), I(OP_TEST, MR | RO, Eb, Ib),
        I(OP_NOT, LK, Eb), I(OP_NEG, LK, Eb), I(OP_MUL, MR | RO, Eb),
        I(OP_IMUL, MR | RO, Eb), I(OP_DIV, MR | RO, Eb), I(OP_IDIV, MR | RO, Eb),
    },
    [GRP3V] = {
        I(OP_TEST, MR | RO, Ev, Iv), I(OP_TEST, MR | RO, Ev, Iv),
        I(OP_NOT, LK, Ev), I(OP_NEG, LK, Ev), I(OP_MUL, MR | RO, Ev),
        I(OP_IMUL, MR | RO, Ev), I(OP_DIV, MR | RO, Ev), I(OP_IDIV, MR | RO, Ev),
    },
    [GRP4] = { I(OP_INC, LK), I(OP_DEC, LK) },
    [GRP5] = {
        I(OP_INC, LK), I(OP_DEC, LK), I(OP_CALL, MR | BR | STK | RO),
        I(OP_CALLF, MR | BR | STK | RO, Mp), I(OP_JMP, MR | BR | RO),
        I(OP_JMPF, MR | BR | RO, Mp), I(OP_PUSH, MR | STK | RO),
    },
    [GRP6] = {
        I(OP_SLDT, MR), I(OP_STR, MR), I(OP_LLDT, MR | PRIV | RO),
        I(OP_LTR, MR | PRIV | RO), I(OP_VERR, MR | RO), I(OP_VERW, MR | RO),
    },
    [GRP7] = {
        I(OP_SGDT, MR, Ms), I(OP_SIDT, MR, Ms), I(OP_LGDT, MR | PRIV | RO, Ms),
        I(OP_LIDT, MR | PRIV | RO, Ms), I(OP_SMSW, MR, Ew), { 0 },
        I(OP_LMSW, MR | PRIV | RO, Ew), I(OP_INVLPG, MR | PRIV | RO, M),
    },
    [GRP8] = {
        { 0 }, { 0 }, { 0 }, { 0 },
        I(OP_BT, MR | RO), I(OP_BTS, LK), I(OP_BTR, LK), I(OP_BTC, LK),
    },
    [GRP9] = { { 0 }, I(OP_CMPXCHG8B, LK, Mq) },
    [GRP11] = { I(OP_MOV, MR) },
};
