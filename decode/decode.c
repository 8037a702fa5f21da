/*
 * The decoder: prefixes, opcode (via the tables), ModRM/SIB/displacement,
 * immediates.  One pass, no execution knowledge.
 */
#include <vmxassist/decode.h>
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
static u32 fetch(struct cursor *c, unsigned n)
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
    default:   return 0;
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

static void decode_rm(struct cursor *c, struct operand *o, unsigned size)
{
    struct insn *in = c->in;
    unsigned mod = in->modrm >> 6, rm = in->modrm & 7;

    o->size = opnd_bytes(in, size);
    if (mod == 3) {
        o->type = OT_REG;
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
            in->status = in->status == DEC_OK ? DEC_UD : in->status;
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
        if (reg > SEG_GS && in->status == DEC_OK)
            in->status = DEC_UD;
        break;
    case K_C:
        o->type = OT_CREG;
        o->reg = reg;
        /* CR1, CR5-CR7 do not exist. */
        if ((reg == 1 || reg > 4) && in->status == DEC_OK)
            in->status = DEC_UD;
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

void x86_decode(struct insn *in, const u8 *buf, unsigned avail, int def32)
{
    struct cursor c = { buf, avail, 0, in };
    const struct opcode_desc *d;
    u8 b;

    for (unsigned i = 0; i < sizeof(*in); i++)
        ((u8 *)in)[i] = 0;
    in->status = DEC_OK;
    in->seg = SEG_NONE;
    in->opsize = in->addrsize = def32 ? 4 : 2;

    /* Legacy prefixes, any order, any repetition; the last segment
     * override wins. */
    for (;;) {
        b = fetch(&c, 1);
        if (in->status != DEC_OK)
            goto out;
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
        case 0xF2: in->prefixes = (in->prefixes & ~PFX_REP) | PFX_REPNE; continue;
        case 0xF3: in->prefixes = (in->prefixes & ~PFX_REPNE) | PFX_REP; continue;
        default: goto opcode;
        }
        in->prefixes |= PFX_SEG;
    }
opcode:
    if (in->prefixes & PFX_OPSZ)
        in->opsize = def32 ? 2 : 4;
    if (in->prefixes & PFX_ADSZ)
        in->addrsize = def32 ? 2 : 4;

    d = &x86_onebyte[b];
    if (d->flags & D_ESCAPE) {
        in->opcode[0] = 0x0F;
        b = fetch(&c, 1);
        if (in->status != DEC_OK)
            goto out;
        d = &x86_twobyte[b];
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
    if (d->flags & D_GROUP) {
        const struct opcode_desc *g = &x86_groups[d->group][(in->modrm >> 3) & 7];
        in->op = g->op;
        in->flags = (d->flags | g->flags) & ~D_GROUP;
        if (g->opnd[0])
            specs = g->opnd;
    }
    if (d->flags & D_CC)
        in->cc = b & 0x0F;

    for (unsigned i = 0; i < 3 && specs[i]; i++) {
        decode_operand(&c, &in->opnd[i], specs[i], b);
        in->nopnd = i + 1;
    }
    if (in->status != DEC_OK)
        goto out;

    if (in->op == OP_INVALID || in->op == OP_UD)
        in->status = DEC_UD;
    /* MOV Sreg with CS as the destination is #UD. */
    if (in->op == OP_MOV && in->opnd[0].type == OT_SREG && in->opnd[0].reg == SEG_CS)
        in->status = DEC_UD;
    /* LOCK needs a lockable instruction with a memory destination. */
    if ((in->prefixes & PFX_LOCK) && (!(in->flags & D_LOCK) || !is_memory(in)))
        in->status = DEC_UD;

out:
    in->len = c.pos;
}

static const char *const op_names[OP_COUNT] = {
    [OP_INVALID] = "(bad)", [OP_MOV] = "mov", [OP_MOVZX] = "movz",
    [OP_MOVSX] = "movs", [OP_XCHG] = "xchg", [OP_LEA] = "lea", [OP_LSEG] = "lseg",
    [OP_PUSH] = "push", [OP_POP] = "pop", [OP_PUSHA] = "pusha", [OP_POPA] = "popa",
    [OP_ENTER] = "enter", [OP_LEAVE] = "leave", [OP_XLAT] = "xlat", [OP_CBW] = "cbw",
    [OP_CWD] = "cwd", [OP_LAHF] = "lahf", [OP_SAHF] = "sahf", [OP_BSWAP] = "bswap",
    [OP_CMOV] = "cmov", [OP_SETCC] = "set", [OP_XADD] = "xadd",
    [OP_CMPXCHG] = "cmpxchg", [OP_CMPXCHG8B] = "cmpxchg8b",
    [OP_ADD] = "add", [OP_OR] = "or", [OP_ADC] = "adc", [OP_SBB] = "sbb",
    [OP_AND] = "and", [OP_SUB] = "sub", [OP_XOR] = "xor", [OP_CMP] = "cmp",
    [OP_TEST] = "test", [OP_INC] = "inc", [OP_DEC] = "dec", [OP_NEG] = "neg",
    [OP_NOT] = "not", [OP_MUL] = "mul", [OP_IMUL] = "imul", [OP_DIV] = "div",
    [OP_IDIV] = "idiv", [OP_ROL] = "rol", [OP_ROR] = "ror", [OP_RCL] = "rcl",
    [OP_RCR] = "rcr", [OP_SHL] = "shl", [OP_SHR] = "shr", [OP_SAL] = "sal",
    [OP_SAR] = "sar", [OP_SHLD] = "shld", [OP_SHRD] = "shrd", [OP_BT] = "bt",
    [OP_BTS] = "bts", [OP_BTR] = "btr", [OP_BTC] = "btc", [OP_BSF] = "bsf",
    [OP_BSR] = "bsr", [OP_DAA] = "daa", [OP_DAS] = "das", [OP_AAA] = "aaa",
    [OP_AAS] = "aas", [OP_AAM] = "aam", [OP_AAD] = "aad", [OP_SALC] = "salc",
    [OP_MOVS] = "movs", [OP_CMPS] = "cmps", [OP_STOS] = "stos", [OP_LODS] = "lods",
    [OP_SCAS] = "scas", [OP_INS] = "ins", [OP_OUTS] = "outs", [OP_JMP] = "jmp",
    [OP_JMPF] = "ljmp", [OP_CALL] = "call", [OP_CALLF] = "lcall", [OP_RET] = "ret",
    [OP_RETF] = "lret", [OP_JCC] = "j", [OP_LOOP] = "loop", [OP_LOOPE] = "loope",
    [OP_LOOPNE] = "loopne", [OP_JCXZ] = "jcxz", [OP_INT] = "int", [OP_INT1] = "int1",
    [OP_INT3] = "int3", [OP_INTO] = "into", [OP_IRET] = "iret", [OP_BOUND] = "bound",
    [OP_CLC] = "clc", [OP_STC] = "stc", [OP_CMC] = "cmc", [OP_CLD] = "cld",
    [OP_STD] = "std", [OP_CLI] = "cli", [OP_STI] = "sti", [OP_PUSHF] = "pushf",
    [OP_POPF] = "popf", [OP_IN] = "in", [OP_OUT] = "out", [OP_HLT] = "hlt",
    [OP_NOP] = "nop", [OP_WAIT] = "fwait", [OP_CPUID] = "cpuid", [OP_RDTSC] = "rdtsc",
    [OP_RDPMC] = "rdpmc", [OP_RDMSR] = "rdmsr", [OP_WRMSR] = "wrmsr", [OP_RSM] = "rsm",
    [OP_MOV_CR] = "mov", [OP_MOV_DR] = "mov", [OP_LGDT] = "lgdt", [OP_LIDT] = "lidt",
    [OP_SGDT] = "sgdt", [OP_SIDT] = "sidt", [OP_LLDT] = "lldt", [OP_SLDT] = "sldt",
    [OP_LTR] = "ltr", [OP_STR] = "str", [OP_LMSW] = "lmsw", [OP_SMSW] = "smsw",
    [OP_CLTS] = "clts", [OP_INVD] = "invd", [OP_WBINVD] = "wbinvd",
    [OP_INVLPG] = "invlpg", [OP_LAR] = "lar", [OP_LSL] = "lsl", [OP_VERR] = "verr",
    [OP_VERW] = "verw", [OP_ARPL] = "arpl", [OP_UD] = "ud2", [OP_FPU] = "(fpu)",
    [OP_SIMD] = "(simd)",
};

const char *x86_op_name(unsigned op)
{
    if (op < OP_COUNT && op_names[op])
        return op_names[op];
    return "?";
}
