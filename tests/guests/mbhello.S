# mbhello.S - a multiboot kernel that visits real mode and comes back.
#
# Entered like any multiboot kernel (flat 32-bit protected mode, EAX =
# 0x2BADB002, EBX = multiboot info), it checks the handoff, prints from
# 32-bit protected mode, drops to real mode through a 16-bit protected-mode
# segment, prints from real mode, returns to 32-bit protected mode and
# reports.  If this works under the assist, any multiboot kernel can be a
# guest.  Linked at 32 KiB (multiboot.ld) so that real mode reaches all of it
# with CS = DS = SS = 0.
#
# QEMU's own -kernel multiboot loader cannot run it as linked: it puts the
# multiboot info at 0x9500 and then copies the kernel image, padded to
# whole pages plus a page for the command line, over it (from 0x8000 that
# always covers 0x9500), so the handoff check fails there.  The same
# objects linked at 0xa000 pass under QEMU -kernel.

        .include "guest.inc"

        .set    MB_FLAGS, 0x00000002    # we want mem_lower / mem_upper
        .set    MB_BOOT_MAGIC, 0x2badb002
        .set    MBI_FLAG_MEM, 0x00000001
        .set    MBI_FLAGS, 0            # offsets in the multiboot info
        .set    MBI_MEM_LOWER, 4
        .set    MBI_MEM_UPPER, 8
        .set    STACK_SIZE, 4096

        MULTIBOOT_ENTRY MB_FLAGS
        mov     %eax, boot_got + 0      # the loader's segments are flat:
        mov     %ebx, mbi               # DS can be used as is
        mov     $stack_top, %esp
        lgdt    gdt_desc                # a multiboot kernel must bring its own
        ljmp    $SEL_CODE32, $1f
1:      LOAD_SEGS SEL_DATA32
        lidt    pm_idt_desc
        call    serial_init32
        PRINTLN "mbhello: multiboot kernel in 32-bit protected mode"

        FAILCTX "multiboot handoff"
        mov     mbi, %ebx
        mov     MBI_FLAGS(%ebx), %eax
        and     $MBI_FLAG_MEM, %eax
        mov     %eax, boot_got + 4
        CHECK   boot_exp, boot_got, boot_names, 2
        mov     $1, %eax                # conventional memory: 1..640 KiB
        mov     $640, %ecx
        mov     MBI_MEM_LOWER(%ebx), %edx
        mov     $name_mem_lower, %esi
        LIBCALL check_range
        mov     $1024, %eax             # at least 1 MiB above 1 MiB, and
        mov     $0x3ffc00, %ecx         # below 4 GiB
        mov     MBI_MEM_UPPER(%ebx), %edx
        mov     $name_mem_upper, %esi
        LIBCALL check_range
        PRINTLN "PASS multiboot handoff: EAX=2badb002, mem_lower and mem_upper sane"
        PRINTLN "PASS output from 32-bit protected mode"

        ljmp    $SEL_CODE16, $pm16

# --- 16-bit protected mode: segments with real-mode-like limits -----------
        CODE16
pm16:
        LOAD_SEGS SEL_DATA16
        CLEAR_PE
        ljmp    $0, $real_mode          # EA: the only insn allowed here
real_mode:
        xor     %ax, %ax                # window: reload every data segment
        mov     %ax, %ds
        mov     %ax, %es
        mov     %ax, %ss
        mov     $stack_top, %sp
        mov     %ax, %fs
        mov     %ax, %gs
        # window over: ordinary real mode from here
        lidtw   rm_ivt_desc
        call    rm_traps_install
        PRINTLN "mbhello: hello from real mode"
        FAILCTX "real mode"
        mov     %cr0, %eax
        and     $1, %eax
        mov     %eax, rm_got + 0
        mov     %cs, rm_got + 4
        CHECK   rm_exp, rm_got, rm_names, 2
        PRINTLN "PASS output from real mode"

        lgdtw   gdt_desc
        lidtw   pm_idt_desc
        RM_TO_PM32 pm32_again

# --- 32-bit protected mode again -------------------------------------------
        CODE32
pm32_again:
        LOAD_SEGS SEL_DATA32
        mov     $stack_top, %esp
        PRINTLN "PASS back in 32-bit protected mode"
        PRINTLN "PASS mbhello"
        EXIT    0

        .data
        .p2align 2
mbi:            .long   0
boot_got:       .long   0, 0
boot_exp:       .long   MB_BOOT_MAGIC, MBI_FLAG_MEM
        NAMES   boot_names, "eax", "mbi flags & mem"
        STRING  name_mem_lower, "mem_lower (KiB)"
        STRING  name_mem_upper, "mem_upper (KiB)"
rm_got:         .long   0, 0            # high halves stay 0
rm_exp:         .long   0, 0
        NAMES   rm_names, "cr0.pe", "cs"

        .bss
        .p2align 4
stack:          .skip   STACK_SIZE
stack_top:
