/* The oracle's cases.  Exhaustive part: map (one-byte, 0F, 0F 38, 0F 3A) x
 * opcode x ModRM x prefix variant; then seeded random strings.  Every case
 * is a pure function of its index, so it can be regenerated instead of
 * stored. */
#include "oracle.h"

static const unsigned char variants[] = { 0, 0x66, 0x67, 0xF2, 0xF3, 0xF0, 0x26 };
#define NVARIANTS (sizeof(variants))
#define EXHAUSTIVE (4ul * 256 * 256 * NVARIANTS)

static const unsigned char prefix_bytes[] = { 0x26, 0x2E, 0x36, 0x3E, 0x64, 0x65,
                                              0x66, 0x67, 0xF0, 0xF2, 0xF3 };

/* splitmix64: small, seedable, good enough to spread bytes. */
static uint64_t mix(uint64_t x)
{
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

unsigned long case_count(unsigned long nrandom)
{
    return EXHAUSTIVE + nrandom;
}

void case_make(struct tcase *c, int def32, unsigned long k, unsigned long nrandom)
{
    uint64_t r = mix(k * 2 + (unsigned)def32 + 0x5EED);
    unsigned n = 0;
    (void)nrandom;

    if (k < EXHAUSTIVE) {
        unsigned v = k % NVARIANTS, modrm = (k / NVARIANTS) & 0xFF;
        unsigned op = (k / NVARIANTS / 256) & 0xFF, map = k / NVARIANTS / 65536;
        if (variants[v])
            c->bytes[n++] = variants[v];
        if (map)
            c->bytes[n++] = 0x0F;
        if (map == 2)
            c->bytes[n++] = 0x38;
        if (map == 3)
            c->bytes[n++] = 0x3A;
        c->bytes[n++] = (unsigned char)op;
        c->bytes[n++] = (unsigned char)modrm;
    } else {
        /* A quarter start with a run of prefixes (sometimes a long one, to
         * reach the 15-byte limit); the rest is uniform. */
        unsigned npfx = (r & 3) == 0 ? 1 + ((r >> 2) & 3) : 0;
        if ((r & 0xFF) == 0x40)
            npfx = 10 + ((r >> 8) & 7);
        for (unsigned i = 0; i < npfx && n < CASE_BYTES; i++) {
            r = mix(r);
            c->bytes[n++] = prefix_bytes[r % sizeof(prefix_bytes)];
        }
    }
    while (n < CASE_BYTES) {
        r = mix(r);
        for (unsigned i = 0; i < 8 && n < CASE_BYTES; i++)
            c->bytes[n++] = (unsigned char)(r >> (8 * i));
    }
    c->n = n;
}
