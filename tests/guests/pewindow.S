# pewindow.S - pattern 4: arbitrary code between setting CR0.PE and the
# far jump, and code after the jump that still runs on real-mode caches.
#
# Trip 1, all in the PE window (emulated under the assist):
#   control flow: short and near jumps, jmp through a register and
#   through memory, near calls (direct, through a register, through
#   memory, with an argument and `ret $2`), loop, jcxz;
#   the stack on the real-mode SS cache: pushal/popal, pushl/pushw/pop,
#   enter/leave;
#   segment loads, which with PE set load protected-mode descriptors:
#   mov to ES (a base that is no multiple of 16), pop FS (4 GiB limit,
#   read at offset 64 KiB with 32-bit addressing), les from memory, mov
#   to DS (flat), mov to SS (base 192 KiB) and a push on that stack.
#   Results are written through GS, which keeps its real-mode cache.
# Trip 2, after the far jump into 32-bit protected mode, with every data
#   segment still holding its real-mode cache: reads through DS and ES at
#   their real-mode bases, a 32-bit push on the 16-bit real-mode stack
#   (SP moves, ESP's high half stays), then 16-bit protected mode on the
#   same caches, then back to real mode without reloading any data
#   segment (the caches are VM86 ones again).
# Trip 3: a segment load in the PE window with a selector beyond the GDT
#   limit raises #GP(selector), delivered through the guest's IDT.

        .include "pattern.inc"

        .set    DS_REAL, 0x1000
        .set    ES_REAL, 0x2000
        .set    SEL_ES_WIN, SEL_SCRATCH0
        .set    ES_WIN_BASE, 0x12344
        .set    SEL_SS_WIN, SEL_SCRATCH1
        .set    SS_WIN_BASE, 0x30000
        .set    SEL_FS_WIN, SEL_SCRATCH2
        .set    FS_WIN_BASE, 0x60000
        .set    SEL_LES, SEL_SCRATCH3
        .set    LES_BASE, 0x45670
        .set    FLAT_MARK, 0x600        # markers at linear 0x600..
        .set    BAD_SEL, 0x0ff8         # beyond the GDT limit
        .set    T2_ESP, 0x12347b00      # ESP with a high half, trip 2
        .set    GP_VECTOR, 13

        FLAT_START "pewindow: code between setting PE and the far jump, real-mode caches after it (pattern 4)"

        mov     $marks, %si             # memory that names its own address
1:      mov     (%si), %ax
        mov     %ax, %es
        mov     2(%si), %di
        mov     $16, %cx
        call    fill_linear16
        add     $4, %si
        cmp     $marks_end, %si
        jb      1b
        xor     %ax, %ax
        mov     %ax, %es
        mov     $descs, %si             # the window's descriptors
        call    gdt_set_table16

# --- trip 1: everything in the window ------------------------------------
        mov     $DS_REAL, %ax
        mov     %ax, %ds                # GS stays 0: results go through it
        lgdtw   %cs:gdt_desc
        lidtw   %cs:pm_idt_desc
        xor     %edi, %edi              # control-flow checksum
        mov     %cr0, %eax
        or      $1, %al
        mov     %eax, %cr0
        # PE set, CS real: emulated from here to the far jump
        jmp     1f                      # EB
        .fill   16, 1, 0xcc
1:      add     $0x1, %edi
        .byte   0xe9                    # E9 rel16
        .word   2f - (. + 2)
        .fill   300, 1, 0xcc
2:      add     $0x2, %edi
        mov     $3f, %bx
        jmp     *%bx
        .fill   8, 1, 0xcc
3:      add     $0x4, %edi
        jmp     *%cs:jmp_ptr
        .fill   8, 1, 0xcc
4:      add     $0x8, %edi
        call    w_sub_10
        mov     $w_sub_20, %si
        call    *%si
        pushw   $0x40
        call    w_sub_arg
        call    *%cs:call_ptr
        mov     $5, %cx
5:      add     $0x100, %edi
        loop    5b
        jcxz    6f
        add     $0xdead, %edi
6:      mov     %edi, %gs:flow_got + 0
        mov     %sp, %gs:flow_got + 4
        mov     $0x600dcafe, %eax       # the stack
        mov     $0x0ddba11, %ebx
        pushal
        xor     %eax, %eax
        xor     %ebx, %ebx
        popal
        mov     %eax, %gs:flow_got + 8
        mov     %ebx, %gs:flow_got + 12
        pushl   $0x12345678
        pushw   $0x9abc
        pop     %ax
        pop     %edx
        mov     %ax, %gs:flow_got + 16
        mov     %edx, %gs:flow_got + 20
        enter   $8, $0
        movw    $0x7777, -2(%bp)
        mov     -2(%bp), %ax
        leave
        mov     %ax, %gs:flow_got + 24
        mov     %sp, %gs:flow_got + 28
        # segment loads: protected-mode descriptors now
        mov     $SEL_ES_WIN, %ax
        mov     %ax, %es
        mov     %es:0x10, %eax
        mov     %eax, %gs:seg_got + 0
        pushw   $SEL_FS_WIN
        pop     %fs
        xor     %ebx, %ebx
        addr32 mov %fs:0x10010(%ebx), %eax      # past 64 KiB: limit 4 GiB
        mov     %eax, %gs:seg_got + 4
        les     %cs:les_ptr, %bx
        mov     %es:(%bx), %eax
        mov     %eax, %gs:seg_got + 8
        mov     $SEL_DATA32, %ax
        mov     %ax, %ds
        mov     FLAT_MARK + 0x10, %eax
        mov     %eax, %gs:seg_got + 12
        mov     %ds, %gs:seg_got + 16
        mov     %fs, %gs:seg_got + 20
        mov     %es, %gs:seg_got + 24
        mov     $SEL_SS_WIN, %ax
        mov     %ax, %ss
        mov     $0x100, %sp
        pushl   $0xabcd1234
        ljmpl   $SEL_CODE32, $1f
        CODE32
1:      mov     %ss, %gs:seg_got + 28
        mov     %esp, %eax
        movzwl  %ax, %eax
        mov     %eax, %gs:seg_got + 32
        LOAD_SEGS SEL_DATA32
        mov     $STACK_TOP, %esp
        mov     SS_WIN_BASE + 0xfc, %eax
        mov     %eax, seg_got + 36
        VERDICT flow_exp, flow_got, flow_names, 8, "pattern 4: jumps, calls, loop, jcxz, pushal/popal, push/pop, enter/leave in the PE window"
        VERDICT seg_exp, seg_got, seg_names, 10, "pattern 4: segment loads in the PE window load protected-mode descriptors (mov, pop, les, SS and the stack on it)"
        PM32_TO_REAL

# --- trip 2: real-mode caches after the far jump --------------------------
        mov     $DS_REAL, %ax
        mov     %ax, %ds
        mov     $ES_REAL, %ax
        mov     %ax, %es
        lgdtw   %cs:gdt_desc
        lidtw   %cs:pm_idt_desc
        mov     $T2_ESP, %esp
        mov     %cr0, %eax
        or      $1, %al
        mov     %eax, %cr0
        ljmpl   $SEL_CODE32, $1f
        CODE32
1:      mov     0x10, %eax              # DS: base 0x10000 still
        mov     %eax, %gs:t2_got + 0
        mov     %es:0x20, %eax
        mov     %eax, %gs:t2_got + 4
        pushl   $0x55aa55aa             # SS: 16-bit, so SP only
        mov     %esp, %gs:t2_got + 8
        pop     %eax
        mov     %eax, %gs:t2_got + 12
        mov     %ds, %gs:t2_got + 16
        ljmp    $SEL_CODE16, $2f
        CODE16
2:      mov     0x14, %eax
        mov     %eax, %gs:t2_got + 20
        CLEAR_PE
        ljmp    $0, $3f
3:      mov     0x18, %eax              # real mode: DS was never reloaded
        mov     %eax, %gs:t2_got + 24
        mov     %esp, %gs:t2_got + 28
        mov     %es:0x1c, %eax
        mov     %eax, %gs:t2_got + 32
        LOAD_SEGS 0
        mov     $STACK_TOP, %esp
        lidtw   rm_ivt_desc
        VERDICT t2_exp, t2_got, t2_names, 9, "pattern 4: after the far jump, 32- and 16-bit protected mode run on the real-mode caches, and real mode again"

# --- trip 3: #GP for a selector beyond the GDT limit, in the window ---------
        mov     pm_idt + GP_VECTOR * 8, %ax
        mov     %ax, saved_gate
        movw    $w_gp, pm_idt + GP_VECTOR * 8
        lgdtw   gdt_desc
        lidtw   pm_idt_desc
        mov     %cr0, %eax
        or      $1, %al
        mov     %eax, %cr0
        mov     $BAD_SEL, %ax
t3_load:
        mov     %ax, %fs
        ljmpl   $SEL_CODE32, $no_fault32
        CODE32
# 32-bit interrupt gate, same privilege, on the real-mode stack.
w_gp:   pop     %eax
        mov     %eax, gp_got + 0
        pop     %eax
        mov     %eax, gp_got + 4
        pop     %eax
        mov     %eax, gp_got + 8
        pop     %eax                    # EFLAGS
        mov     %fs, %ax
        mov     %eax, gp_got + 12       # FS unchanged: 0
        LOAD_SEGS SEL_DATA32
        mov     saved_gate, %ax
        mov     %ax, pm_idt + GP_VECTOR * 8
        VERDICT gp_exp, gp_got, gp_names, 4, "pattern 4: a selector beyond the GDT limit in the PE window raises #GP(selector) through the guest's IDT"
        PRINTLN "PASS pewindow"
        EXIT    0

no_fault32:
        LOAD_SEGS SEL_DATA32
        PRINTLN "FAIL pattern 4: loading a selector beyond the GDT limit did not fault"
        EXIT    1

        CODE16
# Near-call targets for the window: each adds its bit to EDI.
w_sub_10:
        add     $0x10, %edi
        ret
w_sub_20:
        add     $0x20, %edi
        ret
w_sub_arg:                              # adds its stack argument, pops it
        push    %bp
        mov     %sp, %bp
        add     4(%bp), %di
        pop     %bp
        ret     $2
w_sub_80:
        add     $0x80, %edi
        ret

        .section .rodata
        .p2align 1
jmp_ptr:        .word   4b
call_ptr:       .word   w_sub_80
les_ptr:        .word   0x20, SEL_LES
# Where fill_linear16 writes markers: segment, offset (16 dwords each).
marks:          .word   ES_WIN_BASE >> 4, ES_WIN_BASE & 15
                .word   (FS_WIN_BASE + 0x10000) >> 4, 0
                .word   LES_BASE >> 4, LES_BASE & 15
                .word   0, FLAT_MARK
                .word   DS_REAL, 0
                .word   ES_REAL, 0
marks_end:
# The window's descriptors.
descs:  DESC    SEL_ES_WIN, DT_DATA16, ES_WIN_BASE, 0xffff
        DESC    SEL_SS_WIN, DT_DATA16, SS_WIN_BASE, 0xffff
        DESC    SEL_FS_WIN, DT_DATA16_BIG, FS_WIN_BASE, 0xfffff
        DESC    SEL_LES, DT_DATA16, LES_BASE, 0xffff
        DESC_END

        .data
        .p2align 2
saved_gate:     .word   0, 0
flow_got:       .fill   8, 4, 0
flow_exp:       .long   0x5ff, STACK_TOP, 0x600dcafe, 0x0ddba11
                .long   0x9abc, 0x12345678, 0x7777, STACK_TOP
        NAMES   flow_names, "checksum of the places the flow reached", "SP after the calls", "eax after pushal/popal", "ebx after pushal/popal", "pop %ax of pushw", "pop %edx of pushl", "a local of enter, read back", "SP after leave"
seg_got:        .fill   10, 4, 0
seg_exp:        .long   ES_WIN_BASE + 0x10, FS_WIN_BASE + 0x10010
                .long   LES_BASE + 0x20, FLAT_MARK + 0x10
                .long   SEL_DATA32, SEL_FS_WIN, SEL_LES, SEL_SS_WIN
                .long   0xfc, 0xabcd1234
        NAMES   seg_names, "es:0x10 after mov to es", "fs:0x10010 after pop fs", "es:(bx) after les", "ds:0x610 after mov to ds (flat)", "ds selector", "fs selector", "es selector", "ss selector", "sp after the push on the new ss", "what that push wrote at ss base + 0xfc"
t2_got:         .fill   9, 4, 0
t2_exp:         .long   (DS_REAL << 4) + 0x10, (ES_REAL << 4) + 0x20
                .long   T2_ESP - 4, 0x55aa55aa, DS_REAL
                .long   (DS_REAL << 4) + 0x14, (DS_REAL << 4) + 0x18
                .long   T2_ESP, (ES_REAL << 4) + 0x1c
        NAMES   t2_names, "32-bit PM: ds:0x10", "32-bit PM: es:0x20", "32-bit PM: esp after pushl", "32-bit PM: popl", "32-bit PM: ds selector", "16-bit PM: ds:0x14", "real mode: ds:0x18", "real mode: esp", "real mode: es:0x1c"
gp_got:         .fill   4, 4, 0
gp_exp:         .long   BAD_SEL, t3_load, 0, 0
        NAMES   gp_names, "#GP error code", "#GP pushed EIP", "#GP pushed CS", "fs after the #GP"
