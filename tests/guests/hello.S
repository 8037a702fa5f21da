# hello.S - the first flat guest: it never leaves real mode.
#
# Checks, in order: the entry state the loader promised; a line on COM1
# and one on the debug port; a software interrupt through the guest's own
# IVT entry, whose handler changes registers and the flags it returns
# with; the PICs programmed the way a BIOS does; IRQ0 from the PIT waking
# `sti; hlt`, first with the interrupt already pending, then with hlt
# having to wait; the software interrupt again with IF=1.

        .include "guest.inc"

        .set    STACK_TOP, 0x7c00
        .set    INT_VECTOR, 0x61        # a vector no BIOS or IRQ uses
        .set    IRQ0_VECTOR, 0x08       # IRQ0 on master base 8, as a BIOS has it

        .set    HLT_ROUNDS, 5
        .set    IRR_POLLS, 1000000      # give up on IRQ0 long after 1 ms

# Register values for the software interrupt; its handler inverts EAX and
# byte-swaps EBX, everything else must come back unchanged.
        .set    INT_EAX, 0x5a5a1234
        .set    INT_EBX, 0x01234567
        .set    INT_EBX_SWAPPED, 0x67452301
        .set    INT_ECX, 0x89abcdef
        .set    INT_EDX, 0xfedcba98
        .set    INT_ESI, 0x13579bdf
        .set    INT_EDI, 0x2468ace0
        .set    INT_EBP, 0xdeadbeef
# Flags to run `int` with: OF DF SF ZF CF set (plus the always-one bit 1).
# The handler clears CF and ZF and sets AF and PF in the frame it returns
# through.
        .set    INT_FLAGS, 0x0cc3
        .set    INT_FLAGS_CLEARED, 0x0041
        .set    INT_FLAGS_SET, 0x0014
        .set    EFLAGS_IF, 0x0200
        .set    EFLAGS_TF, 0x0100

# Offsets in the int_exp / int_got records.
        .set    R_EAX, 0
        .set    R_EBX, 4
        .set    R_ECX, 8
        .set    R_EDX, 12
        .set    R_ESI, 16
        .set    R_EDI, 20
        .set    R_EBP, 24
        .set    R_ESP, 28
        .set    R_FLAGS, 32
        .set    R_COUNT, 36             # handler invocations
        .set    R_RET_IP, 40            # the frame the handler found
        .set    R_RET_CS, 44
        .set    R_RET_FLAGS, 48
        .set    R_INSIDE, 52            # the flags inside the handler
        .set    INT_RECORD_DWORDS, 14

        .section .text.entry, "ax"
        CODE16
        .globl  _start
_start:
        # The entry state first, before anything changes it.  CS: is used
        # because DS is one of the things being checked.
        mov     %cs, %cs:entry_got + 0
        mov     %ds, %cs:entry_got + 4
        mov     %es, %cs:entry_got + 8
        mov     %ss, %cs:entry_got + 12
        mov     %sp, %cs:entry_got + 16
        mov     %dl, %cs:entry_got + 20
        cli
        xor     %ax, %ax
        mov     %ax, %ds
        mov     %ax, %es
        mov     %ax, %ss
        mov     $STACK_TOP, %esp
        call    rm_traps_install
        call    serial_init16
        PRINTLN "hello: real-mode guest writing to COM1"
        mov     $debug_line, %esi
        call    debug_puts16

        FAILCTX "entry state"
        CHECK   entry_exp, entry_got, entry_names, 6
        PRINTLN "PASS entry state: CS=DS=ES=SS=0 SP=7c00 DL=80"

        movw    $int_handler, INT_VECTOR * 4
        movw    $0, INT_VECTOR * 4 + 2
        FAILCTX "int 0x61 with IF=0"
        mov     $INT_FLAGS, %ax
        call    int_test
        PRINTLN "PASS int 0x61 with IF=0: handler ran once, registers and flags as set"

        mov     $0x7008, %ax            # bases 8 and 0x70, as a BIOS has them
        call    pic_init16
        movw    $irq0_handler, IRQ0_VECTOR * 4
        movw    $0, IRQ0_VECTOR * 4 + 2
        FAILCTX "IRQ0 wakes hlt"
        movl    $1, fail_iter
        call    pit_arm16
        call    wait_irq0_pending
        call    hlt_round
        PRINTLN "PASS sti;hlt with IRQ0 pending: woken, handler ran once, resumed after hlt"

        # From now on hlt must really wait: each round arms the one-shot
        # and halts at once, long before the 1 ms are up.
1:      incl    fail_iter
        call    pit_arm16
        call    hlt_round
        PRINT   "PASS IRQ0 round "
        mov     fail_iter, %eax
        call    putdec16
        PRINTLN ": sti;hlt waited for the tick, handler ran once, resumed after hlt"
        cmpl    $HLT_ROUNDS, fail_iter
        jb      1b
        movl    $-1, fail_iter

        mov     $0xff, %al              # mask IRQ0 again: no more ticks
        out     %al, $PIC1_DATA

        FAILCTX "int 0x61 with IF=1"
        mov     $INT_FLAGS | EFLAGS_IF, %ax
        call    int_test
        PRINTLN "PASS int 0x61 with IF=1: IF cleared inside, restored by iret"

        PRINTLN "PASS hello"
        EXIT    0

# --- software interrupt ------------------------------------------------

# Run `int $INT_VECTOR` with the flags in AX and the INT_* registers, then
# check everything the handler recorded and everything that came back.
int_test:
        pushal
        mov     %ax, int_flags_in
        movzwl  %ax, %eax               # what the handler must find
        and     $FLAGS_CHECKED, %eax
        mov     %eax, int_exp + R_RET_FLAGS
        push    %eax
        and     $~(EFLAGS_IF | EFLAGS_TF), %eax # int clears IF and TF
        mov     %eax, int_exp + R_INSIDE
        pop     %eax                    # what iret brings back: the frame
        and     $~INT_FLAGS_CLEARED, %eax       # as the handler changed it
        or      $INT_FLAGS_SET, %eax
        mov     %eax, int_exp + R_FLAGS
        movl    $0, int_got + R_COUNT

        pushw   int_flags_in            # popped into FLAGS below
        mov     $INT_EAX, %eax
        mov     $INT_EBX, %ebx
        mov     $INT_ECX, %ecx
        mov     $INT_EDX, %edx
        mov     $INT_ESI, %esi
        mov     $INT_EDI, %edi
        mov     $INT_EBP, %ebp
        popfw
        mov     %esp, int_exp + R_ESP   # mov leaves the flags alone
        int     $INT_VECTOR
int_return:
        mov     %esp, int_got + R_ESP
        pushfl
        popl    int_got + R_FLAGS
        cli
        cld                             # INT_FLAGS set DF
        mov     %eax, int_got + R_EAX
        mov     %ebx, int_got + R_EBX
        mov     %ecx, int_got + R_ECX
        mov     %edx, int_got + R_EDX
        mov     %esi, int_got + R_ESI
        mov     %edi, int_got + R_EDI
        mov     %ebp, int_got + R_EBP
        andl    $FLAGS_CHECKED, int_got + R_FLAGS
        andl    $FLAGS_CHECKED, int_got + R_RET_FLAGS
        andl    $FLAGS_CHECKED, int_got + R_INSIDE
        CHECK   int_exp, int_got, int_names, INT_RECORD_DWORDS
        popal
        ret

# Records what it was entered with, then returns different EAX, EBX and
# flags.  Stack after `push %bp`: BP, IP, CS, FLAGS.
int_handler:
        pushfl
        popl    int_got + R_INSIDE
        push    %bp
        mov     %sp, %bp
        mov     %eax, int_scratch
        incl    int_got + R_COUNT
        movzwl  2(%bp), %eax
        mov     %eax, int_got + R_RET_IP
        movzwl  4(%bp), %eax
        mov     %eax, int_got + R_RET_CS
        movzwl  6(%bp), %eax
        mov     %eax, int_got + R_RET_FLAGS
        andw    $~INT_FLAGS_CLEARED, 6(%bp)
        orw     $INT_FLAGS_SET, 6(%bp)
        mov     int_scratch, %eax
        not     %eax
        bswap   %ebx
        pop     %bp
        iret

# --- IRQ0 and hlt ------------------------------------------------------

# With interrupts off, poll the master's IRR (OCW3) until IRQ0 is pending.
wait_irq0_pending:
        mov     $0x0a, %al              # OCW3: reads of port 0x20 give the IRR
        out     %al, $PIC1
        mov     $IRR_POLLS, %ecx
1:      in      $PIC1, %al
        test    $0x01, %al
        jnz     2f
        dec     %ecx
        jnz     1b
        PRINTLN "FAIL IRQ0 wakes hlt: IRQ0 never became pending in the master's IRR"
        EXIT    1
2:      ret

# sti; hlt, then check that IRQ0 ended the hlt: the handler ran exactly
# once and its iret came back to the instruction after hlt.
hlt_round:
        movl    $0, irq0_got + 0
        sti                             # the interrupt shadow covers hlt,
        hlt                             # so the return address follows it
hlt_return:
        cli
        CHECK   irq0_exp, irq0_got, irq0_names, 3
        ret

# Count, record where it would return to, EOI.
irq0_handler:
        push    %bp
        mov     %sp, %bp                # BP, IP, CS, FLAGS
        push    %eax
        incl    irq0_got + 0
        movzwl  2(%bp), %eax
        mov     %eax, irq0_got + 4
        movzwl  4(%bp), %eax
        mov     %eax, irq0_got + 8
        mov     $0x20, %al              # non-specific EOI
        out     %al, $PIC1
        pop     %eax
        pop     %bp
        iret

        .data
        .p2align 2
entry_got:      .long   0, 0, 0, 0, 0, 0
entry_exp:      .long   0, 0, 0, 0, STACK_TOP, 0x80
        NAMES   entry_names, "cs", "ds", "es", "ss", "sp", "dl"

int_got:        .fill   INT_RECORD_DWORDS, 4, 0
int_exp:        .long   ~INT_EAX, INT_EBX_SWAPPED, INT_ECX, INT_EDX
                .long   INT_ESI, INT_EDI, INT_EBP
                .long   0, 0                    # esp, eflags: set at run time
                .long   1, int_return, 0        # count, return IP, return CS
                .long   0, 0                    # frame flags, inside: run time
        NAMES   int_names, "eax", "ebx", "ecx", "edx", "esi", "edi", "ebp", "esp", "eflags", "handler calls", "return ip", "return cs", "flags in the frame", "flags inside the handler"
int_scratch:    .long   0
int_flags_in:   .word   0

irq0_got:       .long   0, 0, 0
irq0_exp:       .long   1, hlt_return, 0
        NAMES   irq0_names, "IRQ0 handler calls", "IRQ0 return ip", "IRQ0 return cs"

        STRING  debug_line, "hello: real-mode guest writing to the debug port\n"
