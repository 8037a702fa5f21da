/*
 * libFuzzer target for the decoder, the renderer and the fast lane's
 * form of a full decode (fast_fill).  The input is copied
 * into a buffer of exactly its size, so AddressSanitizer reports any read
 * past the end; the invariants below turn silent mistakes into crashes.
 */
#include <stdlib.h>
#include <string.h>
#include <vmxassist/decode.h>
#include <vmxassist/vcpu.h>
#include <vmxassist/fastform.h>

#define REQUIRE(cond) do { if (!(cond)) abort(); } while (0)

static void one(const unsigned char *buf, unsigned n, int def32)
{
    struct insn in;
    char big[256], small[8];

    x86_decode(&in, buf, n, def32);
    REQUIRE(in.status <= DEC_FETCH);
    REQUIRE(in.len <= INSN_MAX_LEN && in.len <= n);
    REQUIRE(in.nopnd <= 3);
    REQUIRE(in.opsize == 2 || in.opsize == 4);
    REQUIRE(in.addrsize == 2 || in.addrsize == 4);
    REQUIRE(memcmp(in.bytes, buf, in.len) == 0);
    if (in.status == DEC_OK)
        REQUIRE(in.op != OP_INVALID && in.op < OP_COUNT && in.len > 0);
    if (in.status == DEC_UD)
        REQUIRE(in.ud_reason != UDR_NONE);
    if (in.status == DEC_GP)
        REQUIRE(in.len == INSN_MAX_LEN);

    /* A complete instruction decodes the same with more bytes after it.
     * (A #UD one may have stopped early: how far the CPU reads an invalid
     * instruction is not architectural.) */
    if (in.status == DEC_OK && n < 64) {
        unsigned char more[64];
        struct insn again;
        memcpy(more, buf, n);
        memset(more + n, 0xCC, sizeof(more) - n);
        x86_decode(&again, more, sizeof(more), def32);
        REQUIRE(again.status == in.status && again.len == in.len && again.op == in.op);
    }

    /* Rendering: NUL-terminated inside the buffer, truncation consistent. */
    int need = x86_render(&in, 0x1000, big, sizeof(big));
    REQUIRE(need >= 0 && (unsigned)need < sizeof(big) && strlen(big) == (size_t)need);
    int need2 = x86_render(&in, 0x1000, small, sizeof(small));
    REQUIRE(need2 == need && strlen(small) == (need < 8 ? (size_t)need : 7));
    REQUIRE(strncmp(small, big, strlen(small)) == 0);
}

/* fast_fill (vm86/fast_fill.c) on the full decode of exactly
 * INSN_MAX_LEN bytes, as fetch_decode runs it on every instruction it
 * decodes in place: a lane form only for a complete decode, of a lane
 * that exists, and no read past the bytes (AddressSanitizer). */
static void fast_one(const unsigned char *data, int def32)
{
    static struct decoded full;
    unsigned char *code = malloc(INSN_MAX_LEN);

    if (!code)
        return;
    memcpy(code, data, INSN_MAX_LEN);
    memset(&full, 0, sizeof(full));
    x86_decode(&full.in, code, INSN_MAX_LEN, def32);
    full.len = full.in.len;
    fast_fill(&full);
    if (full.f.lane)
        REQUIRE(full.in.status == DEC_OK && full.f.lane <= FAST_JMP && full.f.size <= 4);
    free(code);
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    if (size >= INSN_MAX_LEN) {
        fast_one(data, 0);
        fast_one(data, 1);
    }

    unsigned char *copy = malloc(size ? size : 1);
    if (!copy)
        return 0;
    memcpy(copy, data, size);
    /* every suffix start up to a few bytes in, in both modes */
    for (size_t off = 0; off < size && off < 4; off++) {
        one(copy + off, (unsigned)(size - off), 0);
        one(copy + off, (unsigned)(size - off), 1);
    }
    if (!size) {
        one(copy, 0, 0);
        one(copy, 0, 1);
    }
    free(copy);
    return 0;
}
