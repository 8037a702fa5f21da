/* Just enough x86 instruction decoding for the CR0-write and CPUID exits:
 * there is no decode assist under QEMU (EXITINFO1 = 0, no next RIP), so
 * the host reads the instruction bytes at CS.base+RIP itself. */
#ifndef HVMHOST_INSN_H
#define HVMHOST_INSN_H

#include <vmxassist/types.h>
#include "vmcb.h"

struct vcpu;

struct insn_cursor {
    const struct vcpu *v;
    u64 linear;             /* CS.base + RIP of the first byte */
    u32 len;                /* bytes consumed so far */
    u32 avail;              /* bytes fetched into `bytes` */
    u8 bytes[15];
    int addr32;             /* address size after prefixes */
    int long64;             /* 64-bit code (long mode, CS.L) */
    u8 rex;                 /* the REX prefix in 64-bit code, else 0 */
    int seg_override;       /* enum vmcb_seg, or -1 */
    int fault;              /* a byte could not be read */
};

struct modrm {
    unsigned mod, reg, rm;
    /* For a memory operand (mod != 3): */
    enum vmcb_seg seg;
    u32 ea;
};

/* Where the guest's next instruction is: CS.base + RIP, or RIP alone in
 * 64-bit code (CS.base does not apply there). */
u64 insn_code_linear(const struct vcpu *v);
int insn_code_is_64bit(const struct vcpu *v);
/* Start at the guest's CS:EIP and consume the legacy prefixes (and in
 * 64-bit code a REX prefix). */
void insn_begin(struct insn_cursor *c, const struct vcpu *v);
u8 insn_byte(struct insn_cursor *c);
/* Decode a ModRM byte with its SIB/displacement in 16- or 32-bit
 * addressing, computing the effective address from the guest's GPRs. */
void insn_modrm(struct insn_cursor *c, struct modrm *m);
/* The linear address of a memory operand. */
u32 modrm_linear(const struct vcpu *v, const struct modrm *m);

#endif
