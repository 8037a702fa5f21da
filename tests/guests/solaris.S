# solaris.S - protected mode with PAE paging -> real mode on stale segment
# caches -> protected mode, 200 times: the pattern of Solaris 10's boot
# code that Xen's original vmxassist could not run (push r16/r32, mov
# r/m16,sreg, mov sreg,mem and accesses through the hidden protected-mode
# bases while PE is clear; a GDT spanning pages, read with paging on).
#
# A multiboot kernel (linked at 32 KiB, multiboot.ld).  At entry it builds
# PAE page tables (identity for the first 2 MiB, plus the GDT's pages at
# linear 0xffc00000 -> frame 0x50000 and 0xffc01000 -> frame 0x3000),
# turns paging on and copies its GDT to linear GDT_LINEAR, 0x44 bytes
# below the page boundary: descriptors 0x00-0x38 live in frame 0x50000,
# 0x48-0x60 in frame 0x3000, and descriptor 0x40 straddles the two.
#
# One round trip i:
#   32-bit PM    plan the trip: which of the five 16-bit data descriptors
#   (paging on)  (bases 0x12340, 0x23456, 0x3456a, 0x4567c, 0x10abc0, none
#                of them selector * 16) goes into DS, ES, SS, FS and GS
#                (rotated every trip), the registers, patterns and decoys;
#                write the patterns where the hidden bases point; far jump
#                to the 16-bit code segment 0x48
#   16-bit PM    load the five data segments and the registers; clear PG
#                and PE in one `mov %eax,%cr0`; far jump to CS=0
#   real mode    with DS, ES, SS, FS, GS still holding their protected-mode
#   (window)     bases: push %ax, %ebx, %cx, %edx; mov %ds,%ax; mov %ss,%ebx;
#                mov %es/%fs/%gs to memory through DS, SS (BP) and ES (DI);
#                read through FS and DS, write through GS; mov %es and %fs
#                from memory (which reloads them: base = value * 16) and
#                read through the reloaded ones; record all registers
#                through CS
#   real mode    reload every segment; check the recorded registers; clear
#                CR4.PAE, then load CR3 (one of two PDPTs) and CR4.PAE again,
#                check them; set PE and PG in one `mov %eax,%cr0`; far jump
#                to 0x40 (straddling) or 0x60 (second frame)
#   32-bit PM    check CR0/CR3/CR4/CS/GDTR; check the memory the window
#                wrote at the hidden bases (the pushes, the selector stores,
#                the GS write)
# At the end the GDT is read back through paging: it must be unchanged
# but for the accessed bits of the data descriptors that were loaded.
#
# Memory (physical; paging identity-maps 0-2 MiB):
#   0x03000          GDT, second page
#   0x08000-0x0ffff  this program, its data and stack
#   base+0x100..0x3000  of each data descriptor: the window's data, stack
#   0x50000          GDT, first page
#   0x60000-0x6ffff  where ES and FS point after their reload in the window
#   0x90000-0x94fff  PDPTs, page directories, page tables

        .include "guest.inc"

        .set    ITERATIONS, 200
        .set    PROGRESS_EVERY, 50
        .set    STACK_SIZE, 4096


        .set    CR0_PE, 0x00000001
        .set    CR0_PG, 0x80000000
        .set    CR4_PAE, 0x00000020
        .set    PTE_P, 0x001
        .set    PTE_RW, 0x002
        .set    PAGE, 0x1000

# Paging structures (physical).  The two PDPTs hold the same entries; the
# trips alternate CR3 between them so that a CR3 loaded in real mode shows.
        .set    PT_AREA, 0x90000
        .set    PDPT_A, 0x90000
        .set    PDPT_B, 0x90fe0
        .set    PD_LOW, 0x91000         # PDPT[0]: linear 0-1 GiB
        .set    PD_HIGH, 0x92000        # PDPT[3]: linear 3-4 GiB
        .set    PT_LOW, 0x93000         # linear 0-2 MiB, identity
        .set    PT_GDT, 0x94000         # linear GDT_PAGE_A, GDT_PAGE_B
        .set    PT_AREA_END, 0x95000

# The GDT: linear pages and the frames behind them.
        .set    GDT_PAGE_A, 0xffc00000
        .set    GDT_PAGE_B, GDT_PAGE_A + PAGE
        .set    GDT_FRAME_A, 0x50000
        .set    GDT_FRAME_B, 0x03000
        .set    GDT_SPLIT, 0x44         # GDT bytes in the first page
        .set    GDT_LINEAR, GDT_PAGE_B - GDT_SPLIT

# Selectors beyond guest.inc's four (0x08-0x20, first page).
        .set    SEL_DATA_A0, 0x28       # 16-bit data, first page
        .set    SEL_DATA_A1, 0x30
        .set    SEL_DATA_A2, 0x38
        .set    SEL_CODE32_X, 0x40      # flat 32-bit code, straddles the pages
        .set    SEL_CODE16_B, 0x48      # 16-bit code, base 0, second page
        .set    SEL_DATA_B0, 0x50       # 16-bit data, second page
        .set    SEL_DATA_B1, 0x58
        .set    SEL_CODE32_B, 0x60      # flat 32-bit code, second page
        .set    GDT_ENTRIES, 13
        .set    GDT_DWORDS, GDT_ENTRIES * 2

        .if     GDT_SPLIT <= SEL_CODE32_X || GDT_SPLIT >= SEL_CODE32_X + 8
        .error  "descriptor 0x40 must straddle the GDT's page boundary"
        .endif

# The five data descriptors' hidden bases: none is selector * 16, two are
# not paragraph-aligned, one is above 1 MiB.
        .set    BASE_A0, 0x12340
        .set    BASE_A1, 0x23456
        .set    BASE_A2, 0x3456a
        .set    BASE_B0, 0x4567c
        .set    BASE_B1, 0x10abc0

# Offsets the window uses, relative to the segment named.  All are below
# 0x3000 and the bases are further apart than that, so the five segments
# never touch each other's data.
        .set    OFF_ES_SEL, 0x100       # DS: mov %es, mem
        .set    OFF_DS_PAT, 0x104       # DS: read into EDX
        .set    OFF_ESVAL, 0x108        # DS: mov mem, %es
        .set    OFF_FS_PAT, 0x110       # FS: read into ECX
        .set    OFF_GS_OUT, 0x120       # GS: ECX written here
        .set    OFF_FSVAL, 0x124        # GS: mov mem, %fs
        .set    OFF_NEWES_PAT, 0x130    # ES after its reload: read into ESI
        .set    OFF_NEWFS_PAT, 0x134    # FS after its reload: read into EDI
        .set    OFF_GS_SEL, 0x10        # ES: mov %gs, OFF(%di)
        .set    PUSHED, 12              # bytes the window pushes
        .set    POISON_BYTES, 16        # poisoned below SP before a trip
        .set    POISON, 0xcc

# Plan records.  Segment registers in the order DS ES SS FS GS.
        .set    R_DS, 0
        .set    R_ES, 4
        .set    R_SS, 8
        .set    R_FS, 12
        .set    R_GS, 16
        .set    NSEGS, 5
# The per-trip values: the pushed registers, then the patterns A-D.
        .set    V_EBX, 0
        .set    V_ECX, 4
        .set    V_EDX, 8
        .set    V_A, 12                 # FS -> ECX -> GS
        .set    V_B, 16                 # DS -> EDX
        .set    V_C, 20                 # reloaded ES -> ESI
        .set    V_D, 24                 # reloaded FS -> EDI
        .set    NVALUES, 7

# What the window leaves in the registers (recorded through CS).
        .set    W_EAX, 0
        .set    W_EBX, 4
        .set    W_ECX, 8
        .set    W_EDX, 12
        .set    W_ESI, 16
        .set    W_EDI, 20
        .set    W_ESP, 24
        .set    W_EBP, 28
        .set    W_CS, 32
        .set    W_DS, 36
        .set    W_ES, 40
        .set    W_SS, 44
        .set    W_FS, 48
        .set    W_GS, 52
        .set    W_DWORDS, 14
# What it leaves in memory (read back in 32-bit PM).
        .set    M_PUSH_AX, 0
        .set    M_PUSH_EBX, 4
        .set    M_PUSH_CX, 8
        .set    M_PUSH_EDX, 12
        .set    M_BELOW, 16
        .set    M_ES_SEL, 20
        .set    M_FS_SEL, 24
        .set    M_GS_SEL, 28
        .set    M_GS_OUT, 32
        .set    M_DWORDS, 9

# A segment descriptor: flags is the G, D/B, L, AVL nibble.
        .macro  DESC base, limit, access, flags
        .word   (\limit) & 0xffff, (\base) & 0xffff
        .byte   ((\base) >> 16) & 0xff, \access
        .byte   (((\limit) >> 16) & 0x0f) | ((\flags) << 4), ((\base) >> 24) & 0xff
        .endm
# Code descriptors come with the accessed bit already set: a CPU sets it
# when a far jump loads CS, but QEMU's TCG (7.2) does not, and the native
# run is the oracle.  Data descriptors start with it clear.
        .set    ACC_CODE, 0x9b          # present, DPL 0, execute/read, accessed
        .set    ACC_DATA, 0x92          # present, DPL 0, read/write
        .set    ACC_ACCESSED, 0x01
        .set    FLAGS_32, 0xc           # 4 KiB granularity, 32-bit

        .macro  FLAT_DATA_SEGMENTS
        LOAD_SEGS SEL_DATA32
        mov     $stack_top, %esp
        .endm

# --- entry: flat 32-bit protected mode, paging off -------------------------
        MULTIBOOT_ENTRY 0
        mov     $stack_top, %esp
        lidt    pm_idt_desc             # its gates use 0x08: flat code in
        call    serial_init32           # the loader's GDT as in ours
        PRINTLN "solaris: protected mode with PAE paging <-> real mode on stale segment caches, 200 round trips"

        call    build_page_tables
        mov     $PDPT_A, %eax
        mov     %eax, %cr3
        mov     %cr4, %eax
        or      $CR4_PAE, %eax
        mov     %eax, %cr4
        mov     %cr0, %eax
        or      $CR0_PG, %eax
        mov     %eax, %cr0
        jmp     1f                      # paging on
1:      mov     $gdt_image, %esi        # the GDT goes to its linear address,
        mov     $GDT_LINEAR, %edi       # over the page boundary
        mov     $GDT_ENTRIES * 8, %ecx
        rep movsb
        # The two halves must be where the page tables put them (the
        # loader's flat data segment reaches the frames: identity).
        mov     $GDT_FRAME_A + PAGE - GDT_SPLIT, %esi
        mov     $gdt_got, %edi
        mov     $GDT_SPLIT, %ecx
        rep movsb
        mov     $GDT_FRAME_B, %esi
        mov     $GDT_ENTRIES * 8 - GDT_SPLIT, %ecx
        rep movsb
        FAILCTX "GDT in frames 0x50000 and 0x3000"
        CHECK   gdt_image, gdt_got, gdt_names, GDT_DWORDS
        lgdt    gdt_desc_paged
        ljmp    $SEL_CODE32, $1f
1:      FLAT_DATA_SEGMENTS
        PRINTLN "PASS PAE paging on; GDT at linear ffc00fbc spans frames 00050000 and 00003000, descriptor 0x40 straddles them"
        movl    $0, iter

# --- 32-bit protected mode, paging on, flat data segments ------------------
trip:
        mov     iter, %eax
        mov     %eax, fail_iter
        call    plan_trip
        call    prepare_memory
        ljmp    $SEL_CODE16_B, $pm16

# Back from real mode: CS is 0x40 or 0x60, read through the page tables.
pm32_entry:
        FLAT_DATA_SEGMENTS
        mov     %cr0, %eax
        and     $CR0_PG | CR0_PE, %eax
        mov     %eax, pm_got + 0
        mov     %cr4, %eax
        mov     %eax, pm_got + 4
        mov     %cr3, %eax
        mov     %eax, pm_got + 8
        xor     %eax, %eax
        mov     %cs, %ax
        mov     %eax, pm_got + 12
        sgdt    table_buf
        movzwl  table_buf, %eax
        mov     %eax, pm_got + 16
        mov     table_buf + 2, %eax
        mov     %eax, pm_got + 20
        FAILCTX "real mode -> protected mode with PAE paging"
        CHECK   pm_exp, pm_got, pm_names, 6
        call    collect_window_memory
        FAILCTX "memory written in real mode through protected-mode bases"
        CHECK   exp_mem, got_mem, mem_names, M_DWORDS
        incl    iter
        cmpl    $ITERATIONS, iter
        jb      trip

        movl    $-1, fail_iter
        PRINTLN "PASS solaris: 200 round trips; pushes, segment register moves and accesses through protected-mode bases in real mode as the CPU does them"
        call    accessed_bits
        FAILCTX "GDT after the round trips"
        CHECK   gdt_exp, gdt_got, gdt_names, GDT_DWORDS
        PRINTLN "PASS GDT intact after the round trips, accessed bits set in the data descriptors loaded"
        PRINTLN "PASS solaris"
        EXIT    0

# PDPTs, directories and tables, all in PT_AREA (paging off).
build_page_tables:
        pushal
        mov     $PT_AREA, %edi
        mov     $(PT_AREA_END - PT_AREA) / 4, %ecx
        xor     %eax, %eax
        rep stosl
        .irp    pdpt, PDPT_A, PDPT_B    # PDPTEs: P only (RW is reserved)
        movl    $PD_LOW | PTE_P, \pdpt + 0 * 8
        movl    $PD_HIGH | PTE_P, \pdpt + 3 * 8
        .endr
        movl    $PT_LOW | PTE_P | PTE_RW, PD_LOW
        movl    $PT_GDT | PTE_P | PTE_RW, PD_HIGH + ((GDT_PAGE_A >> 21) & 0x1ff) * 8
        movl    $GDT_FRAME_A | PTE_P | PTE_RW, PT_GDT + ((GDT_PAGE_A >> 12) & 0x1ff) * 8
        movl    $GDT_FRAME_B | PTE_P | PTE_RW, PT_GDT + ((GDT_PAGE_B >> 12) & 0x1ff) * 8
        mov     $PT_LOW, %edi
        mov     $PTE_P | PTE_RW, %eax
1:      mov     %eax, (%edi)            # high dwords stay 0
        add     $8, %edi
        add     $PAGE, %eax
        cmp     $PT_LOW + PAGE, %edi
        jb      1b
        popal
        ret

# The trip's selectors, bases, registers, patterns and expected results,
# all derived from iter.
plan_trip:
        pushal
        mov     iter, %eax
        imul    $0x9e3779b9, %eax, %eax # spread the bits
        add     $0x7f4a7c15, %eax
        mov     %eax, seed

        # Register r gets data descriptor (r + iter) mod 5.
        xor     %ecx, %ecx
1:      mov     iter, %eax
        add     %ecx, %eax
        xor     %edx, %edx
        mov     $NSEGS, %ebx
        div     %ebx
        mov     data_sels(, %edx, 4), %eax
        mov     %eax, plan_sel(, %ecx, 4)
        mov     data_bases(, %edx, 4), %eax
        mov     %eax, plan_base(, %ecx, 4)
        inc     %ecx
        cmp     $NSEGS, %ecx
        jb      1b

        # Pushed registers and patterns: seed rotated by 4k+1, keyed.
        xor     %ebx, %ebx
2:      mov     seed, %eax
        lea     1(%ebx), %ecx
        rol     %cl, %eax
        xor     value_keys(%ebx), %eax
        mov     %eax, plan_val(%ebx)
        add     $4, %ebx
        cmp     $NVALUES * 4, %ebx
        jb      2b

        # SP in 0x2000-0x2ffe, BP in 0x200-0x2fe, DI in 0x400-0x5fe; the
        # high halves (which 16-bit code must leave alone) from the seed.
        mov     iter, %eax
        imul    $0x36, %eax, %edx
        and     $0xffe, %edx
        add     $0x2000, %edx
        mov     seed, %eax
        and     $0xffff0000, %eax
        or      %edx, %eax
        mov     %eax, plan_esp
        mov     iter, %eax
        imul    $6, %eax, %edx
        and     $0xfe, %edx
        add     $0x200, %edx
        mov     seed, %eax
        rol     $8, %eax
        and     $0xffff0000, %eax
        or      %edx, %eax
        mov     %eax, plan_ebp
        mov     iter, %eax
        imul    $0xa, %eax, %edx
        and     $0x1fe, %edx
        add     $0x400, %edx
        mov     seed, %eax
        rol     $24, %eax
        and     $0xffff0000, %eax
        or      %edx, %eax
        mov     %eax, plan_edi

        # ES and FS are reloaded from memory with values in 0x6000-0x6fff.
        mov     iter, %eax
        imul    $0x1d, %eax, %eax
        and     $0x7ff, %eax
        add     $0x6000, %eax
        mov     %eax, plan_new_es
        xor     $0x800, %eax
        mov     %eax, plan_new_fs

        # The window's CR0: paging and PE off together.
        mov     %cr0, %eax
        and     $0xffffffff ^ (CR0_PG | CR0_PE), %eax
        mov     %eax, plan_cr0

        # The way back: CR3 alternates every other trip, the code segment
        # every trip.
        movl    $PDPT_A, plan_cr3
        testb   $2, iter
        jz      3f
        movl    $PDPT_B, plan_cr3
3:      movl    $SEL_CODE32_X, plan_cs32
        testb   $1, iter
        jz      4f
        movl    $SEL_CODE32_B, plan_cs32
4:
        # Expected in real mode (window registers, then the loads there)
        # and in protected mode (arrival state, window memory).
        mov     plan_cr0, %eax
        and     $0xffff0000, %eax
        or      plan_sel + R_DS, %eax
        mov     %eax, exp_win + W_EAX   # mov %ds,%ax keeps EAX's high half
        mov     plan_sel + R_SS, %eax
        mov     %eax, exp_win + W_EBX   # mov %ss,%ebx zero-extends
        mov     plan_val + V_A, %eax
        mov     %eax, exp_win + W_ECX
        mov     %eax, exp_mem + M_GS_OUT
        mov     plan_val + V_B, %eax
        mov     %eax, exp_win + W_EDX
        mov     plan_val + V_C, %eax
        mov     %eax, exp_win + W_ESI
        mov     plan_val + V_D, %eax
        mov     %eax, exp_win + W_EDI
        mov     plan_esp, %eax
        sub     $PUSHED, %ax            # 16-bit stack: only SP moves
        mov     %eax, exp_win + W_ESP
        mov     plan_ebp, %eax
        mov     %eax, exp_win + W_EBP
        movl    $0, exp_win + W_CS
        mov     plan_sel + R_DS, %eax
        mov     %eax, exp_win + W_DS
        mov     plan_new_es, %eax
        mov     %eax, exp_win + W_ES
        mov     plan_sel + R_SS, %eax
        mov     %eax, exp_win + W_SS
        mov     plan_new_fs, %eax
        mov     %eax, exp_win + W_FS
        mov     plan_sel + R_GS, %eax
        mov     %eax, exp_win + W_GS

        movzwl  plan_cr0, %eax
        mov     %eax, exp_mem + M_PUSH_AX
        mov     plan_val + V_EBX, %eax
        mov     %eax, exp_mem + M_PUSH_EBX
        movzwl  plan_val + V_ECX, %eax
        mov     %eax, exp_mem + M_PUSH_CX
        mov     plan_val + V_EDX, %eax
        mov     %eax, exp_mem + M_PUSH_EDX
        movl    $POISON * 0x0101, exp_mem + M_BELOW
        mov     plan_sel + R_ES, %eax
        mov     %eax, exp_mem + M_ES_SEL
        mov     plan_sel + R_FS, %eax
        mov     %eax, exp_mem + M_FS_SEL
        mov     plan_sel + R_GS, %eax
        mov     %eax, exp_mem + M_GS_SEL

        mov     plan_cr3, %eax
        mov     %eax, rm_exp + 4
        mov     %eax, pm_exp + 8
        mov     plan_cs32, %eax
        mov     %eax, pm_exp + 12

        mov     $got_win, %edi          # segment stores fill only the low
        mov     $W_DWORDS, %ecx         # halves
        xor     %eax, %eax
        rep stosl
        popal
        ret

# Put the patterns, decoys and poison where the hidden bases point
# (identity-mapped, so linear = physical).
prepare_memory:
        pushal
        mov     plan_base + R_DS, %ebx
        mov     plan_val + V_B, %eax
        mov     %eax, OFF_DS_PAT(%ebx)
        mov     plan_new_es, %eax
        mov     %ax, OFF_ESVAL(%ebx)
        movw    $0xffff, OFF_ES_SEL(%ebx)

        mov     plan_base + R_FS, %ebx
        mov     plan_val + V_A, %eax
        mov     %eax, OFF_FS_PAT(%ebx)
        mov     plan_val + V_D, %eax    # the decoy the old FS base would see
        not     %eax
        mov     %eax, OFF_NEWFS_PAT(%ebx)

        mov     plan_base + R_GS, %ebx
        mov     plan_val + V_A, %eax
        not     %eax
        mov     %eax, OFF_GS_OUT(%ebx)
        mov     plan_new_fs, %eax
        mov     %ax, OFF_FSVAL(%ebx)

        mov     plan_base + R_ES, %ebx
        mov     plan_val + V_C, %eax    # the decoy the old ES base would see
        not     %eax
        mov     %eax, OFF_NEWES_PAT(%ebx)
        movzwl  plan_edi, %ecx
        movw    $0xffff, OFF_GS_SEL(%ebx, %ecx)

        mov     plan_new_es, %ebx       # where ES and FS point once reloaded
        shl     $4, %ebx
        mov     plan_val + V_C, %eax
        mov     %eax, OFF_NEWES_PAT(%ebx)
        mov     plan_new_fs, %ebx
        shl     $4, %ebx
        mov     plan_val + V_D, %eax
        mov     %eax, OFF_NEWFS_PAT(%ebx)

        mov     plan_base + R_SS, %ebx
        movzwl  plan_ebp, %ecx
        movw    $0xffff, (%ebx, %ecx)
        movzwl  plan_esp, %edi
        lea     -POISON_BYTES(%ebx, %edi), %edi
        mov     $POISON, %al
        mov     $POISON_BYTES, %ecx
        rep stosb
        popal
        ret

# Read back what the window wrote through the hidden bases.
collect_window_memory:
        pushal
        mov     plan_base + R_SS, %ebx
        movzwl  plan_esp, %eax
        add     %eax, %ebx              # SS base + SP at the window's start
        movzwl  -2(%ebx), %eax
        mov     %eax, got_mem + M_PUSH_AX
        mov     -6(%ebx), %eax
        mov     %eax, got_mem + M_PUSH_EBX
        movzwl  -8(%ebx), %eax
        mov     %eax, got_mem + M_PUSH_CX
        mov     -12(%ebx), %eax
        mov     %eax, got_mem + M_PUSH_EDX
        movzwl  -14(%ebx), %eax
        mov     %eax, got_mem + M_BELOW

        mov     plan_base + R_DS, %ebx
        movzwl  OFF_ES_SEL(%ebx), %eax
        mov     %eax, got_mem + M_ES_SEL
        mov     plan_base + R_SS, %ebx
        movzwl  plan_ebp, %ecx
        movzwl  (%ebx, %ecx), %eax
        mov     %eax, got_mem + M_FS_SEL
        mov     plan_base + R_ES, %ebx
        movzwl  plan_edi, %ecx
        movzwl  OFF_GS_SEL(%ebx, %ecx), %eax
        mov     %eax, got_mem + M_GS_SEL
        mov     plan_base + R_GS, %ebx
        mov     OFF_GS_OUT(%ebx), %eax
        mov     %eax, got_mem + M_GS_OUT
        popal
        ret

# gdt_got: the GDT as read through paging now; gdt_exp: the image with
# the accessed bit set in each data descriptor a segment load used.
accessed_bits:
        pushal
        mov     $GDT_LINEAR, %esi
        mov     $gdt_got, %edi
        mov     $GDT_ENTRIES * 8, %ecx
        rep movsb
        mov     $gdt_image, %esi
        mov     $gdt_exp, %edi
        mov     $GDT_ENTRIES * 8, %ecx
        rep movsb
        mov     $loaded_sels, %esi
1:      movzwl  (%esi), %ebx
        test    %ebx, %ebx
        jz      2f
        orb     $ACC_ACCESSED, gdt_exp + 5(%ebx)
        add     $2, %esi
        jmp     1b
2:      popal
        ret

# --- 16-bit protected mode, paging still on ---------------------------------
        CODE16
pm16:
        mov     plan_sel + R_ES, %es    # DS is still flat: it reaches the plan
        mov     plan_sel + R_FS, %fs
        mov     plan_sel + R_GS, %gs
        mov     plan_sel + R_SS, %ss
        mov     plan_esp, %esp
        mov     plan_val + V_EBX, %ebx
        mov     plan_val + V_ECX, %ecx
        mov     plan_val + V_EDX, %edx
        mov     plan_edi, %edi
        mov     plan_ebp, %ebp
        mov     plan_cr0, %eax
        mov     plan_sel + R_DS, %ds
        mov     %eax, %cr0              # PG and PE off in one write
        ljmp    $0, $rm_window

# --- real mode; DS, ES, SS, FS, GS keep their protected-mode caches ---------
rm_window:
        push    %ax                     # through SS's hidden base, 16-bit SP
        push    %ebx
        push    %cx
        push    %edx
        mov     %ds, %ax                # sreg -> register
        mov     %ss, %ebx
        mov     %es, OFF_ES_SEL         # sreg -> memory through DS,
        mov     %fs, (%bp)              # through SS (BP),
        mov     %gs, %es:OFF_GS_SEL(%di) # through ES (DI)
        mov     %fs:OFF_FS_PAT, %ecx    # read through FS,
        mov     %ecx, %gs:OFF_GS_OUT    # write through GS,
        mov     OFF_DS_PAT, %edx        # read through DS
        mov     OFF_ESVAL, %es          # memory -> sreg: ES = value, base * 16
        mov     %es:OFF_NEWES_PAT, %esi
        mov     %gs:OFF_FSVAL, %fs      # memory -> sreg through GS
        mov     %fs:OFF_NEWFS_PAT, %edi
        # Record the registers through CS (a real-mode segment, base 0).
        mov     %eax, %cs:got_win + W_EAX
        mov     %ebx, %cs:got_win + W_EBX
        mov     %ecx, %cs:got_win + W_ECX
        mov     %edx, %cs:got_win + W_EDX
        mov     %esi, %cs:got_win + W_ESI
        mov     %edi, %cs:got_win + W_EDI
        mov     %esp, %cs:got_win + W_ESP
        mov     %ebp, %cs:got_win + W_EBP
        mov     %cs, %cs:got_win + W_CS
        mov     %ds, %cs:got_win + W_DS
        mov     %es, %cs:got_win + W_ES
        mov     %ss, %cs:got_win + W_SS
        mov     %fs, %cs:got_win + W_FS
        mov     %gs, %cs:got_win + W_GS
        # Reload every segment: ordinary real mode from here.
        xor     %ax, %ax
        mov     %ax, %ds
        mov     %ax, %es
        mov     %ax, %ss
        mov     $stack_top, %esp
        mov     %ax, %fs
        mov     %ax, %gs
        lidtw   rm_ivt_desc
        call    rm_traps_install
        FAILCTX "real mode on protected-mode segment caches"
        CHECK   exp_win, got_win, win_names, W_DWORDS

        mov     %cr4, %eax              # PAE off while paging is off; the
        and     $~CR4_PAE, %eax         # way back loads it again
        mov     %eax, %cr4
        call    report_progress
        mov     plan_cr3, %eax
        mov     %eax, %cr3
        mov     %cr4, %eax
        or      $CR4_PAE, %eax
        mov     %eax, %cr4
        mov     %cr0, %eax
        and     $CR0_PG | CR0_PE, %eax
        mov     %eax, rm_got + 0
        mov     %cr3, %eax
        mov     %eax, rm_got + 4
        mov     %cr4, %eax
        mov     %eax, rm_got + 8
        FAILCTX "CR0, CR3, CR4 loaded in real mode"
        CHECK   rm_exp, rm_got, rm_names, 3

        lidtw   pm_idt_desc
        mov     plan_cs32, %ax
        mov     %ax, patch_pm32_sel
        mov     %cr0, %eax
        or      $CR0_PG | CR0_PE, %eax
        mov     %eax, %cr0              # PE and PG on in one write
        ljmpl   $0, $pm32_entry         # 66 EA: the selector is patched
        .set    patch_pm32_sel, . - 2

report_progress:
        mov     iter, %eax
        inc     %eax
        xor     %edx, %edx
        mov     $PROGRESS_EVERY, %ecx
        div     %ecx
        test    %edx, %edx
        jnz     1f
        PRINT   "solaris: "
        mov     iter, %eax
        inc     %eax
        call    putdec16
        PRINTLN " round trips ok"
1:      ret

        .section .rodata
        .p2align 3
gdt_image:
        .quad   0
        DESC    0, 0xfffff, ACC_CODE, FLAGS_32          # 0x08 SEL_CODE32
        DESC    0, 0xfffff, ACC_DATA, FLAGS_32          # 0x10 SEL_DATA32
        DESC    0, 0xffff, ACC_CODE, 0                  # 0x18 SEL_CODE16
        DESC    0, 0xffff, ACC_DATA, 0                  # 0x20 SEL_DATA16
        DESC    BASE_A0, 0xffff, ACC_DATA, 0            # 0x28
        DESC    BASE_A1, 0xffff, ACC_DATA, 0            # 0x30
        DESC    BASE_A2, 0xffff, ACC_DATA, 0            # 0x38
        DESC    0, 0xfffff, ACC_CODE, FLAGS_32          # 0x40 straddles
        DESC    0, 0xffff, ACC_CODE, 0                  # 0x48
        DESC    BASE_B0, 0xffff, ACC_DATA, 0            # 0x50
        DESC    BASE_B1, 0xffff, ACC_DATA, 0            # 0x58
        DESC    0, 0xfffff, ACC_CODE, FLAGS_32          # 0x60
gdt_image_end:
        .if     gdt_image_end - gdt_image != GDT_ENTRIES * 8
        .error  "GDT_ENTRIES does not match gdt_image"
        .endif
gdt_names:
        .irp    s, 00, 08, 10, 18, 20, 28, 30, 38, 40, 48, 50, 58, 60
        .asciz  "descriptor 0x\s low", "descriptor 0x\s high"
        .endr
# The data descriptors some segment load used (SEL_DATA16 stays unused).
loaded_sels:
        .word   SEL_DATA32, SEL_DATA_A0, SEL_DATA_A1, SEL_DATA_A2
        .word   SEL_DATA_B0, SEL_DATA_B1, 0
        .p2align 2
data_sels:
        .long   SEL_DATA_A0, SEL_DATA_A1, SEL_DATA_A2, SEL_DATA_B0, SEL_DATA_B1
data_bases:
        .long   BASE_A0, BASE_A1, BASE_A2, BASE_B0, BASE_B1
value_keys:
        .long   0x8badf00d, 0x0ddba11c, 0xc0ffee11, 0x5eed1e55
        .long   0xa5a5c3c3, 0x3c3c5a5a, 0x600dcafe
        .p2align 1
gdt_desc_paged:
        .word   GDT_ENTRIES * 8 - 1
        .long   GDT_LINEAR

        .data
        .p2align 2
iter:           .long   0
seed:           .long   0
plan_sel:       .fill   NSEGS, 4, 0     # DS ES SS FS GS
plan_base:      .fill   NSEGS, 4, 0
plan_val:       .fill   NVALUES, 4, 0
plan_esp:       .long   0
plan_ebp:       .long   0
plan_edi:       .long   0
plan_cr0:       .long   0
plan_cr3:       .long   0
plan_cs32:      .long   0
plan_new_es:    .long   0
plan_new_fs:    .long   0

exp_win:        .fill   W_DWORDS, 4, 0
got_win:        .fill   W_DWORDS, 4, 0
        NAMES   win_names, "eax after mov %ds,%ax", "ebx after mov %ss,%ebx", "ecx read through fs", "edx read through ds", "esi read through es reloaded from memory", "edi read through fs reloaded from memory", "esp after four pushes", "ebp", "cs", "ds", "es after mov mem,%es", "ss", "fs after mov %gs:mem,%fs", "gs"
exp_mem:        .fill   M_DWORDS, 4, 0
got_mem:        .fill   M_DWORDS, 4, 0
        NAMES   mem_names, "push %ax at ss.base+sp-2", "push %ebx at ss.base+sp-6", "push %cx at ss.base+sp-8", "push %edx at ss.base+sp-12", "poison below the pushes", "mov %es,mem at ds.base+0x100", "mov %fs,(%bp) at ss.base+bp", "mov %gs,%es:0x10(%di) at es.base+di+0x10", "mov %ecx,%gs:mem at gs.base+0x120"
rm_exp:         .long   0, 0, CR4_PAE
rm_got:         .fill   3, 4, 0
        NAMES   rm_names, "cr0.pg|pe", "cr3", "cr4"
pm_exp:         .long   CR0_PG | CR0_PE, CR4_PAE, 0, 0, GDT_ENTRIES * 8 - 1, GDT_LINEAR
pm_got:         .fill   6, 4, 0
        NAMES   pm_names, "cr0.pg|pe", "cr4", "cr3", "cs", "gdtr.limit", "gdtr.base"
table_buf:      .fill   6, 1, 0
        .p2align 2
gdt_got:        .fill   GDT_ENTRIES * 8, 1, 0
gdt_exp:        .fill   GDT_ENTRIES * 8, 1, 0

        .bss
        .p2align 4
stack:          .skip   STACK_SIZE
stack_top:
