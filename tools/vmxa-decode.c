/*
 * vmxa-decode: the assist's decoder on the command line.
 *   vmxa-decode --16|--32 FILE   one line per instruction:
 *                                OFFSET: BYTES  RENDERING
 *   vmxa-decode --16|--32 --hex  per stdin line of hex bytes: the length of
 *                                its first instruction (or #UD / #GP), a
 *                                tab, and the rendering
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <vmxassist/decode.h>

static void usage(void)
{
    fprintf(stderr, "usage: vmxa-decode --16|--32 FILE\n"
                    "       vmxa-decode --16|--32 --hex < lines-of-hex-bytes\n");
    exit(2);
}

/* Decode a whole file; undecodable bytes are shown one at a time. */
static int decode_file(const char *path, int def32)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        return 1;
    }
    size_t cap = 1 << 16, n = 0, got;
    unsigned char *buf = malloc(cap);
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap)
            buf = realloc(buf, cap *= 2);
    }
    fclose(f);
    if (!buf)
        return 1;
    for (size_t off = 0; off < n;) {
        struct insn in;
        char text[128];
        x86_decode(&in, buf + off, n - off > 15 ? 15 : (unsigned)(n - off), def32);
        unsigned len = in.len ? in.len : 1;
        if (in.status == DEC_FETCH || in.status == DEC_GP)
            len = 1;
        if (len == 1 && in.status != DEC_OK)
            in.status = DEC_UD;
        x86_render(&in, (u32)off, text, sizeof(text));
        printf("%8zx: ", off);
        for (unsigned i = 0; i < len || i < 8; i++)   /* bytes padded to 8 columns */
            if (i < len)
                printf("%02x ", buf[off + i]);
            else
                printf("   ");
        printf(" %s\n", in.status == DEC_FETCH ? "(bad)" : text);
        off += len;
    }
    free(buf);
    return 0;
}

/* One hex string per line: length (or #UD/#GP), tab, rendering. */
static int decode_hex_lines(int def32)
{
    char line[4096];
    while (fgets(line, sizeof(line), stdin)) {
        unsigned char bytes[1024];
        unsigned n = 0, hi = 0, half = 0;
        for (const char *p = line; *p && n < sizeof(bytes); p++) {
            int v = *p >= '0' && *p <= '9' ? *p - '0'
                  : *p >= 'a' && *p <= 'f' ? *p - 'a' + 10
                  : *p >= 'A' && *p <= 'F' ? *p - 'A' + 10 : -1;
            if (v < 0) {
                half = 0;     /* separators end a byte */
                continue;
            }
            if (half) {
                bytes[n - 1] = (unsigned char)(hi << 4 | v);
                half = 0;
            } else {
                bytes[n++] = (unsigned char)v;
                hi = v;
                half = 1;
            }
        }
        struct insn in;
        char text[128];
        x86_decode(&in, bytes, n, def32);
        x86_render(&in, 0, text, sizeof(text));
        switch (in.status) {
        case DEC_OK:    printf("%u\t%s\n", in.len, text); break;
        case DEC_UD:    printf("#UD\t%s\n", text); break;
        case DEC_GP:    printf("#GP\t%s\n", text); break;
        default:        printf("#FETCH\t%s\n", text); break;
        }
    }
    return 0;
}

int main(int argc, char **argv)
{
    int def32 = -1, hex = 0;
    const char *file = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--16"))
            def32 = 0;
        else if (!strcmp(argv[i], "--32"))
            def32 = 1;
        else if (!strcmp(argv[i], "--hex"))
            hex = 1;
        else if (argv[i][0] == '-' && argv[i][1])
            usage();
        else
            file = argv[i];
    }
    if (def32 < 0 || (hex == !!file))
        usage();
    return hex ? decode_hex_lines(def32) : decode_file(file, def32);
}
