# gdt.S - the GDT shared by the guests that enter protected mode, and
# gdt_set16 / gdt_set_table16, which fill its scratch descriptors at run
# time.

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
        .quad   0x00af9a000000ffff      # 0x28 (pattern.inc): 64-bit code, L=1
        .quad   0x008f92000000ffff      # 0x30: 16-bit data, base 0, 4 GiB
        .quad   0, 0, 0, 0, 0, 0        # 0x38-0x60: scratch, see gdt_set16
gdt_end:
        .set    GDT_LIMIT, gdt_end - gdt - 1

        .p2align 1
gdt_desc:
        .word   GDT_LIMIT
        .long   gdt

        .text
        .code16
        .globl  gdt_set16, gdt_set_table16
# Real mode, DS = 0: write the descriptor BX (a selector of this GDT) with
# base ESI, limit field EDI (20 bits, in pages when G is set) and AX =
# access byte | flags nibble (AVL L D/B G) << 12.  Preserves all registers.
gdt_set16:
        pushal
        movzwl  %bx, %ebx
        and     $~7, %bx
        mov     %esi, %edx              # low dword: base 15..0, limit 15..0
        shl     $16, %edx
        mov     %di, %dx
        mov     %edx, gdt(%ebx)
        mov     %esi, %edx              # high dword: base 31..24, flags,
        and     $0xff000000, %edx       # limit 19..16, access, base 23..16
        mov     %esi, %ecx
        shr     $16, %ecx
        mov     %cl, %dl
        and     $0x000f0000, %edi
        or      %edi, %edx
        movzwl  %ax, %eax
        mov     %eax, %ecx
        and     $0xff, %ecx
        shl     $8, %ecx
        or      %ecx, %edx
        and     $0xf000, %eax
        shl     $8, %eax
        or      %eax, %edx
        mov     %edx, gdt + 4(%ebx)
        popal
        ret

# Real mode, DS = 0: gdt_set16 for every record of the table at SI
# (pattern.inc's DESC: selector, type, base, limit), up to DESC_END.
# Preserves all registers.
gdt_set_table16:
        pushal
        mov     %si, %bp
1:      mov     %ds:0(%bp), %bx
        test    %bx, %bx
        jz      2f
        mov     %ds:2(%bp), %ax
        mov     %ds:4(%bp), %esi
        mov     %ds:8(%bp), %edi
        call    gdt_set16
        add     $12, %bp
        jmp     1b
2:      popal
        ret
