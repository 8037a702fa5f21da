/*
 * The secondary opcode tables: groups (ModRM.reg), memory/register splits
 * (ModRM.mod), register-form tables (ModRM.rm) and mandatory-prefix
 * variants.  An entry with no operands takes the operands of the entry that
 * led to it; its flags are added to that entry's.
 * Facts from the Intel SDM vol. 2, tables A-6 (groups) and A-3.
 */
#include <vmxassist/decode.h>
#include "tables.h"
#include "shorthand.h"

const struct opcode_desc x86_groups[GRP_COUNT][8] = {
    [GRP1] = {
        I(OP_ADD, LK), I(OP_OR, LK), I(OP_ADC, LK), I(OP_SBB, LK),
        I(OP_AND, LK), I(OP_SUB, LK), I(OP_XOR, LK), I(OP_CMP, MR | RO),
    },
    /* 8F: only /0 exists (the rest is AMD's XOP escape). */
    [GRP1A] = { I(OP_POP, MR | STK) },
    [GRP2] = {
        I(OP_ROL, MR), I(OP_ROR, MR), I(OP_RCL, MR), I(OP_RCR, MR),
        I(OP_SHL, MR), I(OP_SHR, MR), I(OP_SAL, MR), I(OP_SAR, MR),
    },
    /* /1 is an undocumented alias of TEST that every CPU executes. */
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
        I(OP_SLDT, MR, RvMw), I(OP_STR, MR, RvMw), I(OP_LLDT, MR | PRIV | RO, Ew),
        I(OP_LTR, MR | PRIV | RO, Ew), I(OP_VERR, MR | RO, Ew), I(OP_VERW, MR | RO, Ew),
    },
    /* 0F 01: descriptor tables in memory; system instructions in the
     * register forms. */
    [GRP7] = {
        MODSPLIT(MS_SGDT), MODSPLIT(MS_SIDT), MODSPLIT(MS_LGDT), MODSPLIT(MS_LIDT),
        I(OP_SMSW, MR, RvMw), MODSPLIT(MS_G7_5), I(OP_LMSW, MR | PRIV | RO, Ew),
        MODSPLIT(MS_INVLPG),
    },
    [GRP8] = {
        { 0 }, { 0 }, { 0 }, { 0 },
        I(OP_BT, MR | RO), I(OP_BTS, LK), I(OP_BTR, LK), I(OP_BTC, LK),
    },
    /* 0F C7 */
    [GRP9] = {
        { 0 }, MODSPLIT(MS_CMPXCHG8B), { 0 }, MODSPLIT(MS_XRSTORS),
        MODSPLIT(MS_XSAVEC), MODSPLIT(MS_XSAVES), MODSPLIT(MS_G9_6), MODSPLIT(MS_G9_7),
    },
    /* C6/C7: MOV; /7 with ModRM F8 is XABORT/XBEGIN (RTM). */
    [GRP11] = { I(OP_MOV, MR), [7] = MODSPLIT(MS_XABORT) },
    [GRP11V] = { I(OP_MOV, MR), [7] = MODSPLIT(MS_XBEGIN) },
    /* 0F 71-73: MMX/SSE shifts by an immediate (register forms only). */
    [GRP12] = { [2] = SIMD(S_PSRLW_I), [4] = SIMD(S_PSRAW_I), [6] = SIMD(S_PSLLW_I) },
    [GRP13] = { [2] = SIMD(S_PSRLD_I), [4] = SIMD(S_PSRAD_I), [6] = SIMD(S_PSLLD_I) },
    [GRP14] = { [2] = SIMD(S_PSRLQ_I), [3] = SIMD(S_PSRLDQ_I), [6] = SIMD(S_PSLLQ_I),
                [7] = SIMD(S_PSLLDQ_I) },
    /* 0F AE: state save/restore in memory, fences in the register forms. */
    [GRP15] = {
        MODSPLIT(MS_FXSAVE), MODSPLIT(MS_FXRSTOR), MODSPLIT(MS_LDMXCSR),
        MODSPLIT(MS_STMXCSR), MODSPLIT(MS_G15_4), MODSPLIT(MS_G15_5),
        MODSPLIT(MS_G15_6), MODSPLIT(MS_G15_7),
    },
    /* 0F 18: prefetch hints in memory, NOPs otherwise. */
    [GRP16] = {
        MODSPLIT(MS_PREFETCHNTA), MODSPLIT(MS_PREFETCHT0), MODSPLIT(MS_PREFETCHT1),
        MODSPLIT(MS_PREFETCHT2), I(OP_NOP, MR), I(OP_NOP, MR), I(OP_NOP, MR),
        I(OP_NOP, MR),
    },
    /* 0F 0D: PREFETCHW (/1), PREFETCHWT1 (/2); the rest are prefetch
     * aliases.  Memory only. */
    [GRP_PREFETCH] = {
        I(OP_PREFETCH, MR), I(OP_PREFETCHW, MR), I(OP_PREFETCHWT1, MR),
        I(OP_PREFETCH, MR), I(OP_PREFETCH, MR), I(OP_PREFETCH, MR),
        I(OP_PREFETCH, MR), I(OP_PREFETCH, MR),
    },
    /* 0F 1C /0: CLDEMOTE; the rest of the row is hint NOPs. */
    [GRP_1C] = {
        PFXT(PT_CLDEMOTE, 0), I(OP_NOP, MR), I(OP_NOP, MR), I(OP_NOP, MR),
        I(OP_NOP, MR), I(OP_NOP, MR), I(OP_NOP, MR), I(OP_NOP, MR),
    },
    /* F3 0F 1E: CET (RDSSPD, ENDBR32/64) inside the hint-NOP space. */
    [GRP_1E_F3] = {
        I(OP_NOP, MR, Ev), MODSPLIT(MS_RDSSP), I(OP_NOP, MR, Ev), I(OP_NOP, MR, Ev),
        I(OP_NOP, MR, Ev), I(OP_NOP, MR, Ev), I(OP_NOP, MR, Ev), MODSPLIT(MS_ENDBR),
    },
};

/* { memory form, register form } */
const struct opcode_desc x86_modsplit[MS_COUNT][2] = {
    [MS_SGDT] = { I(OP_SGDT, MR, Ms), RMTAB(RM_G7_0) },
    [MS_SIDT] = { I(OP_SIDT, MR, Ms), RMTAB(RM_G7_1) },
    [MS_LGDT] = { I(OP_LGDT, MR | PRIV | RO, Ms), RMTAB(RM_G7_2) },
    [MS_LIDT] = { I(OP_LIDT, MR | PRIV | RO, Ms), UDE(UDR_AMD) },   /* SVM */
    [MS_G7_5] = { PFXT(PT_G7_5MEM, MR), RMTAB(RM_G7_5) },
    [MS_INVLPG] = { I(OP_INVLPG, MR | PRIV | RO, M), RMTAB(RM_G7_7) },
    [MS_XABORT] = { { 0 }, RMTAB(RM_XABORT) },
    [MS_XBEGIN] = { { 0 }, RMTAB(RM_XBEGIN) },
    [MS_CMPXCHG8B] = { I(OP_CMPXCHG8B, LK, Mq), { 0 } },
    [MS_XRSTORS] = { I(OP_XRSTORS, MR | PRIV | RO, MF), { 0 } },
    [MS_XSAVEC] = { I(OP_XSAVEC, MR, MF), { 0 } },
    [MS_XSAVES] = { I(OP_XSAVES, MR | PRIV, MF), { 0 } },
    [MS_G9_6] = { PFXT(PT_G9_6MEM, MR), PFXT(PT_G9_6REG, MR) },
    [MS_G9_7] = { I(OP_VMPTRST, MR | PRIV, Mq), PFXT(PT_G9_7REG, MR) },
    [MS_FXSAVE] = { I(OP_FXSAVE, MR, MF), PFXT(PT_G15_FSGS, MR) },
    [MS_FXRSTOR] = { I(OP_FXRSTOR, MR | RO, MF), PFXT(PT_G15_FSGS, MR) },
    [MS_LDMXCSR] = { I(OP_LDMXCSR, MR | RO, Md), PFXT(PT_G15_FSGS, MR) },
    [MS_STMXCSR] = { I(OP_STMXCSR, MR, Md), PFXT(PT_G15_FSGS, MR) },
    [MS_G15_4] = { PFXT(PT_G15_4MEM, MR), PFXT(PT_G15_4REG, MR) },
    [MS_G15_5] = { PFXT(PT_G15_5MEM, MR), PFXT(PT_G15_5REG, MR) },
    [MS_G15_6] = { PFXT(PT_G15_6MEM, MR), PFXT(PT_G15_6REG, MR) },
    [MS_G15_7] = { PFXT(PT_G15_7MEM, MR), RMTAB(RM_SFENCE) },
    [MS_PREFETCHNTA] = { I(OP_PREFETCHNTA, MR, M), I(OP_NOP, MR) },
    [MS_PREFETCHT0] = { I(OP_PREFETCHT0, MR, M), I(OP_NOP, MR) },
    [MS_PREFETCHT1] = { I(OP_PREFETCHT1, MR, M), I(OP_NOP, MR) },
    [MS_PREFETCHT2] = { I(OP_PREFETCHT2, MR, M), I(OP_NOP, MR) },
    [MS_RDSSP] = { I(OP_NOP, MR, Ev), I(OP_RDSSP, MR, Ed) },
    [MS_ENDBR] = { I(OP_NOP, MR, Ev), RMTAB(RM_ENDBR) },
    /* 0F 12/16 without a prefix: MOVLPS/MOVHPS load from memory, MOVHLPS/
     * MOVLHPS between registers. */
    [MS_MOVLPS] = { SIMD(S0F(0x12)), SIMD(S_MOVHLPS) },
    [MS_MOVHPS] = { SIMD(S0F(0x16)), SIMD(S_MOVLHPS) },
    [MS_CLDEMOTE] = { I(OP_CLDEMOTE, MR, Mb), I(OP_NOP, MR) },
};

/* Register forms by ModRM.rm. */
const struct opcode_desc x86_rmtab[RM_COUNT][8] = {
    [RM_G7_0] = {   /* 0F 01 C0-C7 */
        I(OP_ENCLV, 0), I(OP_VMCALL, 0), I(OP_VMLAUNCH, PRIV), I(OP_VMRESUME, PRIV),
        I(OP_VMXOFF, PRIV), I(OP_PCONFIG, PRIV), PFXT(PT_WRMSRNS, 0),
    },
    [RM_G7_1] = {   /* 0F 01 C8-CF */
        I(OP_MONITOR, 0), I(OP_MWAIT, 0), I(OP_CLAC, PRIV), I(OP_STAC, PRIV),
        PFXT(PT_TDCALL, 0), [7] = PFXT(PT_ENCLS, 0),
    },
    [RM_G7_2] = {   /* 0F 01 D0-D7 */
        I(OP_XGETBV, 0), I(OP_XSETBV, PRIV), [4] = I(OP_VMFUNC, 0), I(OP_XEND, 0),
        I(OP_XTEST, 0), I(OP_ENCLU, 0),
    },
    [RM_G7_5] = {   /* 0F 01 E8-EF */
        PFXT(PT_G7_E8, 0), PFXT(PT_G7_E9, 0), PFXT(PT_G7_EA, 0), [6] = PFXT(PT_PKRU, 0),
        PFXT(PT_PKRU, 0),
    },
    [RM_G7_7] = {   /* 0F 01 F8-FF */
        I(OP_SWAPGS, PRIV | D_INV16_32), I(OP_RDTSCP, 0), UDE(UDR_AMD), UDE(UDR_AMD),
        UDE(UDR_AMD), UDE(UDR_AMD), UDE(UDR_AMD), UDE(UDR_AMD),
    },
    /* MFENCE/SFENCE are defined with ModRM.rm = 0 only (LFENCE: any) */
    [RM_MFENCE] = { I(OP_MFENCE, 0) },
    [RM_SFENCE] = { I(OP_SFENCE, 0) },
    [RM_PKRU] = { [6] = I(OP_RDPKRU, 0), I(OP_WRPKRU, 0) },
    [RM_XABORT] = { I(OP_XABORT, 0, I8) },
    [RM_XBEGIN] = { I(OP_XBEGIN, BR, Jv) },
    [RM_ENDBR] = {   /* F3 0F 1E F8-FF */
        I(OP_NOP, MR, Ev), I(OP_NOP, MR, Ev), I(OP_ENDBR64, 0), I(OP_ENDBR32, 0),
        I(OP_NOP, MR, Ev), I(OP_NOP, MR, Ev), I(OP_NOP, MR, Ev), I(OP_NOP, MR, Ev),
    },
};

/*
 * Mandatory-prefix variants, columns none / 66 / F3 / F2.  The decoder
 * takes the column of the last F2/F3 if there is one, else 66's, else the
 * first.  A zero entry is #UD (the SDM leaves those combinations reserved;
 * UDE() says why when it is not simply undefined).  An OPSZ() entry in the
 * 66 column is the same instruction with 66 as an ordinary prefix (the
 * operand size), not a different opcode.
 */
#define COLS(n, o, f3, f2) { n, o, f3, f2 }
const struct opcode_desc x86_pfxtab[PT_COUNT][4] = {
    [PT_WBINVD] = COLS(I(OP_WBINVD, PRIV), { 0 }, I(OP_WBNOINVD, PRIV), { 0 }),
    [PT_1E] = COLS(I(OP_NOP, MR, Ev), OPSZ(OP_NOP, MR, Ev), GRP(GRP_1E_F3, 0),
                   I(OP_NOP, MR, Ev)),
    [PT_VMREAD] = COLS(I(OP_VMREAD, MR, Ed, Gd), UDE(UDR_AMD), UDE(UDR_OPCODE),
                       UDE(UDR_AMD)),
    [PT_VMWRITE] = COLS(I(OP_VMWRITE, MR, Gd, Ed), UDE(UDR_AMD), UDE(UDR_OPCODE),
                        UDE(UDR_AMD)),
    [PT_POPCNT] = COLS({ 0 }, { 0 }, I(OP_POPCNT, MR), { 0 }),
    [PT_BSF] = COLS(I(OP_BSF, MR), OPSZ(OP_BSF, MR), I(OP_TZCNT, MR), { 0 }),
    [PT_BSR] = COLS(I(OP_BSR, MR), OPSZ(OP_BSR, MR), I(OP_LZCNT, MR), { 0 }),
    [PT_EMMS] = COLS(I(OP_EMMS, D_SIMD), { 0 }, { 0 }, { 0 }),
    [PT_MOVNTI] = COLS(I(OP_MOVNTI, MR, Md, Gd), { 0 }, { 0 }, { 0 }),
    [PT_G9_6REG] = COLS(I(OP_RDRAND, MR, Rv), OPSZ(OP_RDRAND, MR, Rv), { 0 }, { 0 }),
    [PT_ENCLS] = COLS(I(OP_ENCLS, PRIV), { 0 }, { 0 }, { 0 }),
    [PT_CLDEMOTE] = COLS(MODSPLIT(MS_CLDEMOTE), OPSZ(OP_NOP, MR, Ev), I(OP_NOP, MR, Ev),
                         I(OP_NOP, MR, Ev)),
    [PT_WRMSRNS] = COLS(I(OP_WRMSRNS, PRIV), { 0 }, { 0 }, { 0 }),
    /* TDX: 66 0F 01 CC-CF */
    [PT_TDCALL] = COLS({ 0 }, I(OP_TDCALL, 0), { 0 }, { 0 }),
    [PT_PKRU] = COLS(RMTAB(RM_PKRU), { 0 }, { 0 }, { 0 }),
    [PT_G7_E9] = COLS({ 0 }, { 0 }, { 0 }, I(OP_XRESLDTRK, 0)),
    [PT_G15_5MEM] = COLS(I(OP_XRSTOR, MR | RO, MF), { 0 }, { 0 }, { 0 }),
    [PT_G7_5MEM] = COLS(UDE(UDR_OPCODE), UDE(UDR_OPCODE), I(OP_RSTORSSP, MR, Mq),
                        UDE(UDR_OPCODE)),
    [PT_G7_E8] = COLS(I(OP_SERIALIZE, 0), UDE(UDR_OPCODE), I(OP_SETSSBSY, PRIV),
                      I(OP_XSUSLDTRK, 0)),
    [PT_G7_EA] = COLS(UDE(UDR_OPCODE), UDE(UDR_OPCODE), I(OP_SAVEPREVSSP, 0),
                      UDE(UDR_OPCODE)),
    [PT_G9_6MEM] = COLS(I(OP_VMPTRLD, MR | PRIV | RO, Mq), I(OP_VMCLEAR, MR | PRIV, Mq),
                        I(OP_VMXON, MR | PRIV | RO, Mq), UDE(UDR_OPCODE)),
    [PT_G9_7REG] = COLS(I(OP_RDSEED, MR, Rv), OPSZ(OP_RDSEED, MR, Rv), I(OP_RDPID, MR, Ed),
                        UDE(UDR_OPCODE)),
    [PT_G15_4MEM] = COLS(I(OP_XSAVE, MR, MF), UDE(UDR_OPCODE), I(OP_PTWRITE, MR | RO, Ed),
                         UDE(UDR_OPCODE)),
    [PT_G15_4REG] = COLS(UDE(UDR_OPCODE), UDE(UDR_OPCODE), I(OP_PTWRITE, MR | RO, Ed),
                         UDE(UDR_OPCODE)),
    [PT_G15_5REG] = COLS(I(OP_LFENCE, 0), UDE(UDR_OPCODE), I(OP_INCSSP, MR, Ed),
                         UDE(UDR_OPCODE)),
    [PT_G15_6MEM] = COLS(I(OP_XSAVEOPT, MR, MF), I(OP_CLWB, MR, Mb),
                         I(OP_CLRSSBSY, MR | PRIV, Mq), UDE(UDR_OPCODE)),
    [PT_G15_6REG] = COLS(RMTAB(RM_MFENCE), I(OP_TPAUSE, MR, Ed), I(OP_UMONITOR, MR, Rv),
                         I(OP_UMWAIT, MR, Ed)),
    [PT_G15_7MEM] = COLS(I(OP_CLFLUSH, MR, Mb), I(OP_CLFLUSHOPT, MR, Mb), UDE(UDR_OPCODE),
                         UDE(UDR_OPCODE)),
    [PT_G15_FSGS] = COLS(UDE(UDR_OPCODE), UDE(UDR_OPCODE), UDE(UDR_MODE), UDE(UDR_OPCODE)),
};
