/*
 * decode_oracle [--random N] [--show N]: the objdump oracle.  One child
 * process per mode (16-bit: objdump -m i8086, 32-bit: -m i386), so both
 * cores work.  Each child writes all its cases into one file, each case
 * cut to the length we decode (so objdump stays in step and prints one
 * line per case), cases we call invalid followed by 15 NOPs (objdump
 * re-synchronises whatever it made of them).  A case objdump did not start
 * a line at, or whose disagreement may come from the next case's bytes, is
 * run again on its own with all its bytes.  Prints a summary line per mode
 * and fails on any mismatch that is not a documented difference.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include "oracle.h"

#define NCLASS_MAX 32

struct stats {
    unsigned long cases, compared_len, compared_shape, identical, reruns, failures;
    unsigned long both_invalid, classes[NCLASS_MAX];
    const char *class_names[NCLASS_MAX];
};

struct run {
    int def32;
    unsigned long n, nrandom, k;
    uint32_t *off;          /* file offset of each case in the first pass */
    unsigned char *cut;     /* bytes emitted per case in the first pass */
    unsigned long *rerun, nrerun;
    unsigned long *order;   /* second pass: case index per slot */
    int second;
    unsigned show;
    struct stats st;
};

static void count_class(struct stats *st, const char *name)
{
    for (int i = 0; i < NCLASS_MAX; i++) {
        if (!st->class_names[i])
            st->class_names[i] = name;
        if (st->class_names[i] == name || !strcmp(st->class_names[i], name)) {
            st->classes[i]++;
            return;
        }
    }
}

static void hexdump(char *out, const unsigned char *b, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        out += sprintf(out, "%02x ", b[i]);
}

/* Compare one case with objdump's line.  Returns 1 if the case must be
 * run again on its own. */
static int evaluate(struct run *r, unsigned long k, const struct dump *d, int tainted_ok)
{
    struct tcase c;
    struct insn in;
    char ours[160];
    enum verdict v = V_MATCH;

    case_make(&c, r->def32, k, r->nrandom);
    x86_decode(&in, c.bytes, c.n, r->def32);
    x86_render(&in, 0, ours, sizeof(ours));
    int valid = in.status == DEC_OK;

    if (valid && !d->invalid) {
        r->st.compared_len++;
        if (in.len != d->len) {
            v = V_DIFF_LEN;
        } else if (!(in.flags & D_SIMD) || in.op == OP_FPU) {
            r->st.compared_shape++;
            if (in.op != OP_FPU && !same_mnemonic(ours, d->text))
                v = V_DIFF_NAME;
            else if (!same_shape(ours, d->text))
                v = V_DIFF_SHAPE;
            else if (!strcmp(ours, d->text))
                r->st.identical++;
        }
    } else if (valid != !d->invalid) {
        v = V_DIFF_VALID;
    } else {
        r->st.both_invalid++;
    }
    if (v == V_MATCH)
        return 0;
    /* In the first pass objdump may have read the next case's bytes. */
    if (!tainted_ok && d->len > r->cut[k])
        return 1;
    const char *cls = difference_class(&in, &c, d, v);
    if (cls) {
        count_class(&r->st, cls);
        return 0;
    }
    r->st.failures++;
    if (r->st.failures <= r->show) {
        char hex[3 * CASE_BYTES + 1];
        static const char *const what[] = { "", "length", "validity", "mnemonic", "shape" };
        hexdump(hex, c.bytes, in.len > d->len ? in.len : d->len);
        printf("MISMATCH %d-bit %s: %s| ours: %s %u '%s' (ud %u) | objdump: %u '%s'\n",
               r->def32 ? 32 : 16, what[v], hex, valid ? "ok" : "invalid", in.len, ours,
               in.ud_reason, d->len, d->text);
    }
    return 0;
}

static void first_pass_line(void *ctx, unsigned long off, const struct dump *d)
{
    struct run *r = ctx;
    while (r->k < r->n && r->off[r->k] < off)
        r->rerun[r->nrerun++] = r->k++;       /* objdump never started there */
    if (r->k < r->n && r->off[r->k] == off) {
        if (evaluate(r, r->k, d, 0))
            r->rerun[r->nrerun++] = r->k;
        r->k++;
    }
}

#define SLOT (CASE_BYTES + 16)

static void second_pass_line(void *ctx, unsigned long off, const struct dump *d)
{
    struct run *r = ctx;
    if (off % SLOT || off / SLOT >= r->nrerun)
        return;
    evaluate(r, r->order[off / SLOT], d, 1);
    r->k++;
}

static int run_mode(int def32, unsigned long nrandom, unsigned show, const char *dir)
{
    struct run r = { .def32 = def32, .nrandom = nrandom, .show = show };
    char path[256];
    static const unsigned char nops[16] = { 0x90, 0x90, 0x90, 0x90, 0x90, 0x90, 0x90, 0x90,
                                            0x90, 0x90, 0x90, 0x90, 0x90, 0x90, 0x90, 0x90 };
    r.n = case_count(nrandom);
    r.off = malloc(r.n * sizeof(*r.off));
    r.cut = malloc(r.n);
    r.rerun = malloc(r.n * sizeof(*r.rerun));
    if (!r.off || !r.cut || !r.rerun)
        return 2;

    snprintf(path, sizeof(path), "%s/oracle%d-a.bin", dir, def32 ? 32 : 16);
    FILE *f = fopen(path, "wb");
    unsigned long pos = 0;
    for (unsigned long k = 0; k < r.n; k++) {
        struct tcase c;
        struct insn in;
        case_make(&c, def32, k, nrandom);
        x86_decode(&in, c.bytes, c.n, def32);
        unsigned t = in.len ? in.len : 1;
        r.off[k] = (uint32_t)pos;
        r.cut[k] = (unsigned char)t;
        fwrite(c.bytes, 1, t, f);
        pos += t;
        if (in.status != DEC_OK) {
            fwrite(nops, 1, 15, f);
            pos += 15;
        }
    }
    fclose(f);
    r.st.cases = r.n;
    if (objdump_run(path, def32, first_pass_line, &r) != 0)
        return 2;
    while (r.k < r.n)
        r.rerun[r.nrerun++] = r.k++;
    unlink(path);

    /* Second pass: the doubtful cases, each alone in a slot of NOPs. */
    r.st.reruns = r.nrerun;
    r.order = r.rerun;
    r.k = 0;
    if (r.nrerun) {
        snprintf(path, sizeof(path), "%s/oracle%d-b.bin", dir, def32 ? 32 : 16);
        f = fopen(path, "wb");
        for (unsigned long i = 0; i < r.nrerun; i++) {
            struct tcase c;
            case_make(&c, def32, r.order[i], nrandom);
            fwrite(c.bytes, 1, CASE_BYTES, f);
            fwrite(nops, 1, SLOT - CASE_BYTES, f);
        }
        fclose(f);
        if (objdump_run(path, def32, second_pass_line, &r) != 0)
            return 2;
        unlink(path);
        if (r.k != r.nrerun) {
            printf("%d-bit: %lu re-run cases without an objdump line\n", def32 ? 32 : 16,
                   r.nrerun - r.k);
            r.st.failures += r.nrerun - r.k;
        }
    }

    printf("oracle %d-bit: %lu cases (%lu random), %lu lengths compared, %lu mnemonic+shape "
           "compared (%lu identical text), %lu invalid for both, %lu re-run alone, "
           "%lu mismatches\n", def32 ? 32 : 16, r.st.cases, nrandom, r.st.compared_len,
           r.st.compared_shape, r.st.identical, r.st.both_invalid, r.st.reruns, r.st.failures);
    for (int i = 0; i < NCLASS_MAX && r.st.class_names[i]; i++)
        printf("oracle %d-bit:   documented difference %-28s %lu\n", def32 ? 32 : 16,
               r.st.class_names[i], r.st.classes[i]);
    fflush(stdout);
    return r.st.failures ? 1 : 0;
}

int main(int argc, char **argv)
{
    unsigned long nrandom = 1000000;
    unsigned show = 40;
    const char *dir = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--random"))
            nrandom = strtoul(argv[i + 1], NULL, 0);
        else if (!strcmp(argv[i], "--show"))
            show = (unsigned)strtoul(argv[i + 1], NULL, 0);
        else if (!strcmp(argv[i], "--dir"))
            dir = argv[i + 1];
    }
    pid_t kids[2];
    for (int m = 0; m < 2; m++) {
        fflush(stdout);
        kids[m] = fork();
        if (kids[m] == 0)
            _exit(run_mode(m, nrandom, show, dir));
    }
    int failed = 0;
    for (int m = 0; m < 2; m++) {
        int st;
        waitpid(kids[m], &st, 0);
        if (!WIFEXITED(st) || WEXITSTATUS(st))
            failed = 1;
    }
    printf("decode_oracle: %s\n", failed ? "FAILED" : "no mismatch outside DIFFERENCES");
    return failed;
}
