# rmtrap.S - catch unexpected real-mode interrupts and exceptions.
#
# There is no BIOS: the IVT holds garbage until a guest fills it.  Pointing
# vectors 0-0x1f at these stubs turns a stray exception (or an IRQ on the
# default PIC bases) into a FAIL line naming the vector and CS:IP, instead
# of a jump into nowhere.  A guest then installs its own vectors on top.

        .include "guest.inc"

        .set    RM_TRAP_VECTORS, 0x20
        .set    RM_TRAP_STUB_SIZE, 8

        .text
        CODE16
        .globl  rm_traps_install, rm_ivt_desc

# Fill IVT entries 0..0x1f (at linear 0, as IDTR base 0 says) with the
# stubs.  Expects DS = 0.
rm_traps_install:
        pushal
        xor     %ebx, %ebx
        mov     $rm_trap_stubs, %ax
1:      mov     %ax, (%bx)              # offset
        movw    $0, 2(%bx)              # segment
        add     $RM_TRAP_STUB_SIZE, %ax
        add     $4, %bx
        cmp     $RM_TRAP_VECTORS * 4, %bx
        jb      1b
        popal
        ret

# One fixed-size stub per vector, so that the install loop can compute
# their addresses: push the vector, go to the common code.
        .p2align 3
rm_trap_stubs:
        .set    vec, 0
        .rept   RM_TRAP_VECTORS
        .p2align 3
        push    $vec
        jmp     rm_trap_common
        .set    vec, vec + 1
        .endr

# Stack: vector, IP, CS, FLAGS.  Nothing to return to: report and stop.
rm_trap_common:
        mov     %sp, %bp
        xor     %ax, %ax                # lib.S wants DS = 0
        mov     %ax, %ds
        PRINT   "FAIL unexpected real-mode interrupt 0x"
        movzwl  (%bp), %eax
        mov     $2, %ecx
        call    puthex16
        PRINT   " at "
        movzwl  4(%bp), %eax
        mov     $4, %ecx
        call    puthex16
        PRINT   ":"
        movzwl  2(%bp), %eax
        call    puthex16
        call    newline16
        EXIT    1

        .section .rodata
        .p2align 1
# The real-mode IVT as the IDTR sees it after reset.
rm_ivt_desc:
        .word   0x3ff
        .long   0
