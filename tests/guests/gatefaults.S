# gatefaults.S - far jumps from the PE window that fault on a gate or a
# TSS, each with the vector and error code the SDM's JMP pseudo-code
# gives, delivered through the guest's IDT (which ends the window).
#   1 a call gate that is not present:          #NP(gate selector)
#   2 a DPL 0 call gate through RPL 3:           #GP(gate selector)
#   3 a call gate whose target is data:          #GP(target selector)
#   4 a busy TSS:                                #GP(TSS selector)
#   5 a task gate to a TSS that is not present:  #NP(TSS selector)
# and two IRETs from the window to ring 3 that fault:
#   6 SS a DPL 0 data segment:                   #GP(SS selector)
#   7 CS a non-conforming DPL 0 code segment:    #GP(CS selector)

        .include "pattern.inc"

        .set    NP_VECTOR, 11
        .set    GP_VECTOR, 13
        .set    JUMPS, 5
        .set    CASES, 7
        .set    SEL_CODE3, SEL_SCRATCH0 # cases 6 and 7

        FLAT_START "gatefaults: faulting far jumps through gates and to TSSes in the PE window"
        mov     $descs, %si
        mov     $gdt + SEL_SCRATCH0, %di
        mov     $6 * 4, %cx
        rep movsw
        movw    $catch_np, pm_idt + NP_VECTOR * 8
        movw    $catch_gp, pm_idt + GP_VECTOR * 8
next:   mov     cur, %si
        cmp     $CASES, %si
        jae     done
        cmp     $JUMPS, %si
        jae     1f
        shl     $2, %si
        add     $targets, %si
        OPEN_PE_WINDOW
        ljmpw   *(%si)
1:      movl    $0x0000ffff, gdt + SEL_CODE3    # case 1's slot: ring 3 code
        movl    $0x00cffa00, gdt + SEL_CODE3 + 4
        imul    $20, %si, %si           # an IRET frame: EIP CS EFLAGS ESP SS
        add     $frames - JUMPS * 20, %si
        OPEN_PE_WINDOW
        pushl   16(%si)
        pushl   12(%si)
        pushl   8(%si)
        pushl   4(%si)
        pushl   (%si)
        iretl
        CODE32
no_fault:
        LOAD_SEGS SEL_DATA32
        PRINTLN "FAIL a faulting far jump in the PE window did not fault"
        EXIT    1
catch_np:
        push    $NP_VECTOR
        jmp     catch
catch_gp:
        push    $GP_VECTOR
catch:  mov     cur, %ebx
        pop     %eax
        mov     %eax, got(, %ebx, 8)
        pop     %eax                    # error code
        mov     %eax, got + 4(, %ebx, 8)
        incl    cur
        LOAD_SEGS SEL_DATA32
        mov     $STACK_TOP, %esp
        PM32_TO_REAL
        jmp     next
done:   VERDICT exp, got, names, 2*CASES, "far jumps through faulty gates and to unusable TSSes, and iret to ring 3 with a bad CS or SS, in the PE window raise the SDM's faults"
        PRINTLN "PASS gatefaults"
        EXIT    0

        .data
        .p2align 3
descs:  .word   no_fault, SEL_CODE32, 0x0c00, 0        # 0x38: not present
        .word   no_fault, SEL_CODE32, 0x8c00, 0        # 0x40: DPL 0
        .word   0, SEL_DATA32, 0x8c00, 0               # 0x48: to data
        .word   0x67, tss, 0x8b00, 0                   # 0x50: busy TSS
        .word   0, SEL_SCRATCH5, 0x8500, 0             # 0x58: task gate
        .word   0x67, tss, 0x0900, 0                   # 0x60: TSS, not present
        .p2align 2
tss:    .fill   0x68, 1, 0
targets:
        .word   0, SEL_SCRATCH0
        .word   0, SEL_SCRATCH1 | 3
        .word   0, SEL_SCRATCH2
        .word   0, SEL_SCRATCH3
        .word   0, SEL_SCRATCH4
frames: .long   no_fault, SEL_CODE3 | 3, 2, 0x6000, SEL_DATA32 | 3
        .long   no_fault, SEL_CODE32 | 3, 2, 0x6000, SEL_DATA32 | 3
cur:    .long   0
got:    .fill   CASES * 2, 4, 0
exp:    .long   NP_VECTOR, SEL_SCRATCH0, GP_VECTOR, SEL_SCRATCH1
        .long   GP_VECTOR, SEL_DATA32, GP_VECTOR, SEL_SCRATCH3
        .long   NP_VECTOR, SEL_SCRATCH5, GP_VECTOR, SEL_DATA32
        .long   GP_VECTOR, SEL_CODE32
        NAMES   names, "1 vector", "1 error code", "2 vector", "2 error code", "3 vector", "3 error code", "4 vector", "4 error code", "5 vector", "5 error code", "6 vector", "6 error code", "7 vector", "7 error code"
