# picbase.S - pattern 10: the PIC's vector bases reprogrammed from real
# mode (ICW2 0x50 master, 0x58 slave), IRQ0 taken in real mode on 0x50,
# then in protected mode through the guest's own IDT on the same 0x50
# (under the assist the hypervisor restores it from rm_irqbase at every
# RESTORE and programs its own 0x20/0x28 at every INVOKE), and back.
#
# IRQ0 is the PIT's one-shot (pic.S), taken with sti; hlt.  Every other
# vector from 0x20 to 0x5f, in real mode and in protected mode, leads to
# a FAIL line naming it: an IRQ0 on the old base 8, on the assist's own
# base 0x20 or anywhere else is caught.  Two trips, so that the bases
# must survive the world switches more than once.  Then IRQ0 in big real
# mode (emulated under the assist: the IRQ must end an emulated hlt and
# arrive between two emulated instructions of a busy loop), and IRQ0 in
# protected mode reflected by the guest's own handler to its real-mode
# handler (a full PM -> RM -> PM round trip inside an interrupt).

        .include "pattern.inc"

        .set    MASTER_BASE, 0x50
        .set    SLAVE_BASE, 0x58
        .set    CATCH_FIRST, 0x20       # vectors caught besides the
        .set    CATCH_END, 0x60         # exceptions
        .set    STUB_SIZE, 8
        .set    TRIPS, 2
        .set    SPIN_LIMIT, 100000000   # a busy loop far longer than 1 ms

        FLAT_START "picbase: PIC bases programmed in real mode, IRQ0 in real and protected mode (pattern 10)"
        mov     $rm_catch_stubs, %ax    # IVT 0x20..0x5f: the catchers
        mov     $CATCH_FIRST * 4, %bx
1:      mov     %ax, (%bx)
        movw    $0, 2(%bx)
        add     $STUB_SIZE, %ax
        add     $4, %bx
        cmp     $CATCH_END * 4, %bx
        jb      1b
        movw    $rm_irq0, MASTER_BASE * 4
        mov     $pm_idt, %si            # the IDT: pmtrap's exception gates,
        mov     $irq_idt, %di           # then the static rest
        mov     $32 * 8 / 4, %cx
        rep movsl

        mov     $(SLAVE_BASE << 8) | MASTER_BASE, %ax
        call    pic_init16

next_trip:
        call    rm_tick
        mov     trip, %eax
        test    %eax, %eax
        jnz     1f
        PRINTLN "PASS pattern 10: PIC bases 50/58 programmed in real mode; IRQ0 arrives on vector 50 in real mode"
1:      lgdtw   gdt_desc
        lidtw   irq_idt_desc
        RM_TO_PM32 1f
        CODE32
1:      LOAD_SEGS SEL_DATA32
        incl    pm_expect
        call    pit_arm32
        sti
        hlt
        cli
        mov     pm_expect, %eax
        cmp     pm_irq0s, %eax
        jne     pm_lost
        mov     trip, %eax
        test    %eax, %eax
        jnz     1f
        PRINTLN "PASS pattern 10: in protected mode the guest's IDT sees IRQ0 on vector 50, the base programmed in real mode"
1:      PM32_TO_REAL
        call    rm_tick
        mov     trip, %eax
        test    %eax, %eax
        jnz     1f
        PRINTLN "PASS pattern 10: back in real mode IRQ0 arrives on vector 50 again"
1:      incl    trip
        cmpl    $TRIPS, trip
        jb      next_trip
        PRINTLN "PASS pattern 10: a second round trip, the bases survive every world switch"

# --- big real mode (emulated under the assist) ----------------------------------------
        REAL_TO_PM32
        PM32_TO_REAL SEL_BIG16
        call    rm_tick                 # sti; hlt
        incl    rm_expect               # sti and a busy loop: the IRQ
        call    pit_arm16               # comes between two instructions
        mov     $SPIN_LIMIT, %ecx
        sti
1:      mov     rm_expect, %eax
        cmp     rm_irq0s, %eax
        je      2f
        addr32 loop 1b
2:      cli
        mov     rm_expect, %eax
        cmp     rm_irq0s, %eax
        jne     rm_lost
        REAL_TO_PM32
        PM32_TO_REAL
        PRINTLN "PASS pattern 10: in big real mode IRQ0 on vector 50 ends hlt and interrupts a busy loop"

# --- protected mode reflecting IRQ0 to its real-mode handler ---------------------------
        movw    $pm_reflect, irq_idt + MASTER_BASE * 8
        lgdtw   gdt_desc
        lidtw   irq_idt_desc
        RM_TO_PM32 1f
        CODE32
1:      LOAD_SEGS SEL_DATA32
        incl    rm_expect
        call    pit_arm32
        sti
        hlt
        cli
        mov     rm_expect, %eax
        cmp     rm_irq0s, %eax
        jne     pm_lost
        movw    $pm_irq0, irq_idt + MASTER_BASE * 8
        PM32_TO_REAL
        PRINTLN "PASS pattern 10: IRQ0 taken in protected mode, reflected by the guest to its real-mode handler and back"
        PRINTLN "PASS picbase"
        EXIT    0

# One IRQ0 in real mode: arm the PIT, wait for it with sti; hlt.
rm_tick:
        incl    rm_expect
        call    pit_arm16
        sti
        hlt
        cli
        mov     rm_expect, %eax
        cmp     rm_irq0s, %eax
        jne     rm_lost
        ret

rm_lost:
        PRINTLN "FAIL pattern 10: IRQ0 did not arrive on real-mode vector 50"
        EXIT    1

rm_irq0:
        push    %ax
        incl    %cs:rm_irq0s
        mov     $0x20, %al              # non-specific EOI
        out     %al, $PIC1
        pop     %ax
        iret

# IVT 0x20..0x5f (0x50 is replaced by rm_irq0): FAIL with the vector.
        .p2align 3
rm_catch_stubs:
        .set    vec, CATCH_FIRST
        .rept   CATCH_END - CATCH_FIRST
        .p2align 3
        push    $vec
        jmp     rm_catch_common
        .set    vec, vec + 1
        .endr
rm_catch_common:
        xor     %ax, %ax
        mov     %ax, %ds
        pop     %ax
        PRINT   "FAIL pattern 10: an interrupt on real-mode vector 0x"
        movzwl  %ax, %eax
        mov     $2, %ecx
        call    puthex16
        call    newline16
        EXIT    1

        CODE32
pm_lost:
        PRINTLN "FAIL pattern 10: IRQ0 did not arrive on protected-mode vector 50"
        EXIT    1

# IRQ0 in protected mode handed to the real-mode handler, the way
# SYSLINUX's and DOS extenders' interrupt reflection does it: to real
# mode, pushf and a far call through the IVT, back to protected mode,
# iret.  The handler's stack frame stays where it is (base 0 throughout).
pm_reflect:
        pushal
        PM32_TO_REAL
        pushf
        lcall   *MASTER_BASE * 4
        lgdtw   gdt_desc
        lidtw   irq_idt_desc
        RM_TO_PM32 1f
        CODE32
1:      LOAD_SEGS SEL_DATA32
        popal
        iret

pm_irq0:
        push    %eax
        incl    pm_irq0s
        mov     $0x20, %al
        out     %al, $PIC1
        pop     %eax
        iret

        .p2align 3
pm_catch_stubs:
        .set    vec, CATCH_FIRST
        .rept   CATCH_END - CATCH_FIRST
        .p2align 3
        push    $vec
        jmp     pm_catch_common
        .set    vec, vec + 1
        .endr
pm_catch_common:
        pop     %eax
        PRINT   "FAIL pattern 10: an interrupt on protected-mode vector 0x"
        mov     $2, %ecx
        call    puthex32
        call    newline32
        EXIT    1

        .data
        .p2align 2
trip:           .long   0
rm_irq0s:       .long   0
rm_expect:      .long   0
pm_irq0s:       .long   0
pm_expect:      .long   0

        .p2align 3
irq_idt:        .fill   32, 8, 0        # pmtrap's gates, copied at start
        .set    vec, CATCH_FIRST
        .rept   CATCH_END - CATCH_FIRST
        .if     vec == MASTER_BASE
        .word   pm_irq0
        .else
        .word   pm_catch_stubs + (vec - CATCH_FIRST) * STUB_SIZE
        .endif
        .word   SEL_CODE32, 0x8e00, 0   # 32-bit interrupt gate, DPL 0
        .set    vec, vec + 1
        .endr
irq_idt_end:
        .p2align 1
irq_idt_desc:   .word   irq_idt_end - irq_idt - 1
                .long   irq_idt
