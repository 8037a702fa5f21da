/*
 * The engine oracle (issue 5, Verification): every flag-producing
 * instruction, in all operand sizes and in register and memory forms, run
 * once by the engine's own emulate_one() and once natively on the host CPU,
 * on seeded random and edge-case operands; registers, flags and memory must
 * agree.
 *
 * The engine's sources are built hosted as a 32-bit program: a guest-
 * physical address is a host pointer (gphys() returns it unchanged), so the
 * vCPU gets a flat code segment (or a 16-bit one whose base is a host
 * buffer) and memory operands point into host buffers.  Natively the same
 * operation runs in an executable buffer between a prologue that loads every
 * general register, the arithmetic flags and DF from a struct and an
 * epilogue that stores them back.
 *
 * The rule for undefined flags (and undefined results, such as BSF/BSR of
 * zero or SHLD/SHRD counts beyond the operand size): they are whatever the
 * CPU that runs the assist produces, because the assist runs the operation
 * on that CPU with the guest's flags loaded - the same CPU that would run
 * the guest natively.  So they are compared exactly.  Two exceptions:
 * AAM/AAD, which take an immediate base and are computed in C: SF, ZF and
 * PF are compared with the CPU, and OF, AF and CF must be clear (QEMU's
 * model); and ROL/ROR by an imm8 count of 2..31, which the engine runs in
 * the CL form: their undefined OF is what the CPU's CL form produces, which
 * on some CPUs is not what the imm8 form produces (rotate_cl_rule).
 */
#ifndef ENGINE_ORACLE_H
#define ENGINE_ORACLE_H

#include <stdio.h>
#include <vmxassist/engine.h>
#include <vmxassist/x86.h>

#define SZ8  0x1
#define SZ16 0x2
#define SZ32 0x4

#define MAX_WIN   2
#define GUARD     4             /* untouched bytes compared around each operand */
#define WIN_BYTES (8192 + 2 * GUARD)

/* Guest registers in ModRM order, and EFLAGS. */
struct regs {
    u32 r[8];
    u32 flags;
};

/* A memory area the instruction may touch (with guard bytes around it). */
struct window {
    u8 *p;
    unsigned n;
};

/* One test case: the same operation as engine bytes (16- or 32-bit code)
 * and as native bytes (always 32-bit code: the 66/67 prefixes toggled). */
struct tcase {
    int code16;                 /* the engine runs it with CS.D = 0 */
    u32 eip16;                  /* its IP there (some end exactly at 64 KiB) */
    u8 eb[16], elen;            /* engine bytes */
    u8 nb[16], nlen;            /* native bytes */
    struct regs in;
    u32 eflags_extra;           /* non-arithmetic flags only the engine gets */
    int es16;                   /* ES is the 16-bit-addressing segment */
    int ss16;                   /* SS is it too: a 16-bit stack (SS.B = 0) */
    struct window w[MAX_WIN];
    unsigned nw;
    u32 cmp_flags;              /* flags compared with the native run */
    u32 zero_flags;             /* flags the rule says are clear (AAM/AAD) */
    /* ROL/ROR r/m, imm8 with a masked count of 2..31: OF is undefined and
     * the rule takes it from the CL form (rotate_cl_rule) of this operand,
     * count and flags; rot_size 0 = not such a case. */
    u8 rot_size, rot_right, rot_count;
    u32 rot_operand;
};

/* What one side produced. */
struct result {
    struct regs out;
    int fault;                  /* -1, or the vector (native: 0 for SIGFPE) */
    int signo;                  /* native: the signal caught, 0 if none */
    u32 eip_delta;              /* engine: EIP after minus EIP before */
    int lane_ran;               /* engine: the fast lane ran it (fast_exec) */
    u8 mem[MAX_WIN][WIN_BYTES];   /* the windows afterwards */
};

/* --- gen.c: values, registers, encoding, memory operands ---------------- */

struct gen {
    u64 rng;
    unsigned long k;            /* case index within the op/size */
    int edge;                   /* this case enumerates edge values */
    struct tcase *c;
    /* the instruction being built */
    unsigned osize;             /* 0 (no 66 dependence), 2 or 4 */
    int a16;                    /* its memory operands use 16-bit addressing */
    int has_addr;               /* it has a memory operand (67 matters) */
    u8 pfx[4], npfx;
    u8 body[16], nbody;
    unsigned used;              /* registers that hold operands (bit per GPR) */
};

#define NEDGE_VALUES 26
#define EDGE_CASES   (NEDGE_VALUES * NEDGE_VALUES * 4)

u64 rnd(struct gen *g);
u32 rnd32(struct gen *g);
unsigned rnd_below(struct gen *g, unsigned n);
int chance(struct gen *g, unsigned percent);
u32 value(struct gen *g, unsigned slot, unsigned size);
u32 sext(u32 v, unsigned size);

void gen_begin(struct gen *g, struct tcase *c, int code16);
void gen_end(struct gen *g);
void emit(struct gen *g, unsigned n, u32 v);
void prefix(struct gen *g, u8 b);
unsigned pick_reg(struct gen *g, unsigned size);
void use_reg(struct gen *g, unsigned reg, unsigned size);
void set_reg(struct gen *g, unsigned reg, unsigned size, u32 v);
void modrm_reg(struct gen *g, unsigned regf, unsigned rm);
u8 *modrm_mem(struct gen *g, unsigned regf, unsigned size);
u8 *modrm_mem_at(struct gen *g, unsigned regf, u32 target16, u8 *target32);
u8 *add_window(struct gen *g, u8 *p, unsigned n);
u32 mem_at(struct gen *g, unsigned n, u8 **p);
void put_mem(u8 *p, unsigned size, u32 v);
int pick_a16(struct gen *g);
void set_a16(struct gen *g);

extern u8 *arena;               /* flat memory operands (32-bit addressing) */
extern u8 *seg16;               /* the 64 KiB FS/ES segment (16-bit addressing) */
extern int have_seg16;          /* ... which natively needs modify_ldt() */
#define ARENA_SIZE (1u << 18)
#define ARENA_MID  (ARENA_SIZE / 2)

/* --- ops.c: the operations ---------------------------------------------- */

typedef void (*gen_fn)(struct gen *g, unsigned arg, unsigned size);

/* A known engine bug, expected to fail until it is fixed: the cases it
 * covers may differ from the CPU in `flags` only (anything else still
 * fails).  When no covered case fails any more, the test says so and
 * fails: remove the entry. */
struct known_bug {
    const char *todo;
    int (*covers)(const struct tcase *c);
    u32 flags;
};

struct op {
    const char *name;
    gen_fn gen;
    unsigned arg;
    u8 sizes;                   /* SZ*, 0 = no operand size of its own */
    const struct known_bug *bug;
};

extern const struct op ops[];
extern const unsigned nops;

int rotate_cl_rule(const struct tcase *c, struct result *native);

/* --- harness.c: the two runs and the comparison ------------------------- */

void harness_init(void);
/* Whether this build's native half can run the case (the 64-bit build:
 * whether 64-bit mode has the instruction, harness.c). */
int native_runs(const struct tcase *c);
void run_engine(const struct tcase *c, struct result *r, int lane);
void run_native(const struct tcase *c, struct result *r);
int compare(const struct tcase *c, const struct result *e, const struct result *n,
            char *why, unsigned size);
void report(const char *opname, const struct tcase *c, const u8 (*init)[WIN_BYTES],
            const struct result *e, const struct result *n, const char *why);

/* stubs.c: the vector of the exception the engine delivered, or -1. */
extern int engine_fault;

#endif
