/*
 * The decoder: prefixes, opcode (via the tables), ModRM/SIB/displacement,
 * immediates.  One pass, no execution knowledge.  Every byte goes through
 * fetch(), which is the only place that reads the caller's buffer.
 */
#include <vmxassist/decode.h>
#include <vmxassist/string.h>
#include "tables.h"

struct cursor {
    const u8 *buf;
    unsigned avail;
    unsigned pos;
    struct insn *in;
};

/* Fetch `n` little-endian bytes; flags DEC_FETCH instead of reading past
 * the buffer and DEC_GP past 15 bytes (whichever the CPU would see first:
 * the length limit is checked as the bytes are consumed). */
/* The slow path of fetch(): the bytes run out or the 15-byte limit is hit
 * somewhere in these `n` bytes. */
static u32 fetch_slow(struct cursor *c, unsigned n)
{
    u32 v = 0;
    for (unsigned i = 0; i < n; i++) {
        if (c->pos >= INSN_MAX_LEN) {
            if (c->in->status == DEC_OK)
                c->in->status = DEC_GP;
            return v;
        }
        if (c->pos >= c->avail) {
            if (c->in->status == DEC_OK)
                c->in->status = DEC_FETCH;
            return v;
        }
        u8 b = c->buf[c->pos];
        c->in->bytes[c->pos++] = b;
        v |= (u32)b << (8 * i);
    }
    return v;
}

/* Fetch `n` little-endian bytes; flags DEC_FETCH instead of reading past
 * the buffer and DEC_GP past 15 bytes.  Inline: it runs for every byte of
 * every emulated instruction. */
static inline __attribute__((always_inline)) u32 fetch(struct cursor *c, unsigned n)
{
    unsigned pos = c->pos;
    if (__builtin_expect(pos + n > c->avail || pos + n > INSN_MAX_LEN, 0))
        return fetch_slow(c, n);
    u32 v = 0;
    for (unsigned i = 0; i < n; i++) {
        u8 b = c->buf[pos + i];
        c->in->bytes[pos + i] = b;
        v |= (u32)b << (8 * i);
    }
    c->pos = pos + n;
    return v;
}

static s32 sext(u32 v, unsigned bytes)
{
    if (bytes == 1)
        return (s8)v;
    if (bytes == 2)
        return (s16)v;
    return (s32)v;
}

/* Size of an operand in bytes from its table size code. */
static u8 opnd_bytes(const struct insn *in, unsigned size)
{
    switch (size) {
    case SZ_B: return 1;
    case SZ_W: return 2;
    case SZ_D: return 4;
    case SZ_Q: return 8;
    case SZ_V: return in->opsize;
    case SZ_P: return in->opsize + 2;
    case SZ_S: return 6;
    case SZ_X: return 16;
    case SZ_T: return 10;
    case SZ_E: return in->opsize == 2 ? 14 : 28;
    case SZ_RVMW: return (in->modrm >> 6) == 3 ? in->opsize : 2;
    default:   return 0;
    }
}

/* Record the first reason an instruction is #UD; fetch faults win. */
static void set_ud(struct insn *in, unsigned why)
{
    if (in->status == DEC_OK) {
        in->status = DEC_UD;
        in->ud_reason = why;
    }
}

/* ModRM memory operand, 16-bit addressing. */
static void modrm_mem16(struct cursor *c, struct operand *o, unsigned mod, unsigned rm)
{
    static const u8 base16[8] = { REG_BX, REG_BX, REG_BP, REG_BP,
                                  REG_SI, REG_DI, REG_BP, REG_BX };
    /* rm 4/5 are SI/DI alone: base only. */
    static const u8 index16[8] = { REG_SI, REG_DI, REG_SI, REG_DI,
                                   REG_NONE, REG_NONE, REG_NONE, REG_NONE };
    o->base = base16[rm];
    o->index = index16[rm];
    if (mod == 0 && rm == 6) {
        o->base = REG_NONE;
        o->disp = sext(fetch(c, 2), 2);
    } else if (mod == 1) {
        o->disp = sext(fetch(c, 1), 1);
    } else if (mod == 2) {
        o->disp = sext(fetch(c, 2), 2);
    }
}
/* ModRM memory operand, 32-bit addressing (with SIB). */
static void modrm_mem32(struct cursor *c, struct operand *o, unsigned mod, unsigned rm)
{
    o->base = rm;
    if (rm == 4) {
        u8 sib = fetch(c, 1);
        unsigned idx = (sib >> 3) & 7;
        o->scale = 1u << (sib >> 6);
        o->index = idx == 4 ? REG_NONE : idx;
        o->base = sib & 7;
        if (o->base == REG_BP && mod == 0) {
            o->base = REG_NONE;
            o->disp = sext(fetch(c, 4), 4);
        }
    } else if (rm == 5 && mod == 0) {
        o->base = REG_NONE;
        o->disp = sext(fetch(c, 4), 4);
    }
    if (mod == 1)
        o->disp = sext(fetch(c, 1), 1);
    else if (mod == 2)
        o->disp = sext(fetch(c, 4), 4);
}

/* The effective segment: an override, else SS for BP/EBP/ESP bases, else DS. */
static u8 mem_segment(const struct insn *in, const struct operand *o)
{
    if (in->seg != SEG_NONE)
        return in->seg;
    if (o->base == REG_BP || o->base == REG_SP)
        return SEG_SS;
    return SEG_DS;
}

/* The r/m operand; a register of type `regtype` when mod is 3. */
static void decode_rm_as(struct cursor *c, struct operand *o, unsigned size, unsigned regtype)
{
    struct insn *in = c->in;
    unsigned mod = in->modrm >> 6, rm = in->modrm & 7;

    o->size = opnd_bytes(in, size);
    if (mod == 3) {
        o->type = regtype;
        o->reg = rm;
        return;
    }
    o->type = OT_MEM;
    o->scale = 1;
    o->index = REG_NONE;
    if (in->addrsize == 2)
        modrm_mem16(c, o, mod, rm);
    else
        modrm_mem32(c, o, mod, rm);
    o->seg = mem_segment(in, o);
}

static void decode_rm(struct cursor *c, struct operand *o, unsigned size)
{
    decode_rm_as(c, o, size, OT_REG);
}

static void decode_operand(struct cursor *c, struct operand *o, u16 spec, u8 opcode)
{
    struct insn *in = c->in;
    unsigned kind = OPND_KIND(spec), size = OPND_SIZE(spec);
    unsigned reg = (in->modrm >> 3) & 7;

    o->size = opnd_bytes(in, size);
    switch (kind) {
    case K_E:
        decode_rm(c, o, size);
        break;
    case K_M:
        if ((in->modrm >> 6) == 3)
            set_ud(in, UDR_MOD);
        decode_rm(c, o, size);
        break;
    case K_R:
        o->type = OT_REG;
        o->reg = in->modrm & 7;
        break;
    case K_G:
        o->type = OT_REG;
        o->reg = reg;
        break;
    case K_S:
        /* Only ES..GS exist; MOV to CS is #UD (checked by the caller). */
        o->type = OT_SREG;
        o->reg = reg;
        if (reg > SEG_GS)
            set_ud(in, UDR_SREG);
        break;
    case K_C:
        o->type = OT_CREG;
        o->reg = reg;
        /* CR1, CR5-CR7 do not exist. */
        if (reg == 1 || reg > 4)
            set_ud(in, UDR_CREG);
        break;
    case K_D:
        o->type = OT_DREG;
        o->reg = reg;
        break;
    case K_Z:
        o->type = OT_REG;
        o->reg = opcode & 7;
        break;
    case K_ACC:
        o->type = OT_REG;
        o->reg = REG_AX;
        break;
    case K_DX:
        o->type = OT_REG;
        o->reg = REG_DX;
        o->size = 2;
        break;
    case K_CL:
        o->type = OT_REG;
        o->reg = REG_CX;
        o->size = 1;
        break;
    case K_ONE:
        o->type = OT_IMM;
        o->imm = 1;
        break;
    case K_I:
        o->type = OT_IMM;
        o->imm = fetch(c, o->size);
        break;
    case K_IS:
        o->type = OT_IMM;
        o->imm = (u32)sext(fetch(c, 1), 1);
        if (o->size == 2)
            o->imm &= 0xFFFF;
        break;
    case K_I8:
        o->type = OT_IMM;
        o->imm = fetch(c, 1);
        o->size = 1;
        break;
    case K_I16:
        o->type = OT_IMM;
        o->imm = fetch(c, 2);
        o->size = 2;
        break;
    case K_J:
    case K_JB: {
        unsigned n = kind == K_JB ? 1 : in->opsize;
        s32 d = sext(fetch(c, n), n);
        o->type = OT_REL;
        o->imm = (u32)d; /* relative to the next instruction's address */
        break;
    }
    case K_A:
        o->type = OT_FAR;
        o->imm = fetch(c, in->opsize);
        o->sel = fetch(c, 2);
        break;
    case K_O:
        o->type = OT_MEM;
        o->base = o->index = REG_NONE;
        o->scale = 1;
        o->disp = (s32)fetch(c, in->addrsize);
        o->seg = in->seg != SEG_NONE ? in->seg : SEG_DS;
        break;
    case K_X:
        o->type = OT_MEM;
        o->base = REG_SI;
        o->index = REG_NONE;
        o->scale = 1;
        o->seg = in->seg != SEG_NONE ? in->seg : SEG_DS;
        break;
    case K_Y:
        o->type = OT_MEM;
        o->base = REG_DI;
        o->index = REG_NONE;
        o->scale = 1;
        o->seg = SEG_ES;
        break;
    case K_SEG:
        o->type = OT_SREG;
        o->reg = size;
        o->size = 2;
        break;
    default:
        o->type = OT_NONE;
        break;
    }
}

static int is_memory(const struct insn *in)
{
    return in->nopnd && in->opnd[0].type == OT_MEM;
}

/* The mandatory-prefix column: the last of F3/F2, else 66, else none. */
static unsigned prefix_column(const struct insn *in)
{
    if (in->last_rep == 0xF3)
        return PFX_COL_F3;
    if (in->last_rep == 0xF2)
        return PFX_COL_F2;
    return (in->prefixes & PFX_OPSZ) ? PFX_COL_66 : PFX_COL_NONE;
}

static const u8 column_prefix[4] = { 0, 0x66, 0xF3, 0xF2 };

/* Pick the mandatory-prefix variant of a prefix table (see groups.c). */
static const struct opcode_desc *pick_prefix(struct insn *in, const struct opcode_desc *row,
                                             int def32)
{
    unsigned col = prefix_column(in);
    if (col == PFX_COL_66 && (row[1].flags & D_PREFIX))
        return &row[1];               /* 66 is the operand size here */
    in->mandatory = column_prefix[col];
    if (col == PFX_COL_66)            /* part of the opcode, not a size */
        in->opsize = def32 ? 4 : 2;
    return &row[col];
}

/* Follow group, mod, rm and prefix tables to the final entry; flags and
 * operands accumulate along the way (an entry without operands keeps the
 * ones it was reached with). */
static const struct opcode_desc *resolve(struct insn *in, const struct opcode_desc *d,
                                         const u16 **specs, int def32)
{
    unsigned mod = in->modrm >> 6, reg = (in->modrm >> 3) & 7, rm = in->modrm & 7;

    for (;;) {
        const struct opcode_desc *next;
        switch (ext_of(d)) {
        case EXT_GROUP: next = &x86_groups[d->group][reg]; break;
        case EXT_MOD:   next = &x86_modsplit[d->group][mod == 3]; break;
        case EXT_RM:    next = &x86_rmtab[d->group][rm]; break;
        case EXT_PFX:   next = pick_prefix(in, x86_pfxtab[d->group], def32); break;
        default:        return d;
        }
        in->flags |= next->flags;
        if (next->opnd[0])
            *specs = next->opnd;
        in->op = next->op;
        d = next;
    }
}

/* Operands of an SSE/MMX entry from its packed form (see tables.h). */
static void decode_simd(struct cursor *c, const struct simd_desc *s)
{
    static const u8 regtype[4] = { OT_XMM, OT_MMX, OT_REG, OT_NONE };
    static const u8 regsize[4] = { 16, 8, 4, 0 };
    struct insn *in = c->in;
    unsigned col = prefix_column(in), mod = in->modrm >> 6;

    in->mandatory = column_prefix[col];
#ifdef DECODE_NO_NAMES
    if (!(s->cols & SIMD_COL_VALID(col))) {
        set_ud(in, UDR_OPCODE);
        return;
    }
    if (s->cols & SIMD_COL_AMD(col)) {   /* AMD-only variant */
        set_ud(in, UDR_AMD);
        return;
    }
#else
    in->name = simd_name(s, col);
    if (!in->name) {
        set_ud(in, UDR_OPCODE);
        return;
    }
    if (in->name[0] == '!') {        /* AMD-only variant */
        in->name++;
        set_ud(in, UDR_AMD);
        return;
    }
#endif
    u8 f = s->form[col];
    unsigned rc = SF_REGCLASS(f), mc = SF_RMCLASS(f);
    struct operand r = { 0 }, m = { 0 };
    r.type = regtype[rc];
    r.size = regsize[rc];
    r.reg = (in->modrm >> 3) & 7;
    decode_rm_as(c, &m, SZ_NONE, regtype[mc]);
    m.size = regsize[mc];
    if (((f & SF_MEM) && mod == 3) || ((f & SF_REGONLY) && mod != 3))
        set_ud(in, UDR_MOD);

    struct operand *o = in->opnd;
    if (f & SF_STORE) {
        *o++ = m;
        if (rc != SC_N)
            *o++ = r;
    } else {
        if (rc != SC_N)
            *o++ = r;
        if (mc != SC_N)
            *o++ = m;
    }
    if (f & SF_IMM) {
        o->type = OT_IMM;
        o->size = 1;
        o->imm = fetch(c, 1);
        o++;
    }
    in->nopnd = o - in->opnd;
}

/* Operands of an x87 escape. */
static void decode_x87(struct cursor *c, u8 opcode)
{
    struct insn *in = c->in;
    const struct x87_form *f = x87_lookup(opcode, in->modrm);
    struct operand *o = in->opnd;

    if ((in->modrm >> 6) != 3) {     /* the displacement belongs to it anyway */
        decode_rm(c, o, f ? f->size : SZ_NONE);
        in->nopnd = 1;
    }
    if (!f) {
        set_ud(in, UDR_OPCODE);
        return;
    }
#ifndef DECODE_NO_NAMES
    in->name = f->name;
#endif
    switch (f->shape) {
    /* The explicit st(i) has size 10; the implicit st(0) size 0. */
    case X87_STI:
        o[0].type = OT_ST;
        o[0].reg = in->modrm & 7;
        o[0].size = 10;
        in->nopnd = 1;
        break;
    case X87_ST_STI:
    case X87_STI_ST:
        o[0].type = o[1].type = OT_ST;
        o[f->shape == X87_ST_STI].reg = in->modrm & 7;
        o[f->shape == X87_ST_STI].size = 10;
        in->nopnd = 2;
        break;
    case X87_AX:
        o[0].type = OT_REG;
        o[0].reg = REG_AX;
        o[0].size = 2;
        in->nopnd = 1;
        break;
    default:
        break;
    }
}

/* Legacy prefixes, any order, any repetition; the last segment override
 * wins, and so does the last of F2/F3.  Returns the first opcode byte. */
static u8 prefixes(struct cursor *c)
{
    struct insn *in = c->in;
    for (;;) {
        u8 b = fetch(c, 1);
        if (in->status != DEC_OK)
            return 0;
        switch (b) {
        case 0x26: in->seg = SEG_ES; break;
        case 0x2E: in->seg = SEG_CS; break;
        case 0x36: in->seg = SEG_SS; break;
        case 0x3E: in->seg = SEG_DS; break;
        case 0x64: in->seg = SEG_FS; break;
        case 0x65: in->seg = SEG_GS; break;
        case 0x66: in->prefixes |= PFX_OPSZ; continue;
        case 0x67: in->prefixes |= PFX_ADSZ; continue;
        case 0xF0: in->prefixes |= PFX_LOCK; continue;
        case 0xF2:
            in->prefixes = (in->prefixes & ~PFX_REP) | PFX_REPNE;
            in->last_rep = b;
            continue;
        case 0xF3:
            in->prefixes = (in->prefixes & ~PFX_REPNE) | PFX_REP;
            in->last_rep = b;
            continue;
        default:
            return b;
        }
        in->prefixes |= PFX_SEG;
    }
}

/* Validity rules that need the whole instruction. */
static void check_rules(struct insn *in, const struct opcode_desc *d)
{
    if (in->op == OP_INVALID)
        set_ud(in, d->group && !d->flags ? d->group : UDR_OPCODE);
    if (in->flags & D_UDN)
        set_ud(in, UDR_UDN);
    if (in->flags & D_INV16_32)
        set_ud(in, UDR_MODE);
    /* MOV Sreg with CS as the destination is #UD. */
    if (in->op == OP_MOV && in->opnd[0].type == OT_SREG && in->opnd[0].reg == SEG_CS)
        set_ud(in, UDR_SREG);
    /* LOCK needs a lockable instruction with a memory destination. */
    if ((in->prefixes & PFX_LOCK) && (!(in->flags & D_LOCK) || !is_memory(in)))
        set_ud(in, UDR_LOCK);
}

void x86_decode(struct insn *in, const u8 *buf, unsigned avail, int def32)
{
    struct cursor c = { buf, avail, 0, in };
    const struct opcode_desc *d;
    u8 b;

    memset(in, 0, sizeof(*in));
    in->name = NULL;
    in->status = DEC_OK;
    in->seg = SEG_NONE;
    in->opsize = in->addrsize = def32 ? 4 : 2;

    b = prefixes(&c);
    if (in->status != DEC_OK)
        goto out;
    if (in->prefixes & PFX_OPSZ)
        in->opsize = def32 ? 2 : 4;
    if (in->prefixes & PFX_ADSZ)
        in->addrsize = def32 ? 2 : 4;

    d = &x86_onebyte[b];
    in->map = MAP_ONE;
    if (d->flags & D_ESCAPE) {
        in->opcode[0] = 0x0F;
        in->map = MAP_0F;
        b = fetch(&c, 1);
        if (in->status != DEC_OK)
            goto out;
        d = &x86_twobyte[b];
    }
    if (ext_of(d) == EXT_0F38 || ext_of(d) == EXT_0F3A) {
        const struct simd_desc *s;
        int is38 = ext_of(d) == EXT_0F38;
        in->map = is38 ? MAP_0F38 : MAP_0F3A;
        b = fetch(&c, 1);
        in->opcode[1] = b;
        in->modrm = fetch(&c, 1);
        if (in->status != DEC_OK)
            goto out;
        in->op = OP_SIMD;
        in->flags = D_MODRM | D_SIMD;
        u8 idx = is38 ? x86_0f38_refine(b, x86_0f38_index[b], in->modrm) : x86_0f3a_refine(b, x86_0f3a_index[b], in->modrm);
        if (!idx) {
            set_ud(in, UDR_OPCODE);
            goto out;
        }
        s = is38 ? &x86_simd_0f38[idx] : &x86_simd_0f3a[idx];
        decode_simd(&c, s);
        goto rules;
    }
    in->opcode[1] = b;
    if (d->flags & D_MODRM) {
        in->modrm = fetch(&c, 1);
        if (in->status != DEC_OK)
            goto out;
    }

    in->flags = d->flags;
    in->op = d->op;
    const u16 *specs = d->opnd;
    d = resolve(in, d, &specs, def32);
    in->flags &= ~(D_GROUP | D_PREFIX);
    if (in->flags & D_CC)
        in->cc = b & 0x0F;

    if (d->op == OP_SIMD) {
        decode_simd(&c, &x86_simd_0f[d->group]);
    } else if (d->op == OP_FPU) {
        decode_x87(&c, b);
    } else if (d->op != OP_INVALID) {
        for (unsigned i = 0; i < 3 && specs[i]; i++) {
            decode_operand(&c, &in->opnd[i], specs[i], b);
            in->nopnd = i + 1;
        }
    }
rules:
    check_rules(in, d);
out:
    in->len = c.pos;
}
