/*
 * Trap entry stubs and the two ways back to the guest: iret into VM86, or
 * RESTORE through the hypervisor.
 *
 * Every stub builds a struct trap_frame (vcpu.h) and calls trap_dispatch().
 * Out of VM86 the CPU has pushed the full frame at TSS.esp0, the top of the
 * vCPU's stack, so the guest's registers always live at the same address.
 */
#include <vmxassist/selectors.h>

    .text
    .code32

.macro STUB vec, has_error
    .globl trap_\vec
trap_\vec:
    .if \has_error == 0
    pushl   $0
    .endif
    pushl   $\vec
    jmp     trap_common
.endm

    STUB 0, 0
    STUB 1, 0
    STUB 2, 0
    STUB 3, 0
    STUB 4, 0
    STUB 5, 0
    STUB 6, 0
    STUB 7, 0
    STUB 8, 1
    STUB 9, 0
    STUB 10, 1
    STUB 11, 1
    STUB 12, 1
    STUB 13, 1
    STUB 14, 1
    STUB 15, 0
    STUB 16, 0
    STUB 17, 1
    STUB 18, 0
    STUB 19, 0
    STUB 20, 0
    STUB 21, 1
    STUB 22, 0
    STUB 23, 0
    STUB 24, 0
    STUB 25, 0
    STUB 26, 0
    STUB 27, 0
    STUB 28, 0
    STUB 29, 1
    STUB 30, 1
    STUB 31, 0
    STUB 32, 0
    STUB 33, 0
    STUB 34, 0
    STUB 35, 0
    STUB 36, 0
    STUB 37, 0
    STUB 38, 0
    STUB 39, 0
    STUB 40, 0
    STUB 41, 0
    STUB 42, 0
    STUB 43, 0
    STUB 44, 0
    STUB 45, 0
    STUB 46, 0
    STUB 47, 0

trap_common:
    pushal
    movl    $SEL_DATA32, %eax
    movl    %eax, %ds
    movl    %eax, %es
    cld
    pushl   %esp
    call    trap_dispatch
    addl    $4, %esp
    .globl  trap_return
trap_return:
    popal
    addl    $8, %esp
    iret

/* The stub table the IDT is built from. */
    .section .rodata
    .globl  trap_stubs
    .align  4
trap_stubs:
    .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47
    .long   trap_\n
    .endr
    .text

/*
 * INVOKE lands here (the new context's eip): the guest's general registers
 * are still in the registers, ESP is the top of the vCPU's stack.  Build the
 * same frame a VM86 trap would, then let C fill in the rest from the old
 * context.
 */
    .globl  world_entry
world_entry:
    subl    $36, %esp               /* eip, cs, eflags, esp, ss, es, ds, fs, gs */
    pushl   $0
    pushl   $VEC_WORLD_ENTRY
    pushal
    cld
#if VMXA_DEBUG
    movl    %esp, %edx
    call    stack_high_water
#endif
    pushl   %esp
    call    world_invoke
    addl    $4, %esp
    jmp     trap_return

/*
 * world_restore(frame): load the guest's general registers from the frame
 * and write CR0 with PE set, which makes the hypervisor load the old context
 * (RESTORE).  LMSW with a memory operand needs no register, so every GPR
 * reaches the guest intact.
 */
    .globl  world_restore_regs
world_restore_regs:
#if VMXA_DEBUG
    movl    4(%esp), %edx
    call    stack_high_water
#endif
    cli
    movl    4(%esp), %esp
    popal
    lmsw    restore_msw
    ud2                             /* the hypervisor never returns here */

    .section .rodata
restore_msw:
    .word   1                       /* PE */

#if VMXA_DEBUG
/*
 * DEBUG builds, at each world switch: log the deepest use of the stack so
 * far when it is a new deepest, read back from the paint head.S left - the
 * check that the worst case tools/stack-depth proves holds in practice
 * (tests/system/stack-high-water.sh).  EDX = the guest frame at the top of
 * the vCPU's stack (19 dwords, struct trap_frame).  The stack's bottom
 * dword holds the deepest address logged (the paint, above any address, at
 * first).  Clobbers EAX ECX ESI EDI, which both callers have saved.
 */
    .set    FRAME_SIZE, 19 * 4
    .text
stack_high_water:
    leal    FRAME_SIZE - VMXA_STACK_SIZE(%edx), %esi    /* the bottom */
    leal    4(%esi), %edi
    movl    $VMXA_STACK_PAINT, %eax
    movl    $VMXA_STACK_SIZE / 4 - 1, %ecx
    repe scasl
    subl    $4, %edi                /* the deepest dword written */
    cmpl    (%esi), %edi
    jae     1f
    movl    %edi, (%esi)
    leal    FRAME_SIZE(%edx), %eax
    subl    %edi, %eax              /* bytes below the top */
    pushl   %eax
    pushl   $stack_msg
    call    log_printf_always
    addl    $8, %esp
1:  ret
stack_msg:                          /* in .text: .rodata would pad it */
    .asciz  "vmxassist: stack %u\n"
#endif
