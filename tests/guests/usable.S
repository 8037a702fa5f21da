# usable.S - a data segment register nulled in protected mode and then
# loaded in real mode is an ordinary real-mode segment again.
#
# SDM vol. 3: a null selector load leaves the register unusable (3.4.2;
# the VMX "unusable" bit, 24.4.1 - 25.4.1 in newer editions), and a
# register nulled before PE is cleared stays unusable in real mode until
# real-mode code loads it (9.9.2 steps 4 and 8).  A real-mode load is no
# null-selector load, whatever its value: it sets the selector and the
# base (selector * 16), and the register is usable from then on, in real
# mode and in the PE window after PE is set again.
#
#   trip 1: 32-bit protected mode, FS and GS nulled, back to real mode
#           with DS, ES, SS reloaded; GS gets 0 while DS/ES/SS still hold
#           their protected-mode caches, FS gets FS_REAL after they are
#           reloaded (under the assist one load emulated, the other in
#           VM86; the STI after it leaves VM86, so the assist sees it).
#   real mode: writes and reads through FS (base FS_REAL * 16) and GS
#           (base 0), checked through ES and DS; then LOOPS increments
#           through FS between the COM1 lines "usable: loop start" and
#           "usable: loop done" (tests/system/usable.sh counts what the
#           assist emulated between them: the loop must run in VM86).
#   PE window: CR0.PE set, a read through FS and a write through GS
#           before the far jump; no fault (catch_gp records one).

        .include "pattern.inc"

        .set    GP_VECTOR, 13
        .set    NO_FAULT, 0xffffffff
        .set    FS_REAL, 0x1000         # FS base 0x10000
        .set    FS_OFF, 0x0100          # FS:0100 = linear 0x10100
        .set    GS_OFF, 0x3000          # GS base 0: linear 0x3000
        .set    FS_WORD, 0x6b1d0f5e
        .set    GS_WORD, 0x2c07a991
        .set    GS_WIN_WORD, 0x51e3b7d4
        .set    LOOPS, 10000

        FLAT_START "usable: FS and GS nulled in protected mode, loaded again in real mode"
        movw    $catch_gp, pm_idt + GP_VECTOR * 8

# --- trip 1: null FS and GS in protected mode ----------------------------
        REAL_TO_PM32
        xor     %eax, %eax
        mov     %ax, %fs
        mov     %ax, %gs
        ljmp    $SEL_CODE16, $1f
        CODE16
1:      mov     $SEL_DATA16, %ax
        mov     %ax, %ds
        mov     %ax, %es
        mov     %ax, %ss
        CLEAR_PE
        ljmp    $0, $2f
2:      xor     %ax, %ax
        mov     %ax, %gs                # selector value 0, but a real-mode load
        mov     %ax, %ds
        mov     %ax, %es
        mov     %ax, %ss
        lidtw   rm_ivt_desc
        mov     $FS_REAL, %ax
        mov     %ax, %fs
        sti                             # IRQs are masked: this only makes
        cli                             # the assist leave VM86 and see FS

# --- real mode through FS and GS -------------------------------------------
        movl    $FS_WORD, %fs:FS_OFF
        mov     %fs:FS_OFF, %eax
        mov     %eax, got + 0
        mov     $FS_REAL, %ax           # the same memory through ES
        mov     %ax, %es
        mov     %es:FS_OFF, %eax
        mov     %eax, got + 4
        xor     %ax, %ax
        mov     %ax, %es
        movl    $GS_WORD, %gs:GS_OFF
        mov     GS_OFF, %eax            # through DS (base 0)
        mov     %eax, got + 8
        VERDICT exp, got, names1, 3, "usable: FS and GS, nulled in protected mode and loaded in real mode, read and write at their real-mode bases"

        PRINTLN "usable: loop start"
        mov     $LOOPS, %cx
3:      incl    %fs:FS_OFF
        loop    3b
        PRINTLN "usable: loop done"
        mov     %fs:FS_OFF, %eax
        mov     %eax, got + 12

# --- the PE window -----------------------------------------------------------
        movl    $NO_FAULT, got + 16
        OPEN_PE_WINDOW
        mov     %fs:FS_OFF, %edx
        movl    $GS_WIN_WORD, %gs:GS_OFF
        ljmpl   $SEL_CODE32, $win_done
        CODE32
win_done:
        LOAD_SEGS SEL_DATA32
        mov     $STACK_TOP, %esp
        mov     %edx, got + 20
        mov     GS_OFF, %eax
        mov     %eax, got + 24
        PM32_TO_REAL
        VERDICT exp + 12, got + 12, names2, 4, "usable: a loop through FS in real mode, then in the PE window a read through FS and a write through GS without a fault"

        PRINTLN "PASS usable"
        EXIT    0

# A #GP in the PE window (32-bit interrupt gate, SS base 0 below 64 KiB):
# record the vector and go on after the window as if it had ended.
        CODE32
catch_gp:
        movzwl  %sp, %esp
        mov     $SEL_DATA32, %ax
        mov     %ax, %ds
        movl    $GP_VECTOR, got + 16
        xor     %edx, %edx
        jmp     win_done

        .section .rodata
        .p2align 2
exp:    .long   FS_WORD, FS_WORD, GS_WORD
        .long   FS_WORD + LOOPS, NO_FAULT, FS_WORD + LOOPS, GS_WIN_WORD
        NAMES   names1, "read through FS", "FS's memory through ES", "GS's write through DS"
        NAMES   names2, "FS after the loop", "fault in the PE window", "read through FS in the PE window", "GS's write in the PE window"

        .data
        .p2align 2
got:    .fill   7, 4, 0
