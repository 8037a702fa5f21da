/* WRITE_CR0 exits: decode `mov %reg,%cr0` (0F 22 /r), `lmsw` (0F 01 /6,
 * register or memory) and `clts` (0F 06), compute the new CR0 the way the
 * CPU would, then apply it: in assist mode through the world-switch logic,
 * in native mode straight into the VMCB. */
#include "exits.h"
#include "boot_info.h"
#include "world_switch.h"
#include "insn.h"
#include "vcpu.h"
#include "vmcb.h"
#include "cpu.h"
#include "counters.h"
#include "guest_memory.h"

#define GP_VECTOR 13
#define EVENTINJ_VALID      (1u << 31)
#define EVENTINJ_ERR_VALID  (1u << 11)
#define EVENTINJ_EXCEPTION  (3u << 8)

static void inject_gp0(struct vcpu *v)
{
    vmcb_write64(v->vmcb, VMCB_EVENTINJ,
                 EVENTINJ_VALID | EVENTINJ_ERR_VALID | EVENTINJ_EXCEPTION | GP_VECTOR);
}

/* The source register of `mov %reg,%cr0`: in 64-bit code REX.B selects
 * R8-R15 (Linux writes CR0 from whatever register its compiler chose). */
static u32 cr0_source(const struct vcpu *v, const struct insn_cursor *c, unsigned rm)
{
    if (c->rex & 1)
        return (u32)v->gprs.r8_r15[rm];
    return vcpu_gpr(v, rm);
}

/* Returns the new CR0 and sets *len to the instruction length. */
static u32 decode_cr0_write(struct vcpu *v, u32 *len, int *is_clts)
{
    struct insn_cursor c;
    struct modrm m;
    u32 new_cr0 = v->vcr0;
    u8 op;

    *is_clts = 0;
    insn_begin(&c, v);
    if (insn_byte(&c) != 0x0F)
        goto unknown;
    op = insn_byte(&c);
    if (op == 0x22) {
        u8 b = insn_byte(&c);               /* mod is ignored: always a register */
        if (((b >> 3) & 7) != 0)
            goto unknown;
        new_cr0 = cr0_source(v, &c, b & 7);
    } else if (op == 0x01) {
        u16 msw;
        insn_modrm(&c, &m);
        if (m.reg != 6)
            goto unknown;
        if (m.mod == 3)
            msw = (u16)cr0_source(v, &c, m.rm);
        else if (c.long64)
            goto unknown;               /* 64-bit addressing is not decoded */
        else if (!linear_read(v, modrm_linear(v, &m), &msw, 2))
            vcpu_fail(v, "lmsw: cannot read its memory operand at %x", modrm_linear(v, &m));
        /* LMSW loads PE, MP, EM, TS only, and cannot clear PE. */
        new_cr0 = (v->vcr0 & ~0xFu) | (msw & 0xFu) | (v->vcr0 & CR0_PE);
    } else if (op == 0x06) {
        new_cr0 = v->vcr0 & ~CR0_TS;
        *is_clts = 1;
    } else {
        goto unknown;
    }
    if (c.fault)
        goto unknown;
    *len = c.len;
    return new_cr0 | CR0_ET;
unknown:
    vcpu_fail(v, "WRITE_CR0 exit on an instruction hvmhost cannot decode");
}

void handle_cr0_write(struct vcpu *v, const struct options *o)
{
    u32 len, new_cr0;
    int is_clts;

    counters.cr0_writes++;
    new_cr0 = decode_cr0_write(v, &len, &is_clts);
    if ((new_cr0 & CR0_PG) && !(new_cr0 & CR0_PE)) {
        inject_gp0(v);
        return;
    }
    vmcb_write64(v->vmcb, VMCB_RIP, vmcb_read64(v->vmcb, VMCB_RIP) + len);
    if (o->native) {
        vcpu_set_cr0(v, new_cr0, new_cr0);     /* real mode runs natively */
        return;
    }
    assist_cr0_written(v, new_cr0, is_clts, o->verbose);
}
