/* Prefixes, ModRM, SIB and displacements (Intel SDM vol. 2, chapter 2). */
#include "insn.h"
#include "vcpu.h"
#include "cpu.h"
#include "guest_memory.h"

#define MAX_INSN_LEN 15

/* Bytes are fetched up to the end of the page in one read (one page walk);
 * an instruction that crosses into the next page fetches the rest then. */
static void fetch_more(struct insn_cursor *c)
{
    u64 at = c->linear + c->avail;
    u32 n = 0x1000 - (at & 0xFFF);

    if (n > MAX_INSN_LEN - c->avail)
        n = MAX_INSN_LEN - c->avail;
    if (!linear_read(c->v, at, c->bytes + c->avail, n))
        return;
    c->avail += n;
}

u8 insn_byte(struct insn_cursor *c)
{
    if (c->len >= c->avail && c->len < MAX_INSN_LEN)
        fetch_more(c);
    if (c->len >= c->avail) {
        c->fault = 1;
        c->len++;
        return 0;
    }
    return c->bytes[c->len++];
}

/* Code runs with 16-bit defaults in real mode, VM86 and 16-bit segments.
 * What counts is the mode the CPU really runs in (the VMCB CR0), not the
 * virtual CR0: in the assist world those differ in PE. */
static int default_32bit(const struct vcpu *v)
{
    u32 eflags = (u32)vmcb_read64(v->vmcb, VMCB_RFLAGS);
    if (!(vmcb_read64(v->vmcb, VMCB_CR0) & CR0_PE) || (eflags & EFLAGS_VM))
        return 0;
    return (vmcb_seg(v->vmcb, SEG_CS)->attrib & SVM_ATTR_DB) != 0;
}

/* 64-bit code: long mode active and CS.L (a 64-bit kernel's CR0 writes). */
static int in_64bit_code(const struct vcpu *v)
{
    return (vmcb_read64(v->vmcb, VMCB_EFER) & EFER_LMA) &&
           (vmcb_seg(v->vmcb, SEG_CS)->attrib & SVM_ATTR_L);
}

void insn_begin(struct insn_cursor *c, const struct vcpu *v)
{
    c->v = v;
    c->long64 = in_64bit_code(v);
    c->linear = c->long64 ? vmcb_read64(v->vmcb, VMCB_RIP)
                          : (u32)vmcb_seg(v->vmcb, SEG_CS)->base + (u32)vmcb_read64(v->vmcb, VMCB_RIP);
    c->len = 0;
    c->avail = 0;
    c->addr32 = default_32bit(v);
    c->seg_override = -1;
    c->fault = 0;
    c->rex = 0;
    for (;;) {
        u8 b = insn_byte(c);
        if (c->long64 && (b & 0xF0) == 0x40) {
            c->rex = b;         /* REX comes last: the opcode follows */
            return;
        }
        switch (b) {
        case 0x26: c->seg_override = SEG_ES; break;
        case 0x2E: c->seg_override = SEG_CS; break;
        case 0x36: c->seg_override = SEG_SS; break;
        case 0x3E: c->seg_override = SEG_DS; break;
        case 0x64: c->seg_override = SEG_FS; break;
        case 0x65: c->seg_override = SEG_GS; break;
        case 0x67: c->addr32 = !c->addr32; break;
        case 0x66: case 0xF0: case 0xF2: case 0xF3: break;
        default:
            c->len--;           /* not a prefix: unread it */
            return;
        }
        if (c->fault)
            return;
    }
}

static u32 disp(struct insn_cursor *c, unsigned bytes)
{
    u32 v = 0;
    for (unsigned i = 0; i < bytes; i++)
        v |= (u32)insn_byte(c) << (8 * i);
    if (bytes == 1)
        v = (u32)(s32)(s8)v;
    else if (bytes == 2 && !c->addr32)
        v = (u32)(s32)(s16)v;
    return v;
}

static void modrm16(struct insn_cursor *c, struct modrm *m)
{
    static const s8 base_reg[8] = { 3, 3, 5, 5, -1, -1, 5, 3 };  /* BX BX BP BP - - BP BX */
    static const s8 index_reg[8] = { 6, 7, 6, 7, 6, 7, -1, -1 }; /* SI DI SI DI SI DI */
    const struct vcpu *v = c->v;
    u32 ea = 0;

    m->seg = SEG_DS;
    if (m->mod == 0 && m->rm == 6) {
        ea = disp(c, 2);
    } else {
        if (base_reg[m->rm] >= 0)
            ea += vcpu_gpr(v, (unsigned)base_reg[m->rm]);
        if (index_reg[m->rm] >= 0)
            ea += vcpu_gpr(v, (unsigned)index_reg[m->rm]);
        if (base_reg[m->rm] == 5)
            m->seg = SEG_SS;
        ea += disp(c, m->mod == 1 ? 1 : m->mod == 2 ? 2 : 0);
    }
    m->ea = ea & 0xFFFF;
}

static void modrm32(struct insn_cursor *c, struct modrm *m)
{
    const struct vcpu *v = c->v;
    unsigned base = m->rm;
    u32 ea = 0;

    m->seg = SEG_DS;
    if (m->rm == 4) {
        u8 sib = insn_byte(c);
        unsigned scale = sib >> 6, index = (sib >> 3) & 7;
        base = sib & 7;
        if (index != 4)
            ea += vcpu_gpr(v, index) << scale;
    }
    if (m->mod == 0 && base == 5) {
        ea += disp(c, 4);
    } else {
        ea += vcpu_gpr(v, base);
        if (base == 4 || base == 5)
            m->seg = SEG_SS;
    }
    ea += disp(c, m->mod == 1 ? 1 : m->mod == 2 ? 4 : 0);
    m->ea = ea;
}

void insn_modrm(struct insn_cursor *c, struct modrm *m)
{
    u8 b = insn_byte(c);

    m->mod = b >> 6;
    m->reg = (b >> 3) & 7;
    m->rm = b & 7;
    m->ea = 0;
    m->seg = SEG_DS;
    if (m->mod == 3)
        return;
    if (c->addr32)
        modrm32(c, m);
    else
        modrm16(c, m);
    if (c->seg_override >= 0)
        m->seg = (enum vmcb_seg)c->seg_override;
}

u32 modrm_linear(const struct vcpu *v, const struct modrm *m)
{
    return (u32)vmcb_seg(v->vmcb, m->seg)->base + m->ea;
}
