/*
 * fast_decode (vm86/fast_decode.c) against the full decoder: for every
 * byte string it takes, the fast lane's form it makes must equal, field
 * for field, fast_fill's form of x86_decode's result, and its length and
 * bytes must be the instruction's.  The full decoder is itself checked
 * against GNU objdump (decode-oracle), so this chains fast_decode to that
 * oracle.  And it must take every instruction of the lane it is meant to
 * take (prefixes 66/67/segment, at most four; no LOCK/REP): a decoder that
 * declined everything would pass the first check alone.
 *
 * Cases: every lane opcode with every ModRM byte, with and without 66/67,
 * in 16- and 32-bit code, then seeded random strings biased towards the
 * lane's opcodes and prefixes.
 */
#include <stdlib.h>
#include <string.h>
#include <vmxassist/decode.h>
#include <vmxassist/vcpu.h>
#include "../../vm86/fast_memo.h"
#include "test.h"

static unsigned long cases, taken, lane_cases, memo_hits, memo_variants;
static unsigned taken_by_lane[6];

static u32 rng = 12345;
static u32 rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 17;
    rng ^= rng << 5;
    return rng;
}

/* The instructions fast_decode is meant to take: no prefixes but 66, 67
 * and segment overrides, at most four of them. */
static int meant_for_it(const u8 *b)
{
    unsigned n = 0;
    for (;; n++) {
        switch (b[n]) {
        case 0x26: case 0x2E: case 0x36: case 0x3E: case 0x64: case 0x65:
        case 0x66: case 0x67:
            continue;
        case 0xF0: case 0xF2: case 0xF3:
            return 0;
        }
        return n <= 4;
    }
}

/* The shape memo (vm86/fast_memo.h), used as emulate_run uses it: every
 * case asks it first, then fast_decode learns.  A hit must be exactly what
 * fast_decode makes of the same bytes. */
static struct fast_memo memo[FAST_MEMO_ENTRIES];

static int same_entry(const struct decoded *a, const struct decoded *b)
{
    return a->lin == b->lin && a->def32 == b->def32 && a->len == b->len && a->full == b->full &&
           a->cmp_shift == b->cmp_shift && !memcmp(&a->f, &b->f, sizeof(a->f)) &&
           !memcmp(a->in.bytes, b->in.bytes, a->len);
}

static void memo_check(const u8 *code, int def32, const char *hex, const char *what)
{
    static struct decoded hit, fast;
    static struct fast_memo scratch;    /* fast_decode keeps the shape here */

    memset(&hit, 0x5A, sizeof(hit));
    u32 w = *(const u32_any *)code;
    if (!fast_memo_decode(fast_memo_slot(memo, w), &hit, code, w, def32))
        return;
    memo_hits++;
    memset(&fast, 0xA5, sizeof(fast));
    CHECK(fast_decode(&fast, code, def32, &scratch) && same_entry(&hit, &fast),
          "the memo's %s form differs from fast_decode's in %d-bit code: %s (len %u/%u "
          "lane %u/%u disp %x/%x imm %x/%x)", what, def32 ? 32 : 16, hex, hit.len, fast.len,
          hit.f.lane, fast.f.lane, (unsigned)hit.f.disp, (unsigned)fast.f.disp, hit.f.imm,
          fast.f.imm);
}

static void one(const u8 *code, int def32)
{
    static struct decoded full, fast;
    char hex[64];
    unsigned n;

    memset(&full, 0, sizeof(full));
    x86_decode(&full.in, code, INSN_MAX_LEN, def32);
    full.len = full.in.len;
    fast_fill(&full);

    cases++;
    for (n = 0; n < 15; n++)
        sprintf(hex + 3 * n, "%02x ", code[n]);
    memo_check(code, def32, hex, "kept");

    memset(&fast, 0xA5, sizeof(fast));      /* fields it forgets show */
    int ok = fast_decode(&fast, code, def32, fast_memo_slot(memo, *(const u32_any *)code));
    if (full.f.lane)
        lane_cases++;
    if (!ok) {
        CHECK(!full.f.lane || !meant_for_it(code),
              "declined a lane instruction (lane %u) in %d-bit code: %s", full.f.lane,
              def32 ? 32 : 16, hex);
        return;
    }
    taken++;
    taken_by_lane[fast.f.lane < 6 ? fast.f.lane : 0]++;
    CHECK(full.in.status == DEC_OK && full.f.lane,
          "took what is not a lane instruction (status %u op %u) in %d-bit code: %s",
          full.in.status, full.in.op, def32 ? 32 : 16, hex);
    CHECK(fast.len == full.in.len, "length %u, full decoder %u in %d-bit code: %s", fast.len,
          full.in.len, def32 ? 32 : 16, hex);
    CHECK(!memcmp(&fast.f, &full.f, sizeof(fast.f)),
          "form differs in %d-bit code: %s (lane %u/%u size %u/%u roff %02x,%02x/%02x,%02x "
          "how %u/%u alu %u/%u cc %u/%u seg %u/%u base %u/%u index %u/%u scale %u/%u "
          "disp %x/%x imm %x/%x)",
          def32 ? 32 : 16, hex, fast.f.lane, full.f.lane, fast.f.size, full.f.size,
          fast.f.roff[0], fast.f.roff[1], full.f.roff[0], full.f.roff[1], fast.f.how,
          full.f.how, fast.f.alu, full.f.alu, fast.f.cc, full.f.cc, fast.f.seg, full.f.seg,
          fast.f.base, full.f.base, fast.f.index, full.f.index, fast.f.scale, full.f.scale,
          (unsigned)fast.f.disp, (unsigned)full.f.disp, fast.f.imm, full.f.imm);
    CHECK(fast.len <= INSN_MAX_LEN && !memcmp(fast.in.bytes, code, fast.len),
          "bytes not kept in %d-bit code: %s", def32 ? 32 : 16, hex);

    /* What the memo just learnt must hold for the same first bytes with
     * anything after them: the bytes from k on changed, k = 1..4 (a key
     * is at most four bytes; where it is longer than k, the memo must
     * miss or still be right). */
    for (unsigned k = 1; k <= 4; k++) {
        u8 variant[INSN_MAX_LEN + 1];
        memcpy(variant, code, sizeof(variant));
        for (unsigned i = k; i < sizeof(variant); i++)
            variant[i] = (u8)rnd();
        for (n = 0; n < 15; n++)
            sprintf(hex + 3 * n, "%02x ", variant[n]);
        memo_variants++;
        memo_check(variant, def32, hex, "varied");
    }
}

/* One-byte opcodes of the lane (0F 80-8F come with 0x0F first). */
static const u8 lane_opcodes[] = {
    0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x08, 0x09, 0x0A, 0x0B, 0x0C, 0x0D,
    0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x18, 0x19, 0x1A, 0x1B, 0x1C, 0x1D,
    0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x28, 0x29, 0x2A, 0x2B, 0x2C, 0x2D,
    0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x38, 0x39, 0x3A, 0x3B, 0x3C, 0x3D,
    0x40, 0x43, 0x44, 0x47, 0x48, 0x4D, 0x4F, 0x70, 0x75, 0x7F,
    0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x88, 0x89, 0x8A, 0x8B,
    0xA0, 0xA1, 0xA2, 0xA3, 0xA8, 0xA9, 0xB0, 0xB4, 0xB7, 0xB8, 0xBC, 0xBF,
    0xC6, 0xC7, 0xE9, 0xEB, 0xF6, 0xF7, 0xFE, 0xFF,
    /* neighbours it must decline or get right */
    0x0F, 0x86, 0x87, 0x8C, 0x8D, 0x8E, 0x8F, 0xA4, 0xC0, 0xC1, 0xD0, 0xE8, 0xEA,
};
static const u8 prefix_pool[] = { 0x26, 0x2E, 0x36, 0x3E, 0x64, 0x65, 0x66, 0x67,
                                  0x66, 0x67, 0xF0, 0xF2, 0xF3 };

int main(int argc, char **argv)
{
    u8 code[INSN_MAX_LEN + 1];
    unsigned long random_cases = argc > 1 ? strtoul(argv[1], NULL, 0) : 3000000;

    /* Every lane opcode x every ModRM, plain and with 66/67, both sizes. */
    for (unsigned i = 0; i < sizeof(lane_opcodes); i++) {
        for (unsigned m = 0; m < 256; m++) {
            for (unsigned pfx = 0; pfx < 4; pfx++) {
                for (int def32 = 0; def32 < 2; def32++) {
                    unsigned n = 0;
                    if (pfx & 1)
                        code[n++] = 0x66;
                    if (pfx & 2)
                        code[n++] = 0x67;
                    code[n++] = lane_opcodes[i];
                    if (lane_opcodes[i] == 0x0F)
                        code[n++] = 0x80 + (m & 15);
                    code[n++] = (u8)m;
                    while (n < sizeof(code))
                        code[n++] = (u8)rnd();
                    one(code, def32);
                }
            }
        }
    }
    /* Seeded random strings. */
    for (unsigned long c = 0; c < random_cases; c++) {
        unsigned n = 0, npfx = rnd() % 8;
        npfx = npfx < 4 ? 0 : npfx - 3;      /* half without prefixes; up to 4... */
        if (rnd() % 16 == 0)
            npfx += 2;                        /* ...and sometimes too many */
        for (unsigned k = 0; k < npfx && n < 8; k++)
            code[n++] = prefix_pool[rnd() % sizeof(prefix_pool)];
        if (rnd() % 4)
            code[n++] = lane_opcodes[rnd() % sizeof(lane_opcodes)];
        while (n < sizeof(code))
            code[n++] = (u8)rnd();
        one(code, (int)(rnd() & 1));
    }
    printf("fast-decode: %lu cases, %lu of the lane by the full decoder, %lu taken "
           "(MOV %u, ALU2 %u, ALU1 %u, Jcc %u, JMP %u); %lu memo hits (%lu varied bytes)\n",
           cases, lane_cases, taken, taken_by_lane[FAST_MOV], taken_by_lane[FAST_ALU2],
           taken_by_lane[FAST_ALU1], taken_by_lane[FAST_JCC], taken_by_lane[FAST_JMP],
           memo_hits, memo_variants);
    /* Every lane must have been taken, a fair share of the lane's cases. */
    for (unsigned l = FAST_MOV; l <= FAST_JMP; l++)
        CHECK(taken_by_lane[l] > 1000, "lane %u taken only %u times", l, taken_by_lane[l]);
    CHECK(taken * 10 >= lane_cases * 8, "took %lu of %lu lane instructions", taken, lane_cases);
    /* The memo must serve: the varied copies share their first bytes with
     * what was just learnt, so most of them hit. */
    CHECK(memo_hits * 2 >= taken, "the memo gave %lu forms for %lu taken", memo_hits, taken);
    /* bench_emulate.S's "new shape" pairs must share a slot, or its
     * figures would be memo hits (bytes little-endian: the first in the
     * low byte). */
    static const u32 pairs[][2] = {
        { 0xD889, 0xFD89 },             /* mov %bx,%ax; mov %di,%bp */
        { 0x01C083, 0x01E583 },         /* add $1,%ax; and $1,%bp */
        { 0x048B, 0x00578B },           /* mov (%si),%ax; mov 0(%bx),%dx */
        { 0x0589, 0x007D89 },           /* mov %ax,(%di); mov %di,0(%di) */
        { 0x0501, 0x007D01 },           /* add %ax,(%di); add %di,0(%di) */
    };
    for (unsigned i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++)
        CHECK(fast_memo_slot(memo, pairs[i][0]) == fast_memo_slot(memo, pairs[i][1]),
              "bench pair %u (%06x, %06x) does not share a memo slot", i, pairs[i][0],
              pairs[i][1]);
    return test_summary("fast-decode");
}
