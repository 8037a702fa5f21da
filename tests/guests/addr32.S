# addr32.S - pattern 11: real-mode accesses above 64 KiB: addr32 string
# instructions (rep movsl/stosl, lodsl, repe cmpsb, repne scasb, forwards
# and backwards across 64 KiB boundaries), loop on ECX, ALU operations,
# movzx/movsx, xchg, cmpxchg, imul, push/pop with 32-bit addresses, all
# above 1 MiB in big real mode.
#
# The CPU is the oracle inside one run: the same sequence of operations
# (OPS, assembled once as 32-bit code and once as 16-bit code, where gas
# adds the 67 prefixes) runs on two copies of the same data: in flat
# 32-bit protected mode on the region at 3 MiB (native under the assist)
# and in big real mode on the region at 4 MiB (emulated under the
# assist).  The two regions must end up byte-identical, results and
# flags included.  A few loads through segments with non-zero bases and
# offsets past 64 KiB are checked against known addresses, and addr32
# rep insb/outsb move data between ports and memory above 1 MiB (one of
# the PASS lines is printed that way).

        .include "pattern.inc"

        .set    SRC, 0x200000           # pseudo-random source data
        .set    SRC_BYTES, 0x16000
        .set    R_PM, 0x300000          # region of the protected-mode run
        .set    R_BIG, 0x400000         # region of the big-real-mode run
        .set    REGION_BYTES, 0x16000
        .set    RES, 0x15000            # results, in the region
        .set    MARK, 0x28000           # markers for the segment checks
        .set    MARK_HI, 0x130000
        .set    IO_BUF, 0x500000        # rep insb lands here
        .set    IO_LINE, 0x500100       # a copy of io_line, for rep outsb

# In 16-bit code, give a string instruction or loop 32-bit addressing.
        .macro  A32 insn:vararg
        .if     CUR_MODE == 16
        addr32  \insn
        .else
        \insn
        .endif
        .endm

# Store EFLAGS at RES + \off of the region (EBX).
        .macro  SAVE_FLAGS off
        pushfl
        popl    RES + \off(%ebx)
        .endm

# The operations, on the region at EBX (also copied to EBP, so that half
# of the ALU operands are SS-relative).  Results go to RES.. in the region,
# pointers relative to their base so that the two runs compare.
        .macro  OPS
        mov     %ebx, %ebp
        # rep movsl: 80 KiB, over the region's 64 KiB boundary
        mov     $SRC, %esi
        mov     %ebx, %edi
        mov     $0x5000, %ecx
        A32     rep movsl
        sub     $SRC, %esi
        mov     %esi, RES + 0x00(%ebx)
        sub     %ebx, %edi
        mov     %edi, RES + 0x04(%ebx)
        mov     %ecx, RES + 0x08(%ebx)
        # rep stosl
        lea     0x14000(%ebx), %edi
        mov     $0x5a5aa5a5, %eax
        mov     $0x100, %ecx
        A32     rep stosl
        # backwards, overlapping, across the boundary at 64 KiB
        std
        lea     0x1001f(%ebx), %esi
        lea     0x10037(%ebx), %edi
        mov     $0x30, %ecx
        A32     rep movsb
        cld
        sub     %ebx, %esi
        mov     %esi, RES + 0x0c(%ebx)
        sub     %ebx, %edi
        mov     %edi, RES + 0x10(%ebx)
        # lodsl and loop on ECX, over the boundary
        lea     0xf000(%ebx), %esi
        mov     $0x800, %ecx
        xor     %edx, %edx
1:      A32     lodsl
        add     %eax, %edx
        rol     $1, %edx
        A32     loop 1b
        mov     %edx, RES + 0x14(%ebx)
        # repe cmpsb up to a byte changed at 0x12345
        xorb    $0x40, 0x12345(%ebx)
        mov     $SRC, %esi
        mov     %ebx, %edi
        mov     $0x14000, %ecx
        A32     repe cmpsb
        SAVE_FLAGS 0x18
        sub     $SRC, %esi
        mov     %esi, RES + 0x1c(%ebx)
        sub     %ebx, %edi
        mov     %edi, RES + 0x20(%ebx)
        mov     %ecx, RES + 0x24(%ebx)
        # repne scasb for a byte planted in the stosl area
        movb    $0xab, 0x14345(%ebx)
        lea     0x14000(%ebx), %edi
        mov     $0x400, %ecx
        mov     $0xab, %al
        A32     repne scasb
        SAVE_FLAGS 0x28
        sub     %ebx, %edi
        mov     %edi, RES + 0x2c(%ebx)
        mov     %ecx, RES + 0x30(%ebx)
        # ALU operations on memory, DS (EBX) and SS (EBP) relative
        addl    $0x11111111, 0x100(%ebp)
        SAVE_FLAGS 0x34
        mov     $3, %ecx
        xorl    $0x5555aaaa, 0x104(%ebx, %ecx, 4)
        notl    0x120(%ebx)
        negl    0x124(%ebp)
        SAVE_FLAGS 0x38
        shll    $3, 0x128(%ebx)
        rcrl    $5, 0x12c(%ebx)
        SAVE_FLAGS 0x3c
        btsl    $17, 0x130(%ebx)
        incw    0x134(%ebp)
        decb    0x136(%ebx)
        SAVE_FLAGS 0x40
        subl    %edx, 0x160(%ebx, %ecx, 8)
        adcl    $7, 0x164(%ebp)
        sbbw    $3, 0x168(%ebx)
        andl    $0xf0f0f0f0, 0x16c(%ebx)
        orw     $0x0f0f, 0x170(%ebp)
        cmpl    $0x80000000, 0x174(%ebx)
        setae   0x178(%ebx)
        SAVE_FLAGS 0x44
        movzbl  0x138(%ebx), %eax
        mov     %eax, RES + 0x48(%ebx)
        movswl  0x13a(%ebp), %eax
        mov     %eax, RES + 0x4c(%ebx)
        movsbl  0x13c(%ebx, %ecx, 2), %eax
        mov     %eax, RES + 0x50(%ebx)
        mov     $0x12345678, %eax
        xchg    %eax, 0x140(%ebx)
        mov     %eax, RES + 0x54(%ebx)
        mov     0x144(%ebx), %eax
        mov     $0xdeadbeef, %edx
        lock cmpxchg %edx, 0x144(%ebx)
        SAVE_FLAGS 0x58
        imul    0x148(%ebp), %eax
        mov     %eax, RES + 0x5c(%ebx)
        pushl   0x150(%ebx)
        popl    0x154(%ebp)
        .endm

        FLAT_START "addr32: addr32 string, ALU and movzx operations above 1 MiB in big real mode (pattern 11)"

        REAL_TO_PM32
        mov     $SRC, %edi              # the source: a little LCG
        mov     $SRC_BYTES / 4, %ecx
        mov     $0x2545f491, %eax
1:      imul    $1103515245, %eax, %eax
        add     $12345, %eax
        stosl
        loop    1b
        .irp    r, R_PM, R_BIG          # both regions start zeroed
        mov     $\r, %edi
        mov     $REGION_BYTES / 4, %ecx
        xor     %eax, %eax
        rep stosl
        .endr
        mov     $MARK, %edi
        mov     $0x40, %ecx
        call    fill_linear32
        mov     $MARK_HI, %edi
        mov     $0x40, %ecx
        call    fill_linear32

        mov     $io_line, %esi
        mov     $IO_LINE, %edi
        mov     $io_line_end - io_line, %ecx
        rep movsb
        mov     $R_PM, %ebx             # the oracle: flat 32-bit PM
        OPS
        PM32_TO_REAL SEL_BIG16

# --- big real mode: the same operations on the other region ------------------
        mov     $R_BIG, %ebx
        OPS
        mov     $0x1000, %ax            # base 0x10000, offset past 64 KiB
        mov     %ax, %ds
        addr32 mov MARK - 0x10000, %eax
        mov     %eax, %es:got_seg + 0   # ES is still 0
        mov     $MARK_HI + 0x10 - 0x10000, %esi
        addr32 lodsl
        mov     %eax, %es:got_seg + 4
        mov     $0x2000, %ax            # ES base 0x20000: stosl at linear
        mov     %ax, %es                # MARK + 0x80
        mov     $MARK + 0x80 - 0x20000, %edi
        mov     $0xfeedface, %eax
        addr32 stosl
        xor     %ax, %ax
        mov     %ax, %ds
        mov     %ax, %es
        addr32 mov MARK + 0x80, %eax
        mov     %eax, got_seg + 8
        VERDICT seg_exp, got_seg, seg_names, 3, "pattern 11: big real mode: 32-bit offsets past 64 KiB through DS and ES with non-zero bases"

        mov     $IO_BUF, %edi           # addr32 rep insb above 1 MiB
        mov     $4, %ecx
        mov     $0x92, %dx              # (A20 on: bit 1 of every byte)
        addr32 rep insb
        addr32 mov IO_BUF, %eax
        and     $0x02020202, %eax
        cmp     $0x02020202, %eax
        jne     ins_failed
        mov     $IO_LINE, %esi          # addr32 rep outsb of a line that
        mov     $io_line_end - io_line, %ecx    # sits above 1 MiB
1:      mov     $COM1 + 5, %dx          # in chunks the UART's 16-byte
2:      in      %dx, %al                # FIFO takes whole
        test    $0x40, %al
        jz      2b
        mov     %ecx, %ebx
        cmp     $16, %ecx
        jbe     3f
        mov     $16, %ecx
3:      sub     %ecx, %ebx
        mov     $COM1, %dx
        addr32 rep outsb
        mov     %ebx, %ecx
        test    %ecx, %ecx
        jnz     1b

        REAL_TO_PM32
        mov     $R_PM, %esi             # the two regions must be identical
        mov     $R_BIG, %edi
        mov     $REGION_BYTES / 4, %ecx
        repe cmpsl
        je      1f
        sub     $R_BIG + 4, %edi
        PRINT   "FAIL pattern 11: big real mode and protected mode differ at region offset 0x"
        mov     %edi, %eax
        mov     $5, %ecx
        call    puthex32
        PRINT   ": 0x"
        mov     R_PM(%edi), %eax
        mov     $8, %ecx
        call    puthex32
        PRINT   " in protected mode, 0x"
        mov     R_BIG(%edi), %eax
        call    puthex32
        PRINTLN " in big real mode"
        EXIT    1
1:      PRINTLN "PASS pattern 11: rep movsl/stosl, lodsl with loop on ECX, repe cmpsb, repne scasb, ALU, movzx/movsx, xchg, cmpxchg, imul, push/pop above 1 MiB in big real mode, as in protected mode"
        PM32_TO_REAL
        PRINTLN "PASS addr32"
        EXIT    0

ins_failed:
        PRINTLN "FAIL pattern 11: addr32 rep insb above 1 MiB"
        EXIT    1

        .data
        .p2align 2
io_line:        .ascii  "PASS pattern 11: addr32 rep insb into and rep outsb (this line) from memory above 1 MiB in big real mode\n"
io_line_end:
got_seg:        .fill   3, 4, 0
seg_exp:        .long   MARK, MARK_HI + 0x10, 0xfeedface
        NAMES   seg_names, "ds 1000 : 18000", "lodsl ds 1000 : 120010", "stosl es 2000 : 8080"
