/*
 * The fast lane's form of an instruction (include/vmxassist/fastform.h),
 * two ways: from a full decode (fast_fill) and straight from the bytes
 * (fast_decode).
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
 * fast_fill of the full decoder's result.
 */
#include <vmxassist/decode.h>
#include <vmxassist/exec.h>
#include <vmxassist/string.h>
#include <vmxassist/vcpu.h>
#include "../decode/tables.h"

#define SLOT(r) (u8)__builtin_offsetof(struct trap_frame, r)
static const u8 gpr_slot[8] = { SLOT(eax), SLOT(ecx), SLOT(edx), SLOT(ebx),
                                SLOT(esp), SLOT(ebp), SLOT(esi), SLOT(edi) };
#undef SLOT

/* Register reg (ModRM numbering) of `size` bytes as a trap-frame offset:
 * the byte registers 4-7 are AH..BH, one byte into AX..BX's slot. */
static inline __attribute__((always_inline)) u8 reg_slot(unsigned reg, unsigned size)
{
    if (size == 1)
        return (u8)(gpr_slot[reg & 3] + (reg >> 2));
    return gpr_slot[reg];
}

/* The lane of an operation with ModRM/register/immediate operands. */
static inline __attribute__((always_inline)) unsigned data_lane(unsigned op)
{
    if (op == OP_MOV)
        return FAST_MOV;
    if (op - OP_ADD <= OP_TEST - OP_ADD)
        return FAST_ALU2;
    if (op - OP_INC <= OP_NOT - OP_INC)
        return FAST_ALU1;
    return FAST_NONE;
}

/* CMP and TEST only read their first operand. */
static inline __attribute__((always_inline)) u8 stores(unsigned op)
{
    return op != OP_CMP && op != OP_TEST ? FAST_STORE : 0;
}

/* ------------------------------------------------------------------ */
/* From a full decode */

/* A register, memory or (as a source) immediate operand of 1, 2 or 4
 * bytes: OT_REG, OT_MEM, OT_IMM are 1, 2, 3. */
static int plain_operand(const struct operand *o, unsigned last_type)
{
    return ((1u << o->size) & 0x16) && (unsigned)(o->type - OT_REG) <= last_type - OT_REG;
}

static unsigned lane_of(const struct insn *in)
{
    const struct operand *o = in->opnd;
    unsigned lane, one;

    if (in->status != DEC_OK || (in->prefixes & (PFX_LOCK | PFX_REP | PFX_REPNE)))
        return FAST_NONE;
    if (in->op == OP_JCC || in->op == OP_JMP)
        return o[0].type != OT_REL ? FAST_NONE : in->op == OP_JCC ? FAST_JCC : FAST_JMP;
    lane = data_lane(in->op);
    one = lane == FAST_ALU1;
    if (!lane || in->nopnd != 2 - one || !plain_operand(&o[0], OT_MEM) ||
        (!one && !plain_operand(&o[1], OT_IMM)) ||
        (lane == FAST_MOV && o[0].size != o[1].size))
        return FAST_NONE;
    return lane;
}

void fast_fill(struct decoded *e)
{
    const struct insn *in = &e->in;
    struct fast_form *f = &e->f;

    memset(f, 0, sizeof(*f));
    f->lane = (u8)lane_of(in);
    if (!f->lane)
        return;
    f->roff[0] = f->roff[1] = FAST_UNUSED;
    if (f->lane >= FAST_JCC) {
        f->size = in->opsize;
        f->cc = f->lane == FAST_JCC ? in->cc : 0;
        f->imm = in->opnd[0].imm;
        return;
    }
    f->size = in->opnd[0].size;
    for (unsigned i = 0; i < in->nopnd; i++) {
        const struct operand *o = &in->opnd[i];
        if (o->type == OT_REG) {
            f->roff[i] = reg_slot(o->reg, o->size);
        } else if (o->type == OT_IMM) {
            f->roff[i] = FAST_IMM;
            f->imm = o->imm;
        } else {
            f->roff[i] = FAST_MEM;
            f->seg = o->seg;
            f->base = o->base;
            f->index = o->index;
            f->scale = o->scale;
            f->disp = o->disp;
        }
    }
    f->how = stores(in->op) | (in->addrsize == 2 ? FAST_ADDR16 : 0);
    if (f->lane != FAST_MOV)
        f->alu = (u8)alu_index(in->op, f->size);
}

/* ------------------------------------------------------------------ */
/* Straight from the bytes */

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

/* An immediate of `size` bytes at p, zero-extended. */
static inline __attribute__((always_inline)) u32 imm_at(const u8 *p, unsigned size)
{
    if (size == 1)
        return *p;
    if (size == 2)
        return *(const u16_any *)p;
    return *(const u32_any *)p;
}

/* The memory operand of ModRM (mod != 3) at p[0] into f; returns the
 * bytes after ModRM, SIB and displacement. */
static inline __attribute__((always_inline)) const u8 *
modrm_memory(struct fast_form *f, const u8 *p, unsigned addr16, unsigned seg)
{
    /* 16-bit forms: base and index of rm 0-7 (SDM vol. 2, table 2-1) */
    static const u8 base16[8] = { REG_BX, REG_BX, REG_BP, REG_BP,
                                  REG_SI, REG_DI, REG_BP, REG_BX };
    static const u8 index16[8] = { REG_SI, REG_DI, REG_SI, REG_DI,
                                   REG_NONE, REG_NONE, REG_NONE, REG_NONE };
    unsigned mod = *p >> 6, rm = *p & 7;

    p++;
    f->scale = 1;
    if (addr16) {
        f->base = base16[rm];
        f->index = index16[rm];
        if (mod == 0 && rm == 6) {
            f->base = REG_NONE;
            f->disp = (s16)*(const u16_any *)p;
            p += 2;
        }
    } else {
        f->base = (u8)rm;
        f->index = REG_NONE;
        if (rm == 4) {              /* SIB (table 2-3) */
            unsigned sib = *p++, idx = (sib >> 3) & 7;
            f->scale = (u8)(1u << (sib >> 6));
            f->index = idx == 4 ? REG_NONE : (u8)idx;
            f->base = sib & 7;
            if (f->base == REG_BP && mod == 0) {
                f->base = REG_NONE;
                f->disp = *(const s32_any *)p;
                p += 4;
            }
        } else if (rm == 5 && mod == 0) {
            f->base = REG_NONE;
            f->disp = *(const s32_any *)p;
            p += 4;
        }
    }
    if (mod == 1) {
        f->disp = (s8)*p;
        p += 1;
    } else if (mod == 2) {
        if (addr16) {
            f->disp = (s16)*(const u16_any *)p;
            p += 2;
        } else {
            f->disp = *(const s32_any *)p;
            p += 4;
        }
    }
    /* An override, else SS for BP/EBP/ESP bases, else DS. */
    if (seg == SEG_NONE)
        seg = f->base == REG_BP || f->base == REG_SP ? SEG_SS : SEG_DS;
    f->seg = (u8)seg;
    return p;
}

int fast_decode(struct decoded *e, const u8 *code, int def32)
{
    struct fast_form *f = &e->f;
    const u8 *p = code;
    unsigned b, form, size, opsize, addr16, seg = SEG_NONE, osz = 0, asz = 0, op, n;
    const struct opcode_desc *d;

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
    memset(f, 0, sizeof(*f));
    f->roff[0] = f->roff[1] = FAST_UNUSED;
    size = form & QB ? 1 : opsize;

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
        f->roff[0] = gpr_slot[REG_AX];
        goto immediate;
    case Q_ZI:                      /* MOV reg, imm */
        op = OP_MOV;
        f->roff[0] = reg_slot(b & 7, size);
        goto immediate;
    case Q_Z:                       /* INC/DEC reg */
        op = x86_onebyte[b].op;
        f->roff[0] = gpr_slot[b & 7];
        goto lane;
    case Q_AO:                      /* MOV AL/eAX, moffs and back */
    case Q_OA:
        op = OP_MOV;
        f->roff[(form & ~QB) == Q_OA] = gpr_slot[REG_AX];
        f->roff[(form & ~QB) == Q_AO] = FAST_MEM;
        f->base = f->index = REG_NONE;
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
        unsigned modrm = *p, reg = (modrm >> 3) & 7, rm_off;
        d = &x86_onebyte[b];
        if (ext_of(d) == EXT_GROUP)
            d = &x86_groups[d->group][reg];
        op = d->op;
        if ((modrm >> 6) == 3) {
            rm_off = reg_slot(modrm & 7, size);
            p++;
        } else {
            rm_off = FAST_MEM;
            p = modrm_memory(f, p, addr16, seg);
        }
        switch (form & ~QB) {
        case Q_EG:
            f->roff[0] = (u8)rm_off;
            f->roff[1] = reg_slot(reg, size);
            goto lane;
        case Q_GE:
            f->roff[0] = reg_slot(reg, size);
            f->roff[1] = (u8)rm_off;
            goto lane;
        case Q_EIS:
            f->roff[0] = (u8)rm_off;
            f->roff[1] = FAST_IMM;
            f->imm = (u32)(s32)(s8)*p++;
            if (size == 2)
                f->imm &= 0xFFFF;
            goto lane;
        case Q_GRP:
            f->roff[0] = (u8)rm_off;
            if (op != OP_TEST)      /* NOT, NEG, INC, DEC (or not the lane's) */
                goto lane;
            goto immediate;         /* TEST r/m, imm */
        default:                    /* Q_EI */
            f->roff[0] = (u8)rm_off;
            goto immediate;
        }
    }

immediate:
    f->roff[1] = FAST_IMM;
    f->imm = imm_at(p, size);
    p += size;
lane:
    f->lane = (u8)data_lane(op);
    if (!f->lane)
        return 0;
    f->size = (u8)size;
    f->how = stores(op) | (addr16 ? FAST_ADDR16 : 0);
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
