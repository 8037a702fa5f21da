# prefix.S - pattern 12: prefix-dense gcc -m16 code and the high half of
# ESP under 16-bit stack operations.
#
# Part 1, ESP with a high half (0xabcd....) and a 16-bit stack: push and
# pop of words and dwords, near calls, ret $n, pushaw/popaw, pushal/popal,
# enter/leave (nesting 0 and 1), pushfw/popfw, SeaVGABIOS's
# `movl %esp,%ebx; movzwl %sp,%esp`, lssl, and in real mode INT/IRET and
# far calls with lret/lretl: each moves SP only and leaves ESP's high
# half alone (lssl loads all 32 bits).  ESP is recorded after every step
# and inside every subroutine and handler; run in real mode (VM86 under
# the assist), in the PE window and in the stale window after clearing PE
# (both emulated).
# Part 2, gcc -m16 code (cwork.c, a few hundred instructions nearly all
# with 66/67 prefixes, 32-bit calls and returns, a jump table, calls
# through pointers) called with SeaVGABIOS's entry idiom from real mode
# (VM86), from the PE window (emulated), from 16-bit protected mode with
# 4 GiB segments (native) and from the stale window (emulated), each
# result compared with the same C compiled by gcc -m32 and run in 32-bit
# protected mode.

        .include "pattern.inc"

        .set    ESP0, 0xabcd7b00        # ESP with a high half for part 1
        .set    LSS_ESP, 0x12347ab0
        .set    STEPS, 27               # ESP records
        .set    COMMON_STEPS, 21        # the ones the PE window runs too
        .set    INT_VECTOR, 0x62
        .set    SEED1, 0x2468ace1
        .set    SEED2, 0x13579bdf

# Record ESP in slot \slot of rec_cur (DS base 0 everywhere it runs).
        .macro  REC slot
        mov     %esp, rec_cur + 4 * \slot
        .endm

        .macro  ESP_STEPS_COMMON
        mov     $ESP0, %esp
        pushw   %ax
        REC     0
        pushl   %eax
        REC     1
        popw    %ax
        REC     2
        popl    %eax
        REC     3
        call    esp_sub                 # records slot 4 inside
        REC     5
        pushw   $1
        pushw   $2
        call    esp_sub_ret4            # slot 6 inside, ret $4
        REC     7
        pushaw
        REC     8
        popaw
        REC     9
        pushal
        REC     10
        popal
        REC     11
        enter   $8, $0
        REC     12
        leave
        REC     13
        enter   $4, $1
        REC     14
        leave
        REC     15
        pushfw
        REC     16
        popfw
        REC     17
        movl    %esp, %ebx              # SeaVGABIOS's entry idiom
        movzwl  %sp, %esp
        REC     18
        movl    %ebx, %esp
        REC     19
        lss     lss_ptr, %esp
        REC     20
        mov     $ESP0, %esp
        .endm

        .macro  ESP_STEPS_REAL
        int     $INT_VECTOR             # slot 21 inside
        REC     22
        lcall   $0, $far_sub            # slot 23 inside
        REC     24
        lcalll  $0, $far_sub32          # slot 25 inside
        REC     26
        .endm

# Call cwork16(\seed) with ESP's high half set, the way SeaVGABIOS
# enters its C code; the result goes to \dest.
        .macro  CALL_CWORK16 seed, dest
        mov     $0x5a5a0000, %eax
        or      %eax, %esp
        movl    %esp, %ebx
        movzwl  %sp, %esp
        pushl   $\seed
        calll   cwork16
        add     $4, %esp
        movl    %ebx, %esp
        movzwl  %sp, %esp
        mov     %eax, \dest
        .endm

        FLAT_START "prefix: ESP's high half under 16-bit stack operations, gcc -m16 code (pattern 12)"
        movw    $int_handler, INT_VECTOR * 4
        movw    $0, INT_VECTOR * 4 + 2

# --- part 1 -----------------------------------------------------------------------
        ESP_STEPS_COMMON                # real mode (VM86)
        ESP_STEPS_REAL
        mov     $STACK_TOP, %esp
        mov     $rec_rm, %di
        call    take_record
        VERDICT esp_exp, rec_rm, esp_names, STEPS, "pattern 12: real mode: 16-bit stack operations move SP and keep ESP's high half"

        movw    $SEL_DATA16, lss_ptr + 4
        lgdtw   gdt_desc
        lidtw   pm_idt_desc
        mov     %cr0, %eax
        or      $1, %al
        mov     %eax, %cr0
        ESP_STEPS_COMMON                # the PE window
        ljmpl   $SEL_CODE32, $1f
        CODE32
1:      LOAD_SEGS SEL_DATA32
        mov     $STACK_TOP, %esp
        movw    $0, lss_ptr + 4
        PM32_TO_REAL
        mov     $rec_win, %di
        call    take_record
        VERDICT esp_exp, rec_win, esp_names, COMMON_STEPS, "pattern 12: the same in the PE window"

        REAL_TO_PM32
        PM32_TO_STALE                   # stale window: 16-bit PM caches
        lidtw   rm_ivt_desc
        ESP_STEPS_COMMON
        ESP_STEPS_REAL
        mov     $STACK_TOP, %esp
        LOAD_SEGS 0
        mov     $rec_stale, %di
        call    take_record
        VERDICT esp_exp, rec_stale, esp_names, STEPS, "pattern 12: the same with stale caches after clearing PE"

# --- part 2: gcc -m16 code ---------------------------------------------------------
        REAL_TO_PM32                    # the oracle: gcc -m32
        pushl   $SEED1
        call    cwork32
        mov     %eax, cw_exp + 0
        movl    $SEED2, (%esp)
        call    cwork32
        mov     %eax, cw_exp + 4
        add     $4, %esp
        .irp    k, 1, 2, 3
        mov     cw_exp + 0, %eax
        mov     %eax, cw_exp + 8 * \k
        mov     cw_exp + 4, %eax
        mov     %eax, cw_exp + 8 * \k + 4
        .endr
        PM32_TO_REAL

        CALL_CWORK16 SEED1, cw_got + 0  # real mode (VM86)
        CALL_CWORK16 SEED2, cw_got + 4

        lgdtw   gdt_desc
        lidtw   pm_idt_desc
        mov     %cr0, %eax
        or      $1, %al
        mov     %eax, %cr0
        CALL_CWORK16 SEED1, cw_got + 8  # the PE window
        CALL_CWORK16 SEED2, cw_got + 12
        ljmpl   $SEL_CODE32, $1f
        CODE32
1:      ljmp    $SEL_CODE16, $1f
        CODE16
1:      LOAD_SEGS SEL_BIG16        # 16-bit PM, 4 GiB data segments
        CALL_CWORK16 SEED1, cw_got + 16
        CALL_CWORK16 SEED2, cw_got + 20
        CLEAR_PE
        ljmp    $0, $1f
1:      lidtw   rm_ivt_desc             # stale window
        CALL_CWORK16 SEED1, cw_got + 24
        CALL_CWORK16 SEED2, cw_got + 28
        REAL_TO_PM32                    # 64 KiB real mode again
        PM32_TO_REAL
        VERDICT cw_exp, cw_got, cw_names, 8, "pattern 12: gcc -m16 code gives gcc -m32's results in real mode, the PE window, 16-bit PM and the stale window"

        PRINTLN "PASS prefix"
        EXIT    0

# rec_cur -> DS:DI, STEPS dwords; rec_cur refilled with a marker.
take_record:
        pushal
        mov     $rec_cur, %si
        mov     $STEPS, %cx
1:      mov     (%si), %eax
        mov     %eax, (%di)
        movl    $0x0badbad0, (%si)
        add     $4, %si
        add     $4, %di
        loop    1b
        popal
        ret

esp_sub:
        REC     4
        ret
esp_sub_ret4:
        REC     6
        ret     $4
int_handler:
        REC     21
        iret
far_sub:
        REC     23
        lret
far_sub32:
        REC     25
        lretl

        .data
        .p2align 2
lss_ptr:        .long   LSS_ESP
                .word   0
rec_cur:        .fill   STEPS, 4, 0x0badbad0
rec_rm:         .fill   STEPS, 4, 0
rec_win:        .fill   STEPS, 4, 0
rec_stale:      .fill   STEPS, 4, 0
esp_exp:        .long   ESP0 - 2, ESP0 - 6, ESP0 - 4, ESP0
                .long   ESP0 - 2, ESP0, ESP0 - 6, ESP0
                .long   ESP0 - 16, ESP0, ESP0 - 32, ESP0
                .long   ESP0 - 10, ESP0, ESP0 - 8, ESP0
                .long   ESP0 - 2, ESP0, ESP0 & 0xffff, ESP0
                .long   LSS_ESP
                .long   ESP0 - 6, ESP0, ESP0 - 4, ESP0, ESP0 - 8, ESP0
        NAMES   esp_names, "pushw", "pushl", "popw", "popl", "inside a near call", "after ret", "inside a call with 2 words pushed", "after ret $4", "pushaw", "popaw", "pushal", "popal", "enter $8,$0", "leave", "enter $4,$1", "leave", "pushfw", "popfw", "movzwl %sp,%esp", "movl %ebx,%esp", "lssl", "inside int", "after iret", "inside lcall", "after lret", "inside lcalll", "after lretl"
cw_got:         .fill   8, 4, 0
cw_exp:         .fill   8, 4, 0         # cwork32's, four times
        NAMES   cw_names, "real mode, seed 1", "real mode, seed 2", "PE window, seed 1", "PE window, seed 2", "16-bit PM, seed 1", "16-bit PM, seed 2", "stale window, seed 1", "stale window, seed 2"
