# bigreal.S - pattern 5: 16-bit protected-mode intermediates with
# arbitrary bases and 4 GiB limits (SeaBIOS's transition16big), then big
# real mode touching memory above 1 MiB with 32-bit addressing.
#
#   16-bit PM (native under the assist): CS with base 0x7000; DS, GS, SS
#     base 0, ES base 0x100000, FS base 0x12340, all with 4 GiB limits;
#     reads above 1 MiB and 64 KiB offsets, a near call in that CS
#   PE cleared, far jump to real-mode CS 0x0700 (the same base): the
#     stale caches (bases 0x100000 and 0x12340, 4 GiB limits) still
#     apply; then real-mode selector loads change the bases only, so the
#     4 GiB limits stay (emulated)
#   big real mode (emulated: no cache is a VM86 one): 32-bit addressing
#     above 1 MiB through DS and through ES with base 0x10000, COM1 output
#     through lib.S, INT and IRET (which load CS only: the data caches stay
#     big), memory written there read back in protected mode
#   unreal mode without any far jump: PE set, FS loaded with a 4 GiB
#     descriptor, PE cleared again (all inside the PE window)
#   and back to plain 64 KiB real mode (VM86 again).
# The lines from "bigreal: entering big real mode" to the PASS line of
# big real mode are printed from big real mode itself.

        .include "pattern.inc"

        .set    SEL_CS7000, SEL_SCRATCH0
        .set    CS_BASE, 0x7000
        .set    CS_REAL, CS_BASE >> 4   # the real-mode CS with that base
        .set    SEL_ES1M, SEL_SCRATCH1
        .set    ES_BASE, 0x100000
        .set    SEL_FSODD, SEL_SCRATCH2
        .set    FS_BASE, 0x12340
        .set    MARK1, 0x100000         # markers: 1 MiB .. + 4 KiB,
        .set    MARK2, 0x112340         # FS_BASE + 1 MiB .., 2 MiB ..
        .set    MARK3, 0x200000
        .set    BIG_BUF, 0x280000       # written in big real mode
        .set    INT_VECTOR, 0x61

# Append the catch's count and IP to the record at DI.
        .macro  RECORD_EXC
        mov     catch_count, %eax
        mov     %eax, (%di)
        mov     catch_ip, %eax
        mov     %eax, 4(%di)
        add     $8, %di
        .endm

        FLAT_START "bigreal: 16-bit PM with 4 GiB limits and odd bases, big real mode above 1 MiB (pattern 5)"
        mov     $descs, %si
        call    gdt_set_table16
        movw    $int_handler, INT_VECTOR * 4
        movw    $0, INT_VECTOR * 4 + 2

        REAL_TO_PM32
        mov     $MARK1, %edi
        mov     $0x400, %ecx
        call    fill_linear32
        mov     $MARK2, %edi
        mov     $0x400, %ecx
        call    fill_linear32
        mov     $MARK3, %edi
        mov     $0x400, %ecx
        call    fill_linear32
        mov     $BIG_BUF, %edi          # to be overwritten in big real mode
        mov     $0x10, %ecx
        xor     %eax, %eax
        rep stosl

# --- 16-bit protected mode, CS base 0x7000, 4 GiB data segments ------------
        ljmp    $SEL_CS7000, $pm16 - CS_BASE
        CODE16
pm16:   mov     $SEL_BIG16, %ax
        mov     %ax, %ds
        mov     %ax, %gs
        mov     %ax, %ss
        mov     $SEL_ES1M, %ax
        mov     %ax, %es
        mov     $SEL_FSODD, %ax
        mov     %ax, %fs
        xor     %ebx, %ebx
        call    pm16_reads              # a near call in the 0x7000 CS
        CLEAR_PE
        ljmp    $CS_REAL, $stale - CS_BASE

# --- real mode, CS 0x0700, every data cache still the protected-mode one -----
stale:  addr32 mov %es:0x30(%ebx), %eax         # ES base 1 MiB
        mov     %eax, got_stale + 0
        addr32 mov %fs:MARK2 + 4 - FS_BASE(%ebx), %eax
        mov     %eax, got_stale + 4
        mov     %es, got_stale + 8
        mov     $0x1000, %ax            # real-mode loads: bases change,
        mov     %ax, %es                # the 4 GiB limits stay
        addr32 mov %es:MARK1 + 0x10 - 0x10000(%ebx), %eax
        mov     %eax, got_stale + 12
        xor     %ax, %ax
        mov     %ax, %fs
        addr32 mov %fs:MARK3 + 0x40(%ebx), %eax
        mov     %eax, got_stale + 16
        xor     %ax, %ax
        mov     %ax, %ds
        mov     %ax, %gs
        mov     %ax, %ss
        ljmp    $0, $big_real

# --- big real mode: CS 0, data segments base 0 (ES 0x10000), 4 GiB ----------
big_real:
        xor     %ax, %ax
        mov     %ax, %es
        lidtw   rm_ivt_desc
        PRINTLN "bigreal: entering big real mode"
        FAILCTX "pattern 5: 16-bit protected mode, CS base 7000, data bases 100000 and 12340, 4 GiB limits"
        CHECK   pm16_exp, got_pm16, pm16_names, 4
        PRINTLN "PASS pattern 5: 16-bit protected mode with a CS at base 7000, data segments at bases 100000 and 12340 with 4 GiB limits"
        VERDICT stale_exp, got_stale, stale_names, 5, "pattern 5: after clearing PE the stale caches' bases and 4 GiB limits still apply; real-mode selector loads keep the limits"

        xor     %ebx, %ebx              # 32-bit addressing above 1 MiB
        addr32 mov MARK3 + 0x100(%ebx), %eax
        mov     %eax, got_big + 0
        mov     $MARK1 + 0x200, %esi
        addr32 lodsl
        mov     %eax, got_big + 4
        mov     $BIG_BUF, %edi
        mov     $0xb16b00b5, %eax
        addr32 stosl
        addr32 movl $0x600d600d, (%edi)
        int     $INT_VECTOR             # CS:IP and FLAGS only
        mov     %eax, got_big + 8
        addr32 mov MARK1 + 0x300(%ebx), %eax    # DS still 4 GiB
        mov     %eax, got_big + 12
        mov     int_calls, %eax
        mov     %eax, got_big + 16
        VERDICT big_exp, got_big, big_names, 5, "pattern 5: big real mode: 32-bit addressing above 1 MiB, lib calls, INT and IRET keep the data caches"

        # exceptions in big real mode: through the IVT, faults with the
        # faulting IP, traps (INT3, INTO) with the next one
        mov     $got_exc, %di
        CATCH   0
        xor     %ecx, %ecx
        mov     $5, %eax
        xor     %edx, %edx
exc_de: div     %ecx
        jmp     no_fault
1:      RECORD_EXC
        CATCH   6
exc_ud: ud2
        jmp     no_fault
1:      RECORD_EXC
        CATCH   5
        mov     $20, %ax
exc_br: bound   %ax, bounds
        jmp     no_fault
1:      RECORD_EXC
        CATCH   3
        int3
exc_bp: jmp     no_fault
1:      RECORD_EXC
        CATCH   4
        mov     $0x7fff, %ax
        add     $1, %ax                 # OF
        into
exc_of: jmp     no_fault
1:      RECORD_EXC
        call    rm_traps_install
        addr32 mov MARK1 + 0x340(%ebx), %eax    # DS still 4 GiB
        mov     %eax, (%di)
        VERDICT exc_exp, got_exc, exc_names, 11, "pattern 5: #DE, #UD, #BR, INT3 and INTO in big real mode go through the IVT and leave the caches big"

        REAL_TO_PM32
        mov     BIG_BUF, %eax
        mov     %eax, got_pm + 0
        mov     BIG_BUF + 4, %eax
        mov     %eax, got_pm + 4
        VERDICT pm_exp, got_pm, pm_names, 2, "pattern 5: memory written in big real mode is there in protected mode"
        PM32_TO_REAL

# --- unreal mode without a far jump ----------------------------------------------
        lgdtw   gdt_desc
        mov     %cr0, %eax
        or      $1, %al
        mov     %eax, %cr0
        mov     $SEL_BIG16, %bx         # PE window: a protected-mode load
        mov     %bx, %fs
        and     $0xfe, %al
        mov     %eax, %cr0              # PE clear again, CS never loaded
        xor     %bx, %bx
        mov     %bx, %fs                # base 0, the limit stays 4 GiB
        xor     %ebx, %ebx
        addr32 mov %fs:MARK3 + 0x80(%ebx), %eax
        mov     %eax, got_unreal + 0
        mov     %cr0, %eax
        and     $1, %eax
        mov     %eax, got_unreal + 4
        mov     %cs, got_unreal + 8
        REAL_TO_PM32                    # and back to 64 KiB limits
        PM32_TO_REAL
        VERDICT unreal_exp, got_unreal, unreal_names, 3, "pattern 5: unreal mode without a far jump: PE set, FS loaded, PE cleared"
        PRINTLN "PASS pattern 5: back to 64 KiB real mode"
        PRINTLN "PASS bigreal"
        EXIT    0

no_fault:
        PRINTLN "FAIL pattern 5: an instruction that must raise an exception did not"
        EXIT    1

# 16-bit PM with CS base 0x7000: relative calls only; results via DS (base 0).
pm16_reads:
        addr32 mov %es:0x20(%ebx), %eax
        mov     %eax, got_pm16 + 0
        addr32 mov %fs:MARK2 - FS_BASE(%ebx), %eax
        mov     %eax, got_pm16 + 4
        addr32 mov MARK3 + 0x800(%ebx), %eax    # far past 64 KiB
        mov     %eax, got_pm16 + 8
        mov     %cs, %ax
        movzwl  %ax, %eax
        mov     %eax, got_pm16 + 12
        ret

int_handler:
        incl    int_calls
        not     %eax
        iret

        .section .rodata
descs:  DESC    SEL_CS7000, DT_CODE16, CS_BASE, 0xffff
        DESC    SEL_ES1M, DT_DATA16_BIG, ES_BASE, 0xfffff
        DESC    SEL_FSODD, DT_DATA16_BIG, FS_BASE, 0xfffff
        DESC_END

        .data
        .p2align 2
int_calls:      .long   0
got_pm16:       .fill   4, 4, 0
pm16_exp:       .long   MARK1 + 0x20, MARK2, MARK3 + 0x800, SEL_CS7000
        NAMES   pm16_names, "es:0x20 (base 100000)", "fs:(base 12340) at 100000", "ds:200800", "cs"
got_stale:      .fill   5, 4, 0
stale_exp:      .long   MARK1 + 0x30, MARK2 + 4, SEL_ES1M, MARK1 + 0x10, MARK3 + 0x40
        NAMES   stale_names, "es:0x30 (stale base 100000)", "fs: (stale base 12340)", "es selector (stale)", "es 0x1000 : 0xf0010 (base 10000, 4 GiB limit)", "fs 0 : 0x200040"
got_big:        .fill   5, 4, 0
big_exp:        .long   MARK3 + 0x100, MARK1 + 0x200, ~0xb16b00b5, MARK1 + 0x300, 1
        NAMES   big_names, "ds:0x200100", "lodsl at 0x100200", "eax after int", "ds:0x100300 after int", "int handler calls"
got_exc:        .fill   11, 4, 0
exc_exp:        .long   1, exc_de, 1, exc_ud, 1, exc_br, 1, exc_bp, 1, exc_of
                .long   MARK1 + 0x340
        NAMES   exc_names, "#DE count", "#DE at", "#UD count", "#UD at", "#BR count", "#BR at", "INT3 count", "INT3 pushed IP", "INTO count", "INTO pushed IP", "ds:0x100340 afterwards"
bounds:         .word   0, 10
got_pm:         .fill   2, 4, 0
pm_exp:         .long   0xb16b00b5, 0x600d600d
        NAMES   pm_names, "stosl at 280000", "movl at 280004"
got_unreal:     .fill   3, 4, 0
unreal_exp:     .long   MARK3 + 0x80, 0, 0
        NAMES   unreal_names, "fs:0x200080", "cr0.pe", "cs"
