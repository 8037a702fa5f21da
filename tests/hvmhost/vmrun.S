/* u64 svm_run_guest(u32 vmcb_pa, struct guest_gprs *g)
 * Enter the guest once and come back at its next #VMEXIT.  VMRUN keeps only
 * RAX, RSP and RIP in the VMCB, so the other guest GPRs are loaded from and
 * stored back to *g here.  VMLOAD/VMSAVE carry TR, LDTR, FS, GS and the
 * syscall MSRs.  Returns the TSC delta across the bracket, which under
 * `-icount shift=0` is the number of instructions spent in the guest.
 *
 * The bracket runs in 64-bit mode (the host's other code runs in
 * compatibility mode, start.S): a 64-bit guest (Linux) keeps live values in
 * the upper halves of RBX..RBP and in R8-R15, and 32-bit code could neither
 * save them nor leave them alone (a 32-bit register write clears the upper
 * half).  struct guest_gprs (vcpu.h) has a qword per register. */
#define G_RBX 0
#define G_RCX 8
#define G_RDX 16
#define G_RSI 24
#define G_RDI 32
#define G_RBP 40
#define G_R8  48
#define SEL_CODE64 0x18         /* start.S's GDT */

    .text
    .globl svm_run_guest
svm_run_guest:
    pushl %ebp
    pushl %ebx
    pushl %esi
    pushl %edi
    movl 20(%esp), %eax         /* vmcb_pa */
    movl 24(%esp), %edi         /* g */
    ljmp $SEL_CODE64, $1f

    .code64
1:  movl %esp, %esp             /* zero-extend what compatibility mode left */
    movl %eax, %eax
    movl %edi, %edi
    pushq %rdi
    pushq %rax
    rdtsc
    shlq $32, %rdx
    orq %rdx, %rax
    pushq %rax                  /* stack: tsc, vmcb, g */
    movq 8(%rsp), %rax
    movq G_RBX(%rdi), %rbx
    movq G_RCX(%rdi), %rcx
    movq G_RDX(%rdi), %rdx
    movq G_RSI(%rdi), %rsi
    movq G_RBP(%rdi), %rbp
    movq G_R8 + 0(%rdi), %r8
    movq G_R8 + 8(%rdi), %r9
    movq G_R8 + 16(%rdi), %r10
    movq G_R8 + 24(%rdi), %r11
    movq G_R8 + 32(%rdi), %r12
    movq G_R8 + 40(%rdi), %r13
    movq G_R8 + 48(%rdi), %r14
    movq G_R8 + 56(%rdi), %r15
    movq G_RDI(%rdi), %rdi
    clgi
    vmload
    vmrun
    vmsave
    stgi
    pushq %rdi                  /* guest RDI */
    movq 24(%rsp), %rdi         /* g */
    movq %rbx, G_RBX(%rdi)
    movq %rcx, G_RCX(%rdi)
    movq %rdx, G_RDX(%rdi)
    movq %rsi, G_RSI(%rdi)
    movq %rbp, G_RBP(%rdi)
    movq %r8, G_R8 + 0(%rdi)
    movq %r9, G_R8 + 8(%rdi)
    movq %r10, G_R8 + 16(%rdi)
    movq %r11, G_R8 + 24(%rdi)
    movq %r12, G_R8 + 32(%rdi)
    movq %r13, G_R8 + 40(%rdi)
    movq %r14, G_R8 + 48(%rdi)
    movq %r15, G_R8 + 56(%rdi)
    popq G_RDI(%rdi)
    rdtsc
    shlq $32, %rdx
    orq %rdx, %rax
    subq (%rsp), %rax
    addq $24, %rsp
    movq %rax, %rdx
    shrq $32, %rdx              /* EDX:EAX = the delta */
    ljmpl *back_to_compat(%rip)

    .code32
2:  popl %edi
    popl %esi
    popl %ebx
    popl %ebp
    ret

    .section .rodata
back_to_compat:
    .long 2b
    .word 0x08                  /* start.S's 32-bit code segment */

    .section .note.GNU-stack, "", @progbits
