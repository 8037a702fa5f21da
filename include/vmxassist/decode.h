/*
 * Table-driven x86 decoder for 16- and 32-bit code.
 *
 * One decode pass turns bytes into a `struct insn` that carries everything
 * the engine needs (operation, operand kinds, sizes, effective segment),
 * so execution never re-reads instruction bytes.  The per-opcode facts live
 * in the tables of decode/opcodes.c; this header defines their vocabulary.
 */
#ifndef VMXASSIST_DECODE_H
#define VMXASSIST_DECODE_H

#include "types.h"
#include "x86.h"

/* Operations.  One execute function per operation in the engine. */
enum x86_op {
    OP_INVALID = 0,
    /* data movement */
    OP_MOV, OP_MOVZX, OP_MOVSX, OP_XCHG, OP_LEA, OP_LSEG, OP_PUSH, OP_POP,
    OP_PUSHA, OP_POPA, OP_ENTER, OP_LEAVE, OP_XLAT, OP_CBW, OP_CWD,
    OP_LAHF, OP_SAHF, OP_BSWAP, OP_CMOV, OP_SETCC, OP_XADD, OP_CMPXCHG,
    OP_CMPXCHG8B,
    /* ALU: the eight group-1 operations in encoding order */
    OP_ADD, OP_OR, OP_ADC, OP_SBB, OP_AND, OP_SUB, OP_XOR, OP_CMP,
    OP_TEST, OP_INC, OP_DEC, OP_NEG, OP_NOT, OP_MUL, OP_IMUL, OP_DIV, OP_IDIV,
    /* shifts and rotates in group-2 encoding order */
    OP_ROL, OP_ROR, OP_RCL, OP_RCR, OP_SHL, OP_SHR, OP_SAL, OP_SAR,
    OP_SHLD, OP_SHRD, OP_BT, OP_BTS, OP_BTR, OP_BTC, OP_BSF, OP_BSR,
    OP_DAA, OP_DAS, OP_AAA, OP_AAS, OP_AAM, OP_AAD, OP_SALC,
    /* strings */
    OP_MOVS, OP_CMPS, OP_STOS, OP_LODS, OP_SCAS, OP_INS, OP_OUTS,
    /* control flow */
    OP_JMP, OP_JMPF, OP_CALL, OP_CALLF, OP_RET, OP_RETF, OP_JCC, OP_LOOP,
    OP_LOOPE, OP_LOOPNE, OP_JCXZ, OP_INT, OP_INT1, OP_INT3, OP_INTO, OP_IRET, OP_BOUND,
    /* flags */
    OP_CLC, OP_STC, OP_CMC, OP_CLD, OP_STD, OP_CLI, OP_STI, OP_PUSHF, OP_POPF,
    /* I/O */
    OP_IN, OP_OUT,
    /* system */
    OP_HLT, OP_NOP, OP_WAIT, OP_CPUID, OP_RDTSC, OP_RDPMC, OP_RDMSR, OP_WRMSR,
    OP_RSM,
    OP_MOV_CR, OP_MOV_DR, OP_LGDT, OP_LIDT, OP_SGDT, OP_SIDT, OP_LLDT, OP_SLDT,
    OP_LTR, OP_STR, OP_LMSW, OP_SMSW, OP_CLTS, OP_INVD, OP_WBINVD, OP_INVLPG,
    OP_LAR, OP_LSL, OP_VERR, OP_VERW, OP_ARPL, OP_UD, OP_FPU, OP_SIMD,
    OP_COUNT
};

/* Operand specifications in the tables: a kind and a size. */
enum opnd_kind {
    K_NONE,
    K_E,     /* ModRM r/m: register or memory */
    K_M,     /* ModRM r/m, memory only (#UD if mod == 3) */
    K_R,     /* ModRM r/m, register only (mod ignored: MOV CRn) */
    K_G,     /* ModRM reg: general register */
    K_S,     /* ModRM reg: segment register */
    K_C,     /* ModRM reg: control register */
    K_D,     /* ModRM reg: debug register */
    K_Z,     /* general register in the opcode's low three bits */
    K_ACC,   /* AL/AX/EAX */
    K_DX,    /* DX (port number) */
    K_CL,    /* CL (shift count) */
    K_ONE,   /* the constant 1 (shift count) */
    K_I,     /* immediate of the operand's size */
    K_IS,    /* imm8 sign-extended to the operand's size */
    K_I8,    /* imm8 zero-extended (INT n, IN/OUT port, ENTER level) */
    K_I16,   /* imm16 (RET n, ENTER frame size) */
    K_J,     /* relative branch target, displacement of the operand's size */
    K_JB,    /* relative branch target, 8-bit displacement */
    K_A,     /* far pointer immediate: offset (opsize) then selector */
    K_O,     /* moffs: memory at a displacement of the address size */
    K_X,     /* string source: seg:[SI/ESI] (DS default, overridable) */
    K_Y,     /* string destination: ES:[DI/EDI] (no override) */
    K_SEG,   /* a fixed segment register, number in the size field */
    K_COUNT
};

/* Operand sizes in the tables. */
enum opnd_size {
    SZ_NONE, SZ_B, SZ_W, SZ_D, SZ_Q,
    SZ_V,    /* 2 or 4 bytes: the operand size */
    SZ_P,    /* far pointer in memory: offset (2 or 4) + selector */
    SZ_S,    /* pseudo-descriptor: limit16 + base32 */
};

#define OPND(kind, size) ((u16)((kind) | ((size) << 8)))
#define OPND_KIND(spec)  ((spec) & 0xFF)
#define OPND_SIZE(spec)  ((spec) >> 8)

/* Per-opcode flags. */
#define D_MODRM    0x0001 /* a ModRM byte follows */
#define D_LOCK     0x0002 /* LOCK is allowed (with a memory destination) */
#define D_PRIV     0x0004 /* CPL 0 only */
#define D_STRING   0x0008 /* string instruction: REP prefixes apply */
#define D_BRANCH   0x0010 /* changes control flow */
#define D_GROUP    0x0020 /* ModRM.reg selects the entry in a group table */
#define D_NOWRITE  0x0040 /* the first operand is read, not written */
#define D_INV16_32 0x0080 /* unused: reserved for mode-dependent validity */
#define D_STACK    0x0100 /* implicit stack access */
#define D_PREFIX   0x0200 /* this byte is a prefix (decoder internal) */
#define D_ESCAPE   0x0400 /* 0F escape (decoder internal) */
#define D_DEFSS    0x0800 /* unused */
#define D_SIMD     0x1000 /* SIMD/x87: length and operands only */
#define D_IO       0x2000 /* I/O instruction (IOPL/IOPB checked) */
#define D_CC       0x4000 /* condition code in the opcode's low nibble */

struct opcode_desc {
    u8 op;       /* enum x86_op */
    u8 group;    /* with D_GROUP: index into the group tables */
    u16 flags;   /* D_* */
    u16 opnd[3]; /* OPND(kind, size) */
};

/* Decoded operands. */
enum operand_type { OT_NONE, OT_REG, OT_MEM, OT_IMM, OT_SREG, OT_CREG,
                    OT_DREG, OT_FAR, OT_REL };

struct operand {
    u8 type;      /* enum operand_type */
    u8 size;      /* bytes (6 for a pseudo-descriptor, 4/6 far pointer) */
    u8 reg;       /* OT_REG/SREG/CREG/DREG; for byte registers 4-7 = AH..BH */
    u8 seg;       /* OT_MEM: effective segment (enum sreg) */
    u8 base;      /* OT_MEM: base register or REG_NONE */
    u8 index;     /* OT_MEM: index register or REG_NONE */
    u8 scale;     /* OT_MEM: 1, 2, 4, 8 */
    u8 pad;
    s32 disp;     /* OT_MEM displacement */
    u32 imm;      /* OT_IMM value, OT_REL target offset, OT_FAR offset */
    u16 sel;      /* OT_FAR selector */
};

/* Prefix bits seen. */
#define PFX_LOCK  0x01
#define PFX_REP   0x02 /* F3 */
#define PFX_REPNE 0x04 /* F2 */
#define PFX_OPSZ  0x08 /* 66 */
#define PFX_ADSZ  0x10 /* 67 */
#define PFX_SEG   0x20 /* a segment override */

enum decode_status {
    DEC_OK,
    DEC_UD,      /* invalid opcode or LOCK misuse: #UD */
    DEC_GP,      /* longer than 15 bytes: #GP(0) */
    DEC_FETCH,   /* the bytes ran out (fetch fault) */
};

#define INSN_MAX_LEN 15

struct insn {
    u8 status;      /* enum decode_status */
    u8 len;
    u8 opsize;      /* 2 or 4 */
    u8 addrsize;    /* 2 or 4 */
    u8 prefixes;    /* PFX_* */
    u8 seg;         /* segment override or SEG_NONE */
    u8 op;          /* enum x86_op */
    u8 cc;          /* condition code (Jcc/SETcc/CMOVcc) */
    u16 flags;      /* D_* of the entry */
    u8 opcode[2];   /* [0] = 0x0F for two-byte opcodes, else 0 */
    u8 modrm;
    u8 nopnd;
    struct operand opnd[3];
    u8 bytes[INSN_MAX_LEN];
};

/*
 * Decode one instruction from `buf` (`avail` readable bytes) in a code
 * segment whose default size is 16-bit (`def32` = 0) or 32-bit.  Never reads
 * past buf[avail - 1]: running short yields DEC_FETCH.
 */
void x86_decode(struct insn *in, const u8 *buf, unsigned avail, int def32);

/* The operation's mnemonic (AT&T-ish, lowercase), for traces. */
const char *x86_op_name(unsigned op);

#endif
