/*
 * fast_step (vm86/fast_step.h), which runs a fast-lane instruction met for
 * the first time straight from its bytes, against the generic engine
 * (emulate_one: the full decoder, exec_*.c, gmem.c) from the same state.
 *
 * The engine oracle holds both to the CPU for the ALU group, TEST,
 * INC/DEC/NOT/NEG; this covers what it does not run - MOV in every form
 * (ModRM, moffs, register/immediate), Jcc and JMP rel, segment overrides,
 * 66/67 prefixes, operands at and past segment limits - over every lane
 * opcode x ModRM x 66/67 x code size and seeded random strings, each from
 * a random register state, in segments of 64 KiB over an arena of its own
 * (real mode, paging off: where emulate_run runs the lane).  Two rules:
 *   - what fast_step runs ends exactly as the generic engine ends it:
 *     registers, EFLAGS, EIP and the arena's memory, with no fault;
 *   - what it declines it declines before changing anything.
 * And it must take at least 80% of the lane instructions its contract
 * covers (no LOCK/REP, at most four prefixes) that the generic engine runs
 * without a fault: a fast_step that declines everything would pass the
 * two rules.
 *
 * Built 64-bit like engine_oracle64 (tests/unit/unit.mk), with the
 * oracle's stubs for what only the blob has (exception delivery recorded
 * in engine_fault).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <vmxassist/engine.h>
#include <vmxassist/seg.h>
#include "../../vm86/fast_step.h"

/* tests/unit/engine_oracle/stubs.c: the vector of an exception the
 * engine raised (-1: none) */
extern int engine_fault;

#define ARENA   0x20000u        /* 64 KiB segments + what an operand at FFFFh reaches */
#define CODE_IP 0x8000u

static struct vcpu vc;
static struct trap_frame frame, start_frame, step_frame;
static u8 *arena, *start_mem, *step_mem;
static unsigned long cases, ran, declined, meant, taken, failed;

static u32 rng = 0x2468ACE1;
static u32 rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 17;
    rng ^= rng << 5;
    return rng;
}

static void seg_set(unsigned s, u32 base, u32 ar)
{
    vc.seg[s].sel = (u16)(base >> 4);
    vc.seg[s].base = base;
    vc.seg[s].limit = 0xFFFF;
    vc.seg[s].ar = ar;
}

/* A state: registers small (inside the segments) or anything, arithmetic
 * flags and DF at random, IF clear; the segments real-mode data over the
 * arena, CS 16- or 32-bit. */
static void new_state(int def32)
{
    u32 base = (u32)(size_t)arena;

    memset(&vc, 0, sizeof(vc));
    memset(&frame, 0, sizeof(frame));
    vc.regs = &frame;
    vc.cr0 = CR0_ET;
    vc.fixup_vector = -1;
    vc.idtr_limit = 0x3FF;
    for (unsigned i = 0; i < 8; i++) {
        u32 r = rnd();
        *frame_gpr(&frame, i) = rnd() & 1 ? r & 0xFFFF : rnd() & 1 ? r & 0x7FFF : r;
    }
    frame.eflags = EFL_FIXED1 | (rnd() & (EFL_ARITH | EFL_DF));
    frame.eip = CODE_IP;
    for (unsigned s = 0; s < 6; s++)
        seg_set(s, base, SEG_AR_REAL_DATA);
    seg_set(SEG_CS, base, SEG_AR_REAL_CODE | (def32 ? VMX_AR_DB : 0));
}

static void report(const char *what, const u8 *code, int def32)
{
    if (++failed > 20)
        return;
    printf("FAIL %s in %d-bit code:", what, def32 ? 32 : 16);
    for (unsigned i = 0; i < INSN_MAX_LEN; i++)
        printf(" %02x", code[i]);
    printf("\n  start eax %08x ecx %08x edx %08x ebx %08x esp %08x ebp %08x esi %08x "
           "edi %08x fl %08x\n", start_frame.eax, start_frame.ecx, start_frame.edx,
           start_frame.ebx, start_frame.esp, start_frame.ebp, start_frame.esi, start_frame.edi,
           start_frame.eflags);
}

static int same_frame(const struct trap_frame *a, const struct trap_frame *b)
{
    for (unsigned i = 0; i < 8; i++)
        if (*frame_gpr((struct trap_frame *)a, i) != *frame_gpr((struct trap_frame *)b, i))
            return 0;
    return a->eip == b->eip && a->eflags == b->eflags;
}

/* The lane instructions fast_step's contract covers: no prefixes but 66,
 * 67 and segment overrides, at most four of them, and an operation of the
 * lane by the full decoder (with its form, fast_fill). */
static int meant_for_it(const u8 *b, int def32)
{
    struct decoded full;
    unsigned n = 0;

    for (;; n++) {
        switch (b[n]) {
        case 0x26: case 0x2E: case 0x36: case 0x3E: case 0x64: case 0x65:
        case 0x66: case 0x67:
            continue;
        case 0xF0: case 0xF2: case 0xF3:
            return 0;
        }
        break;
    }
    if (n > 4)
        return 0;
    memset(&full, 0, sizeof(full));
    x86_decode(&full.in, b, INSN_MAX_LEN, def32);
    full.len = full.in.len;
    fast_fill(&full);
    return full.in.status == DEC_OK && full.f.lane;
}

/* 1: fast_step ran it (and the generic engine agreed, else reported);
 * 0: it declined and the generic engine faults there too or was not
 * asked; 2: it declined what the generic engine runs without a fault
 * (asked only when ask). */
static int one(const u8 *bytes, int def32, int ask)
{
    u8 *code = arena + CODE_IP;
    int ok, fault;

    cases++;
    new_state(def32);
    memcpy(code, bytes, INSN_MAX_LEN);
    start_frame = frame;
    memcpy(start_mem, arena, ARENA);

    ok = fast_step(&vc, code, FAST_STEP_MODE(def32));
    if (!ok) {
        declined++;
        if (!same_frame(&frame, &start_frame) || memcmp(arena, start_mem, ARENA))
            report("declined after changing the state", code, def32);
        if (!ask)
            return 0;
        frame = start_frame;
        memcpy(arena, start_mem, ARENA);
        engine_fault = -1;
        emulate_one(&vc);
        fault = engine_fault;
        memcpy(arena, start_mem, ARENA);
        return fault < 0 ? 2 : 0;
    }
    ran++;
    step_frame = frame;
    memcpy(step_mem, arena, ARENA);

    /* The generic engine from the same state. */
    frame = start_frame;
    memcpy(arena, start_mem, ARENA);
    engine_fault = -1;
    emulate_one(&vc);
    fault = engine_fault;
    if (fault >= 0)
        report("ran what the generic engine faults on", code, def32);
    else if (!same_frame(&frame, &step_frame))
        report("registers, flags or EIP differ from the generic engine's", code, def32);
    else if (memcmp(arena, step_mem, ARENA))
        report("memory differs from the generic engine's", code, def32);
    memcpy(arena, start_mem, ARENA);
    return 1;
}

/* One-byte opcodes of the lane (0F 80-8F come with 0x0F first), and
 * neighbours it must decline or get right. */
static const u8 lane_opcodes[] = {
    0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x08, 0x09, 0x0A, 0x0B, 0x0C, 0x0D,
    0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x18, 0x19, 0x1A, 0x1B, 0x1C, 0x1D,
    0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x28, 0x29, 0x2A, 0x2B, 0x2C, 0x2D,
    0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x38, 0x39, 0x3A, 0x3B, 0x3C, 0x3D,
    0x40, 0x43, 0x44, 0x47, 0x48, 0x4D, 0x4F, 0x70, 0x72, 0x75, 0x7C, 0x7F,
    0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x88, 0x89, 0x8A, 0x8B,
    0xA0, 0xA1, 0xA2, 0xA3, 0xA8, 0xA9, 0xB0, 0xB4, 0xB7, 0xB8, 0xBC, 0xBF,
    0xC6, 0xC7, 0xE9, 0xEB, 0xF6, 0xF7, 0xFE, 0xFF,
    0x0F, 0x86, 0x87, 0x8C, 0x8D, 0x8E, 0x8F, 0xA4, 0xC0, 0xC1, 0xD0, 0xE8, 0xEA,
};
static const u8 prefix_pool[] = { 0x26, 0x2E, 0x36, 0x3E, 0x64, 0x65, 0x66, 0x67,
                                  0x66, 0x67, 0xF0, 0xF2, 0xF3 };

/* The bytes after opcode and ModRM: random, but often small (a
 * displacement that keeps the operand inside the segment). */
static void fill_rest(u8 *code, unsigned n)
{
    int small = rnd() & 1;

    for (unsigned i = n; i < INSN_MAX_LEN + 1; i++)
        code[i] = (u8)(small && i > n ? 0 : rnd());
}

/* Counted for the 80% rule: the lane instructions its contract covers
 * that the generic engine runs without a fault. */
static void one_counted(const u8 *code, int def32)
{
    int want = meant_for_it(code, def32), r = one(code, def32, want);

    if (want && r) {
        meant++;
        taken += r == 1;
    }
}

int main(int argc, char **argv)
{
    u8 code[INSN_MAX_LEN + 1];
    unsigned long random_cases = argc > 1 ? strtoul(argv[1], NULL, 0) : 600000;

    arena = mmap(NULL, ARENA, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT,
                 -1, 0);
    start_mem = malloc(ARENA);
    step_mem = malloc(ARENA);
    if (arena == MAP_FAILED || !start_mem || !step_mem) {
        printf("fast-step: no memory\n");
        return 1;
    }
    for (unsigned i = 0; i < ARENA; i++)
        arena[i] = (u8)rnd();

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
                    fill_rest(code, n);
                    one_counted(code, def32);
                }
            }
        }
    }
    /* Seeded random strings: up to four prefixes (sometimes more), a lane
     * opcode most of the time. */
    for (unsigned long c = 0; c < random_cases; c++) {
        unsigned n = 0, npfx = rnd() % 8;
        npfx = npfx < 4 ? 0 : npfx - 3;
        if (rnd() % 16 == 0)
            npfx += 2;
        for (unsigned k = 0; k < npfx && n < 8; k++)
            code[n++] = prefix_pool[rnd() % sizeof(prefix_pool)];
        if (rnd() % 4)
            code[n++] = lane_opcodes[rnd() % sizeof(lane_opcodes)];
        fill_rest(code, n);
        one_counted(code, (int)(rnd() & 1));
    }
    printf("fast-step: %lu cases: %lu run (and matched by the generic engine), %lu declined; "
           "%lu of %lu lane instructions its contract covers taken\n",
           cases, ran, declined, taken, meant);
    if (taken * 10 < meant * 8) {
        printf("FAIL: fast_step took only %lu of %lu lane instructions\n", taken, meant);
        failed++;
    }
    if (failed > 20)
        printf("(%lu failures, the first 20 shown)\n", failed);
    printf("fast-step: %lu passed, %lu failed\n", cases - failed, failed);
    return failed ? 1 : 0;
}
