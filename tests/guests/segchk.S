# segchk.S - the protected-mode checks on data accesses in the PE window
# (CR0.PE set, CS not yet reloaded), each with the fault the SDM gives
# (vol. 3 3.4.2 and the #GP list of 6.15; vol. 2 MOV/STOS "Protected Mode
# Exceptions"), delivered through the guest's IDT:
#   nullds    a read through DS holding a null selector:        #GP(0)
#   rowrite   MOV to ES holding read-only data:                 #GP(0)
#   rormw     ADD (read-modify-write) to read-only data:        #GP(0)
#   rostos    STOSB to read-only data:                          #GP(0)
#   rxread    a read through ES holding readable code:          no fault
#   xoread    a read through CS holding execute-only code:      #GP(0)
#             (CS keeps the execute-only attributes through PE
#             cleared and a real-mode far jump: SDM 9.9.2 step 3 asks
#             for a readable CS before PE is cleared for that reason)
# A non-writable SS is not reachable: MOV/POP/LSS to SS refuse one (#GP
# at the load) and real-mode caches are writable.
# QEMU TCG makes none of these checks (tests/system/pending/README), so
# the results go to port 0xE9 beside the SDM's answer:
# "segchk-sdm NAME: got VECTOR ERROR IP VALUE want VECTOR ERROR IP VALUE"
# (VECTOR ffffffff: no fault; VALUE: EDX after the access).

        .include "pattern.inc"

        .set    GP_VECTOR, 13
        .set    SS_VECTOR, 12
        .set    NO_FAULT, 0xffffffff
        .set    SEL_RO, SEL_SCRATCH0
        .set    SEL_RX, SEL_SCRATCH1
        .set    SEL_XO, SEL_SCRATCH2
        .set    AREA, 0x3000            # what the cases touch
        .set    AREA_WORD, 0x5a17c0de

# One case: \setup and \insn in the PE window with EDX 0 (\insn at .Li);
# a fault ends it through catch (32-bit), no fault through the far jump.
        .macro  PE_CASE name, vec, value, setup, insn
        movl    $.Lr\@, resume
        movl    $NO_FAULT, got_vec
        movl    $0, got_err
        movl    $0, got_ip
        movl    $AREA_WORD, AREA
        OPEN_PE_WINDOW
        xor     %edx, %edx
        mov     $AREA, %bx
        \setup
.Li\@:  \insn
        ljmpl   $SEL_CODE32, $.Lr\@
        CODE32
.Lr\@:  LOAD_SEGS SEL_DATA32
        mov     $STACK_TOP, %esp
        mov     %edx, got_val
        PM32_TO_REAL
        DPRINT  "segchk-sdm \name: got "
        mov     $got_vec, %si
        call    dhex4
        DPRINT  "want "
        movl    $\vec, want + 0
        movl    $0, want + 4
        .if     \vec == NO_FAULT
        movl    $0, want + 8
        .else
        movl    $.Li\@, want + 8
        .endif
        movl    $\value, want + 12
        mov     $want, %si
        call    dhex4
        mov     $10, %al
        out     %al, $DEBUG_PORT
        .endm

        FLAT_START "segchk: protected-mode checks on data accesses in the PE window"
        mov     $descs, %si
        call    gdt_set_table16
        movw    $catch_gp, pm_idt + GP_VECTOR * 8
        movw    $catch_ss, pm_idt + SS_VECTOR * 8

        PE_CASE nullds, GP_VECTOR, 0, "xor %ax, %ax; mov %ax, %ds", "mov (%bx), %edx"
        PE_CASE rowrite, GP_VECTOR, 0, "mov $SEL_RO, %ax; mov %ax, %es", "mov %bl, %es:(%bx)"
        PE_CASE rormw, GP_VECTOR, 0, "mov $SEL_RO, %ax; mov %ax, %es", "addl $1, %es:(%bx)"
        PE_CASE rostos, GP_VECTOR, 0, "mov $SEL_RO, %ax; mov %ax, %es; mov %bx, %di; cld", "stosb"
        PE_CASE rxread, NO_FAULT, AREA_WORD, "mov $SEL_RX, %ax; mov %ax, %es", "mov %es:(%bx), %edx"

        # CS execute-only: through 16-bit protected mode on SEL_XO, PE
        # cleared there and a far jump to real mode.
        REAL_TO_PM32
        ljmp    $SEL_XO, $1f
        CODE16
1:      LOAD_SEGS SEL_DATA16
        CLEAR_PE
        ljmp    $0, $2f
2:      LOAD_SEGS 0
        lidtw   rm_ivt_desc
        PE_CASE xoread, GP_VECTOR, 0, "", "mov %cs:(%bx), %edx"

        PRINTLN "PASS segchk"
        EXIT    0

        CODE32
# A 32-bit interrupt gate on the window's stack (SS base 0, below 64 KiB):
# error code, EIP, CS, EFLAGS.
catch_ss:
        push    $SS_VECTOR
        jmp     catch
catch_gp:
        push    $GP_VECTOR
catch:  movzwl  %sp, %esp
        mov     $SEL_DATA32, %ax
        mov     %ax, %ds
        pop     got_vec
        pop     got_err
        pop     got_ip
        jmp     *resume

        CODE16
# The four dwords at SI on the debug port in hex, each and a space.
dhex4:  pushal
        mov     $4, %di
1:      mov     (%si), %edx
        add     $4, %si
        mov     $8, %cx
2:      rol     $4, %edx
        mov     %dx, %bx
        and     $15, %bx
        mov     hexdigits(%bx), %al
        out     %al, $DEBUG_PORT
        loop    2b
        mov     $' ', %al
        out     %al, $DEBUG_PORT
        dec     %di
        jnz     1b
        popal
        ret

        .section .rodata
hexdigits:      .ascii  "0123456789abcdef"
descs:  DESC    SEL_RO, 0x0091, 0, 0xffff       # data, read-only
        DESC    SEL_RX, DT_CODE16, 0, 0xffff    # code, execute/read
        DESC    SEL_XO, 0x0099, 0, 0xffff       # code, execute-only
        DESC_END

        .data
        .p2align 2
resume:         .long   0
got_vec:        .long   0
got_err:        .long   0
got_ip:         .long   0
got_val:        .long   0
want:           .fill   4, 4, 0
