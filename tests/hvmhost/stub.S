/* The reset stub: hvmhost's stand-in for a BIOS when no `bios` module is
 * given.  The CPU (or the assist, in VM86) starts it at F000:FFF0.  It runs
 * the `guest` module the host has already loaded, as the parameter block
 * at F000:FF00 (stub_params.h) says:
 *   flat:      real mode, CS=DS=ES=SS=0, SP=0x7C00, DL=0x80, jump 0000:7C00
 *   multiboot: own flat GDT, CR0.PE via mov %eax,%cr0, far jump to 32-bit
 *              code, EAX=0x2BADB002, EBX=mbi, jump to the ELF entry.
 * Interrupts stay off throughout.  Linked at offset 0xF000 of segment F000. */
#include "stub_params.h"

/* Load DS, ES, FS, GS and SS from AX. */
.macro LOAD_DATA_SEGMENTS
    movw %ax, %ds
    movw %ax, %es
    movw %ax, %fs
    movw %ax, %gs
    movw %ax, %ss
.endm

#define SEG_BASE 0xF0000
#define CODE32   0x08
#define DATA32   0x10

    .code16
    .section .text
    .globl stub_start
stub_start:
    cli
    cld
    cmpl $STUB_PARAMS_MAGIC, %cs:params
    jne broken
    cmpl $STUB_KIND_MULTIBOOT, %cs:params+4
    je multiboot

flat:
    xorl %eax, %eax
    LOAD_DATA_SEGMENTS
    movl $FLAT_LOAD_GPA, %esp
    xorl %ebx, %ebx
    xorl %ecx, %ecx
    movl $0x80, %edx
    xorl %esi, %esi
    xorl %edi, %edi
    xorl %ebp, %ebp
    ljmp $0, $FLAT_LOAD_GPA

multiboot:
    lgdtl %cs:gdt_desc
    movl %cr0, %eax
    orl $1, %eax
    movl %eax, %cr0
    ljmpl $CODE32, $(SEG_BASE + pm32)

broken:                         /* the host did not patch us: stop loudly */
    hlt
    jmp broken

    .code32
pm32:
    movl $DATA32, %eax
    LOAD_DATA_SEGMENTS
    movl $FLAT_LOAD_GPA, %esp
    movl SEG_BASE + params + 12, %ebx
    movl $0x2BADB002, %eax
    jmp *SEG_BASE + params + 8

    .balign 8
gdt:
    .quad 0
    .quad 0x00CF9B000000FFFF    /* 0x08: code, base 0, 4 GiB, 32-bit */
    .quad 0x00CF93000000FFFF    /* 0x10: data, base 0, 4 GiB */
gdt_end:
gdt_desc:
    .word gdt_end - gdt - 1
    .long SEG_BASE + gdt

    .section .params, "aw"
params:
    .long 0, 0, 0, 0            /* struct stub_params, patched by the host */

    .section .reset, "ax"
    .code16
reset_vector:                   /* F000:FFF0 */
    ljmp $0xF000, $stub_start

    .section .note.GNU-stack, "", @progbits
