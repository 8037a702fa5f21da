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
 * fast_fill (vm86/fast_fill.c) of the full decoder's result.
 *
 * Built -O2 (blob.mk): it runs for every instruction straight-line code
 * emulates.
 */
#include <vmxassist/string.h>
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

/* 16-bit ModRM memory forms, rm 0-7 (SDM vol. 2, table 2-1): base and
 * index as trap-frame slots, and whether the default segment is SS. */
#define SLOT(r) (u8)__builtin_offsetof(struct trap_frame, r)
static const u8 base16[8] = { SLOT(ebx), SLOT(ebx), SLOT(ebp), SLOT(ebp),
                              SLOT(esi), SLOT(edi), SLOT(ebp), SLOT(ebx) };
static const u8 index16[8] = { SLOT(esi), SLOT(edi), SLOT(esi), SLOT(edi),
                               FAST_UNUSED, FAST_UNUSED, FAST_UNUSED, FAST_UNUSED };
#undef SLOT

/* An immediate of `size` bytes at p, zero-extended. */
static inline __attribute__((always_inline)) u32 imm_at(const u8 *p, unsigned size)
{
    if (size == 1)
        return *p;
    if (size == 2)
        return *(const u16_any *)p;
    return *(const u32_any *)p;
}

/* The memory operand of the ModRM byte at p (mod != 3) into f; returns
 * the bytes after ModRM, SIB and displacement. */
static const u8 *modrm_memory(struct fast_form *f, const u8 *p, unsigned addr16, unsigned seg)
{
    unsigned mod = *p >> 6, rm = *p & 7, ss = 0;

    p++;
    f->scale = 1;
    if (addr16) {
        f->base = base16[rm];
        f->index = index16[rm];
        ss = rm == 2 || rm == 3 || rm == 6;
        if (mod == 0 && rm == 6) {
            f->base = FAST_UNUSED;
            ss = 0;
            f->disp = (s16)*(const u16_any *)p;
            p += 2;
        } else if (mod == 1) {
            f->disp = (s8)*p++;
        } else if (mod == 2) {
            f->disp = (s16)*(const u16_any *)p;
            p += 2;
        }
    } else {
        unsigned base = rm;
        f->index = FAST_UNUSED;
        if (rm == 4) {              /* SIB (table 2-3) */
            unsigned sib = *p++, idx = (sib >> 3) & 7;
            f->scale = (u8)(1u << (sib >> 6));
            f->index = idx == 4 ? FAST_UNUSED : fast_gpr_slot[idx];
            base = sib & 7;
        }
        if (base == REG_BP && mod == 0) {
            f->base = FAST_UNUSED;
            f->disp = *(const s32_any *)p;
            p += 4;
        } else {
            f->base = fast_gpr_slot[base];
            ss = base == REG_BP || base == REG_SP;
            if (mod == 1) {
                f->disp = (s8)*p++;
            } else if (mod == 2) {
                f->disp = *(const s32_any *)p;
                p += 4;
            }
        }
    }
    /* An override, else SS for BP/EBP/ESP bases, else DS. */
    f->seg = (u8)(seg != SEG_NONE ? seg : ss ? SEG_SS : SEG_DS);
    return p;
}

int fast_decode(struct decoded *e, const u8 *code, int def32)
{
    struct fast_form *f = &e->f;
    const u8 *p = code;
    unsigned b, form, size, opsize, addr16, seg = SEG_NONE, osz = 0, asz = 0, op, n;

    /* 66, 67, segment overrides: any order, at most four (so that the
     * longest form, 4 + 1 + 1 + 1 + 4 + 4 bytes, stays within 15). */
    for (n = 0;; n++) {
        b = *p++;
        form = quick_form[b];
        if (form != Q_PFX)
            break;
        if (n == 4)
            return 0;
        if (b == 0x66)
            osz = 1;
        else if (b == 0x67)
            asz = 1;
        else                        /* 26 2E 36 3E: ES CS SS DS; 64 65: FS GS */
            seg = b < 0x40 ? (b >> 3) & 3 : b - 0x60;
    }
    opsize = def32 ^ osz ? 4 : 2;
    addr16 = !(def32 ^ asz);
    size = form & QB ? 1 : opsize;
    /* All zero but the operand slots (fastform.h), word by word: lane,
     * size, roff[0], roff[1]; then how..seg; then base..pad. */
    ((u32_any *)f)[0] = (u32)FAST_UNUSED << 16 | (u32)FAST_UNUSED << 24;
    ((u32_any *)f)[1] = ((u32_any *)f)[2] = 0;
    f->disp = 0;
    f->imm = 0;

    switch (form & ~QB) {
    case Q_NONE:
        return 0;
    case Q_0F:
        b = *p++;
        if ((b & 0xF0) != 0x80)
            return 0;
        f->lane = FAST_JCC;
        f->cc = b & 0x0F;
        goto rel_v;
    case Q_JB:
        f->lane = b == 0xEB ? FAST_JMP : FAST_JCC;
        f->cc = b == 0xEB ? 0 : b & 0x0F;
        f->imm = (u32)(s32)(s8)*p++;
        f->size = (u8)opsize;
        goto done;
    case Q_JV:
        f->lane = FAST_JMP;
    rel_v:
        f->size = (u8)opsize;
        f->imm = opsize == 2 ? (u32)(s32)(s16)*(const u16_any *)p : *(const u32_any *)p;
        p += opsize;
        goto done;
    case Q_AI:                      /* AL/eAX, imm */
        op = x86_onebyte[b].op;
        f->roff[0] = fast_gpr_slot[REG_AX];
        goto immediate;
    case Q_ZI:                      /* MOV reg, imm */
        op = OP_MOV;
        f->roff[0] = fast_reg_slot(b & 7, size);
        goto immediate;
    case Q_Z:                       /* INC/DEC reg */
        op = x86_onebyte[b].op;
        f->roff[0] = fast_gpr_slot[b & 7];
        goto lane;
    case Q_AO:                      /* MOV AL/eAX, moffs and back */
    case Q_OA:
        op = OP_MOV;
        f->roff[(form & ~QB) == Q_OA] = fast_gpr_slot[REG_AX];
        f->roff[(form & ~QB) == Q_AO] = FAST_MEM;
        f->base = f->index = FAST_UNUSED;
        f->scale = 1;
        f->disp = (s32)(addr16 ? *(const u16_any *)p : *(const u32_any *)p);
        p += addr16 ? 2 : 4;
        f->seg = seg == SEG_NONE ? SEG_DS : (u8)seg;
        goto lane;
    default:
        break;
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
            rm_slot = fast_reg_slot(modrm & 7, size);
            p++;
        } else {
            rm_slot = FAST_MEM;
            p = modrm_memory(f, p, addr16, seg);
        }
        switch (form & ~QB) {
        case Q_EG:
            f->roff[0] = (u8)rm_slot;
            f->roff[1] = fast_reg_slot(reg, size);
            goto lane;
        case Q_GE:
            f->roff[0] = fast_reg_slot(reg, size);
            f->roff[1] = (u8)rm_slot;
            goto lane;
        case Q_EIS:
            f->roff[0] = (u8)rm_slot;
            f->roff[1] = FAST_IMM;
            f->imm = (u32)(s32)(s8)*p++;
            if (size == 2)
                f->imm &= 0xFFFF;
            goto lane;
        default:                    /* Q_EI, Q_GRP */
            f->roff[0] = (u8)rm_slot;
            /* groups 3-5: NOT, NEG, INC, DEC (or not the lane's) have no
             * immediate; TEST r/m, imm has */
            if ((form & ~QB) == Q_GRP && op != OP_TEST)
                goto lane;
            break;
        }
    }

immediate:
    f->roff[1] = FAST_IMM;
    f->imm = imm_at(p, size);
    p += size;
lane:
    f->lane = (u8)fast_data_lane(op);
    if (!f->lane)
        return 0;
    f->size = (u8)size;
    f->how = fast_how(op, addr16);
    if (f->lane != FAST_MOV)
        f->alu = (u8)alu_index(op, size);
done:
    n = (unsigned)(p - code);
    e->len = (u8)n;
    /* The bytes, for the cache's compare (at most 15 were read). */
    if (n <= 12) {
        for (unsigned i = 0; i < n; i += 4)
            *(u32_any *)&e->in.bytes[i] = *(const u32_any *)&code[i];
    } else {
        memcpy(e->in.bytes, code, n);
    }
    return 1;
}
