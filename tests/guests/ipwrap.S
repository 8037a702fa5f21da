# ipwrap.S - sequential execution past offset FFFFh of a 64 KiB code
# segment raises #GP at the next fetch; it does not wrap to offset 0 as on
# the 8086 (80386 Programmer Reference Manual, 15.6 Differences from
# 8086, item 8: sequential execution across offset 65,535 raises
# exception 13; SDM vol. 3, Segment Wraparound).  The fetch that faults
# is at EIP 10000h, so the 16-bit frame holds IP 0.  An instruction that
# straddles FFFFh faults at its own first byte.
#
# Each case copies two bytes to WRAP_SEG:FFFE, far-jumps to them with the
# #GP caught through the IVT and records the #GP count and the IP and CS
# its frame holds.  In big real mode, where the assist emulates every
# instruction (NOP by the generic engine, MOV by the fast lane).
#
# Under the assist only (tests/system/ipwrap.sh): QEMU TCG 7.2 checks no
# CS limit in real mode or VM86 and runs on at linear CS*16 + 10000h, so
# the native run cannot be the oracle here; the manuals are.  For the same
# reason plain real mode (VM86 under the assist: the CPU raises the #GP)
# cannot be tested under QEMU at all.

        .include "pattern.inc"

        .set    GP_VECTOR, 13
        .set    WRAP_SEG, 0x2000

# The word \bytes at WRAP_SEG:FFFE, then a far jump to WRAP_SEG:\at;
# records the #GP count, IP and CS at got + \slot.
        .macro  WRAP_CASE bytes, at, slot
        mov     $WRAP_SEG, %ax
        mov     %ax, %es
        movw    $\bytes, %es:0xfffe
        xor     %ax, %ax
        mov     %ax, %es
        mov     $GP_VECTOR, %al
        mov     $.Lr\@, %dx
        call    rm_catch_arm16
        ljmp    $WRAP_SEG, $\at
.Lr\@:  call    rm_traps_install
        mov     catch_count, %eax
        mov     %eax, got + \slot
        mov     catch_ip, %eax
        mov     %eax, got + \slot + 4
        mov     catch_cs, %eax
        mov     %eax, got + \slot + 8
        .endm

        FLAT_START "ipwrap: code running past offset ffff raises #GP, it does not wrap to 0"
        REAL_TO_PM32
        PM32_TO_REAL SEL_BIG16          # big real mode: emulated
        WRAP_CASE 0x9090, 0xfffe, 0     # nop; nop: the fetch at 10000h
        WRAP_CASE 0xc089, 0xfffe, 12    # mov %ax,%ax: the fast lane
        WRAP_CASE 0x8990, 0xffff, 24    # mov at ffff: its ModRM past the limit
        VERDICT exp, got, names, 9, "ipwrap: in big real mode, nop/mov ending at ffff raise #GP with IP 0, a mov straddling ffff raises #GP at ffff"
        PRINTLN "PASS ipwrap"
        EXIT    0

        .data
        .p2align 2
exp:    .long   1, 0, WRAP_SEG, 1, 0, WRAP_SEG, 1, 0xffff, WRAP_SEG
got:    .fill   9, 4, 0
        .section .rodata
        NAMES   names, "nop nop: #GP count", "nop nop: #GP IP", "nop nop: #GP CS", "mov: #GP count", "mov: #GP IP", "mov: #GP CS", "mov at ffff: #GP count", "mov at ffff: #GP IP", "mov at ffff: #GP CS"
