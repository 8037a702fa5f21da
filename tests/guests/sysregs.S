# sysregs.S - pattern 8: sgdt, sidt, smsw, str, sldt and mov from cr0
# show the guest's own values, in real mode and in both windows.
#
#   real mode (VM86 under the assist; sgdt/sidt/smsw trap there through
#   UMIP, mov from cr0 is privileged, str/sldt are #UD in VM86 as in real
#   mode):
#     sgdtl/sidtl after lgdtw/lgdtl/lidtw/lidtl (16-bit forms drop the top
#     base byte), sgdtw after lgdtw; smsw to a 16-bit and a 32-bit register
#     and to memory, mov from cr0; str and sldt (register and memory) raise
#     #UD at the instruction; INT through an IVT that lidt moved to 128 KiB,
#     and #GP (through the moved IVT) for a vector beyond its limit
#   PE window (emulated): sgdtl, sidtl, smsw, mov from cr0, and str/sldt,
#     which now show the TR and LDTR the guest loaded on an earlier visit
#     to protected mode
#   stale window after clearing PE (emulated: DS..SS hold 16-bit
#     protected-mode caches): sgdtl, sidtl (still the protected-mode IDT),
#     smsw, mov from cr0; str raises #UD again
#
# Known difference between QEMU and the SDM, avoided here: QEMU's 16-bit
# sgdt/sidt store a 24-bit base (top byte 0), the SDM's CPUs all 32 bits;
# sgdtw is used only on a base whose top byte is 0 anyway.

        .include "pattern.inc"

        .set    CR0_RESET, 0x60000010   # CD NW ET, as after RESET
        .set    RELOC_IVT, 0x20000      # where lidt moves the IVT
        .set    RELOC_SEG, RELOC_IVT >> 4
        .set    INT_VECTOR, 0x61
        .set    SHORT_IVT_LIMIT, INT_VECTOR * 4 - 1     # ends just before it
        .set    SEL_TSS, SEL_SCRATCH0
        .set    SEL_LDT, SEL_SCRATCH1

# An 8-byte slot for what sgdt/sidt store (6 bytes) and 2 bytes they
# must leave alone; the expected contents of such a slot.
        .macro  DTR_SLOT
        .word   0xa5a5, 0xa5a5, 0xa5a5, 0xa5a5
        .endm
        .macro  DTR_EXP limit, base
        .word   \limit
        .long   \base
        .word   0xa5a5
        .endm

        FLAT_START "sysregs: sgdt, sidt, smsw, str, sldt, mov from cr0 in real mode and the windows (pattern 8)"

# --- real mode: descriptor-table registers --------------------------------
        lgdtw   gdtr_w
        sgdtl   rm_dtr + 0
        sgdtw   rm_dtr + 8
        lgdtl   gdtr_l
        sgdtl   rm_dtr + 16
        lidtw   idtr_w
        sidtl   rm_dtr + 24
        lidtl   idtr_l
        sidtl   rm_dtr + 32
        lidtw   rm_ivt_desc
        VERDICT rm_dtr_exp, rm_dtr, rm_dtr_names, 10, "pattern 8: sgdt/sidt in real mode store what lgdtw/lgdtl/lidtw/lidtl loaded"

# --- real mode: the machine status word and CR0 --------------------------
        mov     $0x5a5a5a5a, %eax
        smsw    %ax                     # high half of EAX stays
        mov     %eax, msw_got + 0
        mov     $0x5a5a5a5a, %eax
        smsw    %eax
        mov     %eax, msw_got + 4
        smsw    msw_got + 8             # 16 bits; the next two stay
        mov     %cr0, %eax
        mov     %eax, msw_got + 12
        VERDICT msw_exp, msw_got, msw_names, 4, "pattern 8: smsw and mov from cr0 in real mode show the guest's cr0 (60000010)"

# --- real mode: str and sldt are #UD -------------------------------------
        xor     %si, %si
        CATCH   6
        mov     $0x1234, %ax
ud_str: str     %ax
        jmp     ud_missing
1:      call    record_ud
        CATCH   6
        mov     $0x1234, %ax
ud_sldt:
        sldt    %ax
        jmp     ud_missing
1:      call    record_ud
        CATCH   6
        mov     $0x1234, %ax
ud_sldt_mem:
        sldt    ud_mem
        jmp     ud_missing
1:      call    record_ud
        call    rm_traps_install
        VERDICT ud_exp, ud_got, ud_names, 10, "pattern 8: str and sldt in real mode raise #UD at the instruction, registers and memory untouched"

# --- real mode: an IVT moved by lidt -------------------------------------
        mov     $13, %al                # arm #GP in the IVT at 0, then copy
        mov     $gp_resume, %dx         # that IVT to its new place
        call    rm_catch_arm16
        movw    $int_handler, INT_VECTOR * 4
        movw    $0, INT_VECTOR * 4 + 2
        mov     $RELOC_SEG, %ax
        mov     %ax, %es
        xor     %si, %si
        xor     %di, %di
        mov     $0x200, %cx
        rep movsw
        movw    $0, INT_VECTOR * 4      # the IVT at 0 no longer has it:
        xor     %ax, %ax                # only the moved one can reach
        mov     %ax, %es                # the handler
        lidtw   reloc_ivt_desc
        int     $INT_VECTOR
        lidtw   short_ivt_desc
int_too_far:
        int     $INT_VECTOR
        jmp     ud_missing
gp_resume:
        lidtw   rm_ivt_desc
        call    rm_traps_install
        mov     catch_count, %eax
        mov     %eax, ivt_got + 4
        mov     catch_ip, %eax
        mov     %eax, ivt_got + 8
        mov     catch_cs, %eax
        mov     %eax, ivt_got + 12
        VERDICT ivt_exp, ivt_got, ivt_names, 4, "pattern 8: INT goes through the IVT lidt moved; a vector past its limit raises #GP there"

# --- protected mode once: load TR and LDTR --------------------------------
        mov     $tr_ldtr_descs, %si
        call    gdt_set_table16
        REAL_TO_PM32
        mov     $SEL_TSS, %ax
        ltr     %ax
        mov     $SEL_LDT, %ax
        lldt    %ax
        PM32_TO_REAL

# --- the PE window --------------------------------------------------------
        lgdtw   gdt_desc
        lidtw   pm_idt_desc
        mov     %cr0, %eax
        or      $1, %al
        mov     %eax, %cr0
        # PE is set, CS still real: every instruction here is emulated
        sgdtl   win_dtr + 0
        sidtl   win_dtr + 8
        mov     $0x5a5a5a5a, %eax
        smsw    %ax
        mov     %eax, win_got + 0
        mov     %cr0, %eax
        mov     %eax, win_got + 4
        mov     $0x5a5a5a5a, %eax
        str     %ax
        mov     %eax, win_got + 8
        mov     $0x5a5a5a5a, %eax
        sldt    %ax
        mov     %eax, win_got + 12
        ljmpl   $SEL_CODE32, $1f
        CODE32
1:      LOAD_SEGS SEL_DATA32
        VERDICT win_exp, win_dtr, win_names, 8, "pattern 8: in the PE window sgdt, sidt, smsw, mov from cr0, str and sldt show the guest's values"

# --- the stale window after clearing PE ------------------------------------
        PM32_TO_STALE                   # DS..SS: selector 0x20, base 0,
                                        # 16-bit protected-mode caches
        sgdtl   stale_dtr + 0
        sidtl   stale_dtr + 8
        lidtw   rm_ivt_desc
        mov     $0x5a5a5a5a, %eax
        smsw    %ax
        mov     %eax, stale_got + 0
        mov     %cr0, %eax
        mov     %eax, stale_got + 4
        CATCH   6
        mov     $0x1234, %ax
ud_stale_str:
        str     %ax
        jmp     ud_missing
1:      mov     %eax, stale_got + 8
        mov     catch_count, %eax
        mov     %eax, stale_got + 12
        mov     catch_ip, %eax
        mov     %eax, stale_got + 16
        LOAD_SEGS 0
        call    rm_traps_install
        VERDICT stale_exp, stale_dtr, stale_names, 9, "pattern 8: with stale caches after clearing PE sgdt, sidt, smsw and mov from cr0 show the guest's values, str raises #UD"

        PRINTLN "PASS sysregs"
        EXIT    0

# After a caught #UD at ud_got[SI/4..]: count, IP, AX (must be 0x1234).
record_ud:
        mov     %ax, ud_got + 8(%si)
        mov     catch_count, %eax
        mov     %eax, ud_got + 0(%si)
        mov     catch_ip, %eax
        mov     %eax, ud_got + 4(%si)
        add     $12, %si
        ret

ud_missing:
        PRINTLN "FAIL pattern 8: an instruction that must fault did not"
        EXIT    1

int_handler:
        incl    %cs:ivt_got + 0
        iret

        .data
        .p2align 2
gdtr_w:         .word   0x1234          # lgdtw keeps 24 bits of the base
                .long   0x5aabcdef
gdtr_l:         .word   0x4321
                .long   0xfedcba98
idtr_w:         .word   0x0567
                .long   0xc3123456
idtr_l:         .word   0x0765
                .long   0x89abcdef
reloc_ivt_desc: .word   0x3ff
                .long   RELOC_IVT
short_ivt_desc: .word   SHORT_IVT_LIMIT
                .long   RELOC_IVT

        .p2align 2
rm_dtr:         .rept   5
                DTR_SLOT
                .endr
rm_dtr_exp:     DTR_EXP 0x1234, 0x00abcdef
                DTR_EXP 0x1234, 0x00abcdef
                DTR_EXP 0x4321, 0xfedcba98
                DTR_EXP 0x0567, 0x00123456
                DTR_EXP 0x0765, 0x89abcdef
        NAMES   rm_dtr_names, "sgdtl after lgdtw: limit, base 15..0", "sgdtl after lgdtw: base 31..16, next 2 bytes", "sgdtw after lgdtw: limit, base 15..0", "sgdtw after lgdtw: base 31..16, next 2 bytes", "sgdtl after lgdtl: limit, base 15..0", "sgdtl after lgdtl: base 31..16, next 2 bytes", "sidtl after lidtw: limit, base 15..0", "sidtl after lidtw: base 31..16, next 2 bytes", "sidtl after lidtl: limit, base 15..0", "sidtl after lidtl: base 31..16, next 2 bytes"

msw_got:        .long   0, 0, 0xa5a5a5a5, 0
msw_exp:        .long   0x5a5a0000 | (CR0_RESET & 0xffff), CR0_RESET
                .long   0xa5a50000 | (CR0_RESET & 0xffff), CR0_RESET
        NAMES   msw_names, "smsw %ax (EAX)", "smsw %eax", "smsw to memory (and the 2 bytes after it)", "mov %cr0, %eax"

ud_got:         .fill   9, 4, 0
ud_mem:         .long   0xa5a5a5a5
ud_exp:         .long   1, ud_str, 0x1234
                .long   1, ud_sldt, 0x1234
                .long   1, ud_sldt_mem, 0x1234
                .long   0xa5a5a5a5
        NAMES   ud_names, "str %ax: #UD count", "str %ax: #UD at", "str %ax: AX", "sldt %ax: #UD count", "sldt %ax: #UD at", "sldt %ax: AX", "sldt mem: #UD count", "sldt mem: #UD at", "sldt mem: AX", "sldt mem: the memory operand"

ivt_got:        .long   0, 0, 0, 0
ivt_exp:        .long   1, 1, int_too_far, 0
        NAMES   ivt_names, "int through the moved IVT: handler calls", "vector past the IDTR limit: #GP count", "vector past the IDTR limit: #GP at", "vector past the IDTR limit: #GP pushed CS"

        .p2align 2
win_dtr:        DTR_SLOT
                DTR_SLOT
win_got:        .long   0, 0, 0, 0
win_exp:        DTR_EXP GDT_LIMIT, gdt
                DTR_EXP PM_IDT_LIMIT, pm_idt
                .long   0x5a5a0000 | (CR0_RESET & 0xffff) | 1, CR0_RESET | 1
                .long   0x5a5a0000 | SEL_TSS, 0x5a5a0000 | SEL_LDT
        NAMES   win_names, "sgdtl: limit, base 15..0", "sgdtl: base 31..16, next 2 bytes", "sidtl: limit, base 15..0", "sidtl: base 31..16, next 2 bytes", "smsw %ax (EAX)", "mov %cr0, %eax", "str %ax (EAX)", "sldt %ax (EAX)"

        .p2align 2
stale_dtr:      DTR_SLOT
                DTR_SLOT
stale_got:      .long   0, 0, 0, 0, 0
stale_exp:      DTR_EXP GDT_LIMIT, gdt
                DTR_EXP PM_IDT_LIMIT, pm_idt
                .long   0x5a5a0000 | (CR0_RESET & 0xffff), CR0_RESET
                .long   (CR0_RESET & 0xffff0000) | 0x1234, 1, ud_stale_str
        NAMES   stale_names, "sgdtl: limit, base 15..0", "sgdtl: base 31..16, next 2 bytes", "sidtl: limit, base 15..0", "sidtl: base 31..16, next 2 bytes", "smsw %ax (EAX)", "mov %cr0, %eax", "str %ax: EAX", "str %ax: #UD count", "str %ax: #UD at"

tr_ldtr_descs:
        DESC    SEL_TSS, 0x0089, tss, 0x67      # present 32-bit TSS, available
        DESC    SEL_LDT, 0x0082, ldt, 0x0f      # present LDT
        DESC_END

        .p2align 3
tss:            .fill   0x68, 1, 0
ldt:            .quad   0, 0
