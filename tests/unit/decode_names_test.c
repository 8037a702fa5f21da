/*
 * The decoder with and without DECODE_NO_NAMES (the blob's build, which
 * drops the x87 and SSE mnemonics) must decode alike: everything in struct
 * insn except `name`, which the blob's build leaves NULL.  unit.mk links
 * the blob's build of the decoder here with its global symbols renamed
 * nn_*, beside the host's build with names.
 *
 * Cases: every opcode of the one-byte, 0F, 0F 38 and 0F 3A maps with every
 * ModRM value behind every ordering of any of 66, F2 and F3, then seeded
 * random buffers (plain and prefix/escape-heavy, some cut short), in 16-
 * and 32-bit code.
 *
 *   decode_names_test [SEED [COUNT]]   (COUNT random buffers per kind and mode)
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <vmxassist/decode.h>
#include "test.h"

void nn_x86_decode(struct insn *in, const u8 *buf, unsigned avail, int def32);

/* The fields compared below are all of struct insn but `name`: a field
 * added to the struct changes its size and stops this build until it is
 * compared here too (the size is the x86-64 layout of the fields below). */
_Static_assert(sizeof(struct insn) == 104 && offsetof(struct insn, name) == 96,
               "struct insn changed: compare the new fields in insn_diff()");
_Static_assert(sizeof(struct operand) == 20, "struct operand changed: see opnd_diff()");

#define DIFF(field) do { if (a->field != b->field) return #field; } while (0)

static const char *opnd_diff(const struct operand *a, const struct operand *b)
{
    DIFF(type); DIFF(size); DIFF(reg); DIFF(seg); DIFF(base); DIFF(index);
    DIFF(scale); DIFF(pad); DIFF(disp); DIFF(imm); DIFF(sel);
    return NULL;
}

/* The first field in which the two decodes differ, or NULL. */
static const char *insn_diff(const struct insn *a, const struct insn *b)
{
    static char what[32];
    DIFF(status); DIFF(len); DIFF(opsize); DIFF(addrsize); DIFF(prefixes);
    DIFF(seg); DIFF(op); DIFF(cc); DIFF(flags); DIFF(opcode[0]); DIFF(opcode[1]);
    DIFF(modrm); DIFF(nopnd); DIFF(map); DIFF(mandatory); DIFF(ud_reason);
    DIFF(last_rep);
    for (int i = 0; i < INSN_MAX_LEN; i++)
        if (a->bytes[i] != b->bytes[i]) {
            snprintf(what, sizeof(what), "bytes[%d]", i);
            return what;
        }
    for (int i = 0; i < 3; i++) {
        const char *f = opnd_diff(&a->opnd[i], &b->opnd[i]);
        if (f) {
            snprintf(what, sizeof(what), "opnd[%d].%s", i, f);
            return what;
        }
    }
    return NULL;
}

static unsigned long cases, mismatches, nn_named, host_named, amd_ud, simd_ok, fpu_ok;

/* Decode `buf` both ways and compare; report the first few differences. */
static void compare(const u8 *buf, unsigned avail, int def32)
{
    struct insn h, n;

    x86_decode(&h, buf, avail, def32);
    nn_x86_decode(&n, buf, avail, def32);
    cases++;
    if (n.name)
        nn_named++;
    if (h.name)
        host_named++;
    if (h.status == DEC_UD && h.ud_reason == UDR_AMD)
        amd_ud++;
    if (h.status == DEC_OK && h.op == OP_SIMD)
        simd_ok++;
    if (h.status == DEC_OK && h.op == OP_FPU)
        fpu_ok++;

    const char *f = insn_diff(&h, &n);
    if (!f)
        return;
    if (++mismatches <= 20) {
        printf("mismatch (%d-bit, %u bytes available) in %s:", def32 ? 32 : 16, avail, f);
        for (unsigned i = 0; i < avail; i++)
            printf(" %02x", buf[i]);
        printf("\n");
    }
}

/* xorshift64*: reproducible from the seed on any libc. */
static unsigned long long rng_state;
static unsigned rnd(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return (unsigned)((rng_state * 0x2545F4914F6CDD1DULL) >> 32);
}

/* Every opcode of the four maps, every ModRM, every prefix ordering. */
static void sweep(int def32)
{
    static const u8 escape[4][2] = { { 0 }, { 0x0F }, { 0x0F, 0x38 }, { 0x0F, 0x3A } };
    static const u8 escape_len[4] = { 0, 1, 2, 2 };
    static const u8 pfx[3] = { 0x66, 0xF2, 0xF3 };
    /* The orderings of every subset of { 66, F2, F3 }: 1 + 3 + 6 + 6. */
    static const char *const orders[] = { "", "0", "1", "2", "01", "10", "02", "20",
                                          "12", "21", "012", "021", "102", "120",
                                          "201", "210" };
    const unsigned long before = mismatches;

    for (unsigned map = 0; map < 4; map++)
        for (unsigned o = 0; o < sizeof(orders) / sizeof(orders[0]); o++)
            for (unsigned op = 0; op < 256; op++)
                for (unsigned modrm = 0; modrm < 256; modrm++) {
                    u8 buf[INSN_MAX_LEN];
                    unsigned n = 0;
                    for (const char *p = orders[o]; *p; p++)
                        buf[n++] = pfx[*p - '0'];
                    memcpy(buf + n, escape[map], escape_len[map]);
                    n += escape_len[map];
                    buf[n++] = op;
                    buf[n++] = modrm;
                    /* SIB, displacement and immediate: random */
                    while (n < INSN_MAX_LEN)
                        buf[n++] = rnd();
                    compare(buf, INSN_MAX_LEN, def32);
                }
    CHECK(mismatches == before, "%lu mismatches in the %d-bit opcode sweep",
          mismatches - before, def32 ? 32 : 16);
}

/* Random buffers; `heavy` draws half the bytes from the prefixes, the
 * escapes and the x87 range so that the SSE and x87 tables are reached
 * behind prefixes often. */
static void random_buffers(unsigned long count, int heavy, int def32)
{
    static const u8 pool[] = { 0x66, 0xF2, 0xF3, 0xF0, 0x67, 0x2E, 0x26, 0x64,
                               0x0F, 0x0F, 0x0F, 0x38, 0x3A, 0xD8, 0xD9, 0xDA,
                               0xDB, 0xDC, 0xDD, 0xDE, 0xDF };
    const unsigned long before = mismatches;

    for (unsigned long i = 0; i < count; i++) {
        u8 buf[INSN_MAX_LEN];
        for (unsigned j = 0; j < INSN_MAX_LEN; j++) {
            unsigned r = rnd();
            buf[j] = heavy && (r & 1) ? pool[(r >> 8) % sizeof(pool)] : (u8)(r >> 16);
        }
        /* one in eight cut short: the fetch faults must agree too */
        unsigned r = rnd();
        unsigned avail = (r & 7) ? INSN_MAX_LEN : (r >> 8) % INSN_MAX_LEN;
        compare(buf, avail, def32);
    }
    CHECK(mismatches == before, "%lu mismatches in %lu %s random buffers (%d-bit)",
          mismatches - before, count, heavy ? "prefix-heavy" : "plain", def32 ? 32 : 16);
}

int main(int argc, char **argv)
{
    unsigned long long seed = argc > 1 ? strtoull(argv[1], NULL, 0) : 20261206;
    unsigned long count = argc > 2 ? strtoul(argv[2], NULL, 0) : 150000;

    printf("seed %llu, %lu random buffers per kind and mode\n", seed, count);
    rng_state = seed ? seed : 1;
    for (int def32 = 0; def32 <= 1; def32++) {
        sweep(def32);
        random_buffers(count, 0, def32);
        random_buffers(count, 1, def32);
    }
    printf("%lu cases: %lu SSE/MMX and %lu x87 decoded, %lu AMD-only #UD, "
           "%lu named by the host build\n", cases, simd_ok, fpu_ok, amd_ud, host_named);

    /* The two builds differ as intended: the blob's names nothing. */
    CHECK(nn_named == 0, "the DECODE_NO_NAMES build set a name %lu times", nn_named);
    CHECK(host_named > 0, "the host build named nothing: is it the same build twice?");
    /* The cases reach what the switch changes. */
    CHECK(simd_ok > 0 && fpu_ok > 0 && amd_ud > 0,
          "SSE %lu, x87 %lu, AMD-only %lu", simd_ok, fpu_ok, amd_ud);
    return test_summary("decode_names_test");
}
