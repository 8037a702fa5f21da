# cr4chk.S - MOV to CR4 with a bit the processor does not have raises
# #GP(0) and leaves CR4 as it was (SDM vol. 2, "MOV - Move to/from
# Control Registers", protected- and real-address-mode exceptions:
# "#GP(0) if an attempt is made to write a 1 to any reserved bit in CR4"
# and "if an attempt is made to ... set CR4.PCIDE" outside IA-32e mode).
# In real mode; under the assist the MOV traps out of VM86 and is
# emulated.  Cases: bit 15 (reserved on every processor), bit 31
# (reserved), PCIDE (bit 17, outside IA-32e mode).
#
# Under the assist only (tests/system/cr4chk.sh): QEMU TCG 7.2 does not
# raise the #GP for an SVM guest - it ends the guest with an invalid-
# state exit instead (msrcr.S's header) - so the native run cannot be the
# oracle here; the SDM is.

        .include "pattern.inc"

        .set    GP_VECTOR, 13

# mov \bits to CR4 at .Lm\@, catching the #GP through the IVT; records
# the #GP count, its IP minus the MOV's and CR4 afterwards at \slot.
        .macro  CR4_CASE bits, slot
        mov     $GP_VECTOR, %al
        mov     $.Lr\@, %dx
        call    rm_catch_arm16
        mov     $\bits, %eax
.Lm\@:  mov     %eax, %cr4
.Lr\@:  call    rm_traps_install
        mov     catch_count, %eax
        mov     %eax, got + \slot
        mov     catch_ip, %eax
        sub     $.Lm\@, %eax
        mov     %eax, got + \slot + 4
        mov     %cr4, %eax
        mov     %eax, got + \slot + 8
        .endm

        FLAT_START "cr4chk: mov to cr4 with a bit the processor lacks raises #GP(0) in real mode"
        mov     %cr4, %eax
        mov     %eax, exp + 8
        mov     %eax, exp + 20
        mov     %eax, exp + 32
        CR4_CASE 0x00008000, 0
        CR4_CASE 0x80000000, 12
        CR4_CASE 0x00020000, 24
        VERDICT exp, got, names, 9, "cr4chk: mov to cr4 setting bit 15, bit 31 or PCIDE in real mode raises #GP(0) at the mov and leaves cr4 alone"
        PRINTLN "PASS cr4chk"
        EXIT    0

        .data
        .p2align 2
exp:    .long   1, 0, 0, 1, 0, 0, 1, 0, 0
got:    .fill   9, 4, 0
        .section .rodata
        NAMES   names, "bit 15: #GP count", "bit 15: #GP at", "bit 15: cr4 after", "bit 31: #GP count", "bit 31: #GP at", "bit 31: cr4 after", "PCIDE: #GP count", "PCIDE: #GP at", "PCIDE: cr4 after"
