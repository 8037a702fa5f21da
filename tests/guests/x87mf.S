# x87mf.S - a pending unmasked x87 exception meets FWAIT in big real mode.
#
# The guest's FPU is the real one: x87 arithmetic runs natively in VM86,
# and when the assist emulates a waiting x87 instruction (FWAIT, FLDCW) it
# runs it on that FPU.  An exception the guest's own arithmetic left
# pending and unmasked then raises #MF at the waiting instruction (SDM
# vol. 1, 8.6 "x87 FPU Exception Synchronization"); the assist must give
# that #MF to the guest, not take it as a fault of its own.
#
#   32-bit protected mode: CR0.NE set (#MF, not IRQ 13; every VT-x CPU
#   runs guests with NE set);
#   real mode (VM86 under the assist: the CPU runs the x87 code): FNINIT,
#   FLDCW with ZE unmasked, 1 / 0.0 - the zero-divide is now pending;
#   big real mode (emulated under the assist): FWAIT raises #MF through
#   the IVT at the FWAIT, and again after the handler (the exception is
#   still pending); FNCLEX (no-wait) clears it, then FWAIT completes.

        .include "pattern.inc"

        .set    MF_VECTOR, 16
        .set    FCW_ZE, 0x037b          # every exception masked but ZE (bit 2)

        FLAT_START "x87mf: #MF at FWAIT in big real mode for an exception pending from real mode"
        REAL_TO_PM32
        mov     %cr0, %eax
        or      $0x20, %eax             # NE
        mov     %eax, %cr0
        PM32_TO_REAL                    # real mode: VM86 under the assist
        fninit
        fldcw   fcw_ze
        fld1
        fdivl   zero                    # ZE, unmasked: pending
        REAL_TO_PM32
        PM32_TO_REAL SEL_BIG16          # big real mode: emulated

        CATCH   MF_VECTOR
mf_first:
        fwait
1:      call    rm_traps_install
        mov     catch_count, %eax
        mov     %eax, got + 0
        mov     catch_ip, %eax
        mov     %eax, got + 4
        CATCH   MF_VECTOR
mf_again:
        fwait
1:      call    rm_traps_install
        mov     catch_count, %eax
        mov     %eax, got + 8
        mov     catch_ip, %eax
        mov     %eax, got + 12
        fnclex
        CATCH   MF_VECTOR
        fwait
1:      call    rm_traps_install
        mov     catch_count, %eax
        mov     %eax, got + 16
        REAL_TO_PM32
        PM32_TO_REAL                    # 64 KiB real mode: VM86 again

        VERDICT exp, got, names, 5, "x87mf: FWAIT in big real mode raises the pending #MF through the IVT at the FWAIT, until FNCLEX clears it"
        PRINTLN "PASS x87mf"
        EXIT    0

        .data
        .p2align 3
zero:           .quad   0               # 0.0
fcw_ze:         .word   FCW_ZE
        .p2align 2
got:            .fill   5, 4, 0
exp:            .long   1, mf_first, 1, mf_again, 0
        NAMES   names, "#MF count at the first FWAIT", "#MF IP", "#MF count at the second FWAIT", "#MF IP", "#MF count after FNCLEX"
