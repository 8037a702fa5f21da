/*
 * The blob header and the entry from hvmloader.
 * +0 jmp, +8 magic, +12 new-context pointer, +16 old-context pointer
 * (../shared/docs/xen-abi.md).  hvmloader jumps to +0 in flat 32-bit
 * protected mode with interrupts off, EDX = vCPU id, EBX = AP vector.
 */
#include <vmxassist/selectors.h>

    .section .head, "ax"
    .code32
    .globl _start
_start:
    jmp     boot_entry
    .org    8
    .long   0x17101966              /* VMXASSIST_MAGIC */
    .long   new_context             /* +12 */
    .long   old_context             /* +16 */

boot_entry:
    cli
    cld
    cmpl    $VMXA_MAX_CPUS, %edx
    jae     1f
    /* The boot CPU clears .bss (APs arrive later and must not). */
    testl   %edx, %edx
    jnz     2f
    movl    %edx, %esi
    movl    $__bss_start, %edi
    movl    $__bss_end, %ecx
    subl    %edi, %ecx
    xorl    %eax, %eax
    rep stosb
#if VMXA_DEBUG
    movl    $vcpu_stacks, %edi
    movl    $VMXA_MAX_CPUS * VMXA_STACK_SIZE / 4, %ecx
    movl    $VMXA_STACK_PAINT, %eax
    rep stosl
#endif
    movl    %esi, %edx
2:  /* Each vCPU's stack: vcpu_stacks + (id + 1) * VMXA_STACK_SIZE. */
    imull   $VMXA_STACK_SIZE, %edx, %eax
    leal    vcpu_stacks + VMXA_STACK_SIZE(%eax), %esp
    pushl   %ebx
    pushl   %edx
    call    assist_boot             /* does not return */
1:  cli
    hlt
    jmp     1b
