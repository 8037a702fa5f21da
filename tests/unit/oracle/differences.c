/*
 * The documented deliberate differences between the decoder and objdump
 * (decode/DIFFERENCES, same order): each class is a predicate over our
 * decoding, the case's bytes and objdump's line.  A mismatch no class
 * claims fails the test.  Where objdump decodes something we call #UD for
 * a reason that does not change the length, the lengths must still agree.
 */
#include <string.h>
#include "oracle.h"

/* The opcode bytes after the legacy prefixes. */
static const unsigned char *opcode_bytes(const struct tcase *c)
{
    unsigned i = 0;
    while (i < c->n && memchr("\x26\x2e\x36\x3e\x64\x65\x66\x67\xf0\xf2\xf3", c->bytes[i], 11))
        i++;
    return c->bytes + (i < c->n ? i : c->n - 1);
}

static int objdump_named(const struct dump *d, const char *name)
{
    char m[64];
    return !strcmp(mnemonic_of(d->text, m, sizeof(m)), name);
}

const char *difference_class(const struct insn *in, const struct tcase *c,
                             const struct dump *d, enum verdict v)
{
    const unsigned char *op = opcode_bytes(c);
    int ours_ud = in->status == DEC_UD, same_len = in->len == d->len;

    if (v == V_DIFF_VALID && ours_ud && !d->invalid) {
        switch (in->ud_reason) {
        case UDR_LOCK:
            if (same_len)
                return "LOCK rules";
            break;
        case UDR_UDN:
            if (same_len)
                return "UD0/UD1/UD2 are #UD";
            break;
        case UDR_MODE:
            if (same_len)
                return "64-bit-only (SYSCALL...)";
            break;
        case UDR_AMD:
            return "AMD-only encodings";
        case UDR_CREG:
            if (same_len)
                return "CR1, CR5-CR7";
            break;
        case UDR_SREG:
            if (same_len)
                return "Sreg 6/7, MOV to CS";
            break;
        case UDR_OPCODE:
            if (op[0] == 0x0F && (op[1] == 0x24 || op[1] == 0x26) && same_len)
                return "MOV TRn (486 only)";
            break;
        default:
            break;
        }
    }
    /* SALC: undocumented, executed by every Intel CPU; objdump: (bad). */
    if (v == V_DIFF_VALID && op[0] == 0xD6 && in->op == OP_SALC)
        return "SALC";
    /* 0F 1A/1B: MPX, removed from Intel CPUs, where they are hint NOPs. */
    if (op[0] == 0x0F && (op[1] == 0x1A || op[1] == 0x1B) && in->op == OP_NOP)
        return "MPX space as hint NOPs";
    /* 9B before an x87 instruction: objdump prints one instruction (fstcw
     * for 9B D9 /7); the CPU runs two (WAIT, then FNSTCW). */
    if (in->op == OP_WAIT && op[0] == 0x9B && (d->len > 1 || d->invalid))
        return "FWAIT merged by objdump";
    /* Exactly 15 bytes with 14 prefixes is a valid instruction; objdump
     * prints at most 14 prefixes per line. */
    if (v == V_DIFF_VALID && in->status == DEC_OK && in->len == 15 && d->len == 14 &&
        prefix_only(d->text))
        return "objdump: at most 14 prefixes";
    /* C4/C5 (and 62, 8F) with a register ModRM: VEX/EVEX/XOP prefixes.
     * The assist never runs AVX code (#UD in real mode and VM86). */
    if (v == V_DIFF_VALID && ours_ud && (op[0] == 0xC4 || op[0] == 0xC5 || op[0] == 0x62 ||
                                         op[0] == 0x8F))
        return "VEX/EVEX/XOP not decoded";
    (void)objdump_named;
    return NULL;
}
