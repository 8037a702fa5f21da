/* u64 svm_run_guest(u32 vmcb_pa, struct guest_gprs *g)
 * Enter the guest once and come back at its next #VMEXIT.  VMRUN keeps only
 * RAX, RSP and RIP in the VMCB, so the other guest GPRs are loaded from and
 * stored back to *g here.  VMLOAD/VMSAVE carry TR, LDTR, FS, GS and the
 * syscall MSRs.  Returns the TSC delta across the bracket, which under
 * `-icount shift=0` is the number of instructions spent in the guest. */
#define G_EBX 0
#define G_ECX 4
#define G_EDX 8
#define G_ESI 12
#define G_EDI 16
#define G_EBP 20

    .text
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
    movl G_EBX(%edi), %ebx
    movl G_ECX(%edi), %ecx
    movl G_EDX(%edi), %edx
    movl G_ESI(%edi), %esi
    movl G_EBP(%edi), %ebp
    movl G_EDI(%edi), %edi
    clgi
    vmload
    vmrun
    vmsave
    stgi
    pushl %edi                  /* guest EDI */
    movl 12(%esp), %edi         /* g */
    movl %ebx, G_EBX(%edi)
    movl %ecx, G_ECX(%edi)
    movl %edx, G_EDX(%edi)
    movl %esi, G_ESI(%edi)
    movl %ebp, G_EBP(%edi)
    popl G_EDI(%edi)
    rdtsc
    subl 0(%esp), %eax
    sbbl 4(%esp), %edx
    addl $12, %esp
    popl %edi
    popl %esi
    popl %ebx
    popl %ebp
    ret

    .section .note.GNU-stack, "", @progbits
