# transrate.S - pattern 7: the transition rate of a BIOS call from
# protected mode: 5000 round trips 32-bit PM -> 16-bit PM -> real mode ->
# 32-bit PM, each doing a little real-mode work, with a checksum.
#
# Each trip, the way SYSLINUX's or SeaBIOS's 32-bit code calls the BIOS:
# 32-bit PM puts a value in a mailbox, far-jumps to 16-bit PM, loads
# 16-bit data segments, clears PE, far-jumps to real mode, reloads the
# segments and the IVT, calls INT 0x61 (whose handler mixes the mailbox
# into a checksum, with a pushf/popf and a string copy on the way), then
# lidt/lgdt, sets PE, far-jumps back and reloads the flat segments.  PM
# mixes the same values into its own checksum with the same code (MIX,
# assembled for 32-bit code); the two must agree after every trip.  Under
# the assist every trip is one INVOKE and one RESTORE; the throughput is
# measured elsewhere, here it only has to be right.

        .include "pattern.inc"

        .set    TRIPS, 5000
        .set    INT_VECTOR, 0x61

# checksum = rol(checksum ^ EAX, 5) + EDX; clobbers EAX.
        .macro  MIX sum
        xor     \sum, %eax
        rol     $5, %eax
        add     %edx, %eax
        mov     %eax, \sum
        .endm

        FLAT_START "transrate: 5000 round trips protected -> real -> protected, each with an INT in real mode (pattern 7)"
        movw    $int_handler, INT_VECTOR * 4
        movw    $0, INT_VECTOR * 4 + 2
        REAL_TO_PM32
        mov     $STACK_TOP, %esp

# --- 32-bit protected mode --------------------------------------------------------
next_trip:
        mov     trip, %eax              # the value for this trip
        imul    $0x9e3779b9, %eax, %eax
        xor     $0x5bd1e995, %eax
        mov     %eax, mailbox
        mov     trip, %edx
        MIX     pm_sum
        PM32_TO_REAL

# --- real mode: the "BIOS call" ------------------------------------------------------
        mov     trip, %edx
        int     $INT_VECTOR
        lgdtw   gdt_desc
        lidtw   pm_idt_desc
        RM_TO_PM32 1f
        CODE32
1:      LOAD_SEGS SEL_DATA32
        mov     rm_sum, %eax
        cmp     pm_sum, %eax
        jne     mismatch
        incl    trip
        cmpl    $TRIPS, trip
        jb      next_trip

        PRINT   "PASS pattern 7: 5000 round trips protected -> real -> protected with an INT in real mode each; checksum 0x"
        mov     rm_sum, %eax
        mov     $8, %ecx
        call    puthex32
        PRINTLN " in both modes"
        PM32_TO_REAL
        PRINTLN "PASS transrate"
        EXIT    0

mismatch:
        PRINT   "FAIL pattern 7: checksums differ after trip "
        mov     trip, %eax
        call    putdec32
        call    newline32
        EXIT    1

        CODE16
# The real-mode work: mix the mailbox (copied to a scratch dword with
# movsl) into rm_sum with EDX = the trip, across a pushf/popf.
int_handler:
        pushal
        pushf
        mov     $mailbox, %si
        mov     $scratch, %di
        movsl
        popf
        mov     scratch, %eax
        MIX     rm_sum
        popal
        iret

        .data
        .p2align 2
trip:           .long   0
mailbox:        .long   0
scratch:        .long   0
pm_sum:         .long   0x13572468
rm_sum:         .long   0x13572468
