# lib.S - COM1 console, hex/decimal printing, checks and the verdict.
#
# Every routine is written once (the LIB macro) and assembled twice: with
# suffix 16 for real mode and 16-bit protected mode, with suffix 32 for
# 32-bit protected mode.  The source only uses forms that mean the same in
# both: 32-bit registers, calls that return to the same code size, and
# memory through DS with a base of 0 (callers guarantee it; see guest.inc).
# All routines preserve every register except where a result is returned.

        .include "guest.inc"

        .data
        .p2align 2
        .globl  fail_ctx, fail_iter
fail_ctx:       .long   default_ctx     # what FAIL lines name first
fail_iter:      .long   -1              # iteration for FAIL lines; -1 = none
        STRING  default_ctx, "guest"

# Body of a puts: hand each byte of the string at ESI, in AL, to \emit.
        .macro  PUTS_LOOP emit
        push    %esi
        push    %eax
1:      movb    (%esi), %al
        inc     %esi
        test    %al, %al
        jz      2f
        \emit
        jmp     1b
2:      pop     %eax
        pop     %esi
        ret
        .endm

        .macro  LIB sfx
        .globl  serial_init\sfx, putc\sfx, puts\sfx, debug_puts\sfx, newline\sfx
        .globl  puthex\sfx, putdec\sfx, exit\sfx
        .globl  check_block\sfx, check_range\sfx

# 115200 8N1, FIFOs on, no UART interrupts: the guests poll LSR.
serial_init\sfx:
        push    %eax
        push    %edx
        mov     $COM1 + 1, %dx          # IER: no interrupts
        mov     $0x00, %al
        out     %al, %dx
        mov     $COM1 + 3, %dx          # LCR: DLAB on to reach the divisor
        mov     $0x80, %al
        out     %al, %dx
        mov     $COM1 + 0, %dx          # divisor 1 = 115200 baud
        mov     $0x01, %al
        out     %al, %dx
        mov     $COM1 + 1, %dx
        mov     $0x00, %al
        out     %al, %dx
        mov     $COM1 + 3, %dx          # LCR: 8 data bits, no parity, 1 stop
        mov     $0x03, %al
        out     %al, %dx
        mov     $COM1 + 2, %dx          # FCR: FIFOs on and cleared
        mov     $0xc7, %al
        out     %al, %dx
        mov     $COM1 + 4, %dx          # MCR: DTR and RTS
        mov     $0x03, %al
        out     %al, %dx
        pop     %edx
        pop     %eax
        ret

# Send AL once the transmit holding register is empty (LSR bit 5).
putc\sfx:
        push    %edx
        push    %eax
        mov     $COM1 + 5, %dx
1:      in      %dx, %al
        test    $0x20, %al
        jz      1b
        pop     %eax
        mov     $COM1, %dx
        out     %al, %dx
        pop     %edx
        ret

# Send the NUL-terminated string at ESI to COM1.
puts\sfx:
        PUTS_LOOP "call putc\sfx"

# Send the NUL-terminated string at ESI to the debug port (no handshake).
debug_puts\sfx:
        PUTS_LOOP "out %al, $DEBUG_PORT"

newline\sfx:
        push    %eax
        mov     $10, %al
        call    putc\sfx
        pop     %eax
        ret

# Print the low ECX (1..8) hex digits of EAX, most significant first.
puthex\sfx:
        push    %eax
        push    %ecx
        push    %edx
        mov     %eax, %edx
        push    %ecx                    # rotate the first wanted digit to
        neg     %ecx                    # the top nibble: by (8 - ECX) * 4
        add     $8, %ecx
        shl     $2, %ecx
        rol     %cl, %edx
        pop     %ecx
1:      rol     $4, %edx
        mov     %dl, %al
        and     $0x0f, %al
        add     $0x30, %al              # '0'
        cmp     $0x39, %al
        jbe     2f
        add     $0x61 - 0x3a, %al       # 'a' for 10
2:      call    putc\sfx
        dec     %ecx
        jnz     1b
        pop     %edx
        pop     %ecx
        pop     %eax
        ret

# Print EAX as an unsigned decimal number.
putdec\sfx:
        push    %eax
        push    %ebx
        push    %ecx
        push    %edx
        mov     $10, %ebx
        xor     %ecx, %ecx
1:      xor     %edx, %edx              # digits come out least significant
        div     %ebx                    # first: stack them
        push    %edx
        inc     %ecx
        test    %eax, %eax
        jnz     1b
2:      pop     %eax
        add     $0x30, %al
        call    putc\sfx
        dec     %ecx
        jnz     2b
        pop     %edx
        pop     %ecx
        pop     %ebx
        pop     %eax
        ret

# Write the verdict in AL to the exit port; QEMU ends the run there.  Halt
# in case nothing is listening.
exit\sfx:
        out     %al, $EXIT_PORT
1:      cli
        hlt
        jmp     1b

# Compare ECX dwords at ESI (expected) and EDI (actual); EBX points to
# ECX consecutive NUL-terminated names.  Returns only if all are equal.
check_block\sfx:
        pushal
1:      mov     (%esi), %eax
        cmp     (%edi), %eax
        jne     3f
        add     $4, %esi
        add     $4, %edi
2:      cmpb    $0, (%ebx)              # next name
        lea     1(%ebx), %ebx
        jne     2b
        dec     %ecx
        jnz     1b
        popal
        ret
3:      mov     (%edi), %edx
        mov     %ebx, %esi
        call    fail_begin\sfx
        PRINT   " expected 0x"
        call    hex8\sfx
        jmp     fail_got\sfx

# Fail unless EAX <= EDX <= ECX (unsigned); ESI names the value.
check_range\sfx:
        cmp     %eax, %edx
        jb      1f
        cmp     %ecx, %edx
        ja      1f
        ret
1:      call    fail_begin\sfx
        PRINT   " expected 0x"
        call    hex8\sfx
        PRINT   "..0x"
        push    %eax
        mov     %ecx, %eax
        call    hex8\sfx
        pop     %eax
        jmp     fail_got\sfx

# "FAIL <context>[ (iteration N)]: <name at ESI>"
fail_begin\sfx:
        PRINT   "FAIL "
        push    %esi
        mov     fail_ctx, %esi
        call    puts\sfx
        pop     %esi
        cmpl    $-1, fail_iter
        je      1f
        PRINT   " (iteration "
        push    %eax
        mov     fail_iter, %eax
        call    putdec\sfx
        pop     %eax
        PRINT   ")"
1:      PRINT   ": "
        jmp     puts\sfx

# " got 0x<EDX>", end of the line, verdict 1.
fail_got\sfx:
        PRINT   " got 0x"
        mov     %edx, %eax
        call    hex8\sfx
        call    newline\sfx
        EXIT    1

hex8\sfx:
        push    %ecx
        mov     $8, %ecx
        call    puthex\sfx
        pop     %ecx
        ret
        .endm

        .text
        CODE16
        LIB     16
        CODE32
        LIB     32
