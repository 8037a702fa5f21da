# a20.S - pattern 15 (the part one vCPU can do): A20 gating and the
# 1 MiB wrap-around.
#
# With A20 off (system control port 0x92 bit 1, then the keyboard
# controller's output port, command D1) physical address bit 20 is forced
# to 0: FFFF:0510 (linear 0x100500) is 0000:0500.  Checked in real mode
# (VM86 under the assist, where port 0x92 and the i8042 are not trapped),
# in 32-bit protected mode (native) and in big real mode (emulated: the
# assist's own accesses to guest memory must wrap the same way), then
# with A20 on again: the memory above 1 MiB must hold what it held.
# hvmhost has one vCPU, so the SIPI half of pattern 15 is not here.

        .include "pattern.inc"

        .set    SYSCTL, 0x92            # bit 1: A20
        .set    KBC_DATA, 0x60
        .set    KBC_CMD, 0x64           # status: bit 1 input buffer full
        .set    M0, 0x11110500          # at 0000:0500
        .set    M1, 0x22220510          # at FFFF:0510 = 1 MiB + 0x500
        .set    M2, 0x33330504          # written through the wrap
        .set    M3, 0x44440508

        FLAT_START "a20: A20 gating and the 1 MiB wrap-around (pattern 15)"
        mov     $0xffff, %ax            # ES: the segment that reaches 1 MiB
        mov     %ax, %es
        in      $SYSCTL, %al
        and     $2, %eax
        mov     %eax, got_on + 0
        movl    $M0, 0x500
        movl    $0, 0x504
        movl    $0, 0x508
        movl    $M1, %es:0x510
        movl    $0, %es:0x514
        mov     0x500, %eax
        mov     %eax, got_on + 4

# --- A20 off through port 0x92 ---------------------------------------------------
        call    a20_off_92
        in      $SYSCTL, %al
        and     $2, %eax
        mov     %eax, got_off + 0
        mov     %es:0x510, %eax         # 1 MiB + 0x500 is 0x500 now
        mov     %eax, got_off + 4
        movl    $M2, %es:0x514
        mov     0x504, %eax
        mov     %eax, got_off + 8
        VERDICT off_exp, got_off, off_names, 3, "pattern 15: A20 off through port 92: FFFF:0510 wraps to 0000:0500 in real mode"

        REAL_TO_PM32                    # native under the assist
        mov     0x100500, %eax
        mov     %eax, got_pm + 0
        movl    $M3, 0x100508
        mov     0x508, %eax
        mov     %eax, got_pm + 4
        movl    $0, 0x508
        PM32_TO_REAL SEL_BIG16          # big real mode: emulated
        addr32 mov 0x100504, %eax
        mov     %eax, got_pm + 8
        addr32 movl $M3, 0x100508
        mov     0x508, %eax
        mov     %eax, got_pm + 12
        REAL_TO_PM32
        PM32_TO_REAL
        VERDICT pm_exp, got_pm, pm_names, 4, "pattern 15: with A20 off, 1 MiB + x is x in protected mode and in big real mode"

# --- A20 on again ---------------------------------------------------------------
        mov     $0xffff, %ax
        mov     %ax, %es
        call    a20_on_92
        in      $SYSCTL, %al
        and     $2, %eax
        mov     %eax, got_on + 8
        mov     %es:0x510, %eax
        mov     %eax, got_on + 12
        mov     %es:0x514, %eax
        mov     %eax, got_on + 16
        mov     0x508, %eax
        mov     %eax, got_on + 20
        VERDICT on_exp, got_on, on_names, 6, "pattern 15: A20 on through port 92: 1 MiB + 500 holds what it held, no wrap"

# --- the keyboard controller's way ------------------------------------------------
        mov     $0xdd, %bl              # output port: A20 off
        call    kbc_output
        mov     %es:0x510, %eax
        mov     %eax, got_kbc + 0
        mov     $0xdf, %bl              # A20 on
        call    kbc_output
        mov     %es:0x510, %eax
        mov     %eax, got_kbc + 4
        VERDICT kbc_exp, got_kbc, kbc_names, 2, "pattern 15: A20 off and on through the keyboard controller's output port (D1)"
        xor     %ax, %ax
        mov     %ax, %es
        PRINTLN "PASS a20"
        EXIT    0

a20_off_92:
        in      $SYSCTL, %al
        and     $~2, %al
        out     %al, $SYSCTL
        ret

a20_on_92:
        in      $SYSCTL, %al
        or      $2, %al
        out     %al, $SYSCTL
        ret

# Write BL to the i8042 output port: command D1, then the data.
kbc_output:
        call    kbc_wait
        mov     $0xd1, %al
        out     %al, $KBC_CMD
        call    kbc_wait
        mov     %bl, %al
        out     %al, $KBC_DATA
        call    kbc_wait
        ret

kbc_wait:
        in      $KBC_CMD, %al
        test    $2, %al
        jnz     kbc_wait
        ret

        .data
        .p2align 2
got_off:        .fill   3, 4, 0
off_exp:        .long   0, M0, M2
        NAMES   off_names, "port 92 bit 1", "FFFF:0510", "0000:0504 after a write to FFFF:0514"
got_pm:         .fill   4, 4, 0
pm_exp:         .long   M0, M3, M2, M3
        NAMES   pm_names, "32-bit PM: 0x100500", "32-bit PM: 0x508 after a write to 0x100508", "big real mode: 0x100504", "big real mode: 0x508 after a write to 0x100508"
got_on:         .fill   6, 4, 0
on_exp:         .long   2, M0, 2, M1, 0, M3
        NAMES   on_names, "port 92 bit 1 at the start", "0000:0500 at the start", "port 92 bit 1", "FFFF:0510", "FFFF:0514 (the wrapped writes went below 1 MiB)", "0000:0508"
got_kbc:        .fill   2, 4, 0
kbc_exp:        .long   M0, M1
        NAMES   kbc_names, "FFFF:0510 with A20 off", "FFFF:0510 with A20 on"
