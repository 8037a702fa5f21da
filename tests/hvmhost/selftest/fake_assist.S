/* A fake assist blob for hvmhost's self-test: just enough of the interface
 * to prove hvmhost's side of it.  Loaded at 0xD0000 and entered in flat
 * 32-bit PM, it
 *  - plants a qword at GPA 4 GiB through its own PAE paging (the high-RAM
 *    window) and checks that GPA 0 did not change (no aliasing);
 *  - programs the PICs to 0x30/0x38 (protected-mode bases);
 *  - INVOKEs with `mov %eax,%cr0` (PE clear) into its own new context and
 *    checks the old context hvmhost saved, the GPRs, CPUID 0x40000000 and
 *    the private leaf 0x40000003 reading the planted qword;
 *  - RESTOREs with `lmsw` from memory (SIB addressing), INVOKEs again with
 *    `mov %edx,%cr0` encoded with mod=00 (must act as a register), does a
 *    `clts` and a real-mode ICW2 inside the assist world, and RESTOREs with
 *    a 16-bit-address `lmsw (%bx,%si)`;
 *  - checks hvmhost's two views of 0xD0000-0xDFFFF: the guest world (its
 *    protected-mode phases run from the guest's own copy of this image)
 *    does not see what the assist world wrote there, wipes the magic in
 *    its own view, and the next INVOKE still finds the assist's header;
 *    the assist world does not see the guest world's writes either;
 *  - prints "fake assist: PASS" on COM1 and writes verdict 0.
 * A failed check writes its own number as the verdict (0x20-0x71). */
#define CTX_EIP 0
#define CTX_ESP 4
#define CTX_EFLAGS 8
#define CTX_CR0 12
#define CTX_CR3 16
#define CTX_CR4 20
#define CTX_IDTR 24
#define CTX_GDTR 32
#define CS_ 40
#define DS_ 56
#define ES_ 72
#define SS_ 88
#define FS_ 104
#define GS_ 120
#define TR_ 136
#define LDTR_ 152
#define IRQB 168

.macro SEG ctx, off, sel, limit, base, ar
    movl $\sel, \ctx+\off
    movl $\limit, \ctx+\off+4
    movl $\base, \ctx+\off+8
    movl $\ar, \ctx+\off+12
.endm
.macro FLAT ctx, eip, esp, cr0
    movl $\eip, \ctx+CTX_EIP
    movl $\esp, \ctx+CTX_ESP
    movl $2, \ctx+CTX_EFLAGS
    movl $\cr0, \ctx+CTX_CR0
    movl $0, \ctx+CTX_CR3
    movl $0, \ctx+CTX_CR4
    movl $0, \ctx+CTX_IDTR
    movl $0, \ctx+CTX_IDTR+4
    movl $(gdt_end-gdt-1), \ctx+CTX_GDTR
    movl $gdt, \ctx+CTX_GDTR+4
    SEG \ctx, CS_, 0x08, 0xFFFFFFFF, 0, 0xC09B
    SEG \ctx, DS_, 0x10, 0xFFFFFFFF, 0, 0xC093
    SEG \ctx, ES_, 0x10, 0xFFFFFFFF, 0, 0xC093
    SEG \ctx, SS_, 0x10, 0xFFFFFFFF, 0, 0xC093
    SEG \ctx, FS_, 0x10, 0xFFFFFFFF, 0, 0xC093
    SEG \ctx, GS_, 0x10, 0xFFFFFFFF, 0, 0xC093
    SEG \ctx, TR_, 0, 0xFF, 0, 0x8B
    SEG \ctx, LDTR_, 0, 0, 0, 0x10000
.endm
.macro FAILIF cond, code
    j\cond 1f
    jmp 2f
1:  movb $\code, %al
    outb %al, $0xf4
2:
.endm
.macro PIC port, base, icw3
    movb $0x11, %al ; outb %al, $\port
    movb $\base, %al ; outb %al, $(\port+1)
    movb $\icw3, %al ; outb %al, $(\port+1)
    movb $1, %al ; outb %al, $(\port+1)
    movb $0xff, %al ; outb %al, $(\port+1)
.endm

    .code32
    .text
    .globl _start
_start:
    jmp entry
    .balign 8
    .long 0x17101966
    .long newctx
    .long oldctx

entry:
    lgdt gdt_desc
    ljmp $0x08, $1f
1:  movl $0x10, %eax
    movw %ax, %ds ; movw %ax, %es ; movw %ax, %ss ; movw %ax, %fs ; movw %ax, %gs
    movl $stack_top, %esp
    cmpl $0, %edx               /* vcpu id */
    FAILIF ne, 0x20

    /* PAE paging: linear 0x40000000 -> GPA 0x1_0000_0000; plant a qword. */
    movl $0x11001, 0x10000 ; movl $0, 0x10004        /* PDPT[0] -> PD0 */
    movl $0x12001, 0x10008 ; movl $0, 0x1000c        /* PDPT[1] -> PD1 */
    movl $0x83, 0x11000 ; movl $0, 0x11004           /* 0-2M identity */
    movl $0x83, 0x12000 ; movl $1, 0x12004           /* 1G -> 4G */
    movl $0x20, %eax ; movl %eax, %cr4
    movl $0x10000, %eax ; movl %eax, %cr3
    movl %cr0, %eax ; orl $0x80000000, %eax ; movl %eax, %cr0
    movl $0x55667788, 0x40000000
    movl $0x11223344, 0x40000004
    cmpl $0, 0                  /* GPA 0 must not alias GPA 4G */
    FAILIF ne, 0x21
    movl %cr0, %eax ; andl $0x7fffffff, %eax ; movl %eax, %cr0
    xorl %eax, %eax ; movl %eax, %cr4

    PIC 0x20, 0x30, 4
    PIC 0xA0, 0x38, 2

    FLAT newctx, world1, assist_stack_top, 0x10
    movl $0xB0B0B0B0, %ebx ; movl $0x51515151, %esi
    movl $0xD1D1D1D1, %edi ; movl $0xEBEBEBEB, %ebp
    movl %cr0, %eax ; andl $~1, %eax
    movl %eax, %cr0             /* INVOKE #1 */
after_invoke1:
    jmp fail_here

world1:                         /* assist world, visit 1 */
    cmpl $0xB0B0B0B0, %ebx ; FAILIF ne, 0x30
    cmpl $0x51515151, %esi ; FAILIF ne, 0x31
    cmpl $0xD1D1D1D1, %edi ; FAILIF ne, 0x32
    cmpl $0xEBEBEBEB, %ebp ; FAILIF ne, 0x33
    cmpl $0x10, %eax ; FAILIF ne, 0x34
    cmpl $after_invoke1, oldctx+CTX_EIP ; FAILIF ne, 0x35
    cmpl $0x10, oldctx+CTX_CR0 ; FAILIF ne, 0x36
    cmpl $0xC09B, oldctx+CS_+12 ; FAILIF ne, 0x37
    cmpl $0x8B, oldctx+TR_+12 ; FAILIF ne, 0x38
    cmpl $0x10, oldctx+DS_ ; FAILIF ne, 0x39
    cmpl $stack_top, oldctx+CTX_ESP ; FAILIF ne, 0x3a
    cmpl $0x82, oldctx+LDTR_+12 ; FAILIF ne, 0x3b
    cmpl $gdt, oldctx+CTX_GDTR+4 ; FAILIF ne, 0x3c
    movl $0x40000000, %eax ; cpuid
    cmpl $0x40000002, %eax ; FAILIF ne, 0x3d
    cmpl $0x686d7668, %ebx ; FAILIF ne, 0x3e      /* "hvmh" */
    movl $0x40000003, %eax ; xorl %ecx, %ecx ; movl $1, %edx ; cpuid
    cmpl $0x55667788, %ecx ; FAILIF ne, 0x40
    cmpl $0x11223344, %edx ; FAILIF ne, 0x41
    cmpl $0x40000003, %eax ; FAILIF ne, 0x42
    movl $0xA55A1234, view_mark /* the assist world's view only */
    FLAT newctx, world2, assist_stack_top, 0x10  /* the guest world cannot */
    FLAT oldctx, phase_c, stack_top, 0x11
    lea msw_one - 8, %ebx ; movl $2, %ecx
    lmsw 4(%ebx,%ecx,2)         /* RESTORE #1 */
    jmp fail_here

phase_c:                        /* guest PM again */
    movl $0x40000003, %eax ; xorl %ecx, %ecx ; movl $1, %edx ; cpuid
    cmpl $0, %ecx ; FAILIF ne, 0x50   /* private leaf is zero outside */
    cmpl $0, view_mark ; FAILIF ne, 0x51  /* the guest's own copy */
    movl $0x600D600D, view_mark
    movl $0, 0xD0008            /* wipe the magic in the guest's view */
    movl %cr0, %edx ; andl $~1, %edx
    .byte 0x0f, 0x22, 0x02      /* mov %edx,%cr0 with mod=00: INVOKE #2 */
after_invoke2:
    jmp fail_here

world2:
    cmpl $after_invoke2, oldctx+CTX_EIP ; FAILIF ne, 0x60
    cmpl $0xA55A1234, view_mark ; FAILIF ne, 0x61
    cmpl $0x17101966, 0xD0008 ; FAILIF ne, 0x62
    clts                        /* records only, no world switch */
    PIC 0x20, 0x08, 4              /* real-mode ICW2 in the assist world */
    movb $0x08, oldctx+IRQB
    movb $0x70, oldctx+IRQB+1
    FLAT oldctx, phase_e, stack_top, 0x11
    movw $1, 0x7000
    movl $0x6000, %ebx ; movl $0x1000, %esi
    .byte 0x67, 0x0f, 0x01, 0x30 /* addr16 lmsw (%bx,%si): RESTORE #2 */
    jmp fail_here

phase_e:
    cmpl $0x600D600D, view_mark ; FAILIF ne, 0x70
    cmpl $0, 0xD0008 ; FAILIF ne, 0x71
    movl $msg, %esi
    call puts
    movb $0, %al
    outb %al, $0xf4
fail_here:
    movb $0x7e, %al
    outb %al, $0xf4

#include "puts.inc"
    .balign 2
msw_one: .word 0x0001
msg: .asciz "fake assist: PASS\n"
    .balign 4
view_mark: .long 0
    .balign 8
gdt:
    .quad 0
    .quad 0x00CF9B000000FFFF
    .quad 0x00CF93000000FFFF
gdt_end:
gdt_desc:
    .word gdt_end - gdt - 1
    .long gdt
    .balign 4
newctx: .space 172
oldctx: .space 172
    .balign 16
    .space 1024
stack_top:
    .space 1024
assist_stack_top:
    .balign 512
