# msrcr.S - pattern 14: rdmsr/wrmsr, mov to and from CR2/CR3/CR4,
# wbinvd/invd and cpuid in real mode and in the windows.
#
#   real mode (VM86 under the assist: all but cpuid are privileged and
#   trap; cpuid exits to the hypervisor): IA32_SYSENTER_CS/ESP written and
#   read back; rdmsr and wrmsr of a missing MSR; mov with CR1/CR5 is #UD,
#   setting PG without PE is #GP (both through the IVT, at the
#   instruction); CR2, CR3, CR4 written and read back; wbinvd and invd;
#   cpuid leaves 0 and 1
#   PE window (emulated): cpuid leaves 0 and 1 agree with real mode;
#   wrmsr of IA32_SYSENTER_CS, seen by rdmsr in protected mode; the #GP of
#   PG without PE is delivered through the guest's IDT (a 32-bit interrupt
#   gate: that delivery is what loads CS and completes the switch)
#   stale window after clearing PE (emulated): wrmsr/rdmsr, mov to and
#   from CR3/CR4, the #GP of PG without PE through the IVT
#
# What the native baseline cannot show (QEMU TCG 7.2 under hvmhost): a
# missing MSR does not fault there (rdmsr gives 0, wrmsr is dropped), so
# the guest accepts that or a proper #GP and prints which it saw; a CR4
# reserved bit or CR0.NW without CD is not checked by QEMU for an SVM
# guest (the next VMRUN fails), so neither is tried.

        .include "pattern.inc"

        .set    MSR_SYSENTER_CS, 0x174
        .set    MSR_SYSENTER_ESP, 0x175
        .set    MSR_MISSING, 0x4000babe  # no CPU has it (not a KVM/Hyper-V one)
        .set    CR4_TEST, 0x00000600    # OSFXSR | OSXMMEXCPT
        .set    CR3_TEST, 0x0012f018    # a page frame with PWT and PCD
        .set    CR2_TEST, 0xdeadbeef
        .set    GP_VECTOR, 13
        .set    CR0_RESET, 0x60000010
        .set    CR0_PG, 0x80000000
        .set    EFL_AF, 0x10            # undefined after the window's OR

# rdmsr or wrmsr (\insn) of MSR_MISSING at \label, catching a real-mode
# #GP through the IVT; EAX:EDX preset to a pattern a #GP must leave.
# Afterwards: catch_* as rmcatch.S describes, EAX and EDX as left.
        .macro  MISSING_MSR_RM insn, label
        mov     $GP_VECTOR, %al
        mov     $.Lresume\@, %dx
        call    rm_catch_arm16
        mov     $MSR_MISSING, %ecx
        mov     $0x11223344, %eax
        mov     $0x55667788, %edx
\label: \insn                           # a CPU faults, QEMU goes on
.Lresume\@:
        .endm

# Append the record of a caught #GP (count, IP) and EAX, EDX to the
# record at DI; DI advances.
        .macro  RECORD_GP
        mov     %eax, 8(%di)
        mov     %edx, 12(%di)
        mov     catch_count, %eax
        mov     %eax, 0(%di)
        mov     catch_ip, %eax
        mov     %eax, 4(%di)
        add     $16, %di
        .endm

        FLAT_START "msrcr: rdmsr/wrmsr, mov cr2/cr3/cr4, wbinvd/invd, cpuid in real mode and the windows (pattern 14)"

# --- real mode: MSRs that exist ---------------------------------------------
        mov     $MSR_SYSENTER_CS, %ecx  # keep the old values
        rdmsr
        mov     %eax, saved_cs
        mov     $MSR_SYSENTER_ESP, %ecx
        rdmsr
        mov     %eax, saved_esp
        mov     %edx, saved_esp + 4
        mov     $MSR_SYSENTER_CS, %ecx
        mov     $0x00001234, %eax
        xor     %edx, %edx
        wrmsr
        mov     $MSR_SYSENTER_ESP, %ecx
        mov     $0x89abcdef, %eax
        wrmsr
        mov     $MSR_SYSENTER_CS, %ecx
        rdmsr
        mov     %eax, msr_got + 0
        mov     %edx, msr_got + 4
        mov     $MSR_SYSENTER_ESP, %ecx
        rdmsr
        mov     %eax, msr_got + 8
        mov     %edx, msr_got + 12
        VERDICT msr_exp, msr_got, msr_names, 4, "pattern 14: wrmsr and rdmsr of IA32_SYSENTER_CS and IA32_SYSENTER_ESP in real mode"

# --- real mode: an MSR that does not exist ----------------------------------
# A CPU raises #GP; QEMU's TCG (the native baseline here) ignores unknown
# MSRs instead: rdmsr gives 0, wrmsr does nothing.  Either is accepted if
# it is consistent (a #GP at the instruction with EAX/EDX untouched);
# the info line, and so the transcript comparison, pins down which.
        mov     $gp_got, %di
        MISSING_MSR_RM rdmsr, gp_rdmsr
        RECORD_GP
        MISSING_MSR_RM wrmsr, gp_wrmsr
        RECORD_GP
        call    rm_traps_install
        PRINT   "msrcr: missing MSR: rdmsr #GP count "
        mov     gp_got + 0, %eax
        call    putdec16
        PRINT   ", edx:eax "
        mov     gp_got + 12, %eax
        mov     $8, %ecx
        call    puthex16
        PRINT   ":"
        mov     gp_got + 8, %eax
        call    puthex16
        PRINT   "; wrmsr #GP count "
        mov     gp_got + 16, %eax
        call    putdec16
        call    newline16
        mov     $gp_rdmsr, %ax          # what a #GP must look like
        mov     $gp_got, %bx
        call    expect_gp_or_none
        mov     $gp_wrmsr, %ax
        mov     $gp_got + 16, %bx
        call    expect_gp_or_none
        VERDICT gp_exp, gp_got, gp_names, 8, "pattern 14: rdmsr and wrmsr of a missing MSR do what the CPU does (#GP through the IVT at the instruction, or nothing)"

# --- real mode: mov to/from CR1 and CR5 are #UD, PG without PE is #GP -------
        mov     $ud_got, %di
        CATCH   6
        xor     %eax, %eax
        xor     %edx, %edx
ud_cr1: .byte   0x0f, 0x22, 0xc8        # mov %eax, %cr1
        jmp     no_fault
1:      RECORD_GP
        CATCH   6
        xor     %eax, %eax
        xor     %edx, %edx
ud_cr5: .byte   0x0f, 0x20, 0xe8        # mov %cr5, %eax
        jmp     no_fault
1:      RECORD_GP
        CATCH   GP_VECTOR
        xor     %edx, %edx
        mov     %cr0, %eax
        or      $CR0_PG, %eax
gp_pg:  mov     %eax, %cr0
        jmp     no_fault
1:      mov     %cr0, %eax              # unchanged: PG still clear
        RECORD_GP
        call    rm_traps_install
        VERDICT ud_exp, ud_got, ud_names, 12, "pattern 14: mov with cr1 or cr5 raises #UD, setting PG without PE raises #GP, in real mode"

# --- real mode: control registers, caches --------------------------------
        mov     %cr4, %eax
        mov     %eax, saved_cr4
        mov     %cr3, %eax
        mov     %eax, saved_cr3
        mov     $CR4_TEST, %eax
        mov     %eax, %cr4
        mov     $CR3_TEST, %eax
        mov     %eax, %cr3
        mov     $CR2_TEST, %eax
        mov     %eax, %cr2
        xor     %eax, %eax
        mov     %cr4, %eax
        mov     %eax, cr_got + 0
        mov     %cr3, %eax
        mov     %eax, cr_got + 4
        mov     %cr2, %eax
        mov     %eax, cr_got + 8
        wbinvd
        invd
        mov     saved_cr3, %eax
        mov     %eax, %cr3
        mov     saved_cr4, %eax
        mov     %eax, %cr4
        mov     %cr4, %eax
        xor     saved_cr4, %eax
        mov     %eax, cr_got + 12
        VERDICT cr_exp, cr_got, cr_names, 4, "pattern 14: mov to and from cr2, cr3 and cr4 in real mode; wbinvd and invd"

# --- cpuid: real mode, then the PE window -------------------------------------
        mov     $cpuid_rm, %di
        call    cpuid_pair
        lgdtw   gdt_desc
        lidtw   pm_idt_desc
        mov     %cr0, %eax
        or      $1, %al
        mov     %eax, %cr0
        # PE window
        mov     $cpuid_win, %di
        call    cpuid_pair
        mov     $MSR_SYSENTER_CS, %ecx
        mov     $0x00004321, %eax
        xor     %edx, %edx
        wrmsr
        ljmpl   $SEL_CODE32, $1f
        CODE32
1:      LOAD_SEGS SEL_DATA32
        FAILCTX "pattern 14: cpuid in the PE window (emulated) and in real mode"
        CHECK   cpuid_rm, cpuid_win, cpuid_names, 8
        mov     $MSR_SYSENTER_CS, %ecx
        rdmsr
        mov     %eax, win_got + 0
        PM32_TO_REAL

# --- the PE window again: a #GP there goes through the guest's IDT ---------
# Clearing PE while setting PG is #GP(0); in the window that is delivered
# through the protected-mode IDT, whose 32-bit gate loads CS.
        mov     pm_idt + GP_VECTOR * 8, %ax     # gate offset 15..0
        mov     %ax, saved_gate
        movw    $win_gp, pm_idt + GP_VECTOR * 8
        lgdtw   gdt_desc
        lidtw   pm_idt_desc
        mov     $0x55667788, %edx
        mov     %cr0, %eax
        or      $1, %al
        mov     %eax, %cr0
        xor     $CR0_PG | 1, %eax
win_cr0:
        mov     %eax, %cr0
        ljmpl   $SEL_CODE32, $no_fault32
        CODE32
# A 32-bit interrupt gate, same privilege: error code, EIP, CS, EFLAGS on
# the real-mode stack (16-bit SS, so SP); DS is still the real-mode one.
win_gp: mov     %eax, win_got + 20
        mov     %edx, win_got + 24
        pop     %eax
        mov     %eax, win_got + 4
        pop     %eax
        mov     %eax, win_got + 8
        pop     %eax
        mov     %eax, win_got + 12
        pop     %eax
        and     $FLAGS_CHECKED & ~EFL_AF, %eax
        mov     %eax, win_got + 16
        mov     %cr0, %eax
        mov     %eax, win_got + 28
        LOAD_SEGS SEL_DATA32
        mov     saved_gate, %ax
        mov     %ax, pm_idt + GP_VECTOR * 8
        VERDICT win_exp, win_got, win_names, 8, "pattern 14: in the PE window cpuid agrees with real mode, wrmsr reaches the MSR, a #GP from mov to cr0 goes through the guest's IDT"

# --- the stale window after clearing PE ---------------------------------------
        PM32_TO_STALE                   # DS..SS: stale 16-bit PM caches
        lidtw   rm_ivt_desc
        mov     $MSR_SYSENTER_CS, %ecx
        mov     $0x00005678, %eax
        xor     %edx, %edx
        wrmsr
        xor     %eax, %eax
        rdmsr
        mov     %eax, stale_got + 0
        mov     $CR4_TEST, %eax
        mov     %eax, %cr4
        mov     $CR3_TEST, %eax
        mov     %eax, %cr3
        mov     %cr4, %eax
        mov     %eax, stale_got + 4
        mov     %cr3, %eax
        mov     %eax, stale_got + 8
        mov     saved_cr3, %eax
        mov     %eax, %cr3
        mov     saved_cr4, %eax
        mov     %eax, %cr4
        mov     $stale_got + 12, %di
        CATCH   GP_VECTOR
        mov     $0x55667788, %edx
        mov     %cr0, %eax
        or      $CR0_PG, %eax
gp_stale:
        mov     %eax, %cr0
        jmp     no_fault
1:      mov     %cr0, %eax
        RECORD_GP
        LOAD_SEGS 0
        call    rm_traps_install
        VERDICT stale_exp, stale_got, stale_names, 7, "pattern 14: wrmsr/rdmsr, mov to and from cr3/cr4, and #GP for PG without PE with stale caches after clearing PE"

        mov     $MSR_SYSENTER_CS, %ecx  # put the old values back
        mov     saved_cs, %eax
        xor     %edx, %edx
        wrmsr
        mov     $MSR_SYSENTER_ESP, %ecx
        mov     saved_esp, %eax
        mov     saved_esp + 4, %edx
        wrmsr
        PRINTLN "PASS msrcr"
        EXIT    0

# CPUID leaves 0 and 1 into the 8 dwords at DI (EAX EBX ECX EDX each).
cpuid_pair:
        pushal
        xor     %esi, %esi
1:      mov     %esi, %eax
        xor     %ecx, %ecx
        cpuid
        mov     %eax, 0(%di)
        mov     %ebx, 4(%di)
        mov     %ecx, 8(%di)
        mov     %edx, 12(%di)
        add     $16, %di
        inc     %esi
        cmp     $2, %esi
        jb      1b
        popal
        ret

# BX = a record (count, IP, EAX, EDX) of MISSING_MSR_RM, AX = the
# instruction: its expected values in the record at BX + (gp_exp - gp_got):
# a #GP at AX with EAX/EDX untouched, or no #GP and any EAX/EDX.
expect_gp_or_none:
        pushal
        mov     $gp_exp - gp_got, %di
        add     %bx, %di
        cmpl    $0, (%bx)
        jne     1f
        movl    $0, 0(%di)
        movl    $-1, 4(%di)
        mov     8(%bx), %eax
        mov     %eax, 8(%di)
        mov     12(%bx), %eax
        mov     %eax, 12(%di)
        popal
        ret
1:      movl    $1, 0(%di)
        movzwl  %ax, %eax
        mov     %eax, 4(%di)
        movl    $0x11223344, 8(%di)
        movl    $0x55667788, 12(%di)
        popal
        ret

no_fault:
        PRINTLN "FAIL pattern 14: an instruction that must fault did not"
        EXIT    1

        CODE32
no_fault32:
        LOAD_SEGS SEL_DATA32
        PRINTLN "FAIL pattern 14: mov to cr0 with PG set and PE clear did not fault in the PE window"
        EXIT    1

        .data
        .p2align 2
saved_cs:       .long   0
saved_esp:      .long   0, 0
saved_cr3:      .long   0
saved_cr4:      .long   0
saved_gate:     .word   0, 0

msr_got:        .fill   4, 4, 0
msr_exp:        .long   0x1234, 0, 0x89abcdef, 0
        NAMES   msr_names, "SYSENTER_CS eax", "SYSENTER_CS edx", "SYSENTER_ESP eax", "SYSENTER_ESP edx"

gp_got:         .fill   8, 4, 0
gp_exp:         .fill   8, 4, 0         # expect_gp_or_none fills it
        NAMES   gp_names, "rdmsr: #GP count", "rdmsr: #GP at", "rdmsr: eax", "rdmsr: edx", "wrmsr: #GP count", "wrmsr: #GP at", "wrmsr: eax", "wrmsr: edx"

ud_got:         .fill   12, 4, 0
ud_exp:         .long   1, ud_cr1, 0, 0
                .long   1, ud_cr5, 0, 0
                .long   1, gp_pg, CR0_RESET, 0
        NAMES   ud_names, "mov %eax,%cr1: #UD count", "mov %eax,%cr1: #UD at", "mov %eax,%cr1: eax", "mov %eax,%cr1: edx", "mov %cr5,%eax: #UD count", "mov %cr5,%eax: #UD at", "mov %cr5,%eax: eax", "mov %cr5,%eax: edx", "PG without PE: #GP count", "PG without PE: #GP at", "PG without PE: cr0 after", "PG without PE: edx"

cr_got:         .fill   4, 4, 0
cr_exp:         .long   CR4_TEST, CR3_TEST, CR2_TEST, 0
        NAMES   cr_names, "cr4", "cr3", "cr2", "cr4 restored (xor the old value)"

cpuid_rm:       .fill   8, 4, 0
cpuid_win:      .fill   8, 4, 0
        NAMES   cpuid_names, "leaf 0 eax", "leaf 0 ebx", "leaf 0 ecx", "leaf 0 edx", "leaf 1 eax", "leaf 1 ebx", "leaf 1 ecx", "leaf 1 edx"

win_got:        .fill   8, 4, 0
win_exp:        .long   0x4321, 0, win_cr0, 0, 0x0080
                .long   (CR0_RESET | CR0_PG), 0x55667788, CR0_RESET | 1
        NAMES   win_names, "SYSENTER_CS after wrmsr in the window", "#GP error code", "#GP pushed EIP", "#GP pushed CS", "#GP pushed EFLAGS", "eax at the #GP", "edx at the #GP", "cr0 in the handler"

stale_got:      .fill   7, 4, 0
stale_exp:      .long   0x5678, CR4_TEST, CR3_TEST
                .long   1, gp_stale, CR0_RESET, 0x55667788
        NAMES   stale_names, "SYSENTER_CS", "cr4", "cr3", "PG without PE: #GP count", "PG without PE: #GP at", "PG without PE: cr0 after", "PG without PE: edx"
