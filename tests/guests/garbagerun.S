# garbagerun.S - the mode-switching half of the hostile-input guest
# (garbage.c generates the chunks; tests/system/garbage.sh runs it).
#
# run_chunk (called from 32-bit C) runs one chunk of random instruction
# bytes in *big real mode*: DS/ES/FS/GS keep 4 GiB protected-mode caches,
# SS a 64 KiB one, CR0.PE is clear and CS is a real-mode segment, so under
# the assist every instruction of the chunk is emulated.
#
# Whatever the chunk does ends in one of two places, both CS = 0 and
# touching no stack before the registers are saved:
#   gb_epilogue  the chunk ran off its end into the far jump garbage.c
#                appends;
#   gb_stubs     one 16-byte stub per vector (the IVT at 0 points vector N
#                at stub N): an exception, an INT n, or the PIT watchdog
#                (IRQ0, which garbage.c routes to vector 0xF8).
# Both store the registers, EFLAGS and selectors CS-relative in gb_out,
# reload the known GDTR and return to 32-bit protected mode; garbage.c
# resets CR3/CR4 and the rest.
#
# This file is the low image (garbage.ld): real mode reaches it with
# CS = 0, so it must stay below 64 KiB.

        .include "guest.inc"

# The chunk's data segments (garbage.c builds the GDT).
        .set    SEL_BIG, 0x28           # 16-bit data, 4 GiB, base GB_SANDBOX
        .set    SEL_STK, 0x30           # 16-bit data, 64 KiB, base GB_STACK

# struct gb_regs in garbage.c: gpr[8] in x86 order, eflags, sreg[6]
# (es cs ss ds fs gs), vector (-1: none), frame ip, cs, flags.
        .set    R_EFLAGS, 32
        .set    R_SREG, 36
        .set    R_VEC, 60
        .set    R_FRAME, 64
        .set    R_SIZE, 76

        MULTIBOOT_ENTRY 0
        mov     $gb_stack + 16384, %esp    # garbage.c
        call    garbage_main            # never returns: it writes the verdict
1:      hlt
        jmp     1b

        .text
        .globl  run_chunk, gb_stubs, gb_epilogue, gb_in, gb_out, gb_entry
        .globl  gb_gdt_desc

# void run_chunk(void): gb_in -> chunk at gb_entry -> gb_out.
        CODE32
run_chunk:
        pushal
        mov     %esp, gb_saved_esp
        ljmp    $SEL_CODE16, $1f

        CODE16
1:      mov     $SEL_BIG, %ax
        mov     %ax, %ds
        mov     %ax, %es
        mov     %ax, %fs
        mov     %ax, %gs
        mov     $SEL_STK, %ax
        mov     %ax, %ss
        CLEAR_PE
        ljmp    $0, $2f

# Big real mode: only CS-relative memory from here on.
2:      lidtw   %cs:gb_ivt_desc
        mov     %cs:gb_in + 4 * 4, %esp
        pushl   %cs:gb_in + R_EFLAGS    # IF=1: the watchdog is armed
        popfl
        RM_LOAD_GPRS gb_in
        ljmp    *%cs:gb_entry

# The chunk completed: its flags need a stack, so switch to a known one
# first (mov to a segment register or SP leaves the flags alone).
# At an offset whose bytes (00 xx) decode harmlessly when the chunk
# swallows the far jump's opcode: 0x8E there was MOV SS.
        .p2align 8
gb_epilogue:
        RM_STORE_REGS gb_out, R_SREG
        mov     $0, %ax
        mov     %ax, %ss
        mov     $0x7ff0, %esp
        pushfl
        cli
        popl    %cs:gb_out + R_EFLAGS
        movl    $-1, %cs:gb_out + R_VEC
        jmp     gb_leave

# IVT targets: stub N records N and joins gb_fault.  No stack use: the
# chunk's SS:SP may point anywhere.
        .p2align 4
gb_stubs:
        .set    vec, 0
        .rept   256
        .p2align 4
        movb    $vec, %cs:gb_vec
        jmp     gb_fault
        .set    vec, vec + 1
        .endr

# The CPU pushed FLAGS, CS, IP on the chunk's stack and cleared IF/TF.
gb_fault:
        RM_STORE_REGS gb_out, R_SREG
        movl    $0, %cs:gb_out + R_EFLAGS   # the chunk's are in the frame
        movzbl  %cs:gb_vec, %eax
        mov     %eax, %cs:gb_out + R_VEC
        mov     %sp, %bx
        movzwl  %ss:0(%bx), %eax
        mov     %eax, %cs:gb_out + R_FRAME + 0
        movzwl  %ss:2(%bx), %eax
        mov     %eax, %cs:gb_out + R_FRAME + 4
        movzwl  %ss:4(%bx), %eax
        mov     %eax, %cs:gb_out + R_FRAME + 8
gb_leave:
        lgdtl   %cs:gb_gdt_desc         # the chunk may have loaded another
        RM_TO_PM32 gb_pm_return

        CODE32
gb_pm_return:
        LOAD_SEGS SEL_DATA32
        mov     gb_saved_esp, %esp
        pushl   $2                      # C wants DF=0 and IF=0
        popfl
        popal
        ret

        .data
        .p2align 2
gb_in:          .skip   R_SIZE
gb_out:         .skip   R_SIZE
gb_entry:       .word   0, 0            # IP, CS of the chunk's first byte
gb_saved_esp:   .long   0
gb_vec:         .byte   0
        .p2align 1
gb_ivt_desc:    .word   0x3ff           # the IVT at linear 0
                .long   0
gb_gdt_desc:    .word   0               # filled by garbage.c
                .long   0
