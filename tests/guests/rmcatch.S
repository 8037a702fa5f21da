# rmcatch.S - expected real-mode exceptions: catch one, record where it
# came from, resume the guest at a chosen place.
#
#   mov  $vector, %al
#   mov  $resume, %dx
#   call rm_catch_arm16         # IVT[vector] -> rm_catch
#   <the instruction that must fault>
#   ...
# resume:
#   call rm_traps_install       # IVT[vector] back to its rmtrap stub
#   then catch_count, catch_ip, catch_cs, catch_flags tell what happened.
#
# Real mode, DS = 0 and the IVT at linear 0 for rm_catch_arm16; rm_catch
# itself only uses CS-relative data (CS = 0), so it works whatever the
# data segments hold when the exception hits.

        .include "guest.inc"

        .data
        .p2align 2
        .globl  catch_count, catch_ip, catch_cs, catch_flags
catch_count:    .long   0
catch_ip:       .long   0       # the frame the exception pushed
catch_cs:       .long   0
catch_flags:    .long   0
catch_resume:   .word   0

        .text
        CODE16
        .globl  rm_catch_arm16

# AL = vector, DX = resume IP (in CS 0).  Clears the record.
rm_catch_arm16:
        push    %bx
        movzbw  %al, %bx
        mov     %dx, catch_resume
        movl    $0, catch_count
        movl    $-1, catch_ip
        movl    $-1, catch_cs
        movl    $-1, catch_flags
        shl     $2, %bx
        movw    $rm_catch, (%bx)
        movw    $0, 2(%bx)
        pop     %bx
        ret

# Stack after `push %bp`: BP, IP, CS, FLAGS.
rm_catch:
        push    %bp
        mov     %sp, %bp
        push    %eax
        incl    %cs:catch_count
        movzwl  2(%bp), %eax
        mov     %eax, %cs:catch_ip
        movzwl  4(%bp), %eax
        mov     %eax, %cs:catch_cs
        movzwl  6(%bp), %eax
        mov     %eax, %cs:catch_flags
        mov     %cs:catch_resume, %ax
        mov     %ax, 2(%bp)
        movw    $0, 4(%bp)
        pop     %eax
        pop     %bp
        iret
