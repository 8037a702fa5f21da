/*
 * Decoder smoke test against GNU objdump as the oracle: for a set of
 * encodings the first guest programs and the real BIOSes rely on, the
 * decoded length must equal objdump's, in 16- and 32-bit code.  (The full
 * sweep over every opcode is tests/unit/oracle.)
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <vmxassist/decode.h>
#include "test.h"

static const char *const cases[] = {
    "0f 01 16 00 10",          /* lgdt (16-bit addressing) */
    "66 0f 01 16 00 10",       /* lgdtl */
    "0f 01 1e 34 12",          /* lidt */
    "2e 0f 01 16 00 10",       /* lgdt %cs:... */
    "0f 20 c0", "0f 22 c0",    /* mov cr0 */
    "66 ea 00 00 01 00 08 00", /* ljmpl */
    "ea 00 7c 00 00",          /* ljmp */
    "8e d8", "8e d0", "8c c8", /* mov sreg */
    "b8 34 12", "66 b8 78 56 34 12", "31 c0", "bc 00 7c",
    "e6 80", "e4 60", "ee", "66 ef", "ec",
    "cd 10", "cf", "66 cf", "fa", "fb", "9c", "9d", "66 9c", "66 9d", "f4",
    "26 67 0f 01 50 08",       /* lgdtw %es:8(%eax) */
    "67 66 0f 01 44 24 02",    /* sgdtl 2(%esp) */
    "0f 01 e0",                /* smsw %ax */
    "0f 01 36 00 10",          /* lmsw */
    "f3 a4", "f3 66 a5", "67 f3 66 a5", "f3 6d",
    "c7 46 fe 34 12",          /* movw $0x1234,-2(%bp) */
    "81 3e 00 10 34 12",       /* cmpw imm16, mem */
    "83 c4 08", "f6 c4 01", "f7 c1 00 80", "69 c0 10 00", "6b c0 10",
    "c8 08 00 00", "9a 00 00 00 f0", "ff 1e 00 10", "ff 2e 00 10",
    "0f b6 c0", "0f b7 06 00 10", "0f a2", "0f 31", "0f 30", "0f 32",
    "8d 44 24 04", "8b 04 24", "8b 05 78 56 34 12", "8b 84 8d 00 10 00 00",
    "a1 00 10", "a3 00 10", "d8 c1", "dd 06 00 10", "0f 0b", "0f 1f 00",
    "e8 00 00", "e9 00 00", "eb fe", "74 02", "0f 84 00 00", "e3 02",
    "c2 04 00", "ca 04 00", "cb", "c3", "d4 0a", "d5 0a", "0f c8", "0f ba e0 05",
};

/* objdump's length of the first instruction in `bytes`, or -1. */
static int objdump_length(const unsigned char *bytes, unsigned n, int bits32)
{
    char path[] = "/tmp/vmxa-decode-XXXXXX";
    int fd = mkstemp(path);
    FILE *f = fdopen(fd, "wb");
    fwrite(bytes, 1, n, f);
    /* padding so objdump does not see a truncated instruction */
    static const unsigned char pad[16] = { 0x90, 0x90, 0x90, 0x90, 0x90, 0x90, 0x90, 0x90,
                                           0x90, 0x90, 0x90, 0x90, 0x90, 0x90, 0x90, 0x90 };
    fwrite(pad, 1, sizeof(pad), f);
    fclose(f);
    char cmd[256];
    snprintf(cmd, sizeof(cmd), "objdump -D -b binary -m %s %s", bits32 ? "i386" : "i8086", path);
    FILE *p = popen(cmd, "r");
    char line[512];
    int second = -1;
    while (p && fgets(line, sizeof(line), p)) {
        unsigned off;
        char colon;
        /* An instruction line has two tabs (bytes, then mnemonic); a
         * continuation line of a long instruction has only one. */
        const char *tab = strchr(line, '\t');
        if (sscanf(line, " %x%c", &off, &colon) == 2 && colon == ':' && tab &&
            strchr(tab + 1, '\t')) {
            if (off > 0) {
                second = (int)off;
                break;
            }
        }
    }
    if (p)
        pclose(p);
    unlink(path);
    return second;
}

int main(void)
{
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        unsigned char bytes[16];
        unsigned n = 0;
        for (const char *s = cases[i]; *s && n < sizeof(bytes);) {
            bytes[n++] = (unsigned char)strtoul(s, (char **)&s, 16);
            while (*s == ' ')
                s++;
        }
        for (int bits32 = 0; bits32 <= 1; bits32++) {
            struct insn in;
            x86_decode(&in, bytes, n, bits32);
            int want = objdump_length(bytes, n, bits32);
            /* Only compare where the whole instruction is in the case
             * (the encodings above are written for 16-bit code). */
            if (want > (int)n)
                continue;
            CHECK(in.status == DEC_OK || in.op == OP_UD, "[%s] %d-bit: status %d", cases[i],
                  bits32 ? 32 : 16, in.status);
            if (in.op != OP_UD)
                CHECK(in.len == want, "[%s] %d-bit: length %u, objdump %d", cases[i],
                      bits32 ? 32 : 16, in.len, want);
        }
    }

    /* Never reads past the buffer: every prefix of a long instruction. */
    static const unsigned char lng[] = { 0x67, 0x66, 0x2e, 0x81, 0x84, 0x8d, 0x00,
                                         0x10, 0x00, 0x00, 0x78, 0x56, 0x34, 0x12 };
    for (unsigned n = 0; n < sizeof(lng); n++) {
        struct insn in;
        x86_decode(&in, lng, n, 0);
        CHECK(in.status == DEC_FETCH && in.len <= n, "truncated to %u: status %d len %u", n,
              in.status, in.len);
    }
    /* 15 prefixes then an opcode: too long, #GP. */
    unsigned char many[20];
    memset(many, 0x66, sizeof(many));
    many[16] = 0x90;
    struct insn in;
    x86_decode(&in, many, sizeof(many), 0);
    CHECK(in.status == DEC_GP, "16-byte instruction status %d", in.status);
    /* MOV to CS and LOCK on a register are #UD. */
    x86_decode(&in, (const u8 *)"\x8e\xc8", 2, 0);
    CHECK(in.status == DEC_UD, "mov %%ax,%%cs status %d", in.status);
    x86_decode(&in, (const u8 *)"\xf0\x01\xc0", 3, 0);
    CHECK(in.status == DEC_UD, "lock add reg status %d", in.status);
    /* SS is the default segment for BP-based addressing. */
    x86_decode(&in, (const u8 *)"\x8b\x46\x02", 3, 0);
    CHECK(in.opnd[1].seg == SEG_SS, "mov 2(%%bp) seg %u", in.opnd[1].seg);
    x86_decode(&in, (const u8 *)"\x8b\x44\x24\x02", 4, 1);
    CHECK(in.opnd[1].seg == SEG_SS, "mov 2(%%esp) seg %u", in.opnd[1].seg);
    x86_decode(&in, (const u8 *)"\x26\x8b\x46\x02", 4, 0);
    CHECK(in.opnd[1].seg == SEG_ES, "es: override seg %u", in.opnd[1].seg);
    return test_summary("decode_test");
}
