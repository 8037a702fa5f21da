# gates.S - far transfers from the PE window (between the CR0 write that
# sets PE and the far jump) that go through gates or leave CPL 0.
#
# Trip 1: ljmpw through a 32-bit call gate (the instruction's offset is
#   ignored; no stack change).
# Trip 2: lcallw through a 16-bit call gate: 16-bit return address.
# Trip 3: lcallw through a 32-bit call gate: the gate's size makes the
#   pushes 32-bit.
# Trip 4: iretl to ring 3 (pops SS:ESP; DS and ES, real-mode caches with
#   DPL 0, become null), then from ring 3 through a DPL 3 call gate back
#   to ring 0 on the TSS's stack.
# Trip 6 (last): trip 4 with a conforming DPL 0 code segment: CPL 3 all the same
#   (the CPL is CS.RPL, not CS.DPL), so the call gate switches stacks.
# Trip 5: iretl with VM set: the guest's own VM86 task (ESP, SS, ES, DS,
#   FS, GS popped too); its INT traps with #GP(0) into ring 0.
# Under the assist trips 1-3 are emulated up to the gate's target, 4 and
# 5 up to ring 3 / VM86, which RESTORE hands to the hardware.

        .include "pattern.inc"

        .set    SEL_CG32, SEL_SCRATCH0
        .set    SEL_CG16, SEL_SCRATCH1
        .set    SEL_CODE3, SEL_SCRATCH2
        .set    SEL_DATA3, SEL_SCRATCH3
        .set    SEL_CG_R3, SEL_SCRATCH4
        .set    SEL_TSS, SEL_SCRATCH5
        .set    RING0_STACK, 0x6c00
        .set    RING3_STACK, 0x6800
        .set    VM86_SP, 0x6400
        .set    ES_REAL, 0x1000
        .set    ES_VM86, 0x2000
        .set    GP_VECTOR, 13
        .set    SEL_CONF, SEL_CG16      # trip 6 reuses trip 2's slot

# Trips 4 and 6: iretl from the PE window to ring 3 at `ring3` with CS
# \cs; ring 3 comes back through the DPL 3 call gate to from_ring3, which
# goes on at cont32.
        .macro  IRET_TO_RING3 cs
        mov     $ES_REAL, %ax
        mov     %ax, %es
        andb    $~2, gdt + SEL_TSS + 5  # available, for ltr
        call    enter_window
        mov     $SEL_TSS, %ax
        ltr     %ax
        pushl   $SEL_DATA3 | 3
        pushl   $RING3_STACK
        pushl   $0x2
        pushl   $\cs
        pushl   $ring3
        iretl
        .endm

        FLAT_START "gates: call gates, iret to ring 3 and to VM86 from the PE window"
        mov     $descs, %si             # the gates, ring 3 segments, TSS
        mov     $gdt + SEL_CG32, %di
        mov     $6 * 4, %cx
        rep movsw

# --- trip 1: ljmp through a 32-bit call gate -------------------------------
        movl    $t1_in, cont32
        call    enter_window
        ljmpw   $SEL_CG32, $0x1234
        CODE32
t1_in:  mov     %cs, %eax
        mov     %eax, t1_got + 0
        mov     %esp, t1_got + 4
        LOAD_SEGS SEL_DATA32
        PM32_TO_REAL
        VERDICT t1_exp, t1_got, t1_names, 2, "ljmp through a 32-bit call gate in the PE window"

# --- trip 2: lcall through a 16-bit call gate ------------------------------
        call    enter_window
        lcallw  $SEL_CG16, $0x5678
t2_ret:
        CODE16
cg16_target:                            # SEL_CODE16, 16-bit
        mov     %cs, %ax
        movzwl  %ax, %eax
        mov     %eax, t2_got + 0
        movzwl  %sp, %eax
        mov     %eax, t2_got + 4
        mov     %sp, %bx
        movzwl  (%bx), %eax
        mov     %eax, t2_got + 8
        movzwl  2(%bx), %eax
        mov     %eax, t2_got + 12
        mov     $STACK_TOP, %sp
        LOAD_SEGS SEL_DATA16
        CLEAR_PE
        ljmp    $0, $1f
1:      LOAD_SEGS 0
        lidtw   rm_ivt_desc
        VERDICT t2_exp, t2_got, t2_names, 4, "lcall through a 16-bit call gate in the PE window pushes 16-bit CS:IP"

# --- trip 3: lcallw through a 32-bit call gate -----------------------------
        movl    $t3_in, cont32
        call    enter_window
        lcallw  $SEL_CG32, $0
t3_ret:
        CODE32
t3_in:  mov     %cs, %eax
        mov     %eax, t3_got + 0
        mov     %esp, t3_got + 4
        mov     (%esp), %eax
        mov     %eax, t3_got + 8
        mov     4(%esp), %eax
        mov     %eax, t3_got + 12
        LOAD_SEGS SEL_DATA32
        mov     $STACK_TOP, %esp
        PM32_TO_REAL
        VERDICT t3_exp, t3_got, t3_names, 4, "lcallw through a 32-bit call gate in the PE window pushes 32-bit CS:EIP"

# --- trip 4: iret to ring 3, back through a DPL 3 call gate ------------------
        movl    $t4_back, cont32
        IRET_TO_RING3 SEL_CODE3 | 3
        CODE32
t4_back:
        LOAD_SEGS SEL_DATA32
        mov     $STACK_TOP, %esp
        PM32_TO_REAL
        VERDICT r3_exp, r3_got, r3_names, 12, "iret from the PE window to ring 3 (SS:ESP popped, DS and ES nulled), back through a call gate"

# --- trip 5: iret to the guest's own VM86 task -----------------------------
        mov     pm_idt + GP_VECTOR * 8, %ax
        mov     %ax, saved_gate
        movw    $vm86_gp, pm_idt + GP_VECTOR * 8
        andb    $~2, gdt + SEL_TSS + 5  # available again, for ltr
        call    enter_window
        mov     $SEL_TSS, %ax
        ltr     %ax
        pushl   $0                      # GS
        pushl   $0                      # FS
        pushl   $0                      # DS
        pushl   $ES_VM86
        pushl   $0                      # SS
        pushl   $VM86_SP
        pushl   $0x20002                # VM, IOPL 0
        pushl   $0                      # CS
        pushl   $vm86_code
        iretl
        CODE16
vm86_code:
        mov     %es, %ax
        mov     %ax, vm_mark
        movw    $0x5a5a, vm_mark + 2
vm86_int:
        int     $0x30                   # IOPL 0: #GP(0)
        CODE32
vm86_gp:                                # ring 0, TSS stack; DS..GS null
        mov     %ds, %eax
        mov     %eax, %ss:vm_got + 0
        mov     $SEL_DATA32, %ax
        mov     %ax, %ds
        COPY_FRAME vm_got + 4, 10
        andl    $~0x10000, vm_got + 16  # RF: the CPU's business
        mov     vm_mark, %eax
        mov     %eax, vm_got + 44
        LOAD_SEGS SEL_DATA32
        mov     $STACK_TOP, %esp
        mov     saved_gate, %ax
        mov     %ax, pm_idt + GP_VECTOR * 8
        PM32_TO_REAL
        VERDICT vm_exp, vm_got, vm_names, 12, "iretl with VM set from the PE window runs the guest's VM86 task; its INT traps to ring 0"

# --- trip 6: iret to ring 3 into a conforming DPL 0 code segment ------------
        movl    $0x0000ffff, gdt + SEL_CONF
        movl    $0x00cf9e00, gdt + SEL_CONF + 4
        movl    $t6_back, cont32
        IRET_TO_RING3 SEL_CONF | 3
        CODE32
t6_back:
        LOAD_SEGS SEL_DATA32
        mov     $STACK_TOP, %esp
        PM32_TO_REAL
        VERDICT r3c_exp, r3_got, r3_names, 12, "iret from the PE window to ring 3 in a conforming DPL 0 segment: CPL 3, back through a call gate with a stack switch"
        PRINTLN "PASS gates"
        EXIT    0

        CODE32
ring3:  mov     %cs, %eax               # CPL 3; DS and ES are null now
        mov     %eax, %ss:r3_got + 0
        mov     %ss, %eax
        mov     %eax, %ss:r3_got + 4
        mov     %esp, %ss:r3_got + 8
        mov     %ds, %eax
        mov     %eax, %ss:r3_got + 12
        mov     %es, %eax
        mov     %eax, %ss:r3_got + 16
        lcall   $SEL_CG_R3, $0
r3_ret:
from_ring3:                             # ring 0 on the TSS's stack
        mov     %cs, %eax
        mov     %eax, %ss:r3_got + 20
        mov     %ss, %eax
        mov     %eax, %ss:r3_got + 24
        mov     %esp, %ss:r3_got + 28
        mov     (%esp), %eax
        mov     %eax, %ss:r3_got + 32
        mov     4(%esp), %eax
        mov     %eax, %ss:r3_got + 36
        mov     8(%esp), %eax
        mov     %eax, %ss:r3_got + 40
        mov     12(%esp), %eax
        mov     %eax, %ss:r3_got + 44
        jmp     *%ss:cont32

cg32_target:                            # SEL_CODE32
        jmp     *cont32

        CODE16
# Real mode -> PE set, CS still real: the window.  DS stays 0.
enter_window:
        OPEN_PE_WINDOW
        ret

        .data
        .p2align 3
descs:  .word   cg32_target, SEL_CODE32, 0x8c00, 0      # 32-bit call gate
        .word   cg16_target, SEL_CODE16, 0x8400, 0      # 16-bit call gate
        .quad   0x00cffa000000ffff                      # ring 3 code
        .quad   0x00cff2000000ffff                      # ring 3 data
        .word   from_ring3, SEL_CODE32, 0xec00, 0       # DPL 3 call gate
        .word   0x67, tss, 0x8900, 0                    # TSS
        .p2align 2
tss:    .long   0, RING0_STACK, SEL_DATA32
        .fill   23, 4, 0
        .word   0, 0x68
cont32: .long   0
saved_gate:     .word   0, 0
vm_mark:        .long   0
t1_got: .fill   2, 4, 0
t1_exp: .long   SEL_CODE32, STACK_TOP
        NAMES   t1_names, "cs", "esp"
t2_got: .fill   4, 4, 0
t2_exp: .long   SEL_CODE16, STACK_TOP - 4, t2_ret, 0
        NAMES   t2_names, "cs", "sp", "pushed ip", "pushed cs"
t3_got: .fill   4, 4, 0
t3_exp: .long   SEL_CODE32, STACK_TOP - 8, t3_ret, 0
        NAMES   t3_names, "cs", "esp", "pushed eip", "pushed cs"
r3_got: .fill   12, 4, 0
r3_exp: .long   SEL_CODE3 | 3, SEL_DATA3 | 3, RING3_STACK, 0, 0
        .long   SEL_CODE32, SEL_DATA32, RING0_STACK - 16
        .long   r3_ret, SEL_CODE3 | 3, RING3_STACK, SEL_DATA3 | 3
r3c_exp: .long   SEL_CONF | 3, SEL_DATA3 | 3, RING3_STACK, 0, 0
        .long   SEL_CODE32, SEL_DATA32, RING0_STACK - 16
        .long   r3_ret, SEL_CONF | 3, RING3_STACK, SEL_DATA3 | 3
        NAMES   r3_names, "ring 3 cs", "ring 3 ss", "ring 3 esp", "ring 3 ds", "ring 3 es", "ring 0 cs", "ring 0 ss", "ring 0 esp", "pushed eip", "pushed cs", "pushed esp", "pushed ss"
vm_got: .fill   12, 4, 0
vm_exp: .long   0, 0, vm86_int, 0, 0x20002, VM86_SP, 0, ES_VM86, 0, 0, 0
        .long   0x5a5a0000 + ES_VM86
        NAMES   vm_names, "ds in the handler", "error code", "pushed eip", "pushed cs", "pushed eflags", "pushed esp", "pushed ss", "pushed es", "pushed ds", "pushed fs", "pushed gs", "what VM86 code wrote"
