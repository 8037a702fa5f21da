/*
 * Around an operation the host CPU runs for the guest: load the guest's
 * arithmetic flags (FLAGS_IN, from the asm operand named f) and read back
 * what the operation produced (FLAGS_OUT, into f).
 *
 * The blob is 32-bit.  The engine oracle (tests/unit/engine_oracle) and
 * the engine fuzz target (tests/fuzz/engine_fuzz.c) also build the engine
 * as a 64-bit Linux program, because the machines CI runs on cannot run
 * 32-bit programs; there PUSH, POP, PUSHF and POPF take
 * 64-bit operands (the flags word's upper half stays clear: f holds a u32),
 * and that build is compiled -mno-red-zone so that the pushes cannot
 * overwrite anything GCC keeps below the stack pointer.
 */
#ifndef VMXASSIST_HOST_FLAGS_H
#define VMXASSIST_HOST_FLAGS_H

#ifdef __x86_64__
#define FLAGS_IN  "push %q[f]\n\tpopfq\n\t"
#define FLAGS_OUT "\n\tpushfq\n\tpop %q[f]"
#else
#define FLAGS_IN  "push %[f]\n\tpopf\n\t"
#define FLAGS_OUT "\n\tpushf\n\tpop %[f]"
#endif

#endif
