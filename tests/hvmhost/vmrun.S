/* u64 svm_run_guest(u32 vmcb_pa, struct guest_gprs *g)
 * Enter the guest once and come back at its next #VMEXIT.  VMRUN keeps only
 * RAX, RSP and RIP in the VMCB, so the other guest GPRs are loaded from and
 * stored back to *g here.  VMLOAD/VMSAVE carry TR, LDTR, FS, GS and the
 * syscall MSRs.  Returns the TSC delta across the bracket, which under
 * `-icount shift=0` is the number of instructions spent in the guest.
 *
 * The bracket runs in 64-bit mode: the host's compatibility-mode code
 * would keep only the low halves of a 64-bit guest's RBX..RBP (a 32-bit
 * register write clears the upper half), and a 64-bit kernel's pointers
 * live there.  R8-R15 are never touched by the host at all. */
#define G_RBX 0
#define G_RCX 8
#define G_RDX 16
#define G_RSI 24
#define G_RDI 32
#define G_RBP 40
#define SEL_CODE32 0x08             /* start.S's GDT */
#define SEL_CODE64 0x18

    .text
    .code32
    .globl svm_run_guest
svm_run_guest:
    pushl %ebp
    pushl %ebx
    pushl %esi
    pushl %edi
    movl 24(%esp), %edi         /* g */
    pushl %edi
    rdtsc
    pushl %edx
    pushl %eax                  /* stack: tsc lo, tsc hi, g, 4 regs, ret, vmcb */
    movl 32(%esp), %eax         /* vmcb_pa */
    ljmp $SEL_CODE64, $1f
    .code64
1:  movq G_RBX(%rdi), %rbx      /* RDI and RAX: zero-extended by the movl */
    movq G_RCX(%rdi), %rcx
    movq G_RDX(%rdi), %rdx
    movq G_RSI(%rdi), %rsi
    movq G_RBP(%rdi), %rbp
    movq G_RDI(%rdi), %rdi
    clgi
    vmload
    vmrun
    vmsave
    stgi
    pushq %rdi                  /* guest RDI */
    movl 16(%rsp), %edi         /* g */
    movq %rbx, G_RBX(%rdi)
    movq %rcx, G_RCX(%rdi)
    movq %rdx, G_RDX(%rdi)
    movq %rsi, G_RSI(%rdi)
    movq %rbp, G_RBP(%rdi)
    popq G_RDI(%rdi)
    ljmpl *back_to_compat(%rip)
    .code32
2:  rdtsc
    subl 0(%esp), %eax
    sbbl 4(%esp), %edx
    addl $12, %esp
    popl %edi
    popl %esi
    popl %ebx
    popl %ebp
    ret

    .section .rodata
back_to_compat:
    .long 2b
    .word SEL_CODE32

    .section .note.GNU-stack, "", @progbits
