# fartransfer.S - pattern 6: every far transfer that completes a switch,
# real -> protected and protected -> real, with targets patched into the
# code at run time.
#
# Fourteen trips; trip i leaves real mode by transfer i of the list below
# (in the PE window, emulated under the assist) into 32-bit protected mode
# and comes back, after clearing PE in 16-bit protected mode (the stale
# window, emulated), by transfer i again, to a real-mode CS that differs
# per trip:
#    1 EA ljmp ptr16:16          8 FF /5 ljmp m16:16
#    2 66 EA ljmpl ptr16:32      9 66 FF /5 ljmpl m16:32
#    3 9A lcall ptr16:16        10 FF /3 lcall m16:16
#    4 66 9A lcalll ptr16:32    11 66 FF /3 lcalll m16:32
#    5 CB lret                  12 CF iretw
#    6 66 CB lretl              13 66 CF iretl
#    7 CA lret $4               14 CD int n (an interrupt gate; the IVT)
# The immediate targets (EA, 9A) are patched at run time, the memory
# pointers written at run time, the lret/iret frames pushed.  At each
# landing the guest records CS, ESP, the two dwords at the stack pointer
# (a far call's return address, the selector it pushed) and EFLAGS (an
# iret's frame), and checks them.

        .include "pattern.inc"

        .set    TRIPS, 14
        .set    PM_INT, 0x1f            # an IDT vector of pmtrap's, borrowed
        .set    RM_INT, 0x61
        .set    SP0, STACK_TOP - 0x40   # each trip's stack, zeroed around it
        .set    RM_CS0, 0x0500          # trip i lands at CS RM_CS0 + 0x11 i
        .set    RM_CS_STEP, 0x11
        .set    IRET_FLAGS16, 0x0cc5    # OF DF SF ZF PF CF
        .set    IRET_FLAGS32, 0x00000c81        # OF DF SF CF
        .set    FLAG_MASK, FLAGS_CHECKED & ~0x10        # AF: undefined after OR/AND
        .set    FWD_FLAGS, 0x0004       # PF, from the OR that sets PE
        .set    BWD_FLAGS, 0x0000       # from the AND that clears it
        .set    REC_DWORDS, 5           # cs, esp, [esp], [esp+4], eflags

# At a landing, first thing: EFLAGS, ESP, the two dwords at SS:SP and
# CS into `got` (DS and SS have base 0 here; SP is what the stack uses).
        .macro  LANDED
        pushfl
        popl    %eax
        and     $FLAG_MASK, %eax
        mov     %eax, got + 16
        mov     %esp, got + 4
        movzwl  %sp, %ebx
        mov     (%ebx), %eax
        mov     %eax, got + 8
        mov     4(%ebx), %eax
        mov     %eax, got + 12
        xor     %eax, %eax
        mov     %cs, %ax
        mov     %eax, got + 0
        .endm

# PE on; the far transfer follows.
        .macro  SET_PE
        mov     %cr0, %eax
        or      $1, %al
        mov     %eax, %cr0
        .endm

        FLAT_START "fartransfer: every far transfer completing a real <-> protected switch (pattern 6)"
        call    patch_targets
        movl    $0, trip

# --- real mode: the forward transfer of this trip ------------------------
next_trip:
        mov     trip, %eax
        mov     %eax, fail_iter
        call    zero_stack
        call    set_rm_target
        lgdtw   gdt_desc
        lidtw   pm_idt_desc
        mov     $SP0, %esp
        mov     trip, %bx
        shl     $1, %bx
        jmp     *fwd_table(%bx)

f1:     SET_PE
        .set    patch_f1, . + 1
        ljmp    $0, $0
f2:     SET_PE
        .set    patch_f2, . + 2
        ljmpl   $0, $0
f3:     SET_PE
        .set    patch_f3, . + 1
        lcall   $0, $0
f3_ret:
f4:     SET_PE
        .set    patch_f4, . + 2
        lcalll  $0, $0
f4_ret:
f5:     SET_PE
        pushw   $SEL_CODE32
        pushw   $pm32_land
        lret
f6:     SET_PE
        pushl   $SEL_CODE32
        pushl   $pm32_land
        lretl
f7:     SET_PE
        pushw   $0x1111                 # the 4 bytes lret $4 drops
        pushw   $0x2222
        pushw   $SEL_CODE32
        pushw   $pm32_land
        lret    $4
f8:     SET_PE
        ljmp    *fwd_ptr16
f9:     SET_PE
        ljmpl   *fwd_ptr32
f10:    SET_PE
        lcall   *fwd_ptr16
f10_ret:
f11:    SET_PE
        lcalll  *fwd_ptr32
f11_ret:
f12:    SET_PE
        pushw   $IRET_FLAGS16
        pushw   $SEL_CODE32
        pushw   $pm32_land
        iretw
f13:    SET_PE
        pushl   $IRET_FLAGS32
        pushl   $SEL_CODE32
        pushl   $pm32_land
        iretl
f14:    SET_PE
        int     $PM_INT                 # a 32-bit interrupt gate
f14_ret:

# --- 32-bit protected mode, data segments still real-mode ones --------------
        CODE32
pm32_land:
        LANDED
        LOAD_SEGS SEL_DATA32
        mov     $STACK_TOP, %esp
        cld
        mov     trip, %ebx
        mov     fwd_names(, %ebx, 4), %eax
        mov     %eax, fail_ctx
        imul    $REC_DWORDS * 4, %ebx, %esi
        add     $fwd_exp, %esi
        mov     $got, %edi
        mov     $rec_names, %ebx
        mov     $REC_DWORDS, %ecx
        call    check_block32
        ljmp    $SEL_CODE16, $pm16_back

# --- 16-bit protected mode: the backward transfer of this trip ------------------
        CODE16
pm16_back:
        LOAD_SEGS SEL_DATA16
        call    zero_stack
        mov     $SP0, %esp
        mov     trip, %bx
        shl     $1, %bx
        jmp     *bwd_table(%bx)

b1:     CLEAR_PE
        .set    patch_b1, . + 1
        ljmp    $0, $0
b2:     CLEAR_PE
        .set    patch_b2, . + 2
        ljmpl   $0, $0
b3:     CLEAR_PE
        .set    patch_b3, . + 1
        lcall   $0, $0
b3_ret:
b4:     CLEAR_PE
        .set    patch_b4, . + 2
        lcalll  $0, $0
b4_ret:
b5:     CLEAR_PE
        pushw   rm_cs
        pushw   rm_ip
        lret
b6:     CLEAR_PE
        movzwl  rm_cs, %eax
        pushl   %eax
        movzwl  rm_ip, %eax
        pushl   %eax
        lretl
b7:     CLEAR_PE
        pushw   $0x3333
        pushw   $0x4444
        pushw   rm_cs
        pushw   rm_ip
        lret    $4
b8:     CLEAR_PE
        ljmp    *bwd_ptr16
b9:     CLEAR_PE
        ljmpl   *bwd_ptr32
b10:    CLEAR_PE
        lcall   *bwd_ptr16
b10_ret:
b11:    CLEAR_PE
        lcalll  *bwd_ptr32
b11_ret:
b12:    CLEAR_PE
        pushw   $IRET_FLAGS16
        pushw   rm_cs
        pushw   rm_ip
        iretw
b13:    CLEAR_PE
        pushl   $IRET_FLAGS32
        movzwl  rm_cs, %eax
        pushl   %eax
        movzwl  rm_ip, %eax
        pushl   %eax
        iretl
b14:    CLEAR_PE
        lidtw   rm_ivt_desc             # INT in real mode: through the IVT
        int     $RM_INT
b14_ret:

# --- real mode at CS = RM_CS0 + RM_CS_STEP * trip, stale data caches --------------
# The same linear address for every trip: only DS-relative data and no
# absolute jumps until CS is 0 again.
rm_land:
        LANDED
        ljmp    $0, $rm_common
rm_common:
        LOAD_SEGS 0
        mov     $STACK_TOP, %esp
        lidtw   rm_ivt_desc
        cld
        mov     trip, %bx
        shl     $2, %bx
        mov     bwd_names(%bx), %eax
        mov     %eax, fail_ctx
        imul    $REC_DWORDS * 4, trip, %esi
        add     $bwd_exp, %esi
        mov     $got, %edi
        mov     $rec_names, %ebx
        mov     $REC_DWORDS, %ecx
        call    check_block16
        mov     trip, %bx
        shl     $2, %bx
        PRINT   "PASS pattern 6: "
        mov     fwd_names(%bx), %esi
        call    puts16
        PRINT   ", "
        mov     bwd_names(%bx), %esi
        call    puts16
        call    newline16
        incl    trip
        cmpl    $TRIPS, trip
        jb      next_trip
        movl    $-1, fail_iter
        PRINTLN "PASS fartransfer"
        EXIT    0

# Zero the 64 bytes around SP0 (through DS, base 0 here).
zero_stack:
        pushal
        mov     $SP0 - 0x20, %bx
1:      movl    $0, (%bx)
        add     $4, %bx
        cmp     $SP0 + 0x20, %bx
        jb      1b
        popal
        ret

# Every target that is not pushed: the immediates of EA and 9A in the code
# and the far pointers in memory.  Real mode, DS = 0.  The backward
# targets get their CS per trip (set_rm_target).
patch_targets:
        .irp    p, patch_f1, patch_f3, fwd_ptr16
        movw    $pm32_land, \p
        movw    $SEL_CODE32, \p + 2
        .endr
        .irp    p, patch_f2, patch_f4, fwd_ptr32
        movl    $pm32_land, \p
        movw    $SEL_CODE32, \p + 4
        .endr
        movw    $pm32_land, pm_idt + PM_INT * 8
        ret

# Real mode or 16-bit PM, DS base 0: this trip's real-mode CS and the IP
# that reaches rm_land from it, in rm_cs/rm_ip and in every backward
# immediate and pointer.
set_rm_target:
        pushal
        imul    $RM_CS_STEP, trip, %eax
        add     $RM_CS0, %eax
        mov     %ax, rm_cs
        shl     $4, %eax
        neg     %eax
        add     $rm_land, %eax
        mov     %ax, rm_ip
        mov     rm_cs, %dx
        .irp    p, patch_b1, patch_b3, bwd_ptr16
        mov     %ax, \p
        mov     %dx, \p + 2
        .endr
        mov     %ax, RM_INT * 4         # the IVT entry of b14
        mov     %dx, RM_INT * 4 + 2
        movzwl  %ax, %eax
        .irp    p, patch_b2, patch_b4, bwd_ptr32
        mov     %eax, \p
        mov     %dx, \p + 4
        .endr
        popal
        ret

        .section .rodata
        .p2align 1
fwd_table:      .word   f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11, f12, f13, f14
bwd_table:      .word   b1, b2, b3, b4, b5, b6, b7, b8, b9, b10, b11, b12, b13, b14
        .p2align 2
fwd_names:      .long   n_f1, n_f2, n_f3, n_f4, n_f5, n_f6, n_f7, n_f8, n_f9, n_f10, n_f11, n_f12, n_f13, n_f14
bwd_names:      .long   n_b1, n_b2, n_b3, n_b4, n_b5, n_b6, n_b7, n_b8, n_b9, n_b10, n_b11, n_b12, n_b13, n_b14
        STRING  n_f1, "EA ljmp ptr16:16 into PM"
        STRING  n_f2, "66 EA ljmpl ptr16:32 into PM"
        STRING  n_f3, "9A lcall ptr16:16 into PM"
        STRING  n_f4, "66 9A lcalll ptr16:32 into PM"
        STRING  n_f5, "CB lret into PM"
        STRING  n_f6, "66 CB lretl into PM"
        STRING  n_f7, "CA lret $4 into PM"
        STRING  n_f8, "FF /5 ljmp m16:16 into PM"
        STRING  n_f9, "66 FF /5 ljmpl m16:32 into PM"
        STRING  n_f10, "FF /3 lcall m16:16 into PM"
        STRING  n_f11, "66 FF /3 lcalll m16:32 into PM"
        STRING  n_f12, "CF iretw into PM"
        STRING  n_f13, "66 CF iretl into PM"
        STRING  n_f14, "CD int n through an interrupt gate into PM"
        STRING  n_b1, "EA ljmp back to real mode"
        STRING  n_b2, "66 EA ljmpl back to real mode"
        STRING  n_b3, "9A lcall back to real mode"
        STRING  n_b4, "66 9A lcalll back to real mode"
        STRING  n_b5, "CB lret back to real mode"
        STRING  n_b6, "66 CB lretl back to real mode"
        STRING  n_b7, "CA lret $4 back to real mode"
        STRING  n_b8, "FF /5 ljmp m16:16 back to real mode"
        STRING  n_b9, "66 FF /5 ljmpl m16:32 back to real mode"
        STRING  n_b10, "FF /3 lcall m16:16 back to real mode"
        STRING  n_b11, "66 FF /3 lcalll m16:32 back to real mode"
        STRING  n_b12, "CF iretw back to real mode"
        STRING  n_b13, "66 CF iretl back to real mode"
        STRING  n_b14, "CD int n through the IVT back to real mode"
        NAMES   rec_names, "cs", "esp", "dword at ss:esp", "dword at ss:esp+4", "eflags"

# Expected landings.  Forward: CS = SEL_CODE32; a far call leaves the
# real-mode return address (CS 0) below SP0.
        .macro  FWD esp, w0, w1, fl
        .long   SEL_CODE32, \esp, \w0, \w1, \fl
        .endm
        .p2align 2
fwd_exp:
        FWD     SP0, 0, 0, FWD_FLAGS
        FWD     SP0, 0, 0, FWD_FLAGS
        FWD     SP0-4, f3_ret, 0, FWD_FLAGS
        FWD     SP0-8, f4_ret, 0, FWD_FLAGS
        FWD     SP0, 0, 0, FWD_FLAGS
        FWD     SP0, 0, 0, FWD_FLAGS
        FWD     SP0, 0, 0, FWD_FLAGS
        FWD     SP0, 0, 0, FWD_FLAGS
        FWD     SP0, 0, 0, FWD_FLAGS
        FWD     SP0-4, f10_ret, 0, FWD_FLAGS
        FWD     SP0-8, f11_ret, 0, FWD_FLAGS
        FWD     SP0, 0, 0, IRET_FLAGS16&FLAG_MASK
        FWD     SP0, 0, 0, IRET_FLAGS32&FLAG_MASK
        FWD     SP0-12, f14_ret, 0, FWD_FLAGS
# Backward: CS = this trip's; a far call leaves the protected-mode return
# address (SEL_CODE16) below SP0.
        .macro  BWD i, esp, w0, w1, fl
        .long   RM_CS0 + RM_CS_STEP * \i, \esp, \w0, \w1, \fl
        .endm
bwd_exp:
        BWD     0, SP0, 0, 0, BWD_FLAGS
        BWD     1, SP0, 0, 0, BWD_FLAGS
        BWD     2, SP0-4, b3_ret+(SEL_CODE16<<16), 0, BWD_FLAGS
        BWD     3, SP0-8, b4_ret, SEL_CODE16, BWD_FLAGS
        BWD     4, SP0, 0, 0, BWD_FLAGS
        BWD     5, SP0, 0, 0, BWD_FLAGS
        BWD     6, SP0, 0, 0, BWD_FLAGS
        BWD     7, SP0, 0, 0, BWD_FLAGS
        BWD     8, SP0, 0, 0, BWD_FLAGS
        BWD     9, SP0-4, b10_ret+(SEL_CODE16<<16), 0, BWD_FLAGS
        BWD     10, SP0-8, b11_ret, SEL_CODE16, BWD_FLAGS
        BWD     11, SP0, 0, 0, IRET_FLAGS16&FLAG_MASK
        BWD     12, SP0, 0, 0, IRET_FLAGS32&FLAG_MASK
        BWD     13, SP0-6, b14_ret+(SEL_CODE16<<16), BWD_FLAGS|2, BWD_FLAGS

        .data
        .p2align 2
trip:           .long   0
got:            .fill   REC_DWORDS, 4, 0
rm_cs:          .word   0
rm_ip:          .word   0
fwd_ptr16:      .word   0, 0
fwd_ptr32:      .long   0
                .word   0
bwd_ptr16:      .word   0, 0
bwd_ptr32:      .long   0
                .word   0
