/*
 * engine_oracle [--seed N] [--cases N] [--cases16 N] [--only OP] [--case K]
 *               [--show N] [--jobs N]
 *
 * For every operation of ops.c and each of its operand sizes: --cases
 * cases (default 100,000; the first EDGE_CASES enumerate edge values) in
 * 32-bit code and --cases16 (default 25,000) in 16-bit code.  Each case is
 * a pure function of (seed, operation, size, code size, index), so
 * `--only OP --case K` re-runs one case.  The work is split over --jobs
 * processes (default 2).  Prints one line per operation and ends with
 * "engine-oracle: N passed, N failed"; exit status 1 on any failure.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include "oracle.h"

struct unit {
    unsigned op;
    unsigned size;              /* 1, 2, 4, or 0 for none */
    int code16;
};

struct unit_result {
    unsigned long cases, failed, faults;
    unsigned long covered, known;   /* cases a known bug covers; its failures */
    unsigned long ruled;            /* native OF replaced by a different one (CL rule) */
    unsigned long skipped;          /* the native half cannot run them (native_runs) */
    unsigned long lane;             /* the fast lane ran them from their bytes */
    unsigned long cached;           /* ... and from the cache */
};

enum verdict { PASS, FAIL, KNOWN, SKIP };

static unsigned long opt_seed = 0x5EED0005, opt_cases = 100000, opt_cases16 = 25000;
static unsigned long opt_case = ~0ul;
static unsigned opt_show = 3, opt_jobs = 2;
static const char *opt_only;

static u64 mix(u64 x)
{
    x ^= x >> 33;
    x *= 0xFF51AFD7ED558CCDull;
    x ^= x >> 33;
    x *= 0xC4CEB9FE1A85EC53ull;
    return x ^ (x >> 33);
}

static struct tcase tc;
static struct result er, lr, cr, nr; /* engine, fast lane: step, cached; native */
static u8 init_mem[MAX_WIN][WIN_BYTES];

/* One case: build, run on the engine, restore memory, run natively,
 * restore memory, run through the engine's fast lane (run_engine) as met
 * first and as cached; the engine and then both lane runs compared with
 * the native run. */
static enum verdict one_case(const struct unit *u, unsigned long k, struct unit_result *r,
                             unsigned *shown)
{
    const struct op *op = &ops[u->op];
    struct gen g;
    char why[160];

    memset(&g, 0, sizeof(g));
    g.rng = mix(opt_seed ^ mix(((u64)u->op << 40) ^ ((u64)u->size << 36) ^
                               ((u64)u->code16 << 35) ^ k));
    g.k = k;
    g.edge = k < EDGE_CASES;
    gen_begin(&g, &tc, u->code16);
    op->gen(&g, op->arg, u->size);
    gen_end(&g);
    if (!native_runs(&tc))
        return SKIP;

    for (unsigned w = 0; w < tc.nw; w++)
        memcpy(init_mem[w], tc.w[w].p, tc.w[w].n);
    run_engine(&tc, &er, 0);
    for (unsigned w = 0; w < tc.nw; w++)
        memcpy(er.mem[w], tc.w[w].p, tc.w[w].n);
    for (unsigned w = tc.nw; w-- > 0; )
        memcpy(tc.w[w].p, init_mem[w], tc.w[w].n);
    run_native(&tc, &nr);
    r->ruled += rotate_cl_rule(&tc, &nr);
    for (unsigned w = 0; w < tc.nw; w++)
        memcpy(nr.mem[w], tc.w[w].p, tc.w[w].n);
    for (unsigned w = tc.nw; w-- > 0; )
        memcpy(tc.w[w].p, init_mem[w], tc.w[w].n);
    run_engine(&tc, &lr, 1);
    for (unsigned w = 0; w < tc.nw; w++)
        memcpy(lr.mem[w], tc.w[w].p, tc.w[w].n);
    for (unsigned w = tc.nw; w-- > 0; )
        memcpy(tc.w[w].p, init_mem[w], tc.w[w].n);
    run_engine(&tc, &cr, 2);
    for (unsigned w = 0; w < tc.nw; w++)
        memcpy(cr.mem[w], tc.w[w].p, tc.w[w].n);

    r->faults += nr.fault >= 0;
    r->lane += lr.lane_ran;
    r->cached += cr.lane_ran;
    int covered = op->bug && op->bug->covers(&tc);
    r->covered += covered;
    const struct result *e = &er;
    const char *which = "";
    if (compare(&tc, &er, &nr, why, sizeof(why))) {
        e = &lr;
        which = "fast lane, met first (fast_step): ";
        if (compare(&tc, &lr, &nr, why, sizeof(why))) {
            e = &cr;
            which = "fast lane, cached (fast_exec): ";
            if (compare(&tc, &cr, &nr, why, sizeof(why)))
                return PASS;
        }
    }
    enum verdict v = FAIL;
    if (covered) {
        /* The known bug, if nothing but its flags differ. */
        struct tcase relaxed = tc;
        char why2[160];
        relaxed.cmp_flags &= ~op->bug->flags;
        if (compare(&relaxed, e, &nr, why2, sizeof(why2)))
            v = KNOWN;
    }
    /* Every unexpected mismatch up to --show; one example of a known bug. */
    if (v == FAIL ? *shown < opt_show : r->known == 0 && !u->code16 && u->size == 4) {
        if (v == FAIL)
            (*shown)++;
        printf("%scase: --only %s --case %lu (size %u, %s code)\n",
               v == KNOWN ? "expected failure (known engine bug), " : "", op->name, k,
               u->size, u->code16 ? "16-bit" : "32-bit");
        char said[200];
        snprintf(said, sizeof(said), "%s%s", which, why);
        report(op->name, &tc, (const u8 (*)[WIN_BYTES])init_mem, e, &nr, said);
        fflush(stdout);
    }
    return v;
}

static void run_unit(const struct unit *u, struct unit_result *r)
{
    unsigned long n = u->code16 ? opt_cases16 : opt_cases, from = 0;
    unsigned shown = 0;

    if (opt_case != ~0ul) {
        from = opt_case;
        n = opt_case + 1;
    }
    for (unsigned long k = from; k < n; k++) {
        enum verdict v = one_case(u, k, r, &shown);
        if (v == SKIP) {
            r->skipped++;
            continue;
        }
        r->cases++;
        r->failed += v == FAIL;
        r->known += v == KNOWN;
    }
}

static unsigned make_units(struct unit *units)
{
    unsigned n = 0;
    for (unsigned i = 0; i < nops; i++) {
        if (opt_only && strcmp(opt_only, ops[i].name))
            continue;
        for (int code16 = 0; code16 < 2; code16++) {
            if (code16 ? !opt_cases16 : !opt_cases)
                continue;
            if (!ops[i].sizes) {
                units[n++] = (struct unit){ i, 0, code16 };
                continue;
            }
            for (unsigned s = 1; s <= 4; s <<= 1)
                if (ops[i].sizes & s)
                    units[n++] = (struct unit){ i, s, code16 };
        }
    }
    return n;
}

static void usage(void)
{
    fprintf(stderr, "usage: engine_oracle [--seed N] [--cases N] [--cases16 N] [--only OP] "
                    "[--case K] [--show N] [--jobs N]\n");
    exit(2);
}

int main(int argc, char **argv)
{
    static struct unit units[512];
    struct timespec t0, t1;
    unsigned nunits;

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!v)
            usage();
        if (!strcmp(a, "--seed"))
            opt_seed = strtoul(v, NULL, 0);
        else if (!strcmp(a, "--cases"))
            opt_cases = strtoul(v, NULL, 0);
        else if (!strcmp(a, "--cases16"))
            opt_cases16 = strtoul(v, NULL, 0);
        else if (!strcmp(a, "--only"))
            opt_only = v;
        else if (!strcmp(a, "--case"))
            opt_case = strtoul(v, NULL, 0);
        else if (!strcmp(a, "--show"))
            opt_show = (unsigned)strtoul(v, NULL, 0);
        else if (!strcmp(a, "--jobs"))
            opt_jobs = (unsigned)strtoul(v, NULL, 0);
        else
            usage();
        i++;
    }
    if (opt_jobs < 1)
        opt_jobs = 1;
    nunits = make_units(units);
    if (!nunits) {
        fprintf(stderr, "engine-oracle: no operation named %s\n", opt_only);
        return 2;
    }

    struct unit_result *res = mmap(NULL, nunits * sizeof(*res), PROT_READ | PROT_WRITE,
                                   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (res == MAP_FAILED) {
        perror("engine-oracle: mmap");
        return 2;
    }
    memset(res, 0, nunits * sizeof(*res));
    harness_init();
    printf("engine-oracle: seed %#lx, %lu cases per operation and size in 32-bit code, "
           "%lu in 16-bit code, %u jobs%s\n", opt_seed, opt_cases, opt_cases16, opt_jobs,
           sizeof(void *) == 8 ? ", 64-bit build: native cases in 64-bit mode, "
                                 "no 16-bit addressing"
           : have_seg16 ? "" : ", NO 16-bit addressing (modify_ldt failed)");
    fflush(stdout);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (unsigned j = 0; j < opt_jobs; j++) {
        pid_t pid = fork();
        if (pid < 0) {
            perror("engine-oracle: fork");
            return 2;
        }
        if (pid == 0) {
            setvbuf(stdout, NULL, _IOFBF, 1 << 16);
            for (unsigned i = j; i < nunits; i += opt_jobs)
                run_unit(&units[i], &res[i]);
            fflush(stdout);
            _exit(0);
        }
    }
    int crashed = 0, status;
    while (wait(&status) > 0)
        if (!WIFEXITED(status) || WEXITSTATUS(status))
            crashed = 1;
    clock_gettime(CLOCK_MONOTONIC, &t1);

    /* One line per operation: cases per size, 16-bit code, #DE seen. */
    unsigned long passed = 0, failed = 0, known = 0, skipped = 0, lanes = 0, cacheds = 0;
    for (unsigned i = 0; i < nops; i++) {
        unsigned long cases = 0, bad = 0, faults = 0, covered = 0, kn = 0, ruled = 0, sk = 0;
        unsigned long lane = 0, cached = 0;
        unsigned nsizes = 0;
        for (unsigned u = 0; u < nunits; u++) {
            const struct unit_result *r = &res[u];
            if (units[u].op != i)
                continue;
            cases += r->cases;
            bad += r->failed;
            faults += r->faults;
            ruled += r->ruled;
            covered += r->covered;
            kn += r->known;
            sk += r->skipped;
            lane += r->lane;
            cached += r->cached;
            nsizes += !units[u].code16;
        }
        skipped += sk;
        if (!cases && sk) {
            printf("%-10s %8lu cases NOT RUN: 64-bit mode has no such instruction "
                   "(the 32-bit build runs them)\n", ops[i].name, sk);
            continue;
        }
        if (!cases)
            continue;
        passed += cases - bad - kn;
        failed += bad;
        known += kn;
        printf("%-10s %8lu cases (%u size%s x %lu in 32-bit code + %lu in 16-bit code), "
               "%lu faults: %s\n", ops[i].name, cases, nsizes ? nsizes : 1, nsizes > 1 ? "s" : "",
               opt_case != ~0ul ? 1 : opt_cases, opt_case != ~0ul ? 1 : opt_cases16, faults,
               bad ? "FAIL" : "ok");
        if (bad)
            printf("%-10s %lu mismatches\n", "", bad);
        if (sk)
            printf("%-10s %lu more cases not run: 64-bit mode cannot run them\n", "", sk);
        if (lane)
            printf("%-10s %lu of them through the fast lane too (%lu cached)\n", "", lane,
                   cached);
        lanes += lane;
        cacheds += cached;
        if (ruled)
            printf("%-10s %lu imm8-count cases whose undefined OF follows the CL-form rule, "
                   "not this CPU's imm8 form\n", "", ruled);
        if (kn)
            printf("%-10s %lu expected failures, TODO(engine): %s\n", "", kn, ops[i].bug->todo);
        else if (covered >= 1000) {
            printf("%-10s no expected failure in %lu cases: the known bug is fixed, remove it "
                   "from ops.c (%s)\n", "", covered, ops[i].bug->todo);
            failed++;
        }
    }
    if (crashed) {
        printf("engine-oracle: a worker crashed\n");
        failed++;
    }
    printf("engine-oracle: %.1f s\n", (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);
    if (known)
        printf("engine-oracle: %lu expected failures (known engine bugs, see TODO above)\n", known);
    printf("engine-oracle: every case also through emulate_run twice; the fast lane ran %lu "
           "from their bytes, %lu from the cache\n", lanes, cacheds);
    if (skipped)
        printf("engine-oracle: %lu cases not run (64-bit mode cannot run them natively)\n",
               skipped);
    printf("engine-oracle: %lu passed, %lu failed\n", passed, failed);
    return failed ? 1 : 0;
}
