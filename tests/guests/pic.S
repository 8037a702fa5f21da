# pic.S - the 8259 PICs and the 8254 PIT channel 0 for the guests that
# take timer interrupts; assembled for 16-bit and for 32-bit code (suffix
# 16 / 32) like lib.S.

        .include "guest.inc"

        .set    PIT_COUNT, 1193         # about 1 ms at 1.193182 MHz
        .set    PIT_OUT_POLLS, 10000000 # far longer than 1 ms

        .macro  PIC sfx
        .globl  pic_init\sfx, pit_arm\sfx, pit_wait_out\sfx

# Initialise both PICs the way a BIOS does - edge triggered, cascaded on
# IRQ2, 8086 mode - with vector bases AL (master) and AH (slave), then
# mask everything but IRQ0.  The PIT first fires one one-shot and rests
# (mode 0 with OUT high: no more edges until pit_arm), and the PIC
# initialisation after it resets the edge sense and the latched IRR: no
# tick of the PIT's reset mode (periodic) is pending when a guest arms
# its one-shot, or a guest counting its IRQs could see that tick and then
# the one-shot too (a race a loaded host made visible).  Preserves all
# registers.
pic_init\sfx:
        push    %eax
        call    pit_arm\sfx
        call    pit_wait_out\sfx
        pop     %eax
        push    %eax
        push    %eax
        mov     $0x11, %al              # ICW1: edge, cascade, ICW4 follows
        out     %al, $PIC1
        out     %al, $PIC2
        pop     %eax                    # ICW2: the vector bases
        out     %al, $PIC1_DATA
        mov     %ah, %al
        out     %al, $PIC2_DATA
        mov     $0x04, %al              # ICW3: slave on IRQ2 / slave id 2
        out     %al, $PIC1_DATA
        mov     $0x02, %al
        out     %al, $PIC2_DATA
        mov     $0x01, %al              # ICW4: 8086 mode, normal EOI
        out     %al, $PIC1_DATA
        out     %al, $PIC2_DATA
        mov     $0xfe, %al              # OCW1: only IRQ0
        out     %al, $PIC1_DATA
        mov     $0xff, %al
        out     %al, $PIC2_DATA
        pop     %eax
        ret

# Poll channel 0's OUT pin (8254 read-back command, status of counter 0)
# until it is high - in mode 0: the one-shot has fired - or
# PIT_OUT_POLLS reads have passed.  Returns the last status in AL (bit 7:
# OUT); preserves the other registers.
pit_wait_out\sfx:
        push    %ecx
        mov     $PIT_OUT_POLLS, %ecx
1:      mov     $0xe2, %al              # read-back: latch counter 0's status
        out     %al, $PIT_CMD
        in      $PIT_CH0, %al
        test    $0x80, %al
        jnz     2f
        dec     %ecx
        jnz     1b
2:      pop     %ecx
        ret

# Channel 0 in mode 0 (interrupt on terminal count): one rising edge per
# arming, about 1 ms later.  A periodic mode would let a second tick race
# the checks after an interrupt; a one-shot makes "exactly once" hold by
# design.  Preserves all registers.
pit_arm\sfx:
        push    %eax
        mov     $0x30, %al              # channel 0, lobyte/hibyte, mode 0, binary
        out     %al, $PIT_CMD
        mov     $PIT_COUNT & 0xff, %al
        out     %al, $PIT_CH0
        mov     $PIT_COUNT >> 8, %al
        out     %al, $PIT_CH0
        pop     %eax
        ret
        .endm

        .text
        CODE16
        PIC     16
        CODE32
        PIC     32
