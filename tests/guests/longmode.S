# longmode.S - pattern 2: real mode straight to long mode and back.
#
# In real mode: 4-level page tables, EFER.LME by rdmsr/wrmsr, CR3 and
# CR4.PAE by mov, lgdtl/lidtl (a 64-bit IDT); then PG and PE together in
# one `mov %eax, %cr0` and a 66 EA far jump into an L=1 code segment.  In
# 64-bit mode: CS, EFER.LMA, CR0/CR3/CR4, 64-bit arithmetic on R8-R15, a
# RIP-relative load, memory above 4 GiB (hvmhost's high RAM at guest
# physical 4 GiB, mapped at linear 4 GiB) and an alias of low memory at
# linear 512 GiB; the upper halves of RSI, RDI and RBP across a CPUID (an
# exit to the hypervisor, which must keep them: a 64-bit kernel's
# pointers live there); a line printed from 64-bit mode.  Back: lretq into a
# 32-bit compatibility-mode segment (lib.S's 32-bit code prints there),
# paging off (long mode ends), EFER.LME and CR4.PAE off, 16-bit protected
# mode, real mode, and every recorded value checked there.
#
# Under the assist everything up to the far jump runs in VM86 with traps
# (rdmsr/wrmsr, mov to CR3/CR4/CR0), the far jump is emulated with PG
# already set, so its descriptor read goes through the guest's 4-level
# tables; after RESTORE long mode runs natively.  The trips, one binary
# each from this file (--defsym TRIP=n, guests.mk):
#   1 longmode.bin  GDT and data at identity-mapped addresses, the code
#                   segment a 4 GiB one with L=1 (like Linux's)
#   2 lmwalk.bin    the GDTR base is 1 GiB + gdt, an alias the tables map
#                   onto the GDT: the far jump's descriptor read must walk
#                   them; and in the window between the CR0 write and the
#                   far jump a read through a linear page the tables map
#                   to another frame
#   3 lmlimit.bin   the L=1 code segment has limit 0 (the limit does not
#                   apply in 64-bit mode: no #GP for the far jump)
#   4 lmhigh.bin    64-bit code writes and reads guest-physical memory
#                   above 4 GiB (hvmhost's high RAM window, mapped at
#                   linear 4 GiB)

        .include "pattern.inc"

        .set    EFER, 0xc0000080
        .set    EFER_LME, 0x100
        .set    EFER_LMA, 0x400
        .set    CR0_PG, 0x80000000
        .set    CR4_PAE, 0x20
        .set    CR0_RESET, 0x60000010
        .set    PT_SEG, 0x2000          # the tables at 0x20000: PML4,
        .set    PML4, 0x20000           # PDPT, PD (low 4 MiB), PD (4 GiB),
        .set    PDPT, 0x21000           # PT (low 2 MiB, 4 KiB pages)
        .set    PD_LOW, 0x22000
        .set    PD_HIGH, 0x23000
        .set    PT_LOW, 0x24000
        .set    SWAP_A, 0x30            # PT_LOW maps these two pages
        .set    SWAP_B, 0x31            # onto each other
        .set    ALIAS_1G, 0x40000000    # PDPT[1]: low 4 MiB again
        .set    HIGH_4G, 0x100000000    # PDPT[4]: guest-physical 4 GiB
        .set    ALIAS_512G, 0x8000000000        # PML4[1]: all of PDPT again
        .set    PTE, 0x3                # present, writable
        .set    PTE_PS, 0x83            # ... 2 MiB page
        .set    REC_DWORDS, 17

        .ifndef TRIP
        .set    TRIP, 1
        .endif
        .set    SEL_CODE64_LIMIT0, SEL_SCRATCH0

        .if     TRIP == 1
        FLAT_START "longmode: real mode straight to long mode and back (pattern 2)"
        .elseif TRIP == 2
        FLAT_START "lmwalk: real mode to long mode through aliased and remapped pages (pattern 2)"
        .elseif TRIP == 3
        FLAT_START "lmlimit: real mode to long mode into an L=1 segment with limit 0 (pattern 2)"
        .else
        FLAT_START "lmhigh: real mode to long mode, memory above 4 GiB (pattern 2)"
        .endif
        call    build_tables
        mov     $SWAP_A << 8, %ax       # markers in the two swapped frames
        mov     %ax, %es
        xor     %di, %di
        mov     $0x400, %cx
        call    fill_linear16
        mov     $SWAP_B << 8, %ax
        mov     %ax, %es
        call    fill_linear16
        xor     %ax, %ax
        mov     %ax, %es
        mov     $SEL_CODE64_LIMIT0, %bx # 64-bit code, limit 0
        mov     $0x209b, %ax
        xor     %esi, %esi
        xor     %edi, %edi
        call    gdt_set16
        .if     TRIP == 3               # the far jump's target, patched
        movw    $SEL_CODE64_LIMIT0, lm_jump + 6
        .else
        movw    $SEL_CODE64, lm_jump + 6
        .endif
        .if     TRIP == 2
        movl    $ALIAS_1G + gdt, gdtr_lm + 2    # the GDT by its alias
        .endif

# --- real mode: straight into long mode -------------------------------------------
        lidtl   idt64_desc
        lgdtl   gdtr_lm
        mov     $EFER, %ecx
        rdmsr
        or      $EFER_LME, %eax
        wrmsr
        mov     $PML4, %eax
        mov     %eax, %cr3
        mov     %cr4, %eax
        or      $CR4_PAE, %eax
        mov     %eax, %cr4
        mov     $SWAP_A << 8, %ax       # trip 2 reads SWAP_A's page
        mov     %ax, %ds                # through DS in the window
        xor     %ebx, %ebx
        mov     %cr0, %eax
        or      $CR0_PG | 1, %eax
        mov     %eax, %cr0              # PG and PE at once: long mode
        .if     TRIP == 2               # the window: paging is on
        mov     0x10, %ebx              # linear 0x30010 -> frame SWAP_B
        .endif
lm_jump:
        ljmpl   $0, $lm64

# --- 64-bit mode ---------------------------------------------------------------------
        .code64
lm64:   mov     $SEL_DATA32, %ax
        mov     %ax, %ds
        mov     %ax, %es
        mov     %ax, %ss
        mov     %ebx, rec + 4 * 9(%rip) # what the window read
        xor     %eax, %eax
        mov     %cs, %ax
        mov     %eax, rec + 4 * 0(%rip)
        mov     $EFER, %ecx
        rdmsr
        and     $EFER_LME | EFER_LMA, %eax
        mov     %eax, rec + 4 * 1(%rip)
        mov     %cr0, %rax
        mov     %eax, rec + 4 * 2(%rip)
        mov     %cr3, %rax
        mov     %eax, rec + 4 * 3(%rip)
        mov     %cr4, %rax
        mov     %eax, rec + 4 * 4(%rip)
        movabs  $0x0123456789abcdef, %r8        # 64-bit arithmetic
        mov     $12, %ecx
        rol     %cl, %r8
        mov     %r8, %r13
        movabs  $0x00000001fffffffd, %r11
        imul    %r11, %r13
        add     %r8, %r13
        mov     %r13, rec + 4 * 5(%rip)
        mov     lm_marker(%rip), %rax   # RIP-relative
        xor     %r13, %rax
        mov     %rax, rec + 4 * 7(%rip) # (the record's dwords 7 and 8)
        mov     $-1, %eax
        .if     TRIP == 4
        movabs  $HIGH_4G + 0x1ff000, %rbx       # above 4 GiB
        movabs  $0x1122334455667788, %rax
        mov     %rax, (%rbx)
        movabs  $HIGH_4G, %rdx
        mov     %rax, (%rdx)
        not     %rax
        mov     %rax, 8(%rdx)
        mov     (%rbx), %rax
        add     8(%rdx), %rax           # x + ~x = -1
        .endif
        mov     %eax, rec + 4 * 10(%rip)
        lea     lm_scratch(%rip), %rbx  # an alias at 512 GiB
        movabs  $ALIAS_512G, %rax
        add     %rax, %rbx
        movabs  $0x55aa55aa33cc33cc, %rax
        mov     %rax, (%rbx)
        mov     lm_scratch(%rip), %rdx
        sub     %rax, %rdx
        mov     %edx, rec + 4 * 11(%rip)
        movabs  $0x1111111100000000, %rsi       # upper halves across an exit
        movabs  $0x2222222200000000, %rdi
        movabs  $0x4444444400000000, %rbp
        xor     %eax, %eax
        cpuid
        add     %rdi, %rsi
        add     %rbp, %rsi
        shr     $32, %rsi
        mov     %esi, rec + 4 * 16(%rip)
        lea     lm_line(%rip), %rsi
        call    puts64
        pushq   $SEL_CODE32             # to compatibility mode
        lea     compat(%rip), %rax
        push    %rax
        lretq

# COM1, polled, from 64-bit code: the NUL-terminated string at RSI.
puts64: push    %rax
        push    %rdx
        push    %rsi
1:      lodsb
        test    %al, %al
        jz      3f
        mov     %al, %ah
        mov     $COM1 + 5, %dx
2:      in      %dx, %al
        test    $0x20, %al
        jz      2b
        mov     $COM1, %dx
        mov     %ah, %al
        out     %al, %dx
        jmp     1b
3:      pop     %rsi
        pop     %rdx
        pop     %rax
        ret

# (64-bit code addresses its data RIP-relative: the guests are ELF32
# objects, which have no relocation for 32-bit absolute addresses there.)

# Exceptions in long mode: report the vector and the two qwords above it
# (error code or RIP, then RIP or CS), stop.
        .p2align 3
lm_trap_stubs:
        .set    vec, 0
        .rept   32
        .p2align 3
        pushq   $vec
        jmp     lm_trap_common
        .set    vec, vec + 1
        .endr
lm_trap_common:
        lea     lm_trap_line(%rip), %rsi
        call    puts64
        mov     (%rsp), %rax
        mov     $2, %ecx
        call    hex64
        mov     8(%rsp), %rax
        mov     $16, %ecx
        call    hex64
        mov     16(%rsp), %rax
        call    hex64
        lea     lm_newline(%rip), %rsi
        call    puts64
        mov     $1, %al
        out     %al, $EXIT_PORT
1:      hlt
        jmp     1b
# The low ECX hex digits of RAX, and a space.
hex64:  push    %rax
        push    %rcx
        push    %rdx
        push    %rsi
        lea     lm_hexbuf + 17(%rip), %rsi
        movb    $0, (%rsi)
        movb    $0x20, -1(%rsi)
        dec     %rsi
1:      dec     %rsi
        mov     %al, %dl
        and     $15, %dl
        add     $0x30, %dl
        cmp     $0x39, %dl
        jbe     2f
        add     $0x61 - 0x3a, %dl
2:      mov     %dl, (%rsi)
        shr     $4, %rax
        loop    1b
        call    puts64
        pop     %rsi
        pop     %rdx
        pop     %rcx
        pop     %rax
        ret

# --- compatibility mode, then legacy protected mode --------------------------------
        CODE32
compat: mov     $EFER, %ecx
        rdmsr
        and     $EFER_LME | EFER_LMA, %eax
        mov     %eax, rec + 4 * 12
        PRINTLN "longmode: compatibility mode"
        lgdt    gdt_desc                # the identity GDT before paging goes
        mov     %cr0, %eax
        and     $~CR0_PG, %eax
        mov     %eax, %cr0              # long mode ends here
        mov     $EFER, %ecx
        rdmsr
        and     $~EFER_LME, %eax
        wrmsr
        mov     %cr4, %eax
        and     $~CR4_PAE, %eax
        mov     %eax, %cr4
        xor     %eax, %eax
        mov     %eax, %cr3
        lidt    pm_idt_desc
        mov     $SEL_DATA32, %ax
        mov     %ax, %fs
        mov     %ax, %gs
        mov     $STACK_TOP, %esp
        PM32_TO_REAL

# --- real mode again: the checks --------------------------------------------------
        mov     %cr0, %eax
        mov     %eax, rec + 4 * 13
        mov     $EFER, %ecx
        rdmsr
        and     $EFER_LME | EFER_LMA, %eax
        mov     %eax, rec + 4 * 14
        mov     %cr4, %eax
        mov     %cr3, %edx
        or      %edx, %eax
        mov     %eax, rec + 4 * 15
        FAILCTX "pattern 2"
        CHECK   rec_exp, rec, rec_names, REC_DWORDS
        .if     TRIP == 1
        PRINTLN "PASS pattern 2: real mode -> long mode (PG and PE in one write, 66 EA into L=1) -> compatibility mode -> real mode"
        PRINTLN "PASS longmode"
        .elseif TRIP == 2
        PRINTLN "PASS pattern 2: the GDTR base at a 1 GiB alias and a read in the window through a remapped page: both through the 4-level tables"
        PRINTLN "PASS lmwalk"
        .elseif TRIP == 3
        PRINTLN "PASS pattern 2: a 66 EA far jump into an L=1 segment with limit 0"
        PRINTLN "PASS lmlimit"
        .else
        PRINTLN "PASS pattern 2: 64-bit code reads back what it wrote above 4 GiB"
        PRINTLN "PASS lmhigh"
        .endif
        EXIT    0

# The 4-level tables at PT_SEG:0 (real mode).
build_tables:
        pushal
        push    %es
        mov     $PT_SEG, %ax
        mov     %ax, %es
        xor     %di, %di
        xor     %eax, %eax
        mov     $0x5000 / 4, %cx
        rep stosl
        movl    $PDPT + PTE, %es:PML4 - PML4 + 0        # linear 0
        movl    $PDPT + PTE, %es:PML4 - PML4 + 8        # 512 GiB: the same
        movl    $PD_LOW + PTE, %es:PDPT - PML4 + 0      # 0
        movl    $PD_LOW + PTE, %es:PDPT - PML4 + 8      # 1 GiB: the same
        movl    $PD_HIGH + PTE, %es:PDPT - PML4 + 4 * 8 # 4 GiB
        movl    $PT_LOW + PTE, %es:PD_LOW - PML4 + 0    # 4 KiB pages
        movl    $0x200000 + PTE_PS, %es:PD_LOW - PML4 + 8       # 2 MiB page
        movl    $PTE_PS, %es:PD_HIGH - PML4 + 0         # frame at 4 GiB
        movl    $HIGH_4G >> 32, %es:PD_HIGH - PML4 + 4
        mov     $PT_LOW - PML4, %di     # identity, 4 KiB pages
        mov     $PTE, %eax
        mov     $512, %cx
1:      mov     %eax, %es:(%di)
        add     $0x1000, %eax
        add     $8, %di
        loop    1b
        movl    $(SWAP_B << 12) + PTE, %es:PT_LOW - PML4 + SWAP_A * 8
        movl    $(SWAP_A << 12) + PTE, %es:PT_LOW - PML4 + SWAP_B * 8
        pop     %es
        popal
        ret

        .data
        .p2align 2
rec:            .fill   REC_DWORDS, 4, 0x0badbad0
        .if     TRIP == 3
rec_exp:        .long   SEL_CODE64_LIMIT0
        .else
rec_exp:        .long   SEL_CODE64
        .endif
                .long   EFER_LME | EFER_LMA, CR0_RESET | CR0_PG | 1
                .long   PML4, CR4_PAE
                .long   0x86421fdc, 0x1110eeee  # the 64-bit arithmetic
                .long   0x4cbca133, 0xeffd1420  # lm_marker ^ that
        .if     TRIP == 2
                .long   (SWAP_B << 12) + 0x10   # the window's read
        .else
                .long   0
        .endif
                .long   0xffffffff, 0           # above 4 GiB, alias at 512 GiB
                .long   EFER_LME | EFER_LMA     # compatibility mode
                .long   CR0_RESET, 0, 0         # real mode again
                .long   0x77777777              # the upper halves' sum
        NAMES   rec_names, "cs in 64-bit mode", "efer.lme|lma in 64-bit mode", "cr0 in 64-bit mode", "cr3 in 64-bit mode", "cr4 in 64-bit mode", "64-bit arithmetic, low", "64-bit arithmetic, high", "RIP-relative load, low", "RIP-relative load, high", "read in the window (after the CR0 write)", "memory above 4 GiB", "alias at 512 GiB", "efer.lme|lma in compatibility mode", "cr0 back in real mode", "efer.lme|lma back in real mode", "cr3|cr4 back in real mode", "upper halves of RSI+RDI+RBP after cpuid in 64-bit mode"
        .p2align 1
gdtr_lm:        .word   GDT_LIMIT
                .long   gdt
        .p2align 3
lm_marker:      .quad   0xfeedfacecafebeef
lm_scratch:     .quad   0
lm_hexbuf:      .fill   18, 1, 0
lm_line:        .asciz  "longmode: hello from 64-bit mode\n"
lm_trap_line:   .asciz  "FAIL pattern 2: exception in long mode, vector and frame: "
lm_newline:     .asciz  "\n"

# 64-bit interrupt gates for the exceptions.
        .p2align 3
idt64:
        .set    vec, 0
        .rept   32
        .word   lm_trap_stubs + vec * 8, SEL_CODE64, 0x8e00, 0
        .long   0, 0
        .set    vec, vec + 1
        .endr
idt64_end:
        .p2align 1
idt64_desc:     .word   idt64_end - idt64 - 1
                .long   idt64
