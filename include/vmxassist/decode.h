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
    /* Added with the complete tables (issue 3).  The engine executes none
     * of these yet; they exist so that the decoder names every instruction
     * and the engine can pick them up one by one. */
    OP_UD0, OP_UD1, OP_SYSCALL, OP_SYSRET, OP_SYSENTER, OP_SYSEXIT, OP_GETSEC,
    OP_PREFETCH, OP_PREFETCHW, OP_PREFETCHWT1, OP_PREFETCHNTA, OP_PREFETCHT0,
    OP_PREFETCHT1, OP_PREFETCHT2, OP_ENDBR32, OP_ENDBR64, OP_RDSSP, OP_INCSSP,
    OP_SETSSBSY, OP_SAVEPREVSSP, OP_RSTORSSP, OP_CLRSSBSY,
    OP_POPCNT, OP_TZCNT, OP_LZCNT, OP_RDRAND, OP_RDSEED, OP_RDPID, OP_MOVNTI,
    OP_FXSAVE, OP_FXRSTOR, OP_LDMXCSR, OP_STMXCSR, OP_XSAVE, OP_XRSTOR,
    OP_XSAVEOPT, OP_XSAVEC, OP_XSAVES, OP_XRSTORS, OP_CLFLUSH, OP_CLFLUSHOPT,
    OP_CLWB, OP_LFENCE, OP_MFENCE, OP_SFENCE, OP_PTWRITE, OP_UMONITOR,
    OP_UMWAIT, OP_TPAUSE,
    OP_VMCALL, OP_VMLAUNCH, OP_VMRESUME, OP_VMXOFF, OP_VMREAD, OP_VMWRITE,
    OP_VMPTRLD, OP_VMPTRST, OP_VMCLEAR, OP_VMXON, OP_VMFUNC, OP_PCONFIG,
    OP_MONITOR, OP_MWAIT, OP_CLAC, OP_STAC, OP_ENCLS, OP_ENCLU, OP_ENCLV,
    OP_XGETBV, OP_XSETBV, OP_XEND, OP_XTEST, OP_XBEGIN, OP_XABORT,
    OP_RDTSCP, OP_SERIALIZE, OP_RDPKRU, OP_WRPKRU, OP_WBNOINVD, OP_SWAPGS,
    OP_INVEPT, OP_INVVPID, OP_INVPCID, OP_MOVBE, OP_CRC32, OP_MOVDIRI,
    OP_MOVDIR64B, OP_EMMS, OP_CLDEMOTE, OP_WRMSRNS, OP_TDCALL,
    OP_XSUSLDTRK, OP_XRESLDTRK,
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
    SZ_X,    /* 16 bytes (XMM) */
    SZ_T,    /* 10 bytes (x87 extended real, packed BCD) */
    SZ_E,    /* x87 environment: 14 or 28 bytes by operand size */
    SZ_F,    /* x87/SSE state image: 94/108 (FSAVE) or 512 (FXSAVE) bytes */
    SZ_RVMW, /* register: the operand size; memory: a word (SLDT, STR, SMSW) */
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
#define D_INV16_32 0x0080 /* #UD outside 64-bit mode (SYSCALL on Intel, SWAPGS) */
#define D_STACK    0x0100 /* implicit stack access */
#define D_PREFIX   0x0200 /* this byte is a prefix (decoder internal) */
#define D_ESCAPE   0x0400 /* 0F escape (decoder internal) */
#define D_DEFSS    0x0800 /* unused */
#define D_SIMD     0x1000 /* SIMD/x87: length and operands only */
#define D_IO       0x2000 /* I/O instruction (IOPL/IOPB checked) */
#define D_CC       0x4000 /* condition code in the opcode's low nibble */
#define D_UDN      0x8000 /* UD0/UD1/UD2: defined, and always #UD */

/* How an entry continues: the next table to read and what indexes it.
 * A link entry keeps this in its `op` (as OPX_BASE + EXT_*), a value no
 * operation uses, so the tables stay at 10 bytes an entry (the blob must
 * fit below 0xE0000); ext_of() reads it back.  EXT_NONE entries are final;
 * SSE and x87 entries are final entries with op OP_SIMD / OP_FPU. */
enum opcode_ext {
    EXT_NONE,
    EXT_GROUP,  /* x86_groups[group][ModRM.reg] */
    EXT_MOD,    /* x86_modsplit[group][mod == 3] */
    EXT_RM,     /* x86_rmtab[group][ModRM.rm] (register forms) */
    EXT_PFX,    /* x86_pfxtab[group][none, 66, F3, F2]: mandatory prefix */
    EXT_SIMD,   /* x86_simd_0f[group]: SSE/MMX entry of the 0F map */
    EXT_0F38,   /* three-byte map 0F 38 */
    EXT_0F3A,   /* three-byte map 0F 3A */
    EXT_X87,    /* escape D8-DF */
};

#define OPX_BASE 0xF0
BUILD_ASSERT(OP_COUNT <= OPX_BASE);

struct opcode_desc {
    u8 op;       /* enum x86_op, or OPX_BASE + enum opcode_ext for a link */
    u8 group;    /* links, OP_SIMD: index into the next table */
    u16 flags;   /* D_* */
    u16 opnd[3]; /* OPND(kind, size) */
};

static inline unsigned ext_of(const struct opcode_desc *d)
{
    return d->op >= OPX_BASE ? d->op - OPX_BASE : EXT_NONE;
}

/* Decoded operands. */
enum operand_type { OT_NONE, OT_REG, OT_MEM, OT_IMM, OT_SREG, OT_CREG,
                    OT_DREG, OT_FAR, OT_REL, OT_XMM, OT_MMX, OT_ST };

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

/* Why an instruction is #UD (struct insn.ud_reason), for reports and for
 * the oracle test's list of deliberate differences from objdump. */
enum ud_reason {
    UDR_NONE,
    UDR_OPCODE,   /* undefined opcode or group entry */
    UDR_UDN,      /* UD0/UD1/UD2, defined to raise #UD */
    UDR_LOCK,     /* LOCK on an instruction or operand that forbids it */
    UDR_MOD,      /* memory form of a register-only encoding or vice versa */
    UDR_SREG,     /* MOV to CS, or segment register 6/7 */
    UDR_CREG,     /* CR1, CR5-CR7 (DR4/DR5 alias DR6/DR7 with CR4.DE=0) */
    UDR_MODE,     /* valid only in 64-bit mode (SYSCALL/SYSRET: Intel) */
    UDR_AMD,      /* AMD-only (3DNow!, SSE4a, SVM, ...): #UD on Intel CPUs */
};

/* Opcode maps (struct insn.map). */
enum opcode_map { MAP_ONE, MAP_0F, MAP_0F38, MAP_0F3A };

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
    /* fields added with the complete tables */
    u8 map;         /* enum opcode_map; opcode[1] is the last opcode byte */
    u8 mandatory;   /* prefix consumed as part of the opcode: 0, 0x66, 0xF3, 0xF2 */
    u8 ud_reason;   /* enum ud_reason when status is DEC_UD */
    u8 last_rep;    /* F2 or F3, whichever came last (0 if neither) */
    const char *name; /* mnemonic of x87/SIMD entries (else x86_op_name(op));
                       * always NULL with DECODE_NO_NAMES (the blob) */
};

/*
 * Decode one instruction from `buf` (`avail` readable bytes) in a code
 * segment whose default size is 16-bit (`def32` = 0) or 32-bit.  Never reads
 * past buf[avail - 1]: running short yields DEC_FETCH.
 */
void x86_decode(struct insn *in, const u8 *buf, unsigned avail, int def32);

/* The operation's mnemonic (AT&T-ish, lowercase), for traces. */
const char *x86_op_name(unsigned op);

/*
 * objdump-like AT&T rendering of a decoded instruction at `eip` (branch
 * targets are printed as absolute offsets).  Writes at most `size` bytes
 * including the terminating NUL; returns the length it needed (like
 * snprintf), so a caller can detect truncation.
 */
int x86_render(const struct insn *in, u32 eip, char *buf, unsigned size);

#endif
