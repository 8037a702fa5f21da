/*
 * decode-bench FILE...: decoded instructions per second over real code.
 * Each file is decoded linearly as 16-bit code (an undecodable byte is
 * skipped), over and over until a second has passed; prints the rate.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <vmxassist/decode.h>

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    unsigned char *buf = NULL;
    size_t n = 0;
    for (int i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        if (!f) {
            perror(argv[i]);
            return 1;
        }
        fseek(f, 0, SEEK_END);
        long sz = ftell(f);
        fseek(f, 0, SEEK_SET);
        buf = realloc(buf, n + (size_t)sz);
        if (!buf || fread(buf + n, 1, (size_t)sz, f) != (size_t)sz)
            return 1;
        n += (size_t)sz;
        fclose(f);
    }
    if (!n) {
        fprintf(stderr, "usage: decode-bench FILE...\n");
        return 2;
    }
    unsigned long long insns = 0, valid = 0;
    volatile unsigned sink = 0;
    double start = now(), t;
    do {
        for (size_t off = 0; off < n;) {
            struct insn in;
            x86_decode(&in, buf + off, n - off > 15 ? 15 : (unsigned)(n - off), 0);
            sink += in.op;
            insns++;
            if (in.status == DEC_OK) {
                valid++;
                off += in.len;
            } else {
                off++;
            }
        }
    } while ((t = now() - start) < 1.0);
    printf("decode-bench: %zu bytes of 16-bit code, %llu instructions (%.1f%% valid) in "
           "%.2f s: %.1f million instructions/s\n", n, insns, 100.0 * valid / insns, t,
           insns / t / 1e6);
    return 0;
}
