/*
 * The shape memo: fast_decode's work kept by the shape of the bytes.
 *
 * Why: straight-line code (a BIOS's POST, a loader's setup) runs each
 * instruction once, so the decoded-instruction cache, which is keyed by
 * address, never serves it, and every instruction paid a full
 * fast_decode.  But such code repeats a few shapes - MOV reg,imm;
 * MOV [BX+disp],AX; ADD AX,imm - whose forms differ only in their
 * displacement and immediate.  fast_decode reports what fixes a form
 * (struct fast_shape: def32 and the first key_len bytes - prefixes,
 * opcode, ModRM, SIB); the memo keeps the form under that key, and the
 * next instruction of the same shape gets it by one compare and two field
 * reads instead of a decode.
 *
 * Keyed by bytes alone, never by address, so nothing the guest writes can
 * make an entry wrong; direct-mapped by the first two bytes.  Shapes
 * whose key is longer than four bytes are not kept.  tests/unit/
 * fast_decode_test.c and the decode fuzz target hold every form it gives
 * to fast_decode's.
 */
#ifndef VM86_FAST_MEMO_H
#define VM86_FAST_MEMO_H

#include <vmxassist/dcache.h>
#include <vmxassist/string.h>

/* How an instruction's form follows from its bytes (fast_decode finds
 * it as it decodes): the form is fixed by def32 and the first key_len
 * bytes - prefixes, opcode, ModRM, SIB - but for disp and imm, which are
 * read from the bytes after them: the displacement right after the key,
 * the immediate last.  Their kinds: */
enum fast_field_kind {
    FF_NONE,    /* no such field: 0 */
    FF_U8,      /* a byte, zero-extended */
    FF_S8,      /* a byte, sign-extended */
    FF_S8W,     /* a byte, sign-extended and masked to 16 bits (83 /r, 16-bit) */
    FF_U16,
    FF_S16,
    FF_U32,
};
/* A field: where it starts and its kind (0: none). */
#define FAST_FIELD(at, kind) ((u8)((at) | (kind) << 4))
struct fast_shape {
    u8 key_len;
    u8 disp;        /* FAST_FIELD */
    u8 imm;         /* FAST_FIELD */
};

#define FAST_MEMO_BITS 5
BUILD_ASSERT(FAST_MEMO_ENTRIES == 1 << FAST_MEMO_BITS);

/* The slot for code whose first four bytes are w: a multiplicative hash
 * of the first two (opcode and ModRM, or a prefix and the opcode; where
 * the second is an immediate, one shape takes a slot per value - measured
 * on the real guests, that costs fewer instructions than looking up which
 * opcodes have a ModRM). */
static inline __attribute__((always_inline)) struct fast_memo *
fast_memo_slot(struct fast_memo *memo, u32 w)
{
    return &memo[((w & 0xFFFF) * 0x9E3779B1u) >> (32 - FAST_MEMO_BITS)];
}

/* A disp or imm field (FAST_FIELD) of the code at code: the four bytes
 * at the field's start, sign-extended from the field's width, masked to
 * the kind's bits (FF_NONE: none).  The memo keeps only shapes whose
 * fields start at most INSN_MAX_LEN - 4 bytes in, so this reads no byte
 * past the INSN_MAX_LEN fast_decode may read. */
static const u8 fast_field_shift[] = {
    [FF_NONE] = 0, [FF_U8] = 24, [FF_S8] = 24, [FF_S8W] = 24,
    [FF_U16] = 16, [FF_S16] = 16, [FF_U32] = 0,
};
static const u32 fast_field_mask[] = {
    [FF_NONE] = 0, [FF_U8] = 0xFF, [FF_S8] = 0xFFFFFFFF, [FF_S8W] = 0xFFFF,
    [FF_U16] = 0xFFFF, [FF_S16] = 0xFFFFFFFF, [FF_U32] = 0xFFFFFFFF,
};
static inline __attribute__((always_inline)) u32 fast_memo_field(const u8 *code, unsigned spec)
{
    unsigned kind = spec >> 4, sh = fast_field_shift[kind];
    u32 v = *(const u32_any *)(code + (spec & 15));

    return (u32)((s32)(v << sh) >> sh) & fast_field_mask[kind];
}

/* fast_decode's result for the code at code (in place, at least
 * INSN_MAX_LEN bytes readable; w: its first four) if m, its slot
 * (fast_memo_slot), holds its shape: 1 with e filled as fast_decode fills
 * it, else 0 with e untouched. */
static inline __attribute__((always_inline)) int
fast_memo_decode(const struct fast_memo *m, struct decoded *e, const u8 *code, u32 w, int def32)
{
    u32 lin = (u32)(size_t)code;

    if (w << m->shift != m->key || (u8)m->place != def32 + 1)
        return 0;
    ((u32_any *)&e->f)[0] = ((const u32_any *)m->head)[0];
    ((u32_any *)&e->f)[1] = ((const u32_any *)m->head)[1];
    ((u32_any *)&e->f)[2] = ((const u32_any *)m->head)[2];
    e->f.disp = m->disp ? (s32)fast_memo_field(code, m->disp) : 0;
    e->f.imm = m->imm ? fast_memo_field(code, m->imm) : 0;
    /* dcache_fill_place's work, most of it done when the shape was kept */
    e->lin = lin;
    *(u32_any *)&e->def32 = m->place - 1;
    if ((lin & 4095) > 4092)
        e->cmp_shift = DCACHE_CMP_BYTES;
    for (unsigned i = 0; i < 12; i += 4)    /* the memo keeps len <= 12 */
        *(u32_any *)&e->in.bytes[i] = *(const u32_any *)&code[i];
    return 1;
}

/* Keep in m (the code's slot) the shape of the instruction fast_decode
 * just made of the code at code (e, sh: its results).  Not kept: shapes
 * with a key longer than four bytes, and instructions whose four bytes
 * cross a page (their entry compares byte by byte, which place would not
 * say).  A key of at most four bytes leaves at most eight for the
 * displacement and the immediate: every kept shape is at most twelve
 * bytes long, and its fields start at most INSN_MAX_LEN - 4 bytes in. */
static inline __attribute__((always_inline)) void
fast_memo_learn(struct fast_memo *m, const struct decoded *e, const u8 *code,
                const struct fast_shape *sh)
{
    if (sh->key_len > 4 || (e->lin & 4095) > 4092)
        return;
    m->shift = (u8)(32 - 8 * sh->key_len);
    m->key = *(const u32_any *)code << m->shift;
    m->place = *(const u32_any *)&e->def32 + 1;
    m->disp = sh->disp;
    m->imm = sh->imm;
    ((u32_any *)m->head)[0] = ((const u32_any *)&e->f)[0];
    ((u32_any *)m->head)[1] = ((const u32_any *)&e->f)[1];
    ((u32_any *)m->head)[2] = ((const u32_any *)&e->f)[2];
}

/* head is the form up to disp; place is struct decoded's word after lin
 * (dcache.h asserts its layout). */
BUILD_ASSERT(__builtin_offsetof(struct fast_form, disp) == sizeof(((struct fast_memo *)0)->head));

#endif
