# bench_emulate.S - what one emulated instruction costs.
#
# Run with QEMU's -icount, where the TSC counts instructions (the guest's,
# the assist's and the host's alike).  The guest enters big real mode (DS,
# ES, FS, GS with 4 GiB limits left from a protected-mode round trip), in
# which the assist must emulate every instruction, and times unrolled runs
# of a register move, an immediate add, a memory load, a memory store and a
# read-modify-write with RDTSC.  Before that, in plain real mode (which VM86
# runs), it times CLI, which traps out of VM86 every time.  Each
# line is "bench NAME: N instructions per instruction"; natively N is about
# 1 (the loop's own overhead is included, 2 per 100).

        .include "guest.inc"

        .set    STACK_TOP, 0x7c00
        .set    UNROLL, 100
        .set    LOOPS, 20               # 2,000 timed instructions per line
        .set    SCRATCH, 0x1000         # memory operand: below the code (0x7c00 up), above the IVT and BDA

# The end of a timed run that began with RDTSC into t0: print the time
# taken per instruction, of \count.
        .macro  TIMED_END name, count
        rdtsc
        sub     t0, %eax
        xor     %edx, %edx
        mov     $\count, %ecx
        div     %ecx
        PRINT   "bench \name: "
        LIBCALL putdec
        PRINTLN " instructions per instruction"
        .endm

# Time UNROLL x LOOPS copies of \insn and print the cost of one.
        .macro  TIMED name, insn
        rdtsc
        mov     %eax, t0
        mov     $LOOPS, %ecx
.Lloop\@:
        .rept   UNROLL
        \insn
        .endr
        dec     %ecx
        jnz     .Lloop\@
        TIMED_END "\name", UNROLL*LOOPS
        .endm

# The same with two instructions alternating, UNROLL of them in all: a
# pair of different shapes.  They once shared a slot of a shape memo that
# kept decoded forms by their bytes (removed 2026-12-07: the assist now
# runs an instruction met for the first time straight from its bytes,
# vm86/fast_step.h, whatever its shape); kept so that the figures stay
# comparable with earlier ones: they should equal TIMED's.
        .macro  TIMED_PAIR name, insn1, insn2
        rdtsc
        mov     %eax, t0
        mov     $LOOPS, %ecx
.Lploop\@:
        .rept   UNROLL / 2
        \insn1
        \insn2
        .endr
        dec     %ecx
        jnz     .Lploop\@
        TIMED_END "\name", UNROLL*LOOPS
        .endm

# The same in a loop of ten copies plus DEC/JNZ, as real code loops: the
# figure is per instruction of the loop (the DEC and JNZ included), where
# the assist's decoded-instruction cache can serve every iteration after
# the first.
        .set    ROLLED, 10
        .set    ROLLED_LOOPS, 200
        .macro  TIMED_LOOP name, insn
        rdtsc
        mov     %eax, t0
        mov     $ROLLED_LOOPS, %ecx
.Lrloop\@:
        .rept   ROLLED
        \insn
        .endr
        dec     %ecx
        jnz     .Lrloop\@
        TIMED_END "\name", (ROLLED+2)*ROLLED_LOOPS
        .endm

        .section .text.entry, "ax"
        CODE16
        .globl  _start
_start:
        cli
        xor     %ax, %ax
        mov     %ax, %ds
        mov     %ax, %es
        mov     %ax, %ss
        mov     $STACK_TOP, %sp
        LIBCALL serial_init
        PRINTLN "bench_emulate: cost of emulated instructions (TSC deltas; run with -icount)"

        # Plain real mode first: VM86 runs the loop, CLI traps each time.
        TIMED   "cli (VM86 trap round trip)", "cli"
        TIMED   "mov %bx,%ax (VM86, native)", "mov %bx, %ax"

        # Big real mode: 4 GiB data segments, then back to real mode
        # without reloading them.
        lgdtw   big_gdt_desc
        mov     %cr0, %eax
        or      $1, %al
        mov     %eax, %cr0
        ljmp    $0x08, $1f
1:      mov     $0x10, %ax
        mov     %ax, %ds
        mov     %ax, %es
        mov     %ax, %fs
        mov     %ax, %gs
        mov     %cr0, %eax
        and     $0xfffe, %ax
        mov     %eax, %cr0
        ljmp    $0, $2f
2:      xor     %ax, %ax
        mov     %ax, %ss
        mov     $SCRATCH, %si
        mov     $SCRATCH, %di

        TIMED   "mov %bx,%ax (big real mode)", "mov %bx, %ax"
        TIMED   "add $1,%ax (big real mode)", "add $1, %ax"
        TIMED   "mov (%si),%ax (big real mode)", "mov (%si), %ax"
        TIMED   "mov %ax,(%di) (big real mode)", "mov %ax, (%di)"
        TIMED   "add %ax,(%di) (big real mode)", "add %ax, (%di)"
        # Two shapes alternating.  The second of each pair, by bytes (gas
        # would leave out a one-byte displacement of 0): mov %di,%bp;
        # and $1,%bp; mov 0(%bx),%dx; mov %di,0(%di); add %di,0(%di).
        mov     $SCRATCH, %bx
        TIMED_PAIR "mov %bx,%ax (big real mode, new shape)", "mov %bx, %ax", ".byte 0x89, 0xfd"
        TIMED_PAIR "add $1,%ax (big real mode, new shape)", "add $1, %ax", ".byte 0x83, 0xe5, 0x01"
        TIMED_PAIR "mov (%si),%ax (big real mode, new shape)", "mov (%si), %ax", ".byte 0x8b, 0x57, 0x00"
        TIMED_PAIR "mov %ax,(%di) (big real mode, new shape)", "mov %ax, (%di)", ".byte 0x89, 0x7d, 0x00"
        TIMED_PAIR "add %ax,(%di) (big real mode, new shape)", "add %ax, (%di)", ".byte 0x01, 0x7d, 0x00"
        TIMED_LOOP "mov %bx,%ax (big real mode, loop)", "mov %bx, %ax"
        TIMED_LOOP "add $1,%ax (big real mode, loop)", "add $1, %ax"
        TIMED_LOOP "mov (%si),%ax (big real mode, loop)", "mov (%si), %ax"
        TIMED_LOOP "mov %ax,(%di) (big real mode, loop)", "mov %ax, (%di)"
        TIMED_LOOP "add %ax,(%di) (big real mode, loop)", "add %ax, (%di)"
        EXIT    0


        .align  8
big_gdt:
        .quad   0
        .quad   0x00009a000000ffff      # 0x08: 16-bit code, base 0, 64 KiB
        .quad   0x008f92000000ffff      # 0x10: 16-bit data, base 0, 4 GiB
big_gdt_desc:
        .word   big_gdt_desc - big_gdt - 1
        .long   big_gdt

        .data
t0:     .long   0
