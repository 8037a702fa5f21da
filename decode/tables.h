/*
 * Tables shared by the decoder, the renderer and their tests.  The entry
 * format (struct opcode_desc) is in include/vmxassist/decode.h; this header
 * names the secondary tables an entry's `ext` field leads to.
 */
#ifndef DECODE_TABLES_H
#define DECODE_TABLES_H

#include <vmxassist/decode.h>

/* x86_groups[]: tables indexed by ModRM.reg. */
enum opcode_group {
    GRP_NONE, GRP1, GRP1A, GRP2, GRP3B, GRP3V, GRP4, GRP5, GRP6, GRP7, GRP8,
    GRP9, GRP11, GRP11V, GRP12, GRP13, GRP14, GRP15, GRP16, GRP_PREFETCH,
    GRP_1E_F3, GRP_1C, GRP_COUNT
};

/* x86_modsplit[]: { memory form, register form } pairs. */
enum modsplit {
    MS_NONE, MS_SGDT, MS_SIDT, MS_LGDT, MS_LIDT, MS_G7_5, MS_INVLPG,
    MS_XABORT, MS_XBEGIN, MS_CMPXCHG8B, MS_XRSTORS, MS_XSAVEC, MS_XSAVES,
    MS_G9_6, MS_G9_7, MS_FXSAVE, MS_FXRSTOR, MS_LDMXCSR, MS_STMXCSR,
    MS_G15_4, MS_G15_5, MS_G15_6, MS_G15_7, MS_PREFETCHNTA, MS_PREFETCHT0,
    MS_PREFETCHT1, MS_PREFETCHT2, MS_RDSSP, MS_ENDBR, MS_MOVLPS, MS_MOVHPS,
    MS_CLDEMOTE, MS_COUNT
};

/* x86_rmtab[]: register forms selected by ModRM.rm. */
enum rmtab {
    RM_NONE, RM_G7_0, RM_G7_1, RM_G7_2, RM_G7_5, RM_G7_7, RM_XABORT, RM_XBEGIN,
    RM_ENDBR, RM_MFENCE, RM_SFENCE, RM_PKRU, RM_COUNT
};

/* x86_pfxtab[]: variants by mandatory prefix, columns none/66/F3/F2. */
enum pfxtab {
    PT_NONE, PT_WBINVD, PT_1E, PT_VMREAD, PT_VMWRITE, PT_POPCNT, PT_BSF,
    PT_BSR, PT_G7_5MEM, PT_G7_E8, PT_G7_EA, PT_G9_6MEM, PT_G9_7REG, PT_G15_4MEM,
    PT_G15_4REG, PT_G15_5REG, PT_G15_6MEM, PT_G15_6REG, PT_G15_7MEM, PT_G15_FSGS,
    PT_EMMS, PT_MOVNTI, PT_G9_6REG, PT_ENCLS,
    PT_G15_0MEM, PT_G15_1MEM, PT_G15_2MEM, PT_G15_3MEM, PT_G15_5MEM, PT_WRMSRNS, PT_TDCALL, PT_PKRU,
    PT_G7_E9, PT_CLDEMOTE, PT_COUNT
};
#define PFX_COL_NONE 0
#define PFX_COL_66   1
#define PFX_COL_F3   2
#define PFX_COL_F2   3

extern const struct opcode_desc x86_onebyte[256];
extern const struct opcode_desc x86_twobyte[256];
extern const struct opcode_desc x86_groups[GRP_COUNT][8];
extern const struct opcode_desc x86_modsplit[MS_COUNT][2];
extern const struct opcode_desc x86_rmtab[RM_COUNT][8];
extern const struct opcode_desc x86_pfxtab[PT_COUNT][4];

/*
 * DECODE_NO_NAMES (the blob's build, blob.mk): the x87 and SSE tables carry
 * no mnemonics, only what decoding needs, and struct insn.name stays NULL.
 * The blob never renders; the host tools and tests build with names.
 */

/*
 * SSE/MMX entries.  Each has one variant per mandatory prefix (none, 66,
 * F3, F2): a mnemonic ("" in the NUL-separated list: #UD) and an operand
 * form.  The form packs the
 * register class of ModRM.reg and of ModRM.rm, the direction and the
 * immediate, so the whole SIMD space stays a few kilobytes in the blob.
 */
#define SC_X 0  /* XMM register */
#define SC_M 1  /* MMX register */
#define SC_G 2  /* 32-bit general register */
#define SC_N 3  /* no operand */
#define SF_REG(c)   (c)             /* class of ModRM.reg */
#define SF_RM(c)    ((c) << 2)      /* class of ModRM.rm (or memory) */
#define SF_STORE    0x10            /* r/m is the destination */
#define SF_IMM      0x20            /* an imm8 follows */
#define SF_MEM      0x40            /* memory only: mod == 3 is #UD */
#define SF_REGONLY  0x80            /* register only: mod != 3 is #UD */
#define SF_REGCLASS(f) ((f) & 3)
#define SF_RMCLASS(f)  (((f) >> 2) & 3)

#ifdef DECODE_NO_NAMES
/* Without names, the same table source (simd.c's N4()) yields these bits
 * from the mnemonics' lengths and first characters. */
#define SIMD_COL_VALID(col) (1u << (col))       /* the mnemonic is not "" */
#define SIMD_COL_AMD(col)   (0x10u << (col))    /* the mnemonic starts '!' */
struct simd_desc {
    u8 cols;             /* SIMD_COL_* of the four columns */
    u8 form[4];
};
#else
struct simd_desc {
    const char *names;   /* "none\066\0F3\0F2" */
    u8 form[4];
};

/* The mnemonic of column `col`, or NULL if that variant is #UD. */
const char *simd_name(const struct simd_desc *s, unsigned col);
#endif

extern const struct simd_desc x86_simd_0f[];
extern const struct simd_desc x86_simd_0f38[];
extern const struct simd_desc x86_simd_0f3a[];
/* Map byte -> index into the arrays above (0: no entry, #UD). */
extern const u8 x86_0f38_index[256];
extern const u8 x86_0f3a_index[256];
/* The few 0F 38 entries that depend on ModRM (Key Locker). */
u8 x86_0f38_refine(u8 opcode, u8 idx, u8 modrm);
u8 x86_0f3a_refine(u8 opcode, u8 idx, u8 modrm);

/* x87 escapes D8-DF (decode/x87.c): the form of (opcode, ModRM), or NULL
 * for a reserved encoding (a zero entry: no name, shape X87_BAD). */
enum x87_shape {
    X87_BAD,     /* reserved (zero entries) */
    X87_BYRM,    /* register row that depends on ModRM.rm (table internal) */
    X87_MEM,     /* one memory operand of `size` (enum opnd_size) */
    X87_NONE,    /* no operand */
    X87_STI,     /* st(i) */
    X87_ST_STI,  /* Intel "op st(0), st(i)": AT&T %st(i),%st */
    X87_STI_ST,  /* Intel "op st(i), st(0)": AT&T %st,%st(i) */
    X87_AX,      /* FNSTSW AX */
};
struct x87_form {
#ifndef DECODE_NO_NAMES
    const char *name;
#endif
    u8 shape;    /* enum x87_shape */
    u8 size;     /* X87_MEM: enum opnd_size */
};
const struct x87_form *x87_lookup(u8 opcode, u8 modrm);

#endif
