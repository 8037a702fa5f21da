# diffrun.S - the mode-switching half of the differential generator guest.
#
# diffgen.c generates a block of random real-mode code in protected mode;
# run_block (called from C) runs it in *big real mode*:
#
#   32-bit PM -> 16-bit PM: DS/ES/FS/GS get 16-bit data descriptors with a
#   4 GiB limit (bases chosen per block by C, usually 0), SS a 64 KiB one
#   -> CR0.PE cleared -> far jump to a real-mode CS.  DS/ES/FS/GS/SS are
#   never reloaded here, so their protected-mode caches stay: under the
#   assist nothing of what follows can run in VM86 and every instruction
#   is emulated.
#
#   rm_prologue loads the block's registers and EFLAGS from diff_in and
#   far-jumps through diff_entry into the block; the block ends with a far
#   jump to rm_epilogue, which stores the registers, EFLAGS and selectors
#   in diff_out (CS-relative: the block may have changed every data
#   segment), sets PE and far-jumps back to 32-bit code.
#
# An exception or stray interrupt in the block goes through the real-mode
# IVT (at 0, filled by C) to rm_fault_stubs, which record the vector and the
# interrupted CS:IP:FLAGS and leave the same way.  rm_de_skip is the #DE
# handler for the DIV/IDIV register forms the generator emits at a fixed
# length of DIV_LEN bytes: it resumes after the faulting instruction.
#
# Everything here must stay below 64 KiB (16-bit code with CS base 0);
# diffgen.ld puts this file in the low image.

        .include "guest.inc"

# The selectors of the per-block descriptors (diffgen.c builds the GDT).
        .set    SEL_RDS, 0x28
        .set    SEL_RES, 0x30
        .set    SEL_RFS, 0x38
        .set    SEL_RGS, 0x40
        .set    SEL_RSS, 0x48

# struct rm_regs in diffgen.c: gpr[8] in x86 order (eax ecx edx ebx esp
# ebp esi edi), eflags, sreg[6] (es cs ss ds fs gs), then the fault record
# (vector or -1, ip, cs, flags).
        .set    R_EFLAGS, 32
        .set    R_SREG, 36
        .set    R_FAULT, 60
        .set    R_SIZE, 76

        .set    RM_FAULT_STUBS, 0x21    # vectors 0-0x1f and one catch-all
        .set    RM_FAULT_STUB_SIZE, 8
        .set    DIV_LEN, 3

        MULTIBOOT_ENTRY 0
        mov     $diff_stack_top, %esp
        call    diff_main               # never returns: it writes the verdict
1:      hlt
        jmp     1b

        .text
        .globl  run_block, rm_fault_stubs, rm_de_skip, rm_epilogue
        .globl  diff_in, diff_out, diff_entry

# void run_block(void): one block, diff_in -> diff_out.
        CODE32
run_block:
        pushal
        mov     %esp, saved_esp
        ljmp    $SEL_CODE16, $1f

        CODE16
1:      mov     $SEL_RDS, %ax
        mov     %ax, %ds
        mov     $SEL_RES, %ax
        mov     %ax, %es
        mov     $SEL_RFS, %ax
        mov     %ax, %fs
        mov     $SEL_RGS, %ax
        mov     %ax, %gs
        mov     $SEL_RSS, %ax
        mov     %ax, %ss
        CLEAR_PE
        ljmp    $0, $rm_prologue

# Big real mode from here on; only CS-relative memory until rm_leave.
rm_prologue:
        lidtw   %cs:rm_ivt_desc
        mov     %cs:diff_in + 4 * 4, %esp
        pushl   %cs:diff_in + R_EFLAGS
        popfl
        RM_LOAD_GPRS diff_in
        ljmp    *%cs:diff_entry

# Everything the block leaves behind, except CS:IP and the fault record.
        .macro  SAVE_STATE
        RM_STORE_REGS diff_out, R_SREG
        pushfl
        popl    %cs:diff_out + R_EFLAGS
        .endm

rm_epilogue:
        SAVE_STATE
        movl    $-1, %cs:diff_out + R_FAULT
        jmp     rm_leave

# IVT targets: push the vector (0x20 stands for "any other vector").
        .p2align 3
rm_fault_stubs:
        .set    vec, 0
        .rept   RM_FAULT_STUBS
        .p2align 3
        push    $vec
        jmp     rm_fault
        .set    vec, vec + 1
        .endr

# Stack: vector, IP, CS, FLAGS.
rm_fault:
        SAVE_STATE
        popw    %cs:diff_out + R_FAULT + 0 * 4
        popw    %cs:diff_out + R_FAULT + 1 * 4
        popw    %cs:diff_out + R_FAULT + 2 * 4
        popw    %cs:diff_out + R_FAULT + 3 * 4
rm_leave:
        RM_TO_PM32 pm_return

        CODE32
pm_return:
        LOAD_SEGS SEL_DATA32
        mov     saved_esp, %esp
        lidt    pm_idt_desc
        pushl   $2                      # C wants DF=0; drop IOPL/NT/AC/ID too
        popfl
        popal
        ret

# #DE from a generated DIV/IDIV register form: skip it (DIV_LEN bytes) and
# resume; IRET restores the flags the division left alone.
        CODE16
rm_de_skip:
        push    %bp
        mov     %sp, %bp
        addw    $DIV_LEN, 2(%bp)
        pop     %bp
        iret

        .data
        .p2align 2
diff_in:        .skip   R_SIZE
diff_out:       .skip   R_SIZE
diff_entry:     .word   0, 0            # IP, CS of the block's first byte
saved_esp:      .long   0
        .p2align 1
rm_ivt_desc:    .word   0x3ff           # the IVT at linear 0
                .long   0

# The C stack: the protected-mode trap code (pmtrap.S) expects every stack
# below 64 KiB.
        .bss
        .p2align 4
        .skip   12288
diff_stack_top:
