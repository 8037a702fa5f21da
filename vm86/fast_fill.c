/*
 * The fast lane's form of an instruction (include/vmxassist/fastform.h)
 * from the full decoder's struct insn: for entries emulate.c decodes in
 * full.
 */
#include <vmxassist/string.h>
#include "fast_parts.h"

#define SLOT(r) (u8)__builtin_offsetof(struct trap_frame, r)
const u8 fast_gpr_slot[8] = { SLOT(eax), SLOT(ecx), SLOT(edx), SLOT(ebx),
                              SLOT(esp), SLOT(ebp), SLOT(esi), SLOT(edi) };
const u8 fast_byte_slot[8] = { SLOT(eax), SLOT(ecx), SLOT(edx), SLOT(ebx),
                               SLOT(eax) + 1, SLOT(ecx) + 1, SLOT(edx) + 1, SLOT(ebx) + 1 };
#undef SLOT

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
    lane = fast_data_lane(in->op);
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
            f->roff[i] = fast_reg_slot(o->reg, o->size);
        } else if (o->type == OT_IMM) {
            f->roff[i] = FAST_IMM;
            f->imm = o->imm;
        } else {
            f->roff[i] = FAST_MEM;
            f->seg = o->seg;
            f->base = fast_addr_slot(o->base);
            f->index = fast_addr_slot(o->index);
            f->scale = o->scale;
            f->disp = o->disp;
        }
    }
    f->how = fast_how(in->op, in->addrsize == 2);
    if (f->lane != FAST_MOV)
        f->alu = (u8)alu_index(in->op, f->size);
}
