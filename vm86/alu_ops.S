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
 */
    .text
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
    .align  4
    .globl  alu_ops
alu_ops:
    .irp    op, add, or, adc, sbb, and, sub, xor, cmp, test, inc, dec, neg, not
    .long   alu_\op\()_1, alu_\op\()_2, alu_\op\()_4
    .endr

    .section .note.GNU-stack, "", @progbits
