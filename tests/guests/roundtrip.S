# roundtrip.S - 1000 round trips real mode -> 32-bit PM -> 16-bit PM ->
# real mode, checking registers, flags, segments and memory after each leg.
#
# One iteration i:
#   real mode    plan the iteration's values; write pattern P through
#                DS/ES/FS/GS = S(i) and read it back through aliases
#                (base = selector * 16); lgdt/lidt in one of four forms;
#                load registers F(i), DF, ESP with a high half; RM_TO_PM32
#   32-bit PM    check F(i), flags, ESP, GDTR/IDTR, PE, CS; find P at the
#                linear addresses S*16+off; write pattern Q; patch S(i)
#                into the return window; load G(i); far jump to 16-bit PM
#   16-bit PM    check G(i) and flags; clear PE and far jump to real mode
#                (path A: CS=0, SS=0 via xor; path B: a CS that changes
#                every iteration and SS=0x700), reload DS, ES, SS, FS, GS
#   real mode    check G(i), flags, ESP, CS, the five segments, PE=0, and
#                read Q through the new segment registers
#
# The flags that cross a window are the ones its own OR (to real mode:
# AND, and XOR on path A) leaves, so the expected flags come from running
# the same instructions just before; DF varies with the iteration.  The
# lgdt/lidt forms 1 and 3 use descriptors whose base has a non-zero top
# byte, which the 16-bit operand size must drop (GDTR/IDTR are checked in
# 32-bit PM).
#
# The windows follow the assist's milestone-1 restrictions (guest.inc):
# in the return windows only `mov $imm16,%ax`, `xor %ax,%ax`,
# `mov %ax,%Sreg` and `mov $imm16,%sp` appear between the EA far jump and
# the last segment load.  EAX is the windows' scratch register, so the
# checks cover EBX, ECX, EDX, ESI, EDI, EBP, ESP and the flags.

        .include "guest.inc"

        .set    ITERATIONS, 1000
        .set    PROGRESS_EVERY, 100
        .set    STACK_TOP, 0x7c00
        .set    PATH_B_SS, 0x0700       # SS:SP 0700:0c00 is linear 0x7c00 too
        .set    PATH_B_SP, 0x0c00
        .set    WINDOW_SP, 0x7b00       # SP before the return windows set it

# Register records: EBX ECX EDX ESI EDI EBP ESP EFLAGS.
        .set    REC_ESP, 24
        .set    REC_FLAGS, 28
        .set    REC_DWORDS, 8
        .set    REC_REGS, 6
# Segment records: CS DS ES FS GS SS, then CR0.PE.
        .set    SEG_CS, 0
        .set    SEG_DS, 4
        .set    SEG_SS, 20
        .set    SEG_PE, 24
        .set    SEG_DWORDS, 7

# Store / load the six checked registers (and ESP) in a register record;
# \seg is an optional segment override prefix such as %cs:.
        .macro  SAVE_REGS rec, seg=
        mov     %ebx, \seg\rec + 0
        mov     %ecx, \seg\rec + 4
        mov     %edx, \seg\rec + 8
        mov     %esi, \seg\rec + 12
        mov     %edi, \seg\rec + 16
        mov     %ebp, \seg\rec + 20
        mov     %esp, \seg\rec + REC_ESP
        .endm

        .macro  LOAD_REGS rec
        mov     \rec + 0, %ebx
        mov     \rec + 4, %ecx
        mov     \rec + 8, %edx
        mov     \rec + 12, %esi
        mov     \rec + 16, %edi
        mov     \rec + 20, %ebp
        .endm

# Compare the register record `got` (flags still raw) with \expected.
        .macro  CHECK_LEG expected, what
        cld
        andl    $FLAGS_CHECKED, got + REC_FLAGS
        andl    $FLAGS_CHECKED, \expected + REC_FLAGS
        FAILCTX "\what"
        CHECK   \expected, got, reg_names, REC_DWORDS
        .endm

# First thing after a far jump into protected mode: load all data
# segments with \sel (segment loads leave the flags alone), record what
# the leg left in the registers and flags, and check it.
        .macro  PM_ARRIVED sel, expected, what
        mov     $\sel, %ax
        mov     %ax, %ds
        SAVE_REGS got
        mov     %ax, %es
        mov     %ax, %fs
        mov     %ax, %gs
        mov     %ax, %ss
        mov     $STACK_TOP, %esp
        pushfl
        popl    got + REC_FLAGS
        CHECK_LEG \expected, "\what"
        .endm

# A window-safe segment load whose selector 32-bit code patches in at
# \patch (the imm16 of B8 iw) before each trip.
        .macro  RELOAD sreg, patch
        .set    \patch, . + 1
        mov     $0, %ax
        mov     %ax, \sreg
        .endm

        FLAT_ENTRY
        xor     %ax, %ax
        mov     %ax, %ds
        mov     %ax, %es
        mov     %ax, %ss
        mov     %ax, %fs
        mov     %ax, %gs
        mov     $STACK_TOP, %esp
        call    rm_traps_install
        call    serial_init16
        PRINTLN "roundtrip: 1000 round trips real mode -> 32-bit PM -> 16-bit PM -> real mode"
        movl    $0, iter

# --- real mode, CS=0, DS=ES=SS=FS=GS=0, SP=STACK_TOP -------------------
next_iteration:
        mov     iter, %eax
        mov     %eax, fail_iter
        call    plan_iteration
        call    rm_patterns
        call    load_tables

        testb   $1, iter                # DF alternates; the OR in the
        jz      1f                      # window sets the arithmetic flags
        std
        jmp     2f
1:      cld
2:      mov     %cr0, %eax              # the window's flags, computed the
        or      $1, %al                 # same way beforehand
        pushfl
        popl    rec_fwd + REC_FLAGS
        mov     iter, %eax              # ESP with a high half
        shl     $16, %eax
        mov     $STACK_TOP, %ax
        mov     %eax, rec_fwd + REC_ESP
        LOAD_REGS rec_fwd
        mov     rec_fwd + REC_ESP, %esp
        RM_TO_PM32 pm32_entry

# --- 32-bit protected mode ---------------------------------------------
        CODE32
pm32_entry:
        PM_ARRIVED SEL_DATA32, rec_fwd, "real mode -> 32-bit protected mode"

        sgdt    table_buf               # what lgdt/lidt loaded in real mode
        movzwl  table_buf, %eax
        mov     %eax, tables_got + 0
        mov     table_buf + 2, %eax
        mov     %eax, tables_got + 4
        sidt    table_buf
        movzwl  table_buf, %eax
        mov     %eax, tables_got + 8
        mov     table_buf + 2, %eax
        mov     %eax, tables_got + 12
        mov     %cr0, %eax
        and     $1, %eax
        mov     %eax, tables_got + 16
        xor     %eax, %eax
        mov     %cs, %ax
        mov     %eax, tables_got + 20
        CHECK   tables_exp, tables_got, tables_names, 6

        # P, written by real mode through S(i):off_p, at linear S*16+off_p;
        # then Q at S*16+off_q for real mode to find.
        xor     %ecx, %ecx
1:      movzwl  exp_seg + SEG_DS(, %ecx, 4), %ebx
        shl     $4, %ebx
        mov     off_p, %eax
        mov     (%ebx, %eax), %eax
        mov     %eax, got_p(, %ecx, 4)
        mov     off_q, %eax
        mov     exp_q(, %ecx, 4), %edx
        mov     %edx, (%ebx, %eax)
        inc     %ecx
        cmp     $4, %ecx
        jb      1b
        FAILCTX "pattern written in real mode, read in 32-bit protected mode"
        CHECK   exp_p, got_p, pattern_names, 4

        call    patch_windows
        mov     $STACK_TOP, %eax
        mov     %eax, rec_pm16 + REC_ESP
        LOAD_REGS rec_pm16
        testb   $2, iter                # DF and some arithmetic flags for
        jz      1f                      # this leg
        std
1:      mov     iter, %eax
        neg     %eax
        pushfl
        popl    rec_pm16 + REC_FLAGS
        ljmp    $SEL_CODE16, $pm16_entry

# Put this iteration's selectors (and path B's far jump target) into the
# return windows.
patch_windows:
        mov     exp_seg + 4, %eax
        mov     %ax, patch_a_ds
        mov     %ax, patch_b_ds
        mov     exp_seg + 8, %eax
        mov     %ax, patch_a_es
        mov     %ax, patch_b_es
        mov     exp_seg + 12, %eax
        mov     %ax, patch_a_fs
        mov     %ax, patch_b_fs
        mov     exp_seg + 16, %eax
        mov     %ax, patch_a_gs
        mov     %ax, patch_b_gs
        mov     path_b_ip, %eax
        mov     %ax, patch_b_jmp
        mov     path_b_cs, %eax
        mov     %ax, patch_b_jmp + 2
        ret

# --- 16-bit protected mode ---------------------------------------------
        CODE16
pm16_entry:
        PM_ARRIVED SEL_DATA16, rec_pm16, "32-bit -> 16-bit protected mode"

        testb   $4, iter                # DF for the return leg
        jz      1f
        std
1:      testb   $1, iter
        jnz     path_b

# Path A: back to CS=0; SS comes from `xor %ax,%ax`.
path_a:
        mov     %cr0, %eax              # the window's flags: AND, then XOR
        and     $0xfffe, %ax
        xor     %ax, %ax
        pushfl
        popl    rec_back + REC_FLAGS
        call    set_window_esp
        LOAD_REGS rec_back
        CLEAR_PE
        ljmp    $0, $land_a
land_a:
        RELOAD  %ds, patch_a_ds
        RELOAD  %es, patch_a_es
        xor     %ax, %ax
        mov     %ax, %ss
        mov     $STACK_TOP, %sp
        RELOAD  %fs, patch_a_fs
        RELOAD  %gs, patch_a_gs
        # window over: all five data segments are real-mode segments again
        mov     %cs, %ax
        jmp     landed

# Path B: to a real-mode CS that differs every iteration (the far jump's
# target is patched), SS:SP = 0700:0c00.
path_b:
        mov     %cr0, %eax              # the window's flags: the AND
        and     $0xfffe, %ax
        pushfl
        popl    rec_back + REC_FLAGS
        call    set_window_esp
        LOAD_REGS rec_back
        CLEAR_PE
        .set    patch_b_jmp, . + 1      # EA iw(ip) iw(cs)
        ljmp    $0, $0
land_b:
        mov     $PATH_B_SS, %ax
        mov     %ax, %ss
        mov     $PATH_B_SP, %sp
        RELOAD  %fs, patch_b_fs
        RELOAD  %gs, patch_b_gs
        RELOAD  %ds, patch_b_ds
        RELOAD  %es, patch_b_es
        # window over.  Only relative jumps and CS-free code until CS is 0.
        mov     %cs, %ax
        ljmp    $0, $landed

# ESP for the return windows: a high half that changes every iteration
# and an SP the window must replace.  Clobbers EAX and the arithmetic
# flags, which the window recomputes.
set_window_esp:
        pop     %ax                     # our return address: leave with a
        mov     iter, %ebx              # different stack pointer
        not     %ebx
        shl     $16, %ebx
        mov     $WINDOW_SP, %bx
        mov     %ebx, %esp
        jmp     *%ax

# --- real mode again; AX = the CS the window landed in -------------------
landed:
        mov     %ax, %cs:got_seg + SEG_CS
        mov     %ds, %cs:got_seg + 4
        mov     %es, %cs:got_seg + 8
        mov     %fs, %cs:got_seg + 12
        mov     %gs, %cs:got_seg + 16
        mov     %ss, %cs:got_seg + SEG_SS
        SAVE_REGS got, %cs:
        pushfl
        popl    %cs:got + REC_FLAGS
        mov     %cs:off_q, %si          # Q through the segments as loaded
        mov     %ds:(%si), %eax
        mov     %eax, %cs:got_q + 0
        mov     %es:(%si), %eax
        mov     %eax, %cs:got_q + 4
        mov     %fs:(%si), %eax
        mov     %eax, %cs:got_q + 8
        mov     %gs:(%si), %eax
        mov     %eax, %cs:got_q + 12

        xor     %ax, %ax                # home segments
        mov     %ax, %ds
        mov     %ax, %es
        mov     %ax, %fs
        mov     %ax, %gs
        mov     %ax, %ss
        mov     $STACK_TOP, %esp
        cld
        lidtw   rm_ivt_desc             # real-mode interrupts use the IVT
        mov     %cr0, %eax
        and     $1, %eax
        mov     %eax, got_seg + SEG_PE
        CHECK_LEG rec_back, "16-bit protected mode -> real mode"
        CHECK   exp_seg, got_seg, seg_names, SEG_DWORDS
        FAILCTX "pattern written in 32-bit protected mode, read through real-mode segments"
        CHECK   exp_q, got_q, pattern_names, 4

        call    report_progress
        incl    iter
        cmpl    $ITERATIONS, iter
        jb      next_iteration
        movl    $-1, fail_iter
        PRINTLN "PASS roundtrip: 1000 round trips, registers, flags, segments and memory intact"
        EXIT    0

report_progress:
        mov     iter, %eax
        test    %eax, %eax
        jnz     1f
        PRINTLN "roundtrip: first round trip ok"
1:      cmp     $3, %eax
        jne     2f
        PRINTLN "roundtrip: all four lgdt/lidt forms and both return paths ok"
2:      inc     %eax
        xor     %edx, %edx
        mov     $PROGRESS_EVERY, %ecx
        div     %ecx
        test    %edx, %edx
        jnz     3f
        PRINT   "roundtrip: "
        mov     iter, %eax
        inc     %eax
        call    putdec16
        PRINTLN " round trips ok"
3:      ret

# --- the iteration's values (real mode) -----------------------------------

# Everything the iteration writes and expects, derived from iter.
plan_iteration:
        pushal
        mov     iter, %eax
        imul    $0x9e3779b9, %eax, %eax # spread the bits
        add     $0x7f4a7c15, %eax
        mov     %eax, seed

        # F(i) for the forward leg, G(i) for the two others.
        xor     %ebx, %ebx
1:      mov     seed, %eax
        lea     1(%ebx), %ecx           # rotate by 4k+1 for register k
        rol     %cl, %eax
        mov     %eax, %edx
        xor     fwd_keys(%ebx), %eax
        mov     %eax, rec_fwd(%ebx)
        not     %edx
        xor     back_keys(%ebx), %edx
        mov     %edx, rec_pm16(%ebx)
        mov     %edx, rec_back(%ebx)
        add     $4, %ebx
        cmp     $REC_REGS * 4, %ebx
        jb      1b

        # S(i): DS = 0x1000 + 7i, ES = 0x2000 + 11i, FS = 0x3000 + 13i,
        # GS = 0x4000 + 17i.  For i < 1000 the four are distinct, at least
        # 0x1000 paragraphs apart, and stay between 64 KiB and 0xa0000.
        xor     %ebx, %ebx
2:      mov     iter, %edx
        imul    seg_step(%ebx), %edx
        add     seg_base(%ebx), %edx
        mov     %edx, exp_seg + SEG_DS(%ebx)
        add     $4, %ebx
        cmp     $16, %ebx
        jb      2b

        # Offsets: off_p + 0x1000 must still fit in 64 KiB (the alias
        # read); off_q is 8 KiB away from it.
        mov     iter, %eax
        imul    $0x2c, %eax, %edx
        and     $0xdffc, %edx
        add     $0x100, %edx
        mov     %edx, off_p
        xor     $0x2000, %edx
        mov     %edx, off_q

        # The patterns.
        xor     %ebx, %ebx
3:      mov     seed, %eax
        lea     2(%ebx, %ebx), %ecx     # rotate by 8k+2 for pattern k
        rol     %cl, %eax
        xor     $0x50a0c0e0, %eax
        mov     %eax, exp_p(%ebx)
        not     %eax
        xor     $0x0000ffff, %eax
        mov     %eax, exp_q(%ebx)
        add     $4, %ebx
        cmp     $16, %ebx
        jb      3b

        # The return path: A on even iterations, B on odd ones.
        mov     iter, %eax
        mov     %eax, %edx
        not     %edx
        shl     $16, %edx
        movl    $0, exp_seg + SEG_CS
        movl    $0, exp_seg + SEG_SS
        mov     $STACK_TOP, %dx
        test    $1, %eax
        jz      4f
        imul    $0x35, %eax, %ecx       # CS = (i * 0x35) & 0x3ff; the IP
        and     $0x3ff, %ecx            # then still fits in 16 bits
        mov     %ecx, exp_seg + SEG_CS
        mov     %ecx, path_b_cs
        shl     $4, %ecx
        neg     %ecx
        add     $land_b, %ecx
        mov     %ecx, path_b_ip
        movl    $PATH_B_SS, exp_seg + SEG_SS
        mov     $PATH_B_SP, %dx
4:      mov     %edx, rec_back + REC_ESP
        popal
        ret

# Write P through DS, ES, FS, GS = S(i) at off_p, then read each back
# through a different selector for the same linear address: 0x100
# paragraphs lower, 0x1000 bytes further on.
rm_patterns:
        pushal
        mov     off_p, %di
        mov     exp_seg + 4, %ds        # from here on only CS: reaches our data
        mov     %cs:exp_seg + 8, %es
        mov     %cs:exp_seg + 12, %fs
        mov     %cs:exp_seg + 16, %gs
        mov     %cs:exp_p + 0, %eax
        mov     %eax, %ds:(%di)
        mov     %cs:exp_p + 4, %eax
        mov     %eax, %es:(%di)
        mov     %cs:exp_p + 8, %eax
        mov     %eax, %fs:(%di)
        mov     %cs:exp_p + 12, %eax
        mov     %eax, %gs:(%di)
        .irp    k, 0, 1, 2, 3
        mov     %cs:exp_seg + 4 + 4 * \k, %ax
        sub     $0x100, %ax
        mov     %ax, %ds
        mov     0x1000(%di), %eax
        mov     %eax, %cs:got_p + 4 * \k
        .endr
        xor     %ax, %ax
        mov     %ax, %ds
        mov     %ax, %es
        mov     %ax, %fs
        mov     %ax, %gs
        FAILCTX "real-mode segment arithmetic"
        CHECK   exp_p, got_p, pattern_names, 4
        popal
        ret

# lgdt and lidt, 16-bit operand size, in one of four addressing forms.
# Forms 1 and 3 use descriptors whose base has a non-zero top byte, which
# a 16-bit operand size must ignore.
load_tables:
        pushal
        mov     iter, %eax
        and     $3, %eax
        jz      form0
        cmp     $2, %eax
        jb      form1
        je      form2
form3:  # through BP, so SS-relative, while DS points elsewhere
        mov     $0x1234, %ax
        mov     %ax, %ds
        mov     $gdt_desc_hi, %bp
        lgdtw   (%bp)
        mov     $idt_desc_hi, %bp
        lidtw   (%bp)
        xor     %ax, %ax
        mov     %ax, %ds
        jmp     9f
form2:  # ES:SI, with ES and SI both non-zero
        mov     $gdt_desc, %si
        call    far_pointer
        lgdtw   %es:(%si)
        mov     $pm_idt_desc, %si
        call    far_pointer
        lidtw   %es:(%si)
        xor     %ax, %ax
        mov     %ax, %es
        jmp     9f
form1:  # CS override, direct address
        lgdtw   %cs:gdt_desc_hi
        lidtw   %cs:idt_desc_hi
        jmp     9f
form0:  # plain DS-relative direct address
        lgdtw   gdt_desc
        lidtw   pm_idt_desc
9:      popal
        ret

# SI = linear address below 64 KiB -> ES:SI with SI < 16.
far_pointer:
        mov     %si, %ax
        shr     $4, %ax
        mov     %ax, %es
        and     $0x0f, %si
        ret

        .data
        .p2align 2
iter:           .long   0
seed:           .long   0
off_p:          .long   0
off_q:          .long   0
path_b_cs:      .long   0
path_b_ip:      .long   0

rec_fwd:        .fill   REC_DWORDS, 4, 0        # expected, real -> PM32
rec_pm16:       .fill   REC_DWORDS, 4, 0        # expected, PM32 -> PM16
rec_back:       .fill   REC_DWORDS, 4, 0        # expected, PM16 -> real
got:            .fill   REC_DWORDS, 4, 0        # what a leg left
        NAMES   reg_names, "ebx", "ecx", "edx", "esi", "edi", "ebp", "esp", "eflags"

exp_seg:        .fill   SEG_DWORDS, 4, 0
got_seg:        .fill   SEG_DWORDS, 4, 0        # high halves stay 0
        NAMES   seg_names, "cs", "ds", "es", "fs", "gs", "ss", "cr0.pe"

exp_p:          .fill   4, 4, 0
got_p:          .fill   4, 4, 0
exp_q:          .fill   4, 4, 0
got_q:          .fill   4, 4, 0
        NAMES   pattern_names, "via ds", "via es", "via fs", "via gs"

tables_exp:     .long   GDT_LIMIT, gdt
                .long   PM_IDT_LIMIT, pm_idt
                .long   1, SEL_CODE32
tables_got:     .fill   6, 4, 0
        NAMES   tables_names, "gdtr.limit", "gdtr.base", "idtr.limit", "idtr.base", "cr0.pe", "cs"
table_buf:      .fill   6, 1, 0

# Per-register keys so that no two registers hold the same value.
fwd_keys:       .long   0x8badf00d, 0x0ddba11c, 0xc0ffee11, 0x5eed1e55, 0xa5a5c3c3, 0x3c3c5a5a
back_keys:      .long   0x600dcafe, 0xfeedf00d, 0x0b5e55ed, 0xd15ea5e0, 0x7777aaaa, 0x19283746
# S(i) = base + i * step for DS, ES, FS, GS.
seg_base:       .long   0x1000, 0x2000, 0x3000, 0x4000
seg_step:       .long   7, 11, 13, 17

        .p2align 1
gdt_desc_hi:    .word   GDT_LIMIT
                .long   gdt + 0xa5000000
idt_desc_hi:    .word   PM_IDT_LIMIT
                .long   pm_idt + 0x5a000000
