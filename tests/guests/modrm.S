# modrm.S - pattern 3: exact ModRM/SIB decoding: SS is the default
# segment for BP/EBP/ESP bases, 16-bit vs 32-bit lgdt/lidt base
# truncation, segment overrides, 16- and 32-bit wrap-around.
#
# Five data segments with distinct bases (DS 0x10000, SS 0x20000, ES
# 0x30000, FS 0x40000, GS 0x50000) hold, in their first 2 KiB, every
# aligned dword equal to its own linear address, so each load tells which
# segment and offset it used.  One block of loads (MODRM_CASES: 16-bit
# addressing with every ModRM form and override, 32-bit addressing with
# SIB, no-base and EBP/ESP-base forms), lgdtw/lgdtl/lidtw/lidtl through
# SS-, ES-, DS- and GS-relative operands (read back with sgdtl/sidtl) and
# string instructions with source overrides runs three times:
#   1. real mode, segments loaded in real mode (VM86 under the assist)
#   2. in the PE window, same segments (emulated)
#   3. after clearing PE, the five segments still holding 16-bit
#      protected-mode descriptors with the same bases (emulated: stale
#      caches)
# and each run's results are checked against the addresses the CPU must
# have used.  Results go to FS:RES_OFF through an FS override; ESP is
# SP0 during the block and nothing pushes above it.

        .include "pattern.inc"

        .set    DS_SEG, 0x1000
        .set    SS_SEG, 0x2000
        .set    ES_SEG, 0x3000
        .set    FS_SEG, 0x4000
        .set    GS_SEG, 0x5000
        .set    FILL_BYTES, 0x800       # patterned part of each segment
        .set    RES_OFF, 0x4000         # results at FS:RES_OFF
        .set    SP0, 0x100              # ESP in the block; SS reads are above
        .set    RES_FILL, 0xa5a5a5a5
        .set    IMG_A, 0x820            # descriptor-table images: SS:IMG_A,
        .set    IMG_B, 0x400            # ES:IMG_B, DS:IMG_C, GS:IMG_D
        .set    IMG_C, 0x840
        .set    IMG_D, 0x840

# Register values during the block.
        .set    R_EAX, 0x300
        .set    R_EBX, 0x100
        .set    R_ECX, 0x80
        .set    R_ESI, 0x20
        .set    R_EDI, 0x40
        .set    R_EBP, 0x200

# The loads: \do operand, expected linear address (= the value read),
# optional prefix, optional raw bytes of the `mov operand, %edx` (for the
# SIB forms with no index, which gas does not take in 16-bit code).
        .macro  MODRM_CASES do
        # 16-bit addressing: the eight rm forms, mod 0/1/2
        \do     "(%bx,%si)", 0x10120
        \do     "(%bx,%di)", 0x10140
        \do     "(%bp,%si)", 0x20220
        \do     "(%bp,%di)", 0x20240
        \do     "(%si)", 0x10020
        \do     "(%di)", 0x10040
        \do     "0x344", 0x10344
        \do     "(%bx)", 0x10100
        \do     "8(%bp)", 0x20208
        \do     "0x104(%bp)", 0x20304
        \do     "(%bp)", 0x20200
        \do     "-4(%bx,%si)", 0x1011c
        \do     "0xff00(%bx,%si)", 0x10020      # wraps at 64 KiB
        \do     "0xfffc(%bp,%di)", 0x2023c
        # 16-bit addressing with overrides
        \do     "%es:(%bp,%si)", 0x30220
        \do     "%ds:(%bp)", 0x10200
        \do     "%ss:(%bx)", 0x20100
        \do     "%fs:(%bx,%di)", 0x40140
        \do     "%gs:8(%bp)", 0x50208
        \do     "%ss:0x344", 0x20344
        \do     "%cs:cs_marker", 0xc5c5c5c5
        # 32-bit addressing: base, SIB, no base, EBP/ESP as base or index
        \do     "(%eax)", 0x10300
        \do     "(%ebx)", 0x10100
        \do     "(%ebp)", 0x20200
        \do     "(%esp)", 0x20100
        \do     "8(%esp)", 0x20108
        \do     "(%ebp,%eax)", 0x20500
        \do     "(%eax,%ebp)", 0x10500
        \do     "0x10(,%ebp,2)", 0x10410
        \do     "(%esp,%ebp)", 0x20300
        \do     "4(%ebx,%ecx,4)", 0x10304
        \do     "(%ebp,%ecx,2)", 0x20300
        \do     "0x234", 0x10234, addr32
        \do     "8(%ebp,%eiz,1)", 0x20208, , "0x67,0x66,0x8b,0x54,0x25,0x08"
        \do     "0x344(,%eiz,1)", 0x10344, , "0x67,0x66,0x8b,0x14,0x25,0x44,0x03,0,0"
        \do     "-0x80(%ebx)", 0x10080
        \do     "-0x300(%eax)", 0x10000         # wraps at 4 GiB
        # 32-bit addressing with overrides
        \do     "%es:(%esp)", 0x30100
        \do     "%fs:(%ebp)", 0x40200
        \do     "%ds:(%esp,%esi)", 0x10120
        \do     "%gs:(%ebp,%edi,1)", 0x50240
        \do     "%ss:(%eax)", 0x20300
        .endm

        .macro  LOAD_CASE mem, lin, pfx=, raw=
        .ifb    \raw
        \pfx    mov \mem, %edx
        .else
        .byte   \raw
        .endif
        mov     %edx, %fs:RES_OFF + 4 * case_n
        .set    case_n, case_n + 1
        .endm
        .macro  EXP_CASE mem, lin, pfx=, raw=
        .long   \lin
        .endm
        .macro  NAME_CASE mem, lin, pfx=, raw=
        .ifb    \pfx
        .asciz  "\mem"
        .else
        .asciz  "\pfx \mem"
        .endif
        .endm
        .macro  COUNT_CASE mem, lin, pfx=, raw=
        .set    case_n, case_n + 1
        .endm
        .set    case_n, 0
        MODRM_CASES COUNT_CASE
        .set    LOAD_CASES, case_n
        .set    STR_SLOT, LOAD_CASES + 8        # after four 8-byte sgdt/sidt slots
        .set    STR_CASES, 5
        .set    RES_DWORDS, STR_SLOT + STR_CASES

# The block: registers, the loads, the descriptor-table loads read back
# with sgdtl/sidtl, and GDTR put back.  IDTR is the caller's to restore.
        .macro  RUN_BLOCK
        mov     $R_EAX, %eax
        mov     $R_EBX, %ebx
        mov     $R_ECX, %ecx
        mov     $R_ESI, %esi
        mov     $R_EDI, %edi
        mov     $R_EBP, %ebp
        mov     $SP0, %esp
        .set    case_n, 0
        MODRM_CASES LOAD_CASE
        lgdtw   IMG_A - R_EBP - R_ESI(%bp,%si)          # SS
        sgdtl   %fs:RES_OFF + 4 * LOAD_CASES
        lgdtl   %es:IMG_B - SP0(%esp)                   # ES by override
        sgdtl   %fs:RES_OFF + 4 * LOAD_CASES + 8
        lidtw   IMG_C - R_EBX - R_EDI(%bx,%di)          # DS
        sidtl   %fs:RES_OFF + 4 * LOAD_CASES + 16
        lidtl   %gs:IMG_D - R_EBP - 2 * R_EDI(%ebp,%edi,2)      # GS
        sidtl   %fs:RES_OFF + 4 * LOAD_CASES + 24
        lgdtw   %cs:gdt_desc
        # string instructions: DS:SI by default, overrides for the
        # source only, ES:DI always for the destination
        mov     $0x120, %si
        lodsl
        mov     %eax, %fs:RES_OFF + 4 * STR_SLOT
        mov     $0x124, %si
        lodsl   %ss:(%si)
        mov     %eax, %fs:RES_OFF + 4 * STR_SLOT + 4
        mov     $0x128, %esi
        addr32 lodsl %gs:(%esi)
        mov     %eax, %fs:RES_OFF + 4 * STR_SLOT + 8
        mov     $0x138, %si
        mov     $0x700, %di
        movsl   %gs:(%si), %es:(%di)
        mov     %es:0x700, %eax
        mov     %eax, %fs:RES_OFF + 4 * STR_SLOT + 12
        mov     %si, %ax
        shl     $16, %eax
        mov     %di, %ax
        mov     %eax, %fs:RES_OFF + 4 * STR_SLOT + 16
        .endm

# Real-mode segment values for runs 1 and 2.
        .macro  REAL_TEST_SEGS
        mov     $SS_SEG, %ax
        mov     %ax, %ss
        mov     $SP0, %esp
        mov     $DS_SEG, %ax
        mov     %ax, %ds
        mov     $ES_SEG, %ax
        mov     %ax, %es
        mov     $FS_SEG, %ax
        mov     %ax, %fs
        mov     $GS_SEG, %ax
        mov     %ax, %gs
        .endm

        FLAT_START "modrm: ModRM/SIB segment defaults, overrides, wrap-around, lgdt/lidt truncation (pattern 3)"
        call    fill_segments

# --- 1: real mode (VM86) ------------------------------------------------------
        call    clear_results
        REAL_TEST_SEGS
        RUN_BLOCK
        lidtw   %cs:rm_ivt_desc
        LOAD_SEGS 0
        mov     $STACK_TOP, %esp
        mov     $rm_res, %di
        call    copy_results
        VERDICT res_exp, rm_res, res_names, RES_DWORDS, "pattern 3: real mode: ModRM/SIB segments and offsets, lgdt/lidt operand sizes"

# --- 2: the PE window ----------------------------------------------------------
        call    clear_results
        REAL_TEST_SEGS
        lgdtw   %cs:gdt_desc
        mov     %cr0, %eax
        or      $1, %al
        mov     %eax, %cr0
        RUN_BLOCK                       # emulated
        lidtw   %cs:pm_idt_desc
        ljmpl   $SEL_CODE32, $1f
        CODE32
1:      LOAD_SEGS SEL_DATA32
        mov     $STACK_TOP, %esp
        PM32_TO_REAL
        mov     $win_res, %di
        call    copy_results
        VERDICT res_exp, win_res, res_names, RES_DWORDS, "pattern 3: the same in the PE window"

# --- 3: stale caches after clearing PE ------------------------------------------
        call    clear_results
        mov     $stale_descs, %si       # the five segments as 16-bit
        call    gdt_set_table16         # protected-mode descriptors
        REAL_TO_PM32
        ljmp    $SEL_CODE16, $1f
        CODE16
1:      mov     $SEL_SCRATCH1, %ax
        mov     %ax, %ss
        mov     $SP0, %esp
        mov     $SEL_SCRATCH0, %ax
        mov     %ax, %ds
        mov     $SEL_SCRATCH2, %ax
        mov     %ax, %es
        mov     $SEL_SCRATCH3, %ax
        mov     %ax, %fs
        mov     $SEL_SCRATCH4, %ax
        mov     %ax, %gs
        CLEAR_PE
        ljmp    $0, $1f
1:      RUN_BLOCK                       # emulated: no cache is a VM86 one
        lidtw   %cs:rm_ivt_desc
        LOAD_SEGS 0
        mov     $STACK_TOP, %esp
        mov     $stale_res, %di
        call    copy_results
        VERDICT res_exp, stale_res, res_names, RES_DWORDS, "pattern 3: the same with stale protected-mode caches after clearing PE"

        PRINTLN "PASS modrm"
        EXIT    0

# Every aligned dword of the first FILL_BYTES of each test segment holds
# its linear address; then the four descriptor-table images.  DS = 0.
fill_segments:
        pushal
        push    %es
        mov     $test_segs, %si
1:      mov     (%si), %ax
        mov     %ax, %es
        xor     %di, %di
        mov     $FILL_BYTES / 4, %cx
        call    fill_linear16
        add     $2, %si
        cmp     $test_segs_end, %si
        jb      1b
        .irp    img, A, B, C, D
        mov     img_seg_\img, %ax
        mov     %ax, %es
        mov     $IMG_\img, %di
        mov     $img_\img, %si
        mov     $6, %cx
        rep movsb
        .endr
        pop     %es
        popal
        ret

# FS:RES_OFF.. = RES_FILL (the sgdt/sidt slots' last two bytes keep it).
clear_results:
        pushal
        push    %es
        mov     $FS_SEG, %ax
        mov     %ax, %es
        mov     $RES_OFF, %di
        mov     $RES_FILL, %eax
        mov     $RES_DWORDS, %cx
        rep stosl
        pop     %es
        popal
        ret

# FS:RES_OFF.. -> DS:DI (DS = ES = 0).
copy_results:
        pushal
        push    %ds
        mov     $FS_SEG, %ax
        mov     %ax, %ds
        mov     $RES_OFF, %si
        mov     $RES_DWORDS, %cx
        rep movsl
        pop     %ds
        popal
        ret

        .section .rodata
        .p2align 2
cs_marker:      .long   0xc5c5c5c5
test_segs:      .word   DS_SEG, SS_SEG, ES_SEG, FS_SEG, GS_SEG
test_segs_end:
stale_descs:
        DESC    SEL_SCRATCH0, DT_DATA16, DS_SEG << 4, 0xffff
        DESC    SEL_SCRATCH1, DT_DATA16, SS_SEG << 4, 0xffff
        DESC    SEL_SCRATCH2, DT_DATA16, ES_SEG << 4, 0xffff
        DESC    SEL_SCRATCH3, DT_DATA16, FS_SEG << 4, 0xffff
        DESC    SEL_SCRATCH4, DT_DATA16, GS_SEG << 4, 0xffff
        DESC_END
img_seg_A:      .word   SS_SEG
img_seg_B:      .word   ES_SEG
img_seg_C:      .word   DS_SEG
img_seg_D:      .word   GS_SEG
img_A:          .word   0x1357
                .long   0xa1b2c3d4
img_B:          .word   0x2468
                .long   0x98765432
img_C:          .word   0x0135
                .long   0x5a6b7c8d
img_D:          .word   0x0246
                .long   0xfedcba98

        .data
        .p2align 2
rm_res:         .fill   RES_DWORDS, 4, 0
win_res:        .fill   RES_DWORDS, 4, 0
stale_res:      .fill   RES_DWORDS, 4, 0
res_exp:        MODRM_CASES EXP_CASE
                .word   0x1357
                .long   0x00b2c3d4
                .word   RES_FILL & 0xffff
                .word   0x2468
                .long   0x98765432
                .word   RES_FILL & 0xffff
                .word   0x0135
                .long   0x006b7c8d
                .word   RES_FILL & 0xffff
                .word   0x0246
                .long   0xfedcba98
                .word   RES_FILL & 0xffff
                .long   0x10120, 0x20124, 0x50128, 0x50138
                .long   (0x13c << 16) | 0x704
        .section .rodata
res_names:      MODRM_CASES NAME_CASE
        .asciz  "lgdtw SS:(%bp,%si): limit, base 15..0"
        .asciz  "lgdtw SS:(%bp,%si): base 31..16 (top byte dropped)"
        .asciz  "lgdtl %es:(%esp): limit, base 15..0"
        .asciz  "lgdtl %es:(%esp): base 31..16"
        .asciz  "lidtw DS:(%bx,%di): limit, base 15..0"
        .asciz  "lidtw DS:(%bx,%di): base 31..16 (top byte dropped)"
        .asciz  "lidtl %gs:(%ebp,%edi,2): limit, base 15..0"
        .asciz  "lidtl %gs:(%ebp,%edi,2): base 31..16"
        .asciz  "lodsl"
        .asciz  "lodsl %ss:(%si)"
        .asciz  "addr32 lodsl %gs:(%esi)"
        .asciz  "movsl %gs:(%si), %es:(%di), read back through es"
        .asciz  "si:di after that movsl"
