/* The self-test's small guests, one per CASE (see selftest/run). */
#if defined(MULTIBOOT)
    .section .multiboot, "a"
    .balign 4
    .long 0x1BADB002, 0, -0x1BADB002
#endif

#define PUTS(label) \
    movl $label, %esi; \
    call puts
#define VERDICT(v) \
    movb $v, %al; \
    outb %al, $0xf4

#if defined(CASE_flat)             /* real mode at 0000:7C00 */
    .code16
    .text
    movw $msg, %si
1:  lodsb
    testb %al, %al
    jz 2f
    movw $0x3f8, %dx
    outb %al, %dx
    jmp 1b
2:  VERDICT(0)
msg: .asciz "flat guest says hello\n"

#elif defined(CASE_hlt0)           /* HLT with IF=0: must be reported */
    .code16
    cli
    hlt

#elif defined(CASE_cpuidpfx)       /* a prefixed CPUID: one exit, resumed after it */
    .code16
    xorl %eax, %eax
    .byte 0xf2, 0x66, 0x65, 0x0f, 0xa2
    VERDICT(0)

#elif defined(CASE_triple)         /* empty IDT + int3: triple fault */
    .code16
    lidt %cs:idt0 - 0x7c00
    int $3
idt0: .word 0
    .long 0

#elif defined(CASE_hlt1) || defined(CASE_hlt1pfx) /* sti; hlt woken by the PIT's IRQ0 */
    .code16
base:
    movw $irq0 - base + 0x7c00, 0x20    /* IVT[8]: the PIC base is 0x08 */
    movw $0, 0x22
    movb $0xfe, %al
    outb %al, $0x21
    sti
#if defined(CASE_hlt1pfx)
    .byte 0xf2, 0x66                    /* prefixes: HLT all the same */
#endif
    hlt
    cli
    cmpb $1, flag - base + 0x7c00
    jne 1f
    VERDICT(0)
1:  VERDICT(5)
irq0:
    movb $1, %cs:flag - base + 0x7c00
    movb $0x20, %al
    outb %al, $0x20
    iret
flag: .byte 0

#elif defined(CASE_mb)             /* multiboot: check EAX, mbi, bss */
    .text
    .globl _start
_start:
    cmpl $0x2BADB002, %eax
    jne bad
    cmpl $639, 4(%ebx)              /* mem_lower */
    jne bad
    cmpl $0, bss_word
    jne bad
    PUTS(msg)
    VERDICT(0)
bad:VERDICT(3)
#include "puts.inc"
    .data
msg: .asciz "multiboot guest in protected mode\n"
    .bss
bss_word: .long 0
    .space 4096

#elif defined(CASE_npf)            /* a write past the end of guest RAM */
    .text
    .globl _start
_start:
    movl $1, 0x8000000
    VERDICT(9)

#elif defined(CASE_lmeexit)        /* an exit with EFER.LME=1, paging off */
    .text
    .globl _start
_start:
    movl $0xC0000080, %ecx          /* EFER.LME, CR4.PAE clear: legal, */
    rdmsr                           /* as between a wrmsr and mov to CR4 */
    orl $0x100, %eax
    wrmsr
    xorl %eax, %eax
    cpuid                           /* a #VMEXIT in that state */
    movl $0xC0000080, %ecx
    rdmsr
    andl $~0x100, %eax
    wrmsr
    movl $1, 0x8000000              /* nested paging must still be on: NPF */
    VERDICT(9)

#elif defined(CASE_memset)         /* overwrite all RAM but its own page */
    .text
    .globl _start
_start:
    movl 8(%ebx), %edx              /* mem_upper, KiB */
    shll $10, %edx
    addl $0x100000, %edx
    cld
    movl $0xCCCCCCCC, %eax
    xorl %edi, %edi
    movl $0xA0000 / 4, %ecx         /* up to the VGA window */
    rep stosl
    movl $0xC0000, %edi
    movl $(0x100000 - 0xC0000) / 4, %ecx
    rep stosl
    movl $0x101000, %edi            /* past this code */
    movl %edx, %ecx
    subl %edi, %ecx
    shrl $2, %ecx
    rep stosl
    PUTS(msg)
    VERDICT(0)
#include "puts.inc"
msg: .asciz "memset of all RAM done\n"
#endif

    .section .note.GNU-stack, "", @progbits
