/*
 * The ALU operations the engine emulates, run on the host CPU itself so
 * the flags are exact by construction (vm86/alu.c).  One stub per
 * operation and size, in the order of enum x86_op from OP_ADD to OP_NOT
 * and sizes 1, 2, 4; alu_ops[] lists them.
 *
 * Called with regparm(3): EAX = first operand, EDX = second (ignored by
 * the one-operand stubs), ECX = the flags image to load (arithmetic flags
 * and bit 1 only: loading it must not touch IF, TF or DF).  Returns the
 * result in EAX and the flags the operation produced in EDX.
 *
 * The engine oracle also builds the engine as a 64-bit program (see
 * include/vmxassist/host_flags.h): there the System V convention brings
 * the operands in EDI and ESI and the flags in EDX, and the u64 comes back
 * in RAX; the stubs move them into the registers the 32-bit ones use.
 */
    .text

#ifdef __x86_64__
.macro STUB name, size, insn:vararg
alu_\name\()_\size:
    mov     %edi, %eax
    push    %rdx
    mov     %esi, %edx
    popfq
    \insn
    pushfq
    pop     %rdx
    shl     $32, %rdx
    or      %rdx, %rax
    ret
.endm
#define TABLE_ENTRY .quad
#define TABLE_ALIGN 8
#else
    .code32
.macro STUB name, size, insn:vararg
alu_\name\()_\size:
    push    %ecx
    popf
    \insn
    pushf
    pop     %edx
    ret
.endm
#define TABLE_ENTRY .long
#define TABLE_ALIGN 4
#endif

.macro BINARY name
    STUB    \name, 1, \name\()b %dl, %al
    STUB    \name, 2, \name\()w %dx, %ax
    STUB    \name, 4, \name\()l %edx, %eax
.endm

.macro UNARY name
    STUB    \name, 1, \name\()b %al
    STUB    \name, 2, \name\()w %ax
    STUB    \name, 4, \name\()l %eax
.endm

    BINARY  add
    BINARY  or
    BINARY  adc
    BINARY  sbb
    BINARY  and
    BINARY  sub
    BINARY  xor
    BINARY  cmp
    BINARY  test
    UNARY   inc
    UNARY   dec
    UNARY   neg
    UNARY   not

    .section .rodata
    .align  TABLE_ALIGN
    .globl  alu_ops
alu_ops:
    .irp    op, add, or, adc, sbb, and, sub, xor, cmp, test, inc, dec, neg, not
    TABLE_ENTRY alu_\op\()_1, alu_\op\()_2, alu_\op\()_4
    .endr

    .section .note.GNU-stack, "", @progbits
