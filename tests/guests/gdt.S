# gdt.S - the GDT shared by the guests that enter protected mode.

        .include "guest.inc"

        .data
        .p2align 3
        .globl  gdt, gdt_desc, GDT_LIMIT
gdt:
        .quad   0                       # null
        .quad   0x00cf9a000000ffff      # SEL_CODE32: base 0, 4 GiB, D=1
        .quad   0x00cf92000000ffff      # SEL_DATA32: base 0, 4 GiB, B=1
        .quad   0x00009a000000ffff      # SEL_CODE16: base 0, 64 KiB, D=0
        .quad   0x000092000000ffff      # SEL_DATA16: base 0, 64 KiB, B=0
gdt_end:
        .set    GDT_LIMIT, gdt_end - gdt - 1

        .p2align 1
gdt_desc:
        .word   GDT_LIMIT
        .long   gdt
