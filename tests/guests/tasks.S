# tasks.S - task switches from the PE window (between the CR0 write that
# sets PE and the far jump).  Task A is the window's own task (ltr in the
# window), B a 32-bit TSS, C a 16-bit TSS; every trip starts from fresh
# TSSes and descriptors.
#
# Trip 1: ljmp to B's TSS (A's busy bit cleared, no nesting).
# Trip 2: lcall to B's TSS (nesting: NT set, back link A, A stays busy).
# Trip 3: int $13 through a task gate to B in the IDT.
# Trip 4: a #GP(selector) through the same task gate: the error code is
#   pushed on B's stack, A keeps the faulting EIP.
# Trip 5: iret with NT set, A's back link naming B (busy): B resumes, A
#   is saved with NT clear and its busy bit cleared.
# Trip 6: ljmp to C's 16-bit TSS.
# Trip 7: ljmp to D's 32-bit TSS, a ring 3 task whose DS selector is
#   beyond the GDT: the switch completes, then #TS(selector) is raised in
#   D, at CPL 3, and goes to the ring 0 handler on the stack D's TSS names
#   for ring 0.
# Trip 8: ljmp to E's 32-bit TSS with VM set in its EFLAGS: a VM86 task
#   (VM86 segment caches), whose INT traps with #GP(0) to ring 0.
# Trips 9 and 10: lcall and ljmp through a task gate in the GDT.
# B and C record their registers, EFLAGS, TR, CR0.TS, the busy bits, the
# back link and what the switch saved in A's TSS; each trip compares them
# with what the SDM's task-switch steps give.  Under the assist the switch
# itself is emulated and the new task runs after RESTORE.

        .include "pattern.inc"

        .set    SEL_TSS_A, SEL_SCRATCH0
        .set    SEL_TSS_B, SEL_SCRATCH1
        .set    SEL_TSS_C, SEL_SCRATCH2
        .set    SEL_TGATE, SEL_SCRATCH3
        .set    SEL_CODE3, SEL_SCRATCH3 # trip 7: ring 3 code
        .set    SEL_TSS_D, SEL_SCRATCH4
        .set    SEL_TSS_E, SEL_SCRATCH4 # trip 8 reuses D's slot
        .set    ES_VM86, 0x2000
        .set    SEL_DATA3, SEL_SCRATCH5
        .set    TS_VECTOR, 10
        .set    TASKD_STACK, 0x6400
        .set    TASKD_STACK0, 0x6000
        .set    TASKB_STACK, 0x6c00
        .set    TASKC_STACK, 0x6800
        .set    BAD_SEL, 0x0ff8         # beyond the GDT limit
        .set    GP_VECTOR, 13
        .set    WIN_EAX, 0xa1a1a1a1
        .set    REC, 19

# The general registers, 32-bit (e) or 16-bit ().
        .macro  RECORD_GPRS e
        .set    .Lgpr, 0
        .irp    r, ax, cx, dx, bx, sp, bp, si, di
        mov     %\e\r, rec + .Lgpr
        .set    .Lgpr, .Lgpr + 4
        .endr
        .endm

# A's TSS as the switch left it: EIP, EFLAGS, EAX, CS.
        .macro  RECORD_A
        mov     tss_a + 0x20, %eax
        mov     %eax, rec + 56
        mov     tss_a + 0x24, %eax
        mov     %eax, rec + 60
        mov     tss_a + 0x28, %eax
        mov     %eax, rec + 64
        movzwl  tss_a + 0x4c, %eax
        mov     %eax, rec + 68
        .endm

# What a new task records, 32-bit (e) or 16-bit (): registers, EFLAGS,
# TR, CR0.TS (then cleared), the access bytes of A's and its own TSS
# descriptor, its back link and what the switch saved in A.
        .macro  RECORD_TASK e, sel, tss
        RECORD_GPRS \e
        pushf
        pop     %\e\()ax
        mov     %\e\()ax, rec + 32
        str     %ax
        mov     %ax, rec + 36
        smsw    %\e\()ax
        and     $8, %\e\()ax
        mov     %\e\()ax, rec + 40
        mov     gdt + SEL_TSS_A + 5, %al
        mov     %al, rec + 44
        mov     gdt + \sel + 5, %al
        mov     %al, rec + 48
        mov     \tss, %ax
        mov     %ax, rec + 52
        RECORD_A
        clts
        .endm

# Back from a task in 32-bit code: flat segments, the guest's stack,
# real mode.
        .macro  BACK_TO_REAL
        LOAD_SEGS SEL_DATA32
        mov     $STACK_TOP, %esp
        PM32_TO_REAL
        .endm

        FLAT_START "tasks: task switches from the PE window (JMP, CALL, INT, exception, IRET with NT; 32- and 16-bit TSS)"
        mov     pm_idt + GP_VECTOR * 8, %eax
        mov     %eax, saved_gate
        mov     pm_idt + GP_VECTOR * 8 + 4, %eax
        mov     %eax, saved_gate + 4

# --- trip 1: ljmp to a 32-bit TSS -----------------------------------------
        call    fresh
        movl    $t1_done, cont32
        call    enter_window
        ljmpw   $SEL_TSS_B, $0
t1_next:
        CODE32
t1_done:
        BACK_TO_REAL
        VERDICT t1_exp, rec, rec_names, REC, "ljmp to a 32-bit TSS from the PE window"

# --- trip 2: lcall to a 32-bit TSS ----------------------------------------
        call    fresh
        movl    $t2_done, cont32
        call    enter_window
        lcallw  $SEL_TSS_B, $0
t2_next:
        CODE32
t2_done:
        BACK_TO_REAL
        VERDICT t2_exp, rec, rec_names, REC, "lcall to a 32-bit TSS from the PE window nests (NT, back link, busy)"

# --- trip 3: int $13 through a task gate ------------------------------------
        call    fresh
        call    task_gate_on
        movl    $t3_done, cont32
        call    enter_window
        int     $GP_VECTOR
t3_next:
        CODE32
t3_done:
        BACK_TO_REAL
        VERDICT t3_exp, rec, rec_names, REC, "int through a task gate in the IDT from the PE window"

# --- trip 4: #GP through a task gate ----------------------------------------
        call    fresh
        call    task_gate_on
        movl    $t4_done, cont32
        call    enter_window
        mov     $BAD_SEL, %ax
t4_fault:
        mov     %ax, %fs
        CODE32
t4_done:
        mov     (%esp), %eax            # the error code
        mov     %eax, rec + 18 * 4
        BACK_TO_REAL
        VERDICT t4_exp, rec, rec_names, REC, "a #GP in the PE window through a task gate pushes its error code on the new task's stack"

# --- trip 5: iret with NT set ---------------------------------------------
        call    fresh
        movw    $SEL_TSS_B, tss_a       # A's back link: B, busy
        orb     $2, gdt + SEL_TSS_B + 5
        movl    $t5_done, cont32
        call    enter_window
        pushl   $0x4002                 # NT
        popfl
        iretl
t5_next:
        CODE32
t5_done:
        BACK_TO_REAL
        VERDICT t5_exp, rec, rec_names, REC, "iret with NT set in the PE window returns to the back-link task"

# --- trip 6: ljmp to a 16-bit TSS -----------------------------------------
        call    fresh
        call    enter_window
        ljmpw   $SEL_TSS_C, $0
t6_next:
        CODE16
task_c:                                 # 16-bit task, SEL_CODE16
        RECORD_TASK , SEL_TSS_C, tss_c
        LOAD_SEGS SEL_DATA16
        mov     $STACK_TOP, %esp
        CLEAR_PE
        ljmp    $0, $1f
1:      LOAD_SEGS 0
        lidtw   rm_ivt_desc
        VERDICT t6_exp, rec, rec_names, REC, "ljmp to a 16-bit TSS from the PE window"

# --- trip 7: a fault of the new task's loads, at CPL 3 ----------------------
        call    fresh
        mov     $descs_d, %si
        mov     $gdt + SEL_CODE3, %di
        mov     $3 * 4, %cx
        rep movsw
        mov     pm_idt + TS_VECTOR * 8, %ax
        mov     %ax, saved_gate
        movw    $ts_handler, pm_idt + TS_VECTOR * 8
        call    enter_window
        ljmpw   $SEL_TSS_D, $0
        CODE32
task_d: PRINTLN "FAIL a task whose DS is beyond the GDT ran"
        EXIT    1
ts_handler:                             # ring 0, on D's ring 0 stack
        COPY_FRAME d_got, 6
        mov     %esp, d_got + 24
        # The pushed EIP: the SDM (6.15, #TS) says the new task's first
        # instruction, which the assist pushes; QEMU, the native oracle,
        # pushes the EIP after the far jump.  Not compared.
        movl    $0, d_got + 4
        str     %ax
        mov     %ax, d_got + 28
        clts
        mov     saved_gate, %ax
        mov     %ax, pm_idt + TS_VECTOR * 8
        BACK_TO_REAL
        VERDICT d_exp, d_got, d_names, 8, "a fault loading a ring 3 task's segments after a switch from the PE window goes to ring 0 on the TSS's stack"

# --- trip 8: ljmp to a VM86 task -----------------------------------------
        call    fresh
        mov     $desc_e, %si
        mov     $gdt + SEL_TSS_E, %di
        mov     $4, %cx
        rep movsw
        movw    $e_gp, pm_idt + GP_VECTOR * 8
        call    enter_window
        ljmpw   $SEL_TSS_E, $0
vm86_e:                                 # VM86, CS = 0
        mov     %es, %ax
        mov     %ax, e_got + 44
        movw    $0x5a5a, e_got + 46
e_int:  int     $0x30                   # IOPL 0: #GP(0)
        CODE32
e_gp:                                   # ring 0; DS..GS null
        mov     $SEL_DATA32, %ax
        mov     %ax, %ds
        COPY_FRAME e_got, 10
        andl    $~0x10000, e_got + 12   # RF: the CPU's business
        str     %ax
        mov     %ax, e_got + 40
        BACK_TO_REAL
        VERDICT e_exp, e_got, e_names, 12, "ljmp from the PE window to a TSS with VM set runs a VM86 task; its INT traps to ring 0"

# --- trips 9 and 10: lcall and ljmp through a task gate in the GDT ---------
        call    fresh
        movl    $t9_done, cont32
        call    enter_window
        lcallw  $SEL_TGATE, $0
t9_next:
        CODE32
t9_done:
        BACK_TO_REAL
        VERDICT t9_exp, rec, rec_names, REC, "lcall through a task gate in the GDT from the PE window nests"
        call    fresh
        movl    $t10_done, cont32
        call    enter_window
        ljmpw   $SEL_TGATE, $0
t10_next:
        CODE32
t10_done:
        BACK_TO_REAL
        VERDICT t10_exp, rec, rec_names, REC, "ljmp through a task gate in the GDT from the PE window"
        PRINTLN "PASS tasks"
        EXIT    0

        CODE32
task_b:                                 # 32-bit task
        RECORD_TASK e, SEL_TSS_B, tss_b
        jmp     *cont32


        CODE16
# Fresh TSSes, descriptors, IDT gate 13 and record.
fresh:
        pushal
        mov     $descs, %si
        mov     $gdt + SEL_TSS_A, %di
        mov     $4 * 4, %cx
        rep movsw
        mov     $tss_b_init, %si
        mov     $tss_b, %di
        mov     $0x68 / 2, %cx
        rep movsw
        mov     $tss_c_init, %si
        mov     $tss_c, %di
        mov     $0x2c / 2, %cx
        rep movsw
        xor     %eax, %eax
        mov     $tss_a, %di
        mov     $0x68 / 4, %cx
        rep stosl
        movw    $0x68, tss_a + 0x66
        mov     $rec, %di
        mov     $REC, %cx
        rep stosl
        mov     saved_gate, %eax
        mov     %eax, pm_idt + GP_VECTOR * 8
        mov     saved_gate + 4, %eax
        mov     %eax, pm_idt + GP_VECTOR * 8 + 4
        popal
        ret

# IDT vector 13: a task gate to B.
task_gate_on:
        movl    $SEL_TSS_B << 16, pm_idt + GP_VECTOR * 8
        movl    $0x8500, pm_idt + GP_VECTOR * 8 + 4
        ret

# Real mode -> PE set, CS still real: the window.  There: TR = A, known
# EAX and EFLAGS.
enter_window:
        OPEN_PE_WINDOW
        mov     $SEL_TSS_A, %ax
        ltr     %ax
        mov     $WIN_EAX, %eax
        pushl   $0x2
        popfl
        ret

        .data
        .p2align 3
descs:  .word   0x67, tss_a, 0x8900, 0          # A: 32-bit TSS
        .word   0x67, tss_b, 0x8900, 0          # B: 32-bit TSS
        .word   0x2b, tss_c, 0x8100, 0          # C: 16-bit TSS
        .word   0, SEL_TSS_B, 0x8500, 0         # task gate to B
        .p2align 2
tss_a:  .fill   0x68, 1, 0
tss_b:  .fill   0x68, 1, 0
tss_c:  .fill   0x2c, 1, 0
tss_b_init:
        .long   0, 0, 0, 0, 0, 0, 0, 0          # link, stacks, CR3
        .long   task_b, 0x2
        .long   0x11111111, 0x22222222, 0x33333333, 0x44444444
        .long   TASKB_STACK, 0x66666666, 0x77777777, 0x88888888
        .long   SEL_DATA32, SEL_CODE32, SEL_DATA32, SEL_DATA32, SEL_DATA32, SEL_DATA32
        .long   0                               # LDT
        .word   0, 0x68
tss_c_init:
        .word   0, 0, 0, 0, 0, 0, 0             # link, stacks
        .word   task_c, 0x2
        .word   0x1111, 0x2222, 0x3333, 0x4444, TASKC_STACK, 0x6666, 0x7777, 0x8888
        .word   SEL_DATA16, SEL_CODE16, SEL_DATA16, SEL_DATA16
        .word   0                               # LDT
descs_d:
        .quad   0x00cffa000000ffff              # ring 3 code
        .word   0x67, tss_d, 0x8900, 0          # D: 32-bit TSS
        .quad   0x00cff2000000ffff              # ring 3 data
tss_d:  .long   0, TASKD_STACK0, SEL_DATA32, 0, 0, 0, 0, 0
        .long   task_d, 0x2, 0, 0, 0, 0, TASKD_STACK, 0, 0, 0
        .long   0, SEL_CODE3 | 3, SEL_DATA3 | 3, BAD_SEL, 0, 0, 0
        .word   0, 0x68
desc_e: .word   0x67, tss_e, 0x8900, 0          # E: 32-bit TSS, VM86 task
tss_e:  .long   0, TASKD_STACK0, SEL_DATA32, 0, 0, 0, 0, 0
        .long   vm86_e, 0x20002, 0, 0, 0, 0, TASKD_STACK, 0, 0, 0
        .long   ES_VM86, 0, 0, 0, 0, 0, 0
        .word   0, 0x68
e_got:  .fill   12, 4, 0
e_exp:  .long   0, e_int, 0, 0x20002, TASKD_STACK, 0, ES_VM86, 0, 0, 0
        .long   SEL_TSS_E, 0x5a5a0000 + ES_VM86
        NAMES   e_names, "error code", "pushed eip", "pushed cs", "pushed eflags", "pushed esp", "pushed ss", "pushed es", "pushed ds", "pushed fs", "pushed gs", "tr", "what the VM86 task wrote"
d_got:  .fill   8, 4, 0
d_exp:  .long   BAD_SEL, 0, SEL_CODE3 | 3, 0x2, TASKD_STACK, SEL_DATA3 | 3
        .long   TASKD_STACK0 - 24, SEL_TSS_D
        NAMES   d_names, "#TS error code", "(pushed eip: not compared)", "pushed cs", "pushed eflags", "pushed esp", "pushed ss", "ring 0 esp", "tr"
saved_gate:     .long   0, 0
cont32: .long   0
rec:    .fill   REC, 4, 0
        NAMES   rec_names, "eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi", "eflags", "tr", "cr0.ts", "A's access byte", "new TSS's access byte", "new TSS's back link", "A's saved eip", "A's saved eflags", "A's saved eax", "A's saved cs", "error code on the new stack"
# What B records after a switch that does not nest (JMP, IRET: NT clear,
# A available, no back link) or that nests (CALL, INT: NT, A busy, back
# link A), with A's saved EIP \next.
        .macro  B_EXP nest, next
        .long   0x11111111, 0x22222222, 0x33333333, 0x44444444
        .long   TASKB_STACK, 0x66666666, 0x77777777, 0x88888888
        .long   0x2 | (\nest * 0x4000), SEL_TSS_B, 8, 0x89 | (\nest * 2), 0x8b
        .long   \nest * SEL_TSS_A, \next, 0x2, WIN_EAX, 0, 0
        .endm
t1_exp: B_EXP   0, t1_next
t2_exp: B_EXP   1, t2_next
t3_exp: B_EXP   1, t3_next
t4_exp: .long   0x11111111, 0x22222222, 0x33333333, 0x44444444
        .long   TASKB_STACK - 4, 0x66666666, 0x77777777, 0x88888888
        .long   0x4002, SEL_TSS_B, 8, 0x8b, 0x8b, SEL_TSS_A
        .long   t4_fault, 0x2, (WIN_EAX & 0xffff0000) | BAD_SEL, 0, BAD_SEL
t5_exp: B_EXP   0, t5_next
t9_exp: B_EXP   1, t9_next
t10_exp: B_EXP  0, t10_next
t6_exp: .long   0x1111, 0x2222, 0x3333, 0x4444
        .long   TASKC_STACK, 0x6666, 0x7777, 0x8888
        .long   0x2, SEL_TSS_C, 8, 0x89, 0x83, 0
        .long   t6_next, 0x2, WIN_EAX, 0, 0
