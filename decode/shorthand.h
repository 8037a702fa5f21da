/* Operand and entry shorthands for the opcode tables (SDM appendix A
 * notation), shared by opcodes.c and groups.c. */
#ifndef DECODE_SHORTHAND_H
#define DECODE_SHORTHAND_H

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

#define Ed  OPND(K_E, SZ_D)
#define Gd  OPND(K_G, SZ_D)
#define Rv  OPND(K_E, SZ_V)      /* in register-form tables: mod is 3 */
#define Rd  OPND(K_R, SZ_D)      /* MOV CRn/DRn: mod is ignored */
#define Mb  OPND(K_M, SZ_B)
#define Mw  OPND(K_M, SZ_W)
#define Md  OPND(K_M, SZ_D)
#define MF  OPND(K_M, SZ_F)
#define Mx  OPND(K_M, SZ_X)
#define RvMw OPND(K_E, SZ_RVMW)  /* SLDT, STR, SMSW */

/* Entry constructors: I = instruction, GRP = group, PFX = prefix byte,
 * MODSPLIT/RMTAB/PFXT = continue by mod / rm / mandatory prefix,
 * SIMD = SSE/MMX entry, X87 = x87 escape, UDE = undefined (with why). */
#define LINK(e)          (OPX_BASE + (e))
#define I(op, fl, ...)   { op, 0, fl, { __VA_ARGS__ } }
#define GRP(g, fl, ...)  { LINK(EXT_GROUP), g, (fl) | D_GROUP | D_MODRM, { __VA_ARGS__ } }
#define PFX              { OP_INVALID, 0, D_PREFIX, { 0 } }
#define MODSPLIT(i)      { LINK(EXT_MOD), i, D_MODRM, { 0 } }
#define RMTAB(i)         { LINK(EXT_RM), i, D_MODRM, { 0 } }
#define PFXT(i, fl, ...) { LINK(EXT_PFX), i, fl, { __VA_ARGS__ } }
#define SIMD(i)          { OP_SIMD, i, D_MODRM | D_SIMD, { 0 } }
#define X87              { OP_FPU, 0, D_MODRM | D_SIMD, { 0 } }
#define UDE(why)         { OP_INVALID, why, 0, { 0 } }
#define ESCAPE(e)        { (e) ? LINK(e) : OP_INVALID, 0, D_ESCAPE, { 0 } }
/* In a prefix table's 66 column: the same instruction, 66 as operand size */
#define OPSZ(op, fl, ...) I(op, (fl) | D_PREFIX, __VA_ARGS__)

/* Index of an SSE/MMX opcode of the 0F map in x86_simd_0f[]: the rows that
 * hold SSE/MMX entries, packed (10-17, 28-2F, 50-7F, C2-C6, D0-FF), then
 * the group and mod-split extras. */
#define S0F(b) ((b) < 0x18 ? (b) - 0x10 : (b) < 0x30 ? (b) - 0x28 + 8 :     \
                (b) < 0x80 ? (b) - 0x50 + 16 : (b) < 0xC7 ? (b) - 0xC2 + 64 : \
                (b) - 0xD0 + 69)
enum simd_extra {
    S_MOVHLPS = 117, S_MOVLHPS, S_PSRLW_I, S_PSRAW_I, S_PSLLW_I, S_PSRLD_I,
    S_PSRAD_I, S_PSLLD_I, S_PSRLQ_I, S_PSRLDQ_I, S_PSLLQ_I, S_PSLLDQ_I,
    S_0F_COUNT
};

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

#endif
