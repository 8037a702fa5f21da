/*
 * The fast lane's form of an instruction (include/vmxassist/fastform.h)
 * straight from the code bytes.
 *
 * Why a second way in: straight-line big real mode code (a BIOS's POST,
 * a loader's setup) runs each instruction once, so every one of them pays
 * a full decode - about 400 instructions of the assist's, the general
 * decoder filling all of struct insn for every possible form - when the
 * lane needs a dozen bytes.  fast_decode reads the bytes of the lane's
 * own instructions (MOV, the ALU group, INC/DEC/NOT/NEG, Jcc, JMP rel)
 * into those dozen bytes directly, and declines everything else.  It
 * takes operations and flags from the decoder's own tables (decode/
 * opcodes.c, groups.c), so only the operand shapes below are its own,
 * and tests/unit/fast_decode_test.c checks every form it makes against
 * fast_fill (vm86/fast_fill.c) of the full decoder's result.  As it reads
 * it notes the instruction's shape (struct fast_shape: which bytes fix
 * the form, where the displacement and immediate lie), which the shape
 * memo (fast_memo.h) keeps for the next instruction of that shape.
 *
 * Built -O2 (blob.mk): it runs for every instruction straight-line code
 * emulates.
 */
#include <vmxassist/dcache.h>
#include <vmxassist/string.h>
#include "fast_memo.h"
#include "fast_parts.h"
#include "../decode/tables.h"

/* Operand shapes of the one-byte opcodes fast_decode takes (SDM vol. 2,
 * appendix A), plus QB: byte-sized operands. */
enum {
    Q_NONE,     /* not the lane's: the full decoder */
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

#define M16_DISP_ONLY (FAST_UNUSED | FAST_UNUSED << 8 | (u32)SEG_DS << 16)

/* 16-bit ModRM memory forms, rm 0-7 (SDM vol. 2, table 2-1): base and
 * index as trap-frame slots and the default segment, packed as they lie
 * in struct fast_form (base, index, then the segment in bits 16-23). */
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

/* The memory operand of the ModRM byte at p (mod != 3) into f, whose
 * how (FAST_ADDR16) and seg (an override or SEG_NONE) the prefixes set,
 * and into sh the key's end (after ModRM and SIB) and the displacement's
 * field; returns the bytes after ModRM, SIB and displacement. */
static inline __attribute__((always_inline)) const u8 *
modrm_memory(struct fast_form *f, struct fast_shape *sh, const u8 *code, const u8 *p)
{
    unsigned modrm = *p++, mod = modrm >> 6, rm = modrm & 7, dflt;

    f->scale = 1;
    if (f->how & FAST_ADDR16) {
        u32 t = mem16[rm];
        sh->key_len = (u8)(p - code);
        if (mod == 0 && rm == 6) {  /* disp16 alone */
            t = M16_DISP_ONLY;
            sh->disp = FAST_FIELD(p - code, FF_S16);
            f->disp = (s16)*(const u16_any *)p;
            p += 2;
        } else if (mod == 1) {
            sh->disp = FAST_FIELD(p - code, FF_S8);
            f->disp = (s8)*p++;
        } else if (mod == 2) {
            sh->disp = FAST_FIELD(p - code, FF_S16);
            f->disp = (s16)*(const u16_any *)p;
            p += 2;
        }
        *(u16_any *)&f->base = (u16)t;
        dflt = t >> 16;
    } else {
        unsigned base = rm;
        f->index = FAST_UNUSED;
        if (rm == 4) {              /* SIB (table 2-3) */
            unsigned sib = *p++, idx = (sib >> 3) & 7;
            f->scale = (u8)(1u << (sib >> 6));
            f->index = idx == 4 ? FAST_UNUSED : fast_gpr_slot[idx];
            base = sib & 7;
        }
        sh->key_len = (u8)(p - code);
        dflt = SEG_DS;
        if (base == REG_BP && mod == 0) {
            f->base = FAST_UNUSED;
            sh->disp = FAST_FIELD(p - code, FF_U32);
            f->disp = *(const s32_any *)p;
            p += 4;
        } else {
            f->base = fast_gpr_slot[base];
            if (base == REG_BP || base == REG_SP)
                dflt = SEG_SS;
            if (mod == 1) {
                sh->disp = FAST_FIELD(p - code, FF_S8);
                f->disp = (s8)*p++;
            } else if (mod == 2) {
                sh->disp = FAST_FIELD(p - code, FF_U32);
                f->disp = *(const s32_any *)p;
                p += 4;
            }
        }
    }
    /* An override, else SS for BP/EBP/ESP bases, else DS. */
    if (f->seg == SEG_NONE)
        f->seg = (u8)dflt;
    return p;
}

/* Prefixes 66, 67 and segment overrides at p, in any order, at most four
 * (so that the longest form, 4 + 1 + 1 + 1 + 4 + 4 bytes, stays within
 * 15): their effect into f - size: the operand size, how: FAST_ADDR16,
 * seg: the last override.  Returns the opcode's address, or NULL to
 * decline. */
static __attribute__((noinline)) const u8 *prefixes(struct fast_form *f, const u8 *p, int def32)
{
    unsigned osz = 0, asz = 0, b;

    for (unsigned n = 0; quick_form[b = *p] == Q_PFX; n++, p++) {
        if (n == 4)
            return NULL;
        if (b == 0x66)
            osz = 1;
        else if (b == 0x67)
            asz = 1;
        else                        /* 26 2E 36 3E: ES CS SS DS; 64 65: FS GS */
            f->seg = (u8)(b < 0x40 ? (b >> 3) & 3 : b - 0x60);
    }
    f->size = def32 ^ osz ? 4 : 2;
    f->how = def32 ^ asz ? 0 : FAST_ADDR16;
    return p;
}

/* The decoder keeps its state in the form as it goes - size (the operand
 * size until a byte opcode says 1), how (FAST_ADDR16 until the operation
 * adds FAST_STORE), seg (the override until a memory operand resolves
 * it) - so that little stays live in the i386's few registers. */
int fast_decode(struct decoded *e, const u8 *code, int def32, struct fast_memo *m)
{
    struct fast_shape shape, *sh = &shape;
    struct fast_form *f = &e->f;
    const u8 *p = code;
    unsigned b, q, op, n;

    /* All zero but the operand slots and the code size's operand size
     * and addressing (fastform.h), word by word: lane, size, roff[0],
     * roff[1]; then how, alu, cc, seg; then base..pad.  Prefixes change
     * size and how. */
    static const u32 word0[2] = {
        2u << 8 | (u32)FAST_UNUSED << 16 | (u32)FAST_UNUSED << 24,
        4u << 8 | (u32)FAST_UNUSED << 16 | (u32)FAST_UNUSED << 24,
    };
    static const u32 word1[2] = { FAST_ADDR16 | (u32)SEG_NONE << 24, (u32)SEG_NONE << 24 };
    ((u32_any *)f)[0] = word0[def32 != 0];
    ((u32_any *)f)[1] = word1[def32 != 0];
    ((u32_any *)f)[2] = 0;
    f->disp = 0;
    f->imm = 0;
    sh->disp = 0;
    sh->imm = 0;
    if (quick_form[*p] == Q_PFX && !(p = prefixes(f, p, def32)))
        return 0;
    b = *p++;
    q = quick_form[b];
    if (q & QB)
        f->size = 1;
    sh->key_len = (u8)(p - code);  /* ModRM forms and 0F add to it */

    switch (q & ~QB) {
    case Q_0F:
        b = *p++;
        if ((b & 0xF0) != 0x80)
            return 0;
        f->lane = FAST_JCC;
        f->cc = b & 0x0F;
        sh->key_len++;
        goto rel_v;
    case Q_JB:
        f->lane = b == 0xEB ? FAST_JMP : FAST_JCC;
        f->cc = b == 0xEB ? 0 : b & 0x0F;
        sh->imm = FAST_FIELD(p - code, FF_S8);
        f->imm = (u32)(s32)(s8)*p++;
        goto branch;
    case Q_JV:
        f->lane = FAST_JMP;
    rel_v:
        if (f->size == 2) {
            sh->imm = FAST_FIELD(p - code, FF_S16);
            f->imm = (u32)(s32)(s16)*(const u16_any *)p;
            p += 2;
        } else {
            sh->imm = FAST_FIELD(p - code, FF_U32);
            f->imm = *(const u32_any *)p;
            p += 4;
        }
    branch:
        f->how = 0;
        f->seg = 0;
        goto done;
    case Q_AI:                      /* AL/eAX, imm */
        op = x86_onebyte[b].op;
        f->roff[0] = fast_gpr_slot[REG_AX];
        goto immediate;
    case Q_ZI:                      /* MOV reg, imm */
        op = OP_MOV;
        f->roff[0] = fast_reg_slot(b & 7, f->size);
        goto immediate;
    case Q_Z:                       /* INC/DEC reg */
        op = x86_onebyte[b].op;
        f->roff[0] = fast_gpr_slot[b & 7];
        goto lane;
    case Q_AO:                      /* MOV AL/eAX, moffs and back */
    case Q_OA:
        op = OP_MOV;
        f->roff[(q & ~QB) == Q_OA] = fast_gpr_slot[REG_AX];
        f->roff[(q & ~QB) == Q_AO] = FAST_MEM;
        f->base = f->index = FAST_UNUSED;
        f->scale = 1;
        if (f->how & FAST_ADDR16) {
            sh->disp = FAST_FIELD(p - code, FF_U16);
            f->disp = *(const u16_any *)p;
            p += 2;
        } else {
            sh->disp = FAST_FIELD(p - code, FF_U32);
            f->disp = *(const s32_any *)p;
            p += 4;
        }
        if (f->seg == SEG_NONE)
            f->seg = SEG_DS;
        goto lane;
    case Q_EG:
    case Q_GE:
    case Q_EI:
    case Q_EIS:
    case Q_GRP:
        break;
    default:                        /* not the lane's */
        return 0;
    }

    /* ModRM forms: the operation from the decoder's tables (a group's by
     * ModRM.reg), then the r/m operand. */
    {
        unsigned modrm = *p, reg = (modrm >> 3) & 7, rm_slot;
        const struct opcode_desc *d = &x86_onebyte[b];
        if (ext_of(d) == EXT_GROUP)
            d = &x86_groups[d->group][reg];
        op = d->op;
        if (modrm >= 0xC0) {
            rm_slot = fast_reg_slot(modrm & 7, f->size);
            p++;
            sh->key_len++;
        } else {
            rm_slot = FAST_MEM;
            p = modrm_memory(f, sh, code, p);
        }
        f->roff[0] = (u8)rm_slot;
        switch (q & ~QB) {
        case Q_EG:
            f->roff[1] = fast_reg_slot(reg, f->size);
            goto lane;
        case Q_GE:
            f->roff[0] = fast_reg_slot(reg, f->size);
            f->roff[1] = (u8)rm_slot;
            goto lane;
        case Q_EIS:
            f->roff[1] = FAST_IMM;
            sh->imm = FAST_FIELD(p - code, f->size == 2 ? FF_S8W : FF_S8);
            f->imm = (u32)(s32)(s8)*p++;
            if (f->size == 2)
                f->imm &= 0xFFFF;
            goto lane;
        case Q_GRP:
            /* groups 3-5: NOT, NEG, INC, DEC (or not the lane's) have no
             * immediate; TEST r/m, imm has */
            if (op != OP_TEST)
                goto lane;
            break;
        default:                    /* Q_EI */
            break;
        }
    }

immediate:
    f->roff[1] = FAST_IMM;
    sh->imm = FAST_FIELD(p - code, f->size == 1 ? FF_U8 : f->size == 2 ? FF_U16 : FF_U32);
    f->imm = load_small(p, f->size);
    p += f->size;
lane:
    f->lane = (u8)fast_data_lane(op);
    if (!f->lane)
        return 0;
    f->how = fast_how(op, f->how & FAST_ADDR16);
    if (!f->scale)                  /* no memory operand */
        f->seg = 0;
    if (f->lane != FAST_MOV)
        f->alu = (u8)alu_index(op, f->size);
done:
    n = (unsigned)(p - code);
    dcache_fill_place(e, code, n, def32);
    fast_memo_learn(m, e, code, sh);
    return 1;
}
