# paging.S - the assist's page walker against the CPU's.
#
# For each of four paging modes - 32-bit paging with 4 KiB pages, CR4.PSE
# 4 MiB pages, PSE-36 with a 4 MiB page at 4 GiB, PAE with a page table and
# data frames above 4 GiB and a 2 MiB page - the guest, in real mode, loads
# CR3, CR4 and a GDT whose linear address straddles two pages that map to
# non-adjacent frames (the code descriptor is cut in two halves), then sets
# CR0.PE and CR0.PG in one `mov %eax,%cr0`.  Before its far jump it reads
# three dwords through the tables (one straddling two pages) and stores
# them; the far jump loads CS from the GDT through the tables.  Under the
# assist all of that window runs in the assist's emulator and walker;
# natively (hvmhost --native) the CPU does it.  In 32-bit protected mode the
# guest first records the flag bytes of the paging-structure entries (their
# accessed and dirty bits tell which walks happened and which accesses
# wrote), then reads data through the tables, prints it all on COM1 as a
# digest, checks what the tables determine (values, the descriptors'
# accessed bits) and returns to real mode by clearing PG and PE together.
# A fifth trip uses the 32-bit tables again, but its window ends in a page
# fault instead of the far jump: a dword store that straddles into a page
# that is not present.  The #PF arrives through the guest's IDT (whose gate
# loads CS through the tables) with its error code and CR2, and the bytes
# on the first page must be untouched.
# The system test requires the COM1 output to be byte-identical in both
# runs.
#
# Under every linear GDT address lies, at the same physical address, a
# decoy GDT whose code descriptor has another base: a walker that read the
# GDT at its linear address would land in decoy_landing and fail.
#
# The memory the tables use is prepared first, in a setup trip to flat
# 32-bit protected mode: tables and data below 4 GiB with paging off, then
# the high-RAM window at 4 GiB (hvmhost backs 2 MiB there) through a
# temporary PAE mapping.

        .include "guest.inc"

        .set    STACK_TOP, 0x7c00
        .set    TABLES_SEG, 0x1000      # GS in the windows: the tables at 0x10000
        .set    WINDOW_SEG, 0x2000      # FS in the windows: linear 0x20000
        .set    GDT_SIZE, 48
        .set    GDT_SPLIT, 12           # GDT bytes on the first page: null + half the code descriptor
        .set    SEL_WINDOW_DATA, 0x28   # loaded into ES in the window
        .set    CODE32_HIGH, 0x00cf9b00 # the code descriptor's high dword
        .set    WDATA_HIGH, 0x00cf9300  # the window's data descriptor's, accessed

# Physical layout.  Page tables (all below 1 MiB):
        .set    A_PD, 0x10000           # mode A: 32-bit, 4 KiB pages
        .set    A_PT, 0x11000
        .set    B_PD, 0x12000           # mode B: 4 MiB pages
        .set    C_PD, 0x13000           # mode C: PSE-36
        .set    D_PDPT, 0x14000         # mode D: PAE
        .set    D_PD, 0x15000
        .set    D_PT, 0x16000           # identity for 0-2 MiB except two pages
        .set    S_PDPT, 0x17000         # setup: PAE, 2 MiB identity + 2 MiB at 4 GiB
        .set    S_PD, 0x18000
# In the high-RAM window, offsets from 4 GiB:
        .set    H_PT, 0x1000            # mode D: page table for linear 2-4 MiB
        .set    H_DATA, 0x5000          # mode D: data frame of linear 0x20000
        .set    H_GDT, 0x6000           # mode D: frame of the GDT's first page
        .set    H_C_DATA, 0x100000      # mode C: data read through the 4 MiB page
        .set    SETUP_HIGH, 0x200000    # where setup's PAE mapping shows 4 GiB
        .set    SETUP_C_GDT, 0x5ffff4   # ... and physical 0x017ffff4

# Linear GDT bases: 12 bytes before a page (or 4 MiB page) boundary.
        .set    A_GDT, 0x00024ff4       # pages 0x24000 -> 0x45000, 0x25000 -> 0x42000
        .set    B_GDT, 0x007ffff4       # 4 MiB pages -> 0x01800000, 0x01000000
        .set    C_GDT, 0x00bffff4       # 4 MiB pages -> 0x01400000, 4 GiB
        .set    D_GDT, 0x00200ff4       # pages -> 4 GiB + H_GDT, 0x43000

# Data frames hold dword k = k << 16 | tag, so every value read names its
# frame (tag) and the offset in it.
        .set    TAG_20, 0x0020          # physical 0x20000, 0x21000: what linear
        .set    TAG_21, 0x0021          #   0x20000 maps to without paging
        .set    TAG_3A, 0x003a          # 0x3a000
        .set    TAG_35, 0x0035          # 0x35000
        .set    TAG_B, 0x0190           # 0x01900000 (mode B, linear 0x500000)
        .set    TAG_HD, 0x1005          # 4 GiB + H_DATA
        .set    TAG_HC, 0x1100          # 4 GiB + H_C_DATA
        .set    TAG_2E, 0x002e          # 0x2e000, before mode A's absent page 0x2f000

# A mode record.
        .set    M_NAME, 0               # string
        .set    M_CR3, 4
        .set    M_CR4, 8
        .set    M_GDTR, 12              # limit16, base32
        .set    M_WATCH, 20             # .word offsets from 0x10000, 0xffff ends
        .set    M_CHECKS, 24            # .long linear, expected; -1 ends
        .set    M_SHOWS, 28             # the same, printed but not checked
        .set    M_WINDOW, 32            # the window's three expected dwords
        .set    M_STORE, 44             # FS offset of the window's store
        .set    M_FAULT, 48             # the #PF expected: CR2, error code, EIP, CS (0s: none)
        .set    M_SIZE, 64
        .set    PF_VECTOR, 14
        .set    IDT_SIZE, 32 * 8        # pmtrap.S's 32 gates

        .set    CR4_PSE, 0x10
        .set    CR4_PAE, 0x20
        .set    MAX_READS, 8

        FLAT_ENTRY
        LOAD_SEGS 0
        mov     $STACK_TOP, %esp
        call    rm_traps_install
        call    serial_init16
        PRINTLN "paging: real mode -> PE|PG in one CR0 write, through four kinds of page tables"
        lgdtw   gdt_desc
        lidtw   pm_idt_desc
        RM_TO_PM32 setup32

# --- real mode: one trip per mode ------------------------------------------
next_mode:
        cmpl    $0, M_NAME(%si)
        je      all_done
        mov     %si, cur_mode
        mov     M_CR3(%si), %eax        # paging is off: these take effect
        mov     %eax, %cr3              # with the CR0 write below
        mov     M_CR4(%si), %eax
        mov     %eax, %cr4
        lgdtl   M_GDTR(%si)
        lidtw   pf_idt_desc
        mov     M_FAULT(%si), %eax      # a fault is expected iff its CR2 is not 0
        mov     %eax, pf_expected
        xor     %eax, %eax
        mov     %eax, pf_got + 0
        mov     %eax, pf_got + 4
        mov     %eax, pf_got + 8
        mov     %eax, pf_got + 12
        mov     M_STORE(%si), %bx
        mov     $WINDOW_SEG, %ax
        mov     %ax, %fs
        mov     $TABLES_SEG, %ax
        mov     %ax, %gs
        jmp     window

# The window: from the CR0 write to the far jump, CS is still a real-mode
# segment while linear addresses go through the tables.  One 64-byte
# block, so that both the assist and the CPU fetch it from one page.
        .p2align 6
window:
        mov     %cr0, %eax
        or      $0x80000001, %eax
        mov     %eax, %cr0
        mov     %fs:0x0ffe, %eax        # straddles linear pages 0x20000 / 0x21000
        mov     %eax, win_got + 0
        mov     %fs:0x0010, %eax
        mov     %eax, win_got + 4
        mov     %fs:0x1ff0, %eax
        mov     %eax, win_got + 8
window_store:
        mov     %eax, %fs:(%bx)         # the fifth trip faults here
        mov     $SEL_WINDOW_DATA, %ax   # a protected-mode load: the descriptor is
        mov     %ax, %es                # read, and its accessed bit written, through the tables
        ljmpl   $SEL_CODE32, $pm32_landing

all_done:
        PRINTLN "PASS paging"
        EXIT    0

# --- 32-bit protected mode, paging on --------------------------------------
        CODE32
pm32_landing:
        # DS, ES, SS still hold real-mode caches (base 0), GS the tables'.
        # First record the entries' flags: nothing but this code's fetches
        # has walked the tables since the window.
        movzwl  cur_mode, %esi
        mov     M_WATCH(%esi), %esi
        mov     $snap, %edi
1:      movzwl  (%esi), %ebx
        cmp     $0xffff, %ebx
        je      2f
        mov     %gs:(%ebx), %al
        mov     %al, (%edi)
        inc     %edi
        add     $2, %esi
        jmp     1b
2:      mov     %edi, snap_end
        LOAD_SEGS SEL_DATA32            # pre-accessed: loading it writes nothing
        mov     $STACK_TOP, %esp
        movzwl  cur_mode, %ebx
        call    read_through_tables
        call    print_digest
        call    check_mode
        ljmp    $SEL_CODE16, $pm16_back

# The #PF from the window's store (interrupt gate: CS = SEL_CODE32 through
# the tables; the frame is on the real-mode stack).  Record it and go on
# as the far jump would have.
pf_handler:
        cmpl    $0, pf_expected
        je      pf_unexpected
        mov     %cr2, %eax
        mov     %eax, pf_got + 0
        mov     (%esp), %eax            # error code
        mov     %eax, pf_got + 4
        mov     4(%esp), %eax           # EIP
        mov     %eax, pf_got + 8
        movzwl  8(%esp), %eax           # CS
        mov     %eax, pf_got + 12
        jmp     pm32_landing
pf_unexpected:
        mov     $SEL_DATA32, %ax
        mov     %ax, %ds
        mov     %ax, %ss
        movzwl  %sp, %esp
        PRINT   "FAIL paging: unexpected #PF, CR2 0x"
        mov     %cr2, %eax
        mov     $8, %ecx
        call    puthex32
        PRINT   " error code 0x"
        mov     (%esp), %eax
        call    puthex32
        call    newline32
        EXIT    1

# Read every M_CHECKS and M_SHOWS address into checks_got / shows_got, and
# the expected values into checks_exp.  EBX = the mode record.
read_through_tables:
        mov     M_CHECKS(%ebx), %esi
        mov     $checks_got, %edi
        mov     $checks_exp, %ebp
        call    read_list
        mov     %ecx, n_checks
        mov     M_SHOWS(%ebx), %esi
        mov     $shows_got, %edi
        mov     $shows_exp, %ebp
        call    read_list
        mov     %ecx, n_shows
        ret

# For each (linear address, expected) pair at ESI until an address of -1:
# the dword there to EDI[], the expected value to EBP[].  ECX = the count.
read_list:
        xor     %ecx, %ecx
1:      mov     (%esi, %ecx, 8), %edx
        cmp     $-1, %edx
        je      2f
        mov     (%edx), %eax
        mov     %eax, (%edi, %ecx, 4)
        mov     4(%esi, %ecx, 8), %eax
        mov     %eax, (%ebp, %ecx, 4)
        inc     %ecx
        jmp     1b
2:      ret

# " XXXXXXXX" for ECX dwords at ESI.
print_dwords:
        pushal
        test    %ecx, %ecx
        jz      2f
1:      PRINT   " "
        mov     (%esi), %eax
        push    %ecx
        mov     $8, %ecx
        call    puthex32
        pop     %ecx
        add     $4, %esi
        dec     %ecx
        jnz     1b
2:      popal
        ret

# The digest: one line with everything the walks produced.  EBX = record.
print_digest:
        PRINT   "paging "
        mov     M_NAME(%ebx), %esi
        call    puts32
        PRINT   ": window"
        mov     $win_got, %esi
        mov     $3, %ecx
        call    print_dwords
        PRINT   "; reads"
        mov     $checks_got, %esi
        mov     n_checks, %ecx
        call    print_dwords
        PRINT   "; fault"
        mov     $pf_got, %esi
        mov     $4, %ecx
        call    print_dwords
        PRINT   "; entries"
        mov     $shows_got, %esi
        mov     n_shows, %ecx
        call    print_dwords
        mov     $snap, %esi
1:      cmp     snap_end, %esi
        je      2f
        PRINT   " "
        movzbl  (%esi), %eax
        mov     $2, %ecx
        call    puthex32
        inc     %esi
        jmp     1b
2:      call    newline32
        ret

# What the tables determine: the window's values, the values read here,
# the code descriptor's accessed bit.  EBX = record.
check_mode:
        mov     M_NAME(%ebx), %eax
        mov     %eax, fail_ctx
        lea     M_WINDOW(%ebx), %esi
        mov     $win_got, %edi
        mov     $window_names, %eax
        push    %ebx
        mov     %eax, %ebx
        mov     $3, %ecx
        call    check_block32
        mov     $checks_exp, %esi
        mov     $checks_got, %edi
        mov     $read_names, %ebx
        mov     n_checks, %ecx
        call    check_block32
        pop     %ebx
        lea     M_FAULT(%ebx), %esi
        mov     $pf_got, %edi
        push    %ebx
        mov     $fault_names, %ebx
        mov     $4, %ecx
        call    check_block32
        pop     %ebx
        PRINT   "PASS paging "
        mov     M_NAME(%ebx), %esi
        call    puts32
        PRINTLN ": CS from a GDT split over non-adjacent frames, window and reads as the tables say"
        ret

# A CS base that only the decoy GDT has lands here.
decoy_landing:
        ljmpl   $SEL_CODE32, $decoy_report      # reload CS from the real GDT
decoy_report:
        mov     $SEL_DATA32, %ax
        mov     %ax, %ds
        mov     %ax, %ss
        mov     $STACK_TOP, %esp
        PRINTLN "FAIL paging: the code descriptor was read at the GDT's linear address as if it were physical"
        EXIT    1

# --- back to real mode --------------------------------------------------------
        CODE16
pm16_back:
        LOAD_SEGS SEL_DATA16
        mov     %cr0, %eax
        and     $0x7ffffffe, %eax       # PG and PE together
        mov     %eax, %cr0
        ljmp    $0, $rm_back
rm_back:
        LOAD_SEGS 0
        mov     $STACK_TOP, %sp
        lidtw   rm_ivt_desc
        mov     cur_mode, %si
        add     $M_SIZE, %si
        jmp     next_mode

# --- setup, in flat 32-bit protected mode ------------------------------------
        CODE32
setup32:
        LOAD_SEGS SEL_DATA32
        mov     $STACK_TOP, %esp
        call    build_tables
        call    build_idt
        call    fill_low_frames
        call    place_low_gdts
        call    prepare_high_memory
        movl    $mode_table - M_SIZE, cur_mode  # rm_back goes on with the first mode
        ljmp    $SEL_CODE16, $pm16_back

# Zero ECX bytes at EDI (a multiple of 4).
zero:
        push    %eax
        push    %ecx
        push    %edi
        shr     $2, %ecx
        xor     %eax, %eax
        rep stosl
        pop     %edi
        pop     %ecx
        pop     %eax
        ret

# ECX 4-byte identity entries from EDI on, for frames 0, 4 KiB, ...; EDX = flags.
identity32:
        pushal
        mov     %edx, %eax
1:      stosl
        add     $0x1000, %eax
        loop    1b
        popal
        ret

build_tables:
        # Mode A: identity 0-4 MiB except the window and GDT pages.
        mov     $A_PD, %edi
        mov     $0x2000, %ecx
        call    zero
        movl    $A_PT | 3, A_PD
        mov     $A_PT, %edi
        mov     $1024, %ecx
        mov     $3, %edx
        call    identity32
        movl    $0x3a003, A_PT + 4 * 0x20
        movl    $0x35003, A_PT + 4 * 0x21
        movl    $0x45003, A_PT + 4 * 0x24
        movl    $0x42003, A_PT + 4 * 0x25
        movl    $0, A_PT + 4 * 0x2f     # the fifth trip's store runs into this

        # Modes B and C: 4 MiB pages.
        mov     $B_PD, %edi
        mov     $0x2000, %ecx
        call    zero
        movl    $0x00000083, B_PD + 0   # identity
        movl    $0x01800083, B_PD + 4   # linear 4-8 MiB -> 24 MiB
        movl    $0x01000083, B_PD + 8   # linear 8-12 MiB -> 16 MiB
        movl    $0x00000083, C_PD + 0
        movl    $0x01400083, C_PD + 8   # linear 8-12 MiB -> 20 MiB
        movl    $0x00002083, C_PD + 12  # 12-16 MiB -> 4 GiB: PDE bit 13 = physical bit 32

        # Mode D: PAE.  PDPTE 0 only; PD: a low table, a table above 4 GiB,
        # a 2 MiB page at 4 GiB.
        mov     $D_PDPT, %edi
        mov     $0x3000, %ecx
        call    zero
        movl    $D_PD | 1, D_PDPT
        movl    $D_PT | 3, D_PD + 0
        movl    $H_PT | 3, D_PD + 8
        movl    $1, D_PD + 12
        movl    $0x83, D_PD + 16
        movl    $1, D_PD + 20
        mov     $D_PT, %edi
        mov     $0x3, %eax
        mov     $512, %ecx
1:      stosl                           # 8-byte identity entries
        add     $4, %edi
        add     $0x1000, %eax
        loop    1b
        movl    $H_DATA | 3, D_PT + 8 * 0x20
        movl    $1, D_PT + 8 * 0x20 + 4
        movl    $0x3a003, D_PT + 8 * 0x21

        # Setup's own PAE mapping: 2 MiB identity, then 2 MiB at 4 GiB.
        mov     $S_PDPT, %edi
        mov     $0x2000, %ecx
        call    zero
        movl    $S_PD | 1, S_PDPT
        movl    $0x83, S_PD + 0
        movl    $0x83, S_PD + 8
        movl    $1, S_PD + 12
        movl    $0x01600083, S_PD + 16  # and 4-6 MiB -> 22-24 MiB (mode C's GDT)
        ret

# The windows' IDT: pmtrap's, with our own #PF handler.
build_idt:
        mov     $pm_idt, %esi
        mov     $pf_idt, %edi
        mov     $IDT_SIZE, %ecx
        rep movsb
        movw    $pf_handler, pf_idt + 8 * PF_VECTOR
        ret

# Dword k of the 4 KiB frame at EDI = k << 16 | DX.
fill_frame:
        pushal
        movzwl  %dx, %eax
        mov     $1024, %ecx
1:      stosl
        add     $0x10000, %eax
        loop    1b
        popal
        ret

fill_low_frames:
        mov     $0x20000, %edi
        mov     $TAG_20, %edx
        call    fill_frame
        mov     $0x21000, %edi
        mov     $TAG_21, %edx
        call    fill_frame
        mov     $0x3a000, %edi
        mov     $TAG_3A, %edx
        call    fill_frame
        mov     $0x35000, %edi
        mov     $TAG_35, %edx
        call    fill_frame
        mov     $0x2e000, %edi
        mov     $TAG_2E, %edx
        call    fill_frame
        mov     $0x01900000, %edi
        mov     $TAG_B, %edx
        call    fill_frame
        ret

# The GDT's first GDT_SPLIT bytes to EDI, the rest to EDX.
place_gdt:
        pushal
        mov     $gdt_image, %esi
        mov     $GDT_SPLIT, %ecx
        rep movsb
        mov     %edx, %edi
        mov     $GDT_SIZE - GDT_SPLIT, %ecx
        rep movsb
        popal
        ret

# The decoy GDT at EDI: the same, but its code descriptor's base makes the
# far jump to pm32_landing land on decoy_landing.
place_decoy:
        pushal
        mov     $gdt_image, %esi
        mov     $GDT_SIZE, %ecx
        push    %edi
        rep movsb
        pop     %edi
        mov     $decoy_landing - pm32_landing, %eax
        mov     %ax, 8 + 2(%edi)        # base 15..0
        shr     $16, %eax
        mov     %al, 8 + 4(%edi)        # base 23..16
        mov     %ah, 8 + 7(%edi)        # base 31..24
        popal
        ret

place_low_gdts:
        mov     $0x45000 + 0x1000 - GDT_SPLIT, %edi     # A
        mov     $0x42000, %edx
        call    place_gdt
        mov     $0x01c00000 - GDT_SPLIT, %edi           # B
        mov     $0x01000000, %edx
        call    place_gdt
        mov     $A_GDT, %edi
        call    place_decoy
        mov     $B_GDT, %edi
        call    place_decoy
        mov     $C_GDT, %edi
        call    place_decoy
        mov     $D_GDT, %edi
        call    place_decoy
        ret

# Through setup's PAE mapping (linear SETUP_HIGH = 4 GiB): mode D's page
# table and data, mode C's data, and the GDTs with a half above 4 GiB.
prepare_high_memory:
        mov     $S_PDPT, %eax
        mov     %eax, %cr3
        mov     %cr4, %eax
        or      $CR4_PAE, %eax
        mov     %eax, %cr4
        mov     %cr0, %eax
        or      $0x80000000, %eax
        mov     %eax, %cr0
        jmp     1f
1:      mov     $SETUP_HIGH + H_PT, %edi
        mov     $0x1000, %ecx
        call    zero
        movl    $H_GDT | 3, SETUP_HIGH + H_PT + 0       # linear 0x200000
        movl    $1, SETUP_HIGH + H_PT + 4
        movl    $0x43003, SETUP_HIGH + H_PT + 8         # linear 0x201000
        mov     $SETUP_HIGH + H_DATA, %edi
        mov     $TAG_HD, %edx
        call    fill_frame
        mov     $SETUP_HIGH + H_C_DATA, %edi
        mov     $TAG_HC, %edx
        call    fill_frame
        mov     $SETUP_C_GDT, %edi                      # C: 20 MiB frame's end, 4 GiB
        mov     $SETUP_HIGH, %edx
        call    place_gdt
        mov     $SETUP_HIGH + H_GDT + 0x1000 - GDT_SPLIT, %edi  # D
        mov     $0x43000, %edx
        call    place_gdt
        mov     %cr0, %eax
        and     $0x7fffffff, %eax
        mov     %eax, %cr0
        jmp     2f
2:      mov     %cr4, %eax
        and     $~CR4_PAE, %eax
        mov     %eax, %cr4
        ret

# --- data -----------------------------------------------------------------------
        .section .rodata
        .p2align 3
# The GDT each mode uses, cut in two at GDT_SPLIT.  Only the descriptor
# the window loads into ES is not yet accessed: its load writes the bit,
# through the tables.  The code descriptor is pre-accessed because QEMU
# (7.2, TCG) does not set the accessed bit of a CS loaded by a far jump
# (measured here), where Intel and AMD CPUs and the assist do.
gdt_image:
        .quad   0
        .quad   0x00cf9b000000ffff      # SEL_CODE32
        .quad   0x00cf93000000ffff      # SEL_DATA32
        .quad   0x00009b000000ffff      # SEL_CODE16
        .quad   0x000093000000ffff      # SEL_DATA16
        .quad   0x00cf92000000ffff      # SEL_WINDOW_DATA

        STRING  name_a, "32-bit 4K"
        STRING  name_b, "PSE 4M"
        STRING  name_c, "PSE-36 4M at 4G"
        STRING  name_d, "PAE 4K/2M above 4G"
        NAMES   window_names, "window fs:0ffe (straddling)", "window fs:0010", "window fs:1ff0"
        NAMES   read_names, "read 1", "read 2", "window store", "code descriptor", "window data descriptor (accessed)"
        NAMES   fault_names, "fault CR2", "fault error code", "fault EIP", "fault CS"
        STRING  name_e, "32-bit 4K, #PF in the window"

# One mode record: name, CR3, CR4, linear GDT base, the entries to watch,
# the reads to check, the reads to show, the window's three values, the
# FS offset of its store and the #PF it must raise (CR2 0: none).
        .macro  MODE name, cr3, cr4, gdt, watch, checks, shows, w0, w1, w2, store, cr2=0, err=0, eip=0
        .long   \name, \cr3, \cr4
        .word   GDT_SIZE - 1
        .long   \gdt
        .word   0
        .long   \watch, \checks, \shows
        .long   \w0, \w1, \w2
        .long   \store
        .long   \cr2, \err, \eip, 0
        .endm

# What each window reads: FS:0ffe (straddling), FS:0010, FS:1ff0.
        .set    WA0, TAG_35 << 16 | 0x03ff      # 0x20000 -> 0x3a000, 0x21000 -> 0x35000
        .set    WA1, 4 << 16 | TAG_3A
        .set    WA2, 0x3fc << 16 | TAG_35
        .set    WB0, TAG_21 << 16 | 0x03ff      # identity
        .set    WB1, 4 << 16 | TAG_20
        .set    WB2, 0x3fc << 16 | TAG_21
        .set    WD0, TAG_3A << 16 | 0x03ff      # 0x20000 -> 4 GiB + H_DATA, 0x21000 -> 0x3a000
        .set    WD1, 4 << 16 | TAG_HD
        .set    WD2, 0x3fc << 16 | TAG_3A

        .p2align 2
mode_table:
        MODE    name_a, A_PD, 0, A_GDT, watch_a, checks_a, shows_none, WA0, WA1, WA2, 0x0020
        MODE    name_b, B_PD, CR4_PSE, B_GDT, watch_b, checks_b, shows_none, WB0, WB1, WB2, 0x0020
        MODE    name_c, C_PD, CR4_PSE, C_GDT, watch_c, checks_c, shows_none, WB0, WB1, WB2, 0x0020
        MODE    name_d, D_PDPT, CR4_PAE, D_GDT, watch_d, checks_d, shows_d, WD0, WD1, WD2, 0x0020
        # Mode A's tables again; the store at FS:effe straddles into the
        # absent page 0x2f000: #PF, write, not present, CR2 = that page.
        # (Not FS:fffe into 0x30000: that store passes the 64 KiB limit,
        # a #GP(0) - which QEMU, not checking limits, does not raise.)
        MODE    name_e, A_PD, 0, A_GDT, watch_a, checks_e, shows_none, WA0, WA1, WA2, 0xeffe, 0x0002f000, 2, window_store
        .long   0

# Every mode's reads end with its GDT's two descriptors.
        .macro  END_CHECKS gdt
        .long   \gdt + 12, CODE32_HIGH         # the code descriptor's half on page two
        .long   \gdt + 44, WDATA_HIGH          # the window's data descriptor, now accessed
        .long   -1
        .endm

checks_a:
        .long   0x00020ffe, WA0
        .long   0x00021000, TAG_35
        .long   0x00020020, WA2                 # the window's store
        END_CHECKS A_GDT
checks_b:
        .long   0x00500000, TAG_B       # 24 MiB + 1 MiB
        .long   0x00500010, 4 << 16 | TAG_B
        .long   0x00020020, WB2
        END_CHECKS B_GDT
checks_c:
        .long   0x00d00000, TAG_HC      # 4 GiB + 1 MiB
        .long   0x00d00010, 4 << 16 | TAG_HC
        .long   0x00020020, WB2
        END_CHECKS C_GDT
checks_d:
        .long   0x00020010, 4 << 16 | TAG_HD    # 4 KiB page above 4 GiB
        .long   0x00405010, 4 << 16 | TAG_HD    # the same through the 2 MiB page
        .long   0x00405020, WD2         # the window's store, above 4 GiB
        END_CHECKS D_GDT
checks_e:
        .long   0x00020ffe, WA0
        .long   0x00021000, TAG_35
        .long   0x0002effc, 0x3ff << 16 | TAG_2E # the straddling store left no byte here
        END_CHECKS A_GDT
shows_none:
        .long   -1
shows_d:                                # the page table above 4 GiB, through
        .long   0x00401000, 0           # the 2 MiB page: its two entries
        .long   0x00401008, 0
        .long   -1

# Entries to record on landing, as offsets from 0x10000 (GS).
        .p2align 1
watch_a:
        .word   A_PD - 0x10000
        .set    page, 7
        .rept   9                       # the guest's own pages 0x7000-0xffff
        .word   A_PT - 0x10000 + 4 * page
        .set    page, page + 1
        .endr
        .word   A_PT - 0x10000 + 4 * 0x20, A_PT - 0x10000 + 4 * 0x21
        .word   A_PT - 0x10000 + 4 * 0x24, A_PT - 0x10000 + 4 * 0x25
        .word   0xffff
watch_b:
        .word   B_PD - 0x10000, B_PD - 0x10000 + 4, B_PD - 0x10000 + 8, 0xffff
watch_c:
        .word   C_PD - 0x10000, C_PD - 0x10000 + 8, C_PD - 0x10000 + 12, 0xffff
watch_d:
        .word   D_PDPT - 0x10000, D_PD - 0x10000, D_PD - 0x10000 + 8, D_PD - 0x10000 + 16
        .set    page, 7
        .rept   9
        .word   D_PT - 0x10000 + 8 * page
        .set    page, page + 1
        .endr
        .word   D_PT - 0x10000 + 8 * 0x20, D_PT - 0x10000 + 8 * 0x21
        .word   0xffff

        .data
        .p2align 2
cur_mode:       .long   0
pf_expected:    .long   0
pf_got:         .long   0, 0, 0, 0
win_got:        .long   0, 0, 0
n_checks:       .long   0
n_shows:        .long   0
checks_got:     .fill   MAX_READS, 4, 0
checks_exp:     .fill   MAX_READS, 4, 0
shows_got:      .fill   MAX_READS, 4, 0
shows_exp:      .fill   MAX_READS, 4, 0
snap_end:       .long   0
snap:           .fill   32, 1, 0
        .p2align 3
pf_idt:         .fill   IDT_SIZE, 1, 0
        .p2align 1
pf_idt_desc:
        .word   IDT_SIZE - 1
        .long   pf_idt
