# memfill.S - memory whose contents say where they are: every aligned
# dword holds its own linear address, so a load shows which segment base
# and offset it really used.

        .include "guest.inc"

        .text
        CODE16
        .globl  fill_linear16, fill_linear32

# Real mode: the CX dwords from ES:DI on (DI a multiple of 4) get their
# linear addresses ES * 16 + offset.  Preserves all registers.
fill_linear16:
        pushal
        mov     %es, %ax
        movzwl  %ax, %eax
        shl     $4, %eax
        movzwl  %di, %edx
        add     %edx, %eax
        movzwl  %cx, %ecx
1:      stosl
        add     $4, %eax
        loop    1b
        popal
        ret

        CODE32
# Flat protected mode: the ECX dwords from EDI on (a multiple of 4) get
# their addresses.  Preserves all registers.
fill_linear32:
        pushal
        mov     %edi, %eax
1:      stosl
        add     $4, %eax
        loop    1b
        popal
        ret
