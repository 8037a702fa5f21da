# pmtrap.S - catch unexpected exceptions in protected mode.
#
# An IDT whose 32 exception vectors print a FAIL line naming the vector,
# CS:EIP and error code, so a fault shows up as a verdict rather than a
# triple fault.  Its gates point at 32-bit code; the guests run with
# interrupts off in protected mode, so nothing else can arrive here.

        .include "guest.inc"

        .set    PM_TRAP_VECTORS, 32
        .set    PM_TRAP_STUB_SIZE, 8
        # Vectors for which the CPU pushes an error code: 8, 10-14, 17, 21,
        # 29, 30.
        .set    ERRCODE_VECTORS, 0x60227d00

        .data
        .p2align 3
        .globl  pm_idt, pm_idt_desc, PM_IDT_LIMIT
# All code lives below 64 KiB, so the high half of every gate offset is
# 0 and the table can be built by the linker instead of at run time.
pm_idt:
        .set    vec, 0
        .rept   PM_TRAP_VECTORS
        .word   pm_trap_stubs + vec * PM_TRAP_STUB_SIZE # offset 15..0
        .word   SEL_CODE32
        .word   0x8e00                  # present, DPL 0, 32-bit interrupt gate
        .word   0                       # offset 31..16
        .set    vec, vec + 1
        .endr
pm_idt_end:
        .set    PM_IDT_LIMIT, pm_idt_end - pm_idt - 1

        .p2align 1
pm_idt_desc:
        .word   PM_IDT_LIMIT
        .long   pm_idt

        .text
        CODE32
        .p2align 3
pm_trap_stubs:
        .set    vec, 0
        .rept   PM_TRAP_VECTORS
        .p2align 3
        push    $vec
        jmp     pm_trap_common
        .set    vec, vec + 1
        .endr

# Stack: vector, [error code], EIP, CS, EFLAGS.  The fault may come from
# 16-bit code with a 16-bit stack segment, where only SP is meaningful;
# every stack the guests use has base 0 and lies below 64 KiB, so
# zero-extending SP and switching to the flat stack segment keeps the
# frame in place.
pm_trap_common:
        movzwl  %sp, %esp
        mov     $SEL_DATA32, %ax
        mov     %ax, %ss
        mov     %ax, %ds
        mov     %ax, %es
        mov     (%esp), %ebx            # vector
        lea     4(%esp), %esi
        xor     %edx, %edx              # error code, if the CPU pushed one
        bt      %ebx, errcode_vectors
        jnc     1f
        mov     (%esi), %edx
        add     $4, %esi
1:      PRINT   "FAIL unexpected exception 0x"
        mov     %ebx, %eax
        mov     $2, %ecx
        call    puthex32
        PRINT   " in protected mode at "
        mov     4(%esi), %eax           # CS
        mov     $4, %ecx
        call    puthex32
        PRINT   ":"
        mov     (%esi), %eax            # EIP
        mov     $8, %ecx
        call    puthex32
        PRINT   " error code 0x"
        mov     %edx, %eax
        call    puthex32
        call    newline32
        EXIT    1

        .section .rodata
        .p2align 2
errcode_vectors:
        .long   ERRCODE_VECTORS
