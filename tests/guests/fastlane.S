# fastlane.S - the assist's fast lane (vm86/fastlane.c, emulate_run in
# vm86/emulate.c, include/vmxassist/dcache.h) driven in big real mode with
# loops, so that most instructions run from the decoded-instruction cache
# and not only from their first decode.
#
#   1. one loop body mixing every lane instruction (MOV, ADD..CMP, TEST,
#      INC/DEC/NOT/NEG, Jcc, JMP) and operand form: 8/16/32-bit, AH..BH,
#      register/memory/immediate, 16- and 32-bit addressing with base,
#      index, scale and displacement (16-bit wrap, 32-bit wrap, a segment
#      base pushing the linear address round 4 GiB), ES/FS/GS/SS/CS
#      overrides, moffs forms, memory above 1 MiB, CF carried across
#      iterations into ADC/SBB, all 16 conditions short and near (and with
#      a 32-bit displacement), taken and not taken; then every ALU
#      operation and size over pairs of edge values, flags and results;
#   2. loops walking a memory operand past an 8 KiB data limit (#GP), past
#      SS's 64 KiB limit (#SS) and out of an expand-down segment at both
#      ends (#GP); QEMU TCG checks no data limits (tests/system/pending/
#      README), so these results go to port 0xE9 with the SDM's answer
#      beside them and fastlane.sh compares the two in the assist's run;
#      the expand-down segment's valid range is walked on COM1;
#   3. self-modifying loops: immediates of later instructions rewritten
#      every iteration (a 4-byte, a 7-byte and a 2-byte instruction), an
#      ADD turned into a SUB and a JZ into a JNZ mid-loop (each loop in 32
#      aligned bytes, where no two instructions share a cache slot, so
#      only the byte compare can see the change), and two loops
#      512 bytes apart (every instruction in the same cache slot as its
#      twin) run alternately;
#   4. a loop of 2- to 8-byte instructions copied so that the 4 KiB page
#      boundary falls at each of its bytes in turn, each copy run, an
#      immediate in it rewritten, and run again;
#   5. TF set over a short loop: the #DB traps counted through the IVT;
#   6. IF=1 and IRQ0 (PIT one-shot, PIC base 0x50) while a lane loop spins
#      polling the handler's counter: it must see the change in the loop;
#   7. (run before 5) a lane loop in 32-bit code after PE was cleared: the
#      stale 32-bit CS, 32-bit addressing without 67, 66 for 16-bit
#      operands, Jcc rel8/rel32/66 rel16.
# They run in the order 1, 3, 4, 2, 7, 5, 6.  Every number printed comes
# from the guest's own run; fastlane.sh compares
# the COM1 transcripts natively and under the assist.

        .include "pattern.inc"

        .set    HIGH, 0x200000          # big real mode memory above 1 MiB
        .set    FS_REAL, 0x1000         # FS reloaded in real mode: base 0x10000
        .set    SMALL_BASE, 0x30000     # GS in case 2: an 8 KiB data segment
        .set    SMALL_LIMIT, 0x1fff
        .set    XD_BASE, 0x40000        # ES in case 2: expand-down, 16-bit
        .set    XD_LIMIT, 0x0fff        # valid offsets 0x1000..0xffff
        .set    DT_DATA16_XD, 0x0097    # present, data, expand-down, writable
        .set    PAGE_CS, 0x2000         # case 4: copies around linear 0x21000
        .set    PAGE_END, 0x1000        # ... the page boundary at IP 0x1000
        .set    FRAME, 0x80             # case 1's SS frame below the stack
        .set    N1, 300
        .set    N3, 200
        .set    N4, 12
        .set    N5, 6
        .set    SPIN, 0x1000000
        .set    IRQ_BASE, 0x50

        .set    SEL_SMALL, SEL_SCRATCH0
        .set    SEL_XD, SEL_SCRATCH1
        .set    BUF_SIZE, 0x100
        .set    JCC_WORDS, 16 * 3 * 2   # condition x (short, near, near32) x (taken, not)

# One conditional jump \cc (condition number \n) in form \form (0: 7x rel8,
# 1: 0f 8x rel16, 2: 66 0f 8x rel32) after flags from the loop's values;
# counts taken and not taken in jcc_counts.  E and NE get a TEST of two
# bits of the accumulator (zero a quarter of the time), the others a CMP of 32, 8 or 16 bits.
        .macro  JCC_ONE cc, n, form
        .if     \n == 4 || \n == 5
        .if     \form == 0
        test    $3, %cl
        .elseif \form == 1
        test    $0x300, %cx
        .else
        test    $0x30000, %ecx
        .endif
        .elseif (\n + \form) % 3 == 0
        cmp     %edx, %ecx
        .elseif (\n + \form) % 3 == 1
        cmp     %dh, %al
        .else
        cmp     %dx, %cx
        .endif
        .if     \form == 0
        j\cc    .Lt\@
        .elseif \form == 1
        .byte   0x0f, 0x80 + \n
        .word   .Lt\@ - (. + 2)
        .else
        .byte   0x66, 0x0f, 0x80 + \n
        .long   .Lt\@ - (. + 4)
        .endif
        incw    jcc_counts + 4 * (3 * \n + \form) + 2
        jmp     .Le\@
.Lt\@:  incw    jcc_counts + 4 * (3 * \n + \form)
.Le\@:
        .endm

        .macro  JCC_THREE cc, n
        JCC_ONE \cc, \n, 0
        JCC_ONE \cc, \n, 1
        JCC_ONE \cc, \n, 2
        .endm

        .macro  JCC_ALL
        JCC_THREE o, 0
        JCC_THREE no, 1
        JCC_THREE b, 2
        JCC_THREE ae, 3
        JCC_THREE e, 4
        JCC_THREE ne, 5
        JCC_THREE be, 6
        JCC_THREE a, 7
        JCC_THREE s, 8
        JCC_THREE ns, 9
        JCC_THREE p, 10
        JCC_THREE np, 11
        JCC_THREE l, 12
        JCC_THREE ge, 13
        JCC_THREE le, 14
        JCC_THREE g, 15
        .endm

# Case 1's flag check: CF in from bit 0 of BP, \insn on ECX (a copy of
# EAX) and EDX, then its flags (\mask: the SDM's defined ones) and result
# folded into fl_sum.
        .macro  FLAGOP mask, insn
        bt      $0, %bp
        mov     %eax, %ecx
        \insn
        pushfl
        popl    %edi
        and     $\mask, %edi
        add     %ecx, %edi
        xor     %edi, fl_sum
        roll    $7, fl_sum
        .endm

        .macro  FLAGOPS3 mask, op
        FLAGOP  \mask, "\op %dl, %cl"
        FLAGOP  \mask, "\op %dx, %cx"
        FLAGOP  \mask, "\op %edx, %ecx"
        .endm

        .macro  FLAGOPS1 mask, op
        FLAGOP  \mask, "\op %cl"
        FLAGOP  \mask, "\op %cx"
        FLAGOP  \mask, "\op %ecx"
        .endm

# Case 2: a loop whose operand \insn (at offset EBX, from \start by
# \stride) leaves its segment at iteration \iter (the SDM's limit rule
# for the operand's size, worked out by the assembler at the call); the
# exception \vec is caught through the IVT and ends the loop.  Natively QEMU checks no data
# limits and the loop runs to its bound.  Port e9 gets
# "fastlane-sdm NAME: got COUNT IP ITERATION want 1 IP ITERATION".
        .macro  LIMIT_WALK name, vec, start, stride, iter, insn, setup
        \setup
        CATCH   \vec
        xor     %eax, %eax
        xor     %ecx, %ecx
        mov     $\start, %ebx
.Lw\@:  add     %ecx, %eax
.Lf\@:  \insn
        add     $\stride, %ebx
        inc     %ecx
        cmp     $\iter + 8, %ecx
        jb      .Lw\@
1:      call    rm_traps_install
        DPRINT  "fastlane-sdm \name: got "
        mov     catch_count, %eax
        call    dhex
        mov     catch_ip, %eax
        call    dhex
        mov     %ecx, %eax
        call    dhex
        DPRINT  "want "
        mov     $1, %eax
        call    dhex
        mov     $.Lf\@, %eax
        call    dhex
        mov     $\iter, %eax
        call    dhex
        mov     $10, %al
        out     %al, $DEBUG_PORT
        .endm

        FLAT_START "fastlane: the fast lane's loops in big real mode (MOV, ALU, INC/DEC/NOT/NEG, Jcc, JMP from the decoded-instruction cache)"
        mov     $descs, %si
        call    gdt_set_table16
        REAL_TO_PM32
        mov     $HIGH, %edi
        mov     $0x800, %ecx
        call    fill_linear32
        mov     $SMALL_BASE, %edi
        mov     $0x1000, %ecx
        call    fill_linear32
        mov     $XD_BASE, %edi
        mov     $0x4000, %ecx
        call    fill_linear32
        PM32_TO_REAL SEL_BIG16          # DS ES FS GS SS: base 0, 4 GiB
        mov     $FS_REAL, %ax
        mov     %ax, %fs                # base 0x10000, the limit stays
        PRINTLN "fastlane: big real mode"

# --- 1. every lane instruction and operand form in one loop ---------------
        sub     $FRAME, %sp
        mov     %sp, %bp
        movzwl  %sp, %esp
        mov     %sp, %di                # the frame starts zeroed
        mov     $FRAME, %cx
        xor     %al, %al
        rep stosb
        mov     $0x12345678, %eax
        mov     $0x9abcdef0, %edx
        xor     %ecx, %ecx
        xor     %ebx, %ebx
        xor     %esi, %esi
        xor     %edi, %edi
        movw    $N1, count
        clc
loop1:  adc     %edx, %ecx              # CF from the iteration before
        add     %eax, %eax              # EAX = rol(EAX, 1) ^ EDX,
        adc     $0, %eax                # EDX += EAX + constant
        xor     %edx, %eax
        add     %eax, %edx
        add     $0x9e3779b9, %edx       # 66 81 c2 imm32: 7 bytes
        mov     %edx, %esi              # indices below 64
        and     $0x3c, %esi
        mov     %eax, %ebx
        and     $0x1e, %ebx
        mov     %ecx, %edi
        and     $0x1c, %edi
        # 16-bit addressing: [bx+si+d16], [bx+di+d16], [si+d], [di+d], [bx]
        add     %eax, buf(%bx,%si)
        adc     buf+4(%bx,%di), %cx
        sbb     %dl, buf+1(%si)
        xor     buf(%di), %ah
        or      %bh, buf+3(%bx)
        subb    $0x55, %es:buf+5(%di)
        and     buf+6(%bx,%si), %ch
        cmpw    $0x4000, buf(%bx,%si)
        sbb     $0x11, %cl
        testl   $0x80000001, buf(%si)
        adc     $0x3, %ch
        testb   $0x10, buf+3(%bx)
        test    %ch, %dh
        mov     %dh, %ch
        movb    $0x5a, buf+7(%di)
        movw    $0x1234, %ss:8(%bp)
        add     %cx, 6(%bp,%si)         # [bp+si+d8]: SS
        adc     2(%bp), %bl
        sbb     %ax, %ss:0x10(%bp,%di)
        and     $0x1e, %ebx
        mov     buf+0x40, %al           # moffs: a0, a3, 65 66 a3, 65 66 a1
        mov     %ax, buf+0x42
        mov     %eax, %gs:buf+0x48
        addl    $0x10001, buf+0x48
        mov     %gs:buf+0x48, %eax
        add     buf+0x44, %ecx
        add     %cs:ctable(%si), %bx    # CS override, read and write
        and     $0x1e, %ebx
        xor     %dl, %cs:ctable+1(%bx)
        mov     %cl, %bh
        inc     %bh                     # AH..BH and INC/DEC/NOT/NEG
        dec     %ah
        not     %dh
        neg     %cl
        inc     %si
        dec     %bx
        inc     %edi
        dec     %edi
        and     $0x3c, %esi
        and     $0x1e, %ebx
        incl    buf+12
        decw    %fs:buf+14              # FS base 0x10000
        notw    buf+0x20(%bx)
        negb    buf+0x22(%di)
        negl    %es:buf+16
        notl    %gs:buf+0x24(%si)
        # the 16-bit offset wraps at 64 KiB: 0xf000 + si + bx + buf + 0x1000
        mov     %si, %di
        add     $0xf000, %di
        add     buf+0x1000(%bx,%di), %ecx
        sub     %edx, buf+0x1000(%bx,%di)
        mov     %si, %di
        # 32-bit addressing (67): base + index * scale + displacement
        addr32 add %ecx, HIGH(%esi,%edi,2)
        addr32 adc HIGH+0x100(,%edi,4), %eax
        addr32 sub %edx, %fs:HIGH-0x10000+0x200(%ebx,%esi,8)
        addr32 xor %gs:HIGH+0x300(%ebx), %ecx
        addr32 movl $0xdeadbeef, %fs:HIGH-0x10000+0x400(%esi,%ebx,4)
        addr32 mov %eax, HIGH+0x500     # 67 66 a3 moffs32
        addr32 mov HIGH+0x502, %ah      # 67 8a 25 d32
        addr32 mov HIGH+0x505, %al      # 67 a0 moffs32
        addr32 add %cx, (%esp,%esi)     # ESP base: SS
        addr32 sbb %ebx, 4(%ebp,%edi)   # EBP base: SS
        addr32 negw 8(%ebp)
        addr32 incb %ss:0x20(%esp)
        addr32 cmpb $0x80, HIGH+0x600(%esi,%esi)
        sbb     %ebx, %ecx
        # 32-bit wrap: 0xfffff000 + buf + 0x1000 + esi
        mov     $0xfffff000, %ebx
        addr32 add buf+0x1000(%ebx,%esi), %ecx
        addr32 xor %edx, buf+0x1000(%ebx,%esi)
        # FS base 0x10000 + offset 0xffff.... wraps the linear address
        addr32 add %fs:buf-0x10000(%esi), %cx
        addr32 addl $-7, %fs:buf-0x10000+0x30(%esi)
        # the same operations on every size and immediate form
        add     $0x7f, %al
        adc     $0x1234, %ax
        sbb     $-3, %ecx
        or      $0x10000, %edx
        and     $0xfffeffff, %edx
        xor     $0x5a5a, %cx
        cmp     $0x42, %ch
        sub     $0x100, %ebx
        or      %dl, %bh
        test    $0x8000, %dx
        test    $0x1234, %ax
        test    $0x81, %al
        test    %ecx, %edx
        # Jcc: every condition after a CMP or TEST, short and near
        JCC_ALL
        # CF into the next iteration through DEC and JNZ
        add     %edx, %eax
        decw    count
        jnz     loop1_near32
        jmp     loop1_done
loop1_near32:
        .byte   0x66, 0xe9              # jmp near (66 e9 rel32)
        .long   loop1_near - (. + 4)
loop1_near:
        .byte   0xe9                    # jmp near (e9 rel16) to the top
        .word   loop1 - (. + 2)
loop1_done:
        pushfl
        popl    regs1 + 24
        andl    $FLAGS_CHECKED, regs1 + 24
        mov     %eax, regs1 + 0
        mov     %ecx, regs1 + 4
        mov     %edx, regs1 + 8
        mov     %ebx, regs1 + 12
        mov     %esi, regs1 + 16
        mov     %edi, regs1 + 20
        PRINT   "fastlane 1: regs "
        mov     $regs1, %esi
        mov     $7, %ecx
        call    phex_block
        call    newline16
        PRINT   "fastlane 1: memory "
        .irp    area, buf, 0x10000 + buf, ctable, HIGH
        mov     $\area, %esi
        mov     $BUF_SIZE / 4, %ecx
        call    csum
        call    phex
        .endr
        mov     $HIGH + BUF_SIZE, %esi
        mov     $0x700 / 4, %ecx
        call    csum
        call    phex
        movzwl  %bp, %esi               # the SS frame (below it: these calls)
        mov     $FRAME / 4, %ecx
        call    csum
        call    phex
        call    newline16
        add     $FRAME, %sp
        PRINT   "fastlane 1: Jcc taken/not "
        mov     $jcc_counts, %esi
        mov     $JCC_WORDS / 2, %ecx
        call    phex_block
        call    newline16
        mov     $jcc_counts, %si
        mov     $JCC_WORDS, %cx
1:      mov     (%si), %ax
        test    %ax, %ax
        jz      jcc_one_way
        add     $2, %si
        loop    1b
        # every ALU operation and size over edge values, CF in 0 and 1:
        # the flags the SDM defines (AF not after AND/OR/XOR/TEST)
        xor     %ebp, %ebp
fl_pass:
        xor     %esi, %esi
fl_a:   xor     %ebx, %ebx
fl_b:   addr32 mov edge(,%esi,4), %eax
        addr32 mov edge(,%ebx,4), %edx
        .irp    op, add, adc, sub, sbb, cmp
        FLAGOPS3 FLAGS_CHECKED, \op
        .endr
        .irp    op, and, or, xor, test
        FLAGOPS3 FLAGS_CHECKED & ~0x10, \op
        .endr
        .irp    op, inc, dec, neg, not
        FLAGOPS1 FLAGS_CHECKED, \op
        .endr
        inc     %ebx
        cmp     $EDGES, %ebx
        jb      fl_b
        inc     %esi
        cmp     $EDGES, %esi
        jb      fl_a
        inc     %ebp
        cmp     $2, %ebp
        jb      fl_pass
        PRINT   "fastlane 1: flags and results over edge values "
        mov     fl_sum, %eax
        call    phex
        call    newline16
        PRINTLN "PASS fastlane 1: MOV, ALU, INC/DEC/NOT/NEG in 8/16/32 bits on registers, memory and immediates, 16- and 32-bit addressing, overrides, moffs, memory above 1 MiB, CF across iterations, every Jcc both ways short and near, JMP short and near"

# --- 3. self-modifying loops ---------------------------------------------------
        xor     %eax, %eax
        xor     %ebx, %ebx
        xor     %ecx, %ecx
        xor     %edx, %edx
        xor     %esi, %esi
        xor     %edi, %edi
        movw    $N3, count
        jmp     smc1
        .balign 32                      # each loop within 32 aligned bytes:
smc1:   mov     %cx, smc_add4 + 2       # no two of its instructions share
        mov     %ch, smc_add2 + 1       # a cache slot, so only the byte
        add     $0x3b, %cx              # compare sees the rewrites
        adc     %bx, %dx
smc_add4:
        .byte   0x81, 0xc3, 0, 0        # add $iw, %bx: rewritten
        xor     %bx, %si
smc_add2:
        .byte   0x04, 0x00              # add $ib, %al: rewritten
        add     %al, %ah
        decw    count
        jnz     smc1
        movw    $N3, count
        jmp     smc1b
        .balign 32
smc1b:  mov     %cl, smc_add7 + 6       # the top byte of a 7-byte add
        add     $0x3b, %cx
smc_add7:
        .byte   0x66, 0x81, 0xc7        # add $id, %edi: rewritten
        .long   0
        add     %si, %di
        decw    count
        jnz     smc1b
        PRINT   "fastlane 3: immediates rewritten "
        call    phex_regs
        call    newline16

        xor     %eax, %eax
        xor     %ebx, %ebx
        xor     %edx, %edx
        movw    $N3, count
        mov     $0x7401, %cx            # the opcodes: add, jz
        jmp     smc2
        .balign 32
smc2:   cmpw    $N3 / 2, count
        jne     1f
        mov     $0x7529, %cx            # sub, jnz from here on
1:      mov     %cl, smc_op             # stored every iteration, changed
        mov     %ch, smc_jcc            # once half way
        inc     %bx
smc_op: .byte   0x01, 0xd8              # add %bx, %ax
        test    $1, %al
smc_jcc:
        .byte   0x74, smc_skip - (. + 1)        # jz smc_skip
        inc     %dx
smc_skip:
        decw    count
        jnz     smc2
        movb    $0x01, smc_op
        movb    $0x74, smc_jcc
        PRINT   "fastlane 3: opcodes rewritten mid-loop "
        call    phex_regs
        call    newline16

        xor     %eax, %eax
        xor     %edx, %edx
        xor     %esi, %esi
        xor     %edi, %edi
        movw    $N3, count
        jmp     coll_a
        .balign 512
coll_a: mov     $3, %cx                 # b9 iw
1:      add     %si, %ax                # 01 f0
        adc     $0x1234, %dx            # 81 d2 iw
        xor     %ax, %di                # 31 c7
        dec     %cx
        jnz     1b
        .byte   0xe9                    # jmp coll_b
        .word   coll_b - (. + 2)
        .balign 512
coll_b: mov     $4, %cx                 # the same lengths at the same
1:      sub     %si, %ax                # offsets 512 bytes on: the same
        sbb     $0x4321, %dx            # cache slots
        or      %ax, %di
        dec     %cx
        jnz     1b
        .byte   0xe9
        .word   coll_next - (. + 2)
coll_next:
        add     $0x11, %si
        decw    count
        jnz     coll_a
        PRINT   "fastlane 3: colliding loops alternated "
        call    phex_regs
        call    newline16
        PRINTLN "PASS fastlane 3: immediates and opcodes rewritten inside running loops, loops in the same cache slots alternated"

# --- 4. long instructions across a page boundary ------------------------------
        xor     %eax, %eax
        xor     %ebx, %ebx
        xor     %esi, %esi
        xor     %edi, %edi
        movw    $1, place
place_next:
        movzwl  place, %edx             # the copy at 0x21000 - place
        mov     $PAGE_CS << 4 + PAGE_END, %ebp
        sub     %edx, %ebp
        push    %esi
        push    %edi
        mov     $snip, %esi
        mov     %ebp, %edi
        mov     $SNIP_LEN, %ecx
        addr32 rep movsb
        pop     %edi
        pop     %esi
        mov     $PAGE_END, %cx
        sub     %dx, %cx
        mov     %cx, farptr
        movw    $PAGE_CS, farptr + 2
        lcall   *farptr
        addr32 incb SNIP_IMM6 - snip + 3(%ebp)  # the 6-byte add's top byte
        addr32 decb SNIP_IMM4 - snip + 1(%ebp)  # the 4-byte add's
        lcall   *farptr
        incw    place
        cmpw    $SNIP_LEN, place
        jbe     place_next
        PRINT   "fastlane 4: page-straddling copies "
        call    phex_regs
        mov     $HIGH + 0x800, %esi     # what the copies wrote
        mov     $0x20008 / 4, %ecx
        call    csum
        call    phex
        call    newline16
        PRINTLN "PASS fastlane 4: 2- to 8-byte instructions across a 4 KiB page boundary in a loop, at every byte, before and after their immediates change"

# --- 2. limits: an 8 KiB data segment, SS, an expand-down segment --------------
        REAL_TO_PM32
        ljmp    $SEL_CODE16, $1f
        CODE16
1:      mov     $SEL_BIG16, %ax
        mov     %ax, %ds
        mov     %ax, %fs
        mov     $SEL_SMALL, %ax
        mov     %ax, %gs
        mov     $SEL_XD, %ax
        mov     %ax, %es
        mov     $SEL_DATA16, %ax
        mov     %ax, %ss
        CLEAR_PE
        ljmp    $0, $2f
2:      xor     %ax, %ax                # DS, FS 4 GiB; SS 64 KiB, all base 0;
        mov     %ax, %ds                # GS and ES keep their protected-mode
        mov     %ax, %fs                # caches
        mov     %ax, %ss
        lidtw   rm_ivt_desc

        # the expand-down segment's valid offsets, walked down: on COM1
        xor     %eax, %eax
        xor     %edx, %edx
        mov     $0xfff0, %di
        movw    $80, count
1:      add     %eax, %es:(%di)
        adc     %es:2(%di), %edx
        add     %es:-0x10(%di), %eax
        movb    $0xa5, %es:5(%di)
        sub     $0x301, %di
        decw    count
        jnz     1b
        mov     %edx, regs1
        mov     %eax, regs1 + 4
        PRINT   "fastlane 2: expand-down walk "
        mov     $regs1, %esi
        mov     $2, %ecx
        call    phex_block
        mov     $XD_BASE + XD_LIMIT + 1, %esi
        mov     $(0x10000 - XD_LIMIT - 1) / 4, %ecx
        call    csum
        call    phex
        call    newline16

        # walks past a limit: #GP/#SS at the SDM's iteration and IP (port
        # e9).  Upwards the first iteration i with start + i * stride +
        # size - 1 > limit (the 8 KiB GS, SS's 0xffff, the expand-down
        # segment's 0xffff with B=0): (limit - size + 1 - start) / stride
        # + 1; downwards the first with start - i * stride <= its limit:
        # (start - limit - 1) / stride + 1.  Sizes 4, 2, 4, 4, 4.
        LIMIT_WALK gs_up, 13, 0x1f00, 3, (SMALL_LIMIT - 4 + 1 - 0x1f00) / 3 + 1, "addr32 addl %eax, %gs:(%ebx)"
        LIMIT_WALK ss_up, 12, 0xff01, 5, (0xffff - 2 + 1 - 0xff01) / 5 + 1, "addr32 add (%ebp,%ebx), %ax", "xor %ebp, %ebp"
        LIMIT_WALK xd_down, 13, 0x1040, -4, (0x1040 - XD_LIMIT - 1) / 4 + 1, "addr32 add %es:(%ebx), %eax"
        LIMIT_WALK xd_down3, 13, 0x1040, -3, (0x1040 - XD_LIMIT - 1) / 3 + 1, "addr32 sub %es:(%ebx), %eax"
        LIMIT_WALK xd_up, 13, 0xff00, 7, (0xffff - 4 + 1 - 0xff00) / 7 + 1, "addr32 xor %eax, %es:(%ebx)"
        PRINTLN "PASS fastlane 2: expand-down operands in a loop; loops walking past an 8 KiB limit, SS's 64 KiB limit and both ends of an expand-down segment ran (their faults: port e9)"

# --- 7. a loop in 32-bit code with PE clear (the stale 32-bit CS) -------------
        REAL_TO_PM32
        mov     %cr0, %eax              # PE off in 32-bit code: real mode on
        and     $~1, %eax               # a 32-bit CS cache (def32 in the lane)
        mov     %eax, %cr0
        xor     %eax, %eax
        xor     %ebx, %ebx
        xor     %edx, %edx
        mov     $N3, %ecx
1:      add     %ecx, %ebx
        adc     $0x12345678, %edx
        xor     buf(%ebx), %eax         # mod 00 rm 101 / d32 forms, no 67
        and     $0x7c, %ebx
        mov     %eax, buf + 0x80(%ebx)
        add     %cx, %ax                # 66: 16-bit operands
        neg     %ah
        cmp     %edx, %eax
        jl      2f                      # rel8
        inc     %edx
        .byte   0x0f, 0x8c              # jl rel32
        .long   2f - (. + 4)
        dec     %ebx
        .byte   0x66, 0x0f, 0x8f        # 66 jg rel16 (target masked to 16 bits)
        .word   2f - (. + 2)
        not     %eax
2:      and     $0x7c, %ebx
        dec     %ecx
        jnz     1b
        mov     %eax, regs1 + 0
        mov     %ebx, regs1 + 4
        mov     %edx, regs1 + 8
        mov     %cr0, %eax              # out the way in: PE on, 32-bit PM
        or      $1, %eax                # (a real-mode far jump here would
        mov     %eax, %cr0              # keep the 32-bit CS on QEMU, not in
        ljmpl   $SEL_CODE32, $1f        # the assist; the SDM has a 16-bit
1:      PM32_TO_REAL SEL_BIG16          # CS before PE is cleared)
        PRINT   "fastlane 7: 32-bit code with PE clear "
        mov     $regs1, %esi
        mov     $3, %ecx
        call    phex_block
        mov     $buf, %esi
        mov     $BUF_SIZE / 4, %ecx
        call    csum
        call    phex
        call    newline16
        PRINTLN "PASS fastlane 7: a lane loop in 32-bit code after PE was cleared (a 32-bit CS in real mode)"

# --- 5. single-step over a loop ---------------------------------------------------
        movw    $db_handler, 1 * 4
        movw    $0, 1 * 4 + 2
        xor     %eax, %eax
        xor     %ebx, %ebx
        xor     %edx, %edx
        xor     %esi, %esi
        mov     $N5, %cx
        pushfw
        pop     %ax
        or      $0x100, %ax
        push    %ax
        xor     %ax, %ax
        popfw                           # TF on
1:      add     %cx, %bx
        adc     $7, %dx
        mov     %bx, buf(%si)
        xor     %dx, %si
        and     $0x1e, %si
        dec     %cx
        jnz     1b
        pushfw
        pop     %ax
        and     $0xfeff, %ax
        push    %ax
        popfw                           # TF off
        call    rm_traps_install
        PRINT   "fastlane 5: #DB traps "
        mov     db_count, %eax
        call    phex
        mov     db_ipsum, %eax
        call    phex
        call    phex_regs
        call    newline16
        cmpl    $N5 * 7, db_count       # at least one per loop instruction
        jb      db_missing
        PRINTLN "PASS fastlane 5: TF over a loop in big real mode: a #DB trap through the IVT after each instruction"

# --- 6. IRQ0 while a lane loop spins --------------------------------------------------
        mov     $((IRQ_BASE + 8) << 8) | IRQ_BASE, %ax
        call    pic_init16
        movw    $irq_handler, IRQ_BASE * 4
        movw    $0, IRQ_BASE * 4 + 2
        xor     %edx, %edx
        xor     %ebx, %ebx
        xor     %esi, %esi
        mov     $SPIN, %ecx
        call    pit_arm16
        sti
spin:   add     %ecx, %ebx
        xor     %ebx, %esi
        cmp     irq_count, %edx
        jne     spin_seen
        dec     %ecx
spin_last:
        jnz     spin
        cli
        PRINTLN "FAIL fastlane 6: IRQ0 was not seen by a fast-lane loop with IF=1"
        EXIT    1
spin_seen:
        cli
        mov     $0xff, %al              # mask the PIC again
        out     %al, $PIC1_DATA
        FAILCTX "fastlane 6: IRQ0 in a spinning loop"
        mov     irq_ip, %edx
        mov     $spin, %eax
        mov     $spin_last, %ecx
        STRING  irq_ip_name, "the interrupted IP (inside the loop)"
        mov     $irq_ip_name, %esi
        call    check_range16
        PRINTLN "PASS fastlane 6: with IF=1 IRQ0 arrived between the instructions of a spinning fast-lane loop"
        PRINTLN "PASS fastlane"
        EXIT    0

jcc_one_way:
        PRINTLN "FAIL fastlane 1: a Jcc condition went only one way: the loop covers less than it should"
        EXIT    1
db_missing:
        PRINTLN "FAIL fastlane 5: fewer #DB traps than instructions stepped"
        EXIT    1

# The snippet of case 4, copied around the page boundary and far called.
snip:   mov     $N4, %cx
1:      add     $0x11223344, %eax       # 66 05 id: 6 bytes
SNIP_IMM6 = . - 4
        adc     %eax, %ebx              # 66 11 c3
        add     $0x1234, %si            # 81 c6 iw
SNIP_IMM4 = . - 2
        sub     $5, %di                 # 83 ef ib
        xor     %si, %di
        addr32 add %eax, HIGH+0x800(%esi)       # 67 66 01 86 d32: 8 bytes
        addr32 adc %ebx, %fs:HIGH+0x800-0x10000(%edi,%esi)
        dec     %cx
        jnz     1b
        lret
        .set    SNIP_LEN, . - snip

# #DB: count, and sum the IPs it interrupted at.
db_handler:
        push    %bp
        mov     %sp, %bp
        push    %ax
        incl    %cs:db_count
        mov     2(%bp), %ax
        rolw    $3, %cs:db_ipsum
        add     %ax, %cs:db_ipsum
        pop     %ax
        pop     %bp
        iret

# IRQ0: count, note the IP it interrupted, EOI.
irq_handler:
        incl    %cs:irq_count
        push    %ax
        mov     $0x20, %al
        out     %al, $PIC1
        pop     %ax
        popw    %cs:irq_ip              # the frame's IP, put back
        pushw   %cs:irq_ip
        iret

# ESI: ECX dwords; EAX = their checksum (add, rotate).  Linear, DS base 0.
csum:   push    %esi
        push    %ecx
        xor     %eax, %eax
1:      addr32 add (%esi), %eax
        rol     $5, %eax
        add     $4, %esi
        addr32 loop 1b
        pop     %ecx
        pop     %esi
        ret

# EAX as 8 hex digits and a space on COM1.
phex:   push    %ecx
        mov     $8, %ecx
        call    puthex16
        pop     %ecx
        push    %eax
        mov     $' ', %al
        call    putc16
        pop     %eax
        ret

# The ECX dwords at SI (DS base 0), phex each.
phex_block:
        pushal
1:      mov     (%si), %eax
        call    phex
        add     $4, %si
        loop    1b
        popal
        ret

# EAX EBX ECX EDX ESI EDI, phex each.
phex_regs:
        pushal
        .irp    r, eax, ebx, ecx, edx, esi, edi
        mov     %\r, %eax
        call    phex
        .endr
        popal
        ret

# EAX as 8 hex digits and a space on the debug port.
dhex:   pushal
        mov     %eax, %edx
        mov     $8, %cx
1:      rol     $4, %edx
        mov     %dl, %al
        and     $0x0f, %al
        add     $0x30, %al
        cmp     $0x39, %al
        jbe     2f
        add     $0x61 - 0x3a, %al
2:      out     %al, $DEBUG_PORT
        loop    1b
        mov     $' ', %al
        out     %al, $DEBUG_PORT
        popal
        ret

        .section .rodata
descs:  DESC    SEL_SMALL, DT_DATA16, SMALL_BASE, SMALL_LIMIT
        DESC    SEL_XD, DT_DATA16_XD, XD_BASE, XD_LIMIT
        DESC_END

        .data
        .p2align 2
# Memory the loops work on: a fixed pseudo-random fill.
        .set    .Lv, 0x12345678
buf:    .rept   BUF_SIZE / 4
        .long   .Lv
        .set    .Lv, ((.Lv << 3) ^ (.Lv >> 5) ^ 0x5bd1e995) & 0xffffffff
        .endr
ctable: .rept   0x80 / 4
        .long   .Lv
        .set    .Lv, ((.Lv << 3) ^ (.Lv >> 5) ^ 0x5bd1e995) & 0xffffffff
        .endr
edge:   .long   0, 1, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff
        .long   0x7fffffff, 0x80000000, 0xffffffff, 0x5a5aa5a5, 0x0f0ff0f1
        .set    EDGES, (. - edge) / 4
fl_sum: .long   0
regs1:  .fill   7, 4, 0                 # eax ecx edx ebx esi edi, flags
jcc_counts:
        .fill   JCC_WORDS, 2, 0
db_count:       .long   0
db_ipsum:       .long   0
irq_count:      .long   0
irq_ip:         .long   0
farptr:         .word   0, 0
count:          .word   0
place:          .word   0
