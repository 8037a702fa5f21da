/*
 * AT&T rendering of a decoded instruction, in the style of GNU objdump, so
 * that the assist's trace lines and vmxa-decode read like a disassembly:
 * prefixes the instruction does not consume are named (lock, rep, data16,
 * cs, ...), a size suffix is added where no register operand gives the
 * size, operands come source first, numbers are hex.  Freestanding: it is
 * linked into the blob.
 */
#include <vmxassist/decode.h>
#include "tables.h"

struct out {
    char *buf;
    unsigned size, len;
};

static void put(struct out *o, char c)
{
    if (o->len + 1 < o->size)
        o->buf[o->len] = c;
    o->len++;
}

static void puts_(struct out *o, const char *s)
{
    while (*s)
        put(o, *s++);
}

static void put_hex(struct out *o, u32 v)
{
    char tmp[8];
    unsigned n = 0;
    puts_(o, "0x");
    do {
        tmp[n++] = "0123456789abcdef"[v & 15];
        v >>= 4;
    } while (v);
    while (n)
        put(o, tmp[--n]);
}

static const char reg_names[] = "axcxdxbxspbpsidi";
static const char byte_names[] = "alcldlblahchdhbh";
static const char seg_names[] = "escsssdsfsgs";
static const char cc_names[] = "o\0\0no\0b\0\0ae\0e\0\0ne\0be\0a\0\0s\0\0ns\0p\0\0np\0l\0\0ge\0le\0g\0";

static void put2(struct out *o, const char *table, unsigned i)
{
    put(o, table[2 * i]);
    put(o, table[2 * i + 1]);
}

static void put_gpr(struct out *o, unsigned reg, unsigned size)
{
    put(o, '%');
    if (size == 1) {
        put2(o, byte_names, reg & 7);
        return;
    }
    if (size == 4)
        put(o, 'e');
    put2(o, reg_names, reg & 7);
}

/* Register files named by a prefix and a number. */
static const char *const numbered_regs[] = {
    [OT_CREG] = "%cr", [OT_DREG] = "%db", [OT_XMM] = "%xmm", [OT_MMX] = "%mm",
};

static void put_reg(struct out *o, const char *prefix, unsigned n)
{
    puts_(o, prefix);
    put(o, '0' + n);
}

static int is_branch_indirect(const struct insn *in)
{
    return (in->op == OP_CALL || in->op == OP_JMP || in->op == OP_CALLF ||
            in->op == OP_JMPF) && in->opnd[0].type != OT_REL && in->opnd[0].type != OT_FAR;
}
/* DS on a near indirect CALL/JMP is CET's NOTRACK. */
static int is_notrack(const struct insn *in)
{
    return (in->op == OP_CALL || in->op == OP_JMP) && is_branch_indirect(in) &&
           in->seg == SEG_DS;
}

/* disp(base,index,scale) with an optional segment; `explicit_disp` says
 * the encoding carried a displacement (objdump prints "0x0(%eax)"). */
static void put_mem(struct out *o, const struct insn *in, const struct operand *m,
                    int explicit_disp)
{
    unsigned asz = in->addrsize;
    if (in->seg != SEG_NONE && !is_notrack(in)) {
        put(o, '%');
        put2(o, seg_names, in->seg);
        put(o, ':');
    }
    /* a SIB byte whose index is 100b: objdump shows it as %eiz, except
     * for a plain (%esp) */
    int def32 = (asz == 4) != !!(in->prefixes & PFX_ADSZ);
    int sib = asz == 4 && (in->modrm & 7) == 4 && (in->flags & D_MODRM) &&
              m->index == REG_NONE && (def32 || m->scale != 1);
    int eiz = sib && !(m->base == REG_SP && m->scale == 1);
    if (m->base == REG_NONE && m->index == REG_NONE && !eiz) {
        put_hex(o, asz == 2 ? (u32)m->disp & 0xFFFF : (u32)m->disp);
        return;
    }
    if (explicit_disp || m->disp) {
        u32 d = (u32)m->disp;
        if (m->disp < 0) {          /* unsigned negation: -0x80000000 too */
            put(o, '-');
            d = 0u - d;
        }
        put_hex(o, d);
    }
    put(o, '(');
    if (m->base != REG_NONE)
        put_gpr(o, m->base, asz);
    if (eiz) {
        puts_(o, ",%eiz,");
        put(o, '0' + m->scale);
    }
    if (m->index != REG_NONE) {
        put(o, ',');
        put_gpr(o, m->index, asz);
        if (asz == 4) {             /* only a SIB byte has a scale */
            put(o, ',');
            put(o, '0' + m->scale);
        }
    }
    put(o, ')');
}



/* DX as the port of IN/OUT/INS/OUTS, which objdump writes "(%dx)". */
static int is_port_dx(const struct insn *in, const struct operand *x)
{
    return (in->flags & D_IO) && x->type == OT_REG && x->size == 2 && x->reg == REG_DX;
}

static void put_operand(struct out *o, const struct insn *in, const struct operand *x,
                        u32 eip)
{
    if (is_branch_indirect(in))
        put(o, '*');
    switch (x->type) {
    case OT_REG:
        if (is_port_dx(in, x)) {
            puts_(o, "(%dx)");
            break;
        }
        put_gpr(o, x->reg, x->size ? x->size : in->opsize);
        break;
    case OT_SREG:
        put(o, '%');
        put2(o, seg_names, x->reg);
        break;
    case OT_CREG: case OT_DREG: case OT_XMM: case OT_MMX:
        put_reg(o, numbered_regs[x->type], x->reg);
        break;
    case OT_ST:                     /* implicit st(0) is "%st" */
        puts_(o, "%st");
        if (x->size) {
            put(o, '(');
            put(o, '0' + x->reg);
            put(o, ')');
        }
        break;
    case OT_IMM:
        put(o, '$');
        put_hex(o, x->imm);
        break;
    case OT_REL: {
        u32 t = eip + in->len + x->imm;
        put_hex(o, in->opsize == 2 ? t & 0xFFFF : t);
        break;
    }
    case OT_FAR:
        put(o, '$');
        put_hex(o, x->sel);
        puts_(o, ",$");
        put_hex(o, x->imm);
        break;
    case OT_MEM: {
        unsigned mod = in->modrm >> 6;
        int from_modrm = (in->flags & D_MODRM) && mod != 3;
        if (in->flags & D_STRING || in->op == OP_XLAT) {
            /* string operands always name their segment */
            put(o, '%');
            put2(o, seg_names, x->seg);
            put(o, ':');
            put(o, '(');
            put_gpr(o, x->base, in->addrsize);
            put(o, ')');
            break;
        }
        put_mem(o, in, x, from_modrm && (mod == 1 || mod == 2));
        break;
    }
    default:
        break;
    }
}

/* Operations whose size objdump spells with a suffix when no register
 * operand shows it. */
static int takes_suffix(const struct insn *in)
{
    if (in->name || (in->flags & D_SIMD))
        return 0;
    switch (in->op) {
    case OP_LEA: case OP_LSEG: case OP_BOUND: case OP_ENTER: case OP_INT:
    case OP_JCC: case OP_LOOP: case OP_LOOPE: case OP_LOOPNE: case OP_JCXZ:
    case OP_SETCC: case OP_ARPL: case OP_LAR: case OP_LSL: case OP_VERR:
    case OP_VERW: case OP_LLDT: case OP_LTR: case OP_SLDT: case OP_STR:
    case OP_SMSW: case OP_LMSW: case OP_INVLPG: case OP_JMPF: case OP_CALLF:
    case OP_AAM: case OP_AAD: case OP_CMPXCHG8B: case OP_NOP:
        return 0;
    default:
        return in->op < OP_UD || in->op == OP_MOVNTI;
    }
}

static char size_suffix(unsigned size)
{
    return size == 1 ? 'b' : size == 2 ? 'w' : size == 4 ? 'l' : 0;
}

/* CS/DS on a conditional branch are static prediction hints. */
static int is_hint(const struct insn *in)
{
    return (in->op == OP_JCC || in->op == OP_JCXZ || in->op == OP_LOOP ||
            in->op == OP_LOOPE || in->op == OP_LOOPNE) &&
           (in->seg == SEG_CS || in->seg == SEG_DS);
}

static void put_hint(struct out *o, const struct insn *in)
{
    if (is_hint(in))
        puts_(o, in->seg == SEG_CS ? ",pn" : ",pt");
}

/* The mnemonic, with condition code and size suffixes. */
static void put_mnemonic(struct out *o, const struct insn *in)
{
    const char *name = in->name ? in->name : x86_op_name(in->op);
    unsigned osz = in->opsize, def = in->opsize;
    int has_reg = 0;
    const struct operand *sized = NULL;

    for (unsigned i = 0; i < in->nopnd; i++) {
        const struct operand *x = &in->opnd[i];
        if (x->type == OT_REG && !is_port_dx(in, x))
            has_reg = 1;
        if (!sized && (x->type == OT_MEM || x->type == OT_IMM))
            sized = x;
    }
    switch (in->op) {
    case OP_NOP:
        if (in->opcode[0] == 0 && in->last_rep == 0xF3) {
            puts_(o, "pause");
            return;
        }
        if (in->opcode[0] == 0 && (in->prefixes & PFX_OPSZ)) {
            puts_(o, "xchg");
            return;
        }
        break;
    case OP_LSEG:                   /* les, lds, lss, lfs, lgs */
        put(o, 'l');
        put2(o, seg_names, in->opnd[2].reg);
        return;
    case OP_CBW:
        puts_(o, osz == 2 ? "cbtw" : "cwtl");
        return;
    case OP_CWD:
        puts_(o, osz == 2 ? "cwtd" : "cltd");
        return;
    case OP_MOVZX: case OP_MOVSX:
        puts_(o, name);
        put(o, size_suffix(in->opnd[1].size));
        put(o, size_suffix(in->opnd[0].size));
        return;
    case OP_JCXZ:
        puts_(o, in->addrsize == 2 ? "jcxz" : "jecxz");
        put_hint(o, in);
        return;
    case OP_LOOP: case OP_LOOPE: case OP_LOOPNE:
        puts_(o, name);
        if (in->prefixes & PFX_ADSZ)    /* the counter's size */
            put(o, size_suffix(in->addrsize));
        put_hint(o, in);
        return;
    case OP_JCC: case OP_SETCC: case OP_CMOV:
        puts_(o, name);
        puts_(o, cc_names + 3 * in->cc);
        if (in->op == OP_JCC)
            put_hint(o, in);
        return;
    case OP_MOVS: case OP_CMPS: case OP_STOS: case OP_LODS: case OP_SCAS:
    case OP_INS: case OP_OUTS:
        puts_(o, name);
        if (!has_reg)
            put(o, size_suffix(in->opnd[in->opnd[0].type == OT_MEM ? 0 : 1].size));
        return;
    case OP_LGDT: case OP_LIDT: case OP_SGDT: case OP_SIDT:
    case OP_PUSHA: case OP_POPA: case OP_PUSHF: case OP_POPF: case OP_IRET:
        puts_(o, name);
        if (in->prefixes & PFX_OPSZ)
            put(o, size_suffix(osz));
        return;
    case OP_RET: case OP_RETF: case OP_CALL: case OP_JMP:
        puts_(o, name);
        if ((in->prefixes & PFX_OPSZ) && !has_reg)
            put(o, size_suffix(def));
        return;
    default:
        break;
    }
    puts_(o, name);
    if (!has_reg && sized && takes_suffix(in)) {
        char c = size_suffix(sized->size);
        if (c)
            put(o, c);
    }
}

/* Prefix words for the prefixes the instruction does not use. */
static void put_prefixes(struct out *o, const struct insn *in)
{
    int mem = in->op == OP_XLAT;
    for (unsigned i = 0; i < in->nopnd; i++)
        if (in->opnd[i].type == OT_MEM && in->opnd[i].base != REG_DI)
            mem = 1;
    if (in->prefixes & PFX_LOCK)
        puts_(o, "lock ");
    if (is_notrack(in))
        puts_(o, "notrack ");
    if (in->last_rep && in->mandatory != in->last_rep) {
        if (in->op == OP_CMPS || in->op == OP_SCAS)
            puts_(o, in->last_rep == 0xF3 ? "repz " : "repnz ");
        else
            puts_(o, in->last_rep == 0xF3 ? "rep " : "repnz ");
    }
    if (in->seg != SEG_NONE && !mem && !is_hint(in)) {
        put2(o, seg_names, in->seg);
        put(o, ' ');
    }
    if ((in->prefixes & PFX_OPSZ) && in->mandatory != 0x66 && in->nopnd == 0 &&
        !(in->op >= OP_PUSHA && in->op <= OP_POPA) && in->op != OP_CBW &&
        in->op != OP_CWD && in->op != OP_PUSHF && in->op != OP_POPF &&
        in->op != OP_IRET && in->op != OP_RET && in->op != OP_RETF && in->op != OP_NOP)
        puts_(o, "data16 ");
}

int x86_render(const struct insn *in, u32 eip, char *buf, unsigned size)
{
    struct out o = { buf, size, 0 };

    if (in->status != DEC_OK && in->ud_reason != UDR_UDN && in->ud_reason != UDR_LOCK &&
        in->ud_reason != UDR_MODE) {
        puts_(&o, "(bad)");
    } else {
        put_prefixes(&o, in);
        put_mnemonic(&o, in);
        if (in->nopnd) {            /* objdump's "%-6s " */
            while (o.len < 6)
                put(&o, ' ');
            put(&o, ' ');
        }
        unsigned n = in->op == OP_LSEG ? 2 : in->nopnd;   /* the segment is the name */
        /* AT&T: sources first.  ENTER and BOUND keep their Intel order; a
         * shift by the constant 1 does not show it. */
        unsigned first = 1;
        if (in->op == OP_XLAT) {
            puts_(&o, "   %");
            put2(&o, seg_names, in->seg == SEG_NONE ? SEG_DS : in->seg);
            puts_(&o, ":(");
            put_gpr(&o, REG_BX, in->addrsize);
            put(&o, ')');
        }
        if (in->op == OP_MONITOR || in->op == OP_MWAIT) {
            puts_(&o, " ");
            if (in->op == OP_MONITOR) {     /* the address register: rAX */
                put_gpr(&o, REG_AX, in->addrsize);
                put(&o, ',');
            }
            puts_(&o, in->op == OP_MONITOR ? "%ecx,%edx" : "%eax,%ecx");
        }
        if (in->op == OP_NOP && in->opcode[0] == 0 && (in->prefixes & PFX_OPSZ) &&
            in->last_rep != 0xF3) {
            puts_(&o, "   ");
            put_gpr(&o, REG_AX, in->opsize);
            put(&o, ',');
            put_gpr(&o, REG_AX, in->opsize);
        }
        for (unsigned k = 0; k < n; k++) {
            int intel = in->op == OP_ENTER || in->op == OP_BOUND;
            unsigned i = intel ? k : n - 1 - k;
            const struct operand *x = &in->opnd[i];
            if (x->type == OT_IMM && x->size == 1 && x->imm == 1 && i == 1 &&
                in->opcode[0] == 0 && (in->opcode[1] & 0xFC) == 0xD0)
                continue;
            if (!first)
                put(&o, ',');
            first = 0;
            put_operand(&o, in, x, eip);
        }
    }
    if (size)
        buf[o.len < size ? o.len : size - 1] = 0;
    return (int)o.len;
}
