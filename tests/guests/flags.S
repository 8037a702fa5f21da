# flags.S - pattern 9: pushf/popf of 32-bit flags, AC and ID toggling
# (the CPUID-style probes), iret used as a far call.
#
# One probe routine, run three times: in real mode (VM86 under the
# assist, where pushf/popf/iret trap because IOPL is kept at 0), in the PE
# window and with stale caches after clearing PE (both emulated).  It
# records:
#   - the bits a popfl toggling AC and ID really toggles (Linux's and
#     every BIOS's "is there CPUID" test);
#   - pushfl after popfl of all ones but TF: every writable flag set,
#     RF (cleared by popf), VM, VIF and VIP (unchanged by popf) clear;
#   - pushfl after popfw 0: the low 16 bits change, AC and ID stay;
#   - pushfw after popfw 0xfeff: bits 12-14 (IOPL, NT) are writable, 15
#     is not (the 8086/286/386 detection);
#   - how far pushfw and pushfl move ESP.
# In real mode and the stale window, iretw and iretl also serve as far
# calls: push a return address, then FLAGS/CS/IP of a target in another
# code segment, iret there; the target records its flags and CS and
# returns with lret.

        .include "pattern.inc"

        .set    EFL_AC, 0x00040000
        .set    EFL_ID, 0x00200000
        .set    ALL_BUT_TF, 0xfffffeff
        .set    ALL_WRITABLE, 0x00247ed7        # what a popf of that leaves
        .set    TARGET_CS, 0x0321               # the iret targets' segment
        .set    TARGET_BASE, TARGET_CS << 4
        .set    CALL_FLAGS16, 0x0cd5            # OF DF SF ZF AF PF CF
        .set    CALL_FLAGS32, EFL_AC | EFL_ID | 0x08c1  # AC ID OF SF CF
        .set    PROBE_DWORDS, 6
        .set    CALL_DWORDS, 6

        FLAT_START "flags: pushf/popf, AC/ID toggling, iret as a far call (pattern 9)"

# --- real mode (VM86) -----------------------------------------------------
        mov     $rm_probe, %di
        call    flags_probe16
        VERDICT probe_exp, rm_probe, probe_names, PROBE_DWORDS, "pattern 9: pushf/popf in real mode: 32- and 16-bit forms, AC and ID toggle, RF/VM/VIF/VIP stay clear"
        mov     $rm_call, %di
        call    iret_calls16
        VERDICT call_exp, rm_call, call_names, CALL_DWORDS, "pattern 9: iretw and iretl used as far calls in real mode"

# --- the PE window ------------------------------------------------------------
        lgdtw   gdt_desc
        lidtw   pm_idt_desc
        mov     %cr0, %eax
        or      $1, %al
        mov     %eax, %cr0
        mov     $win_probe, %di         # emulated from here to the jump
        call    flags_probe16
        ljmpl   $SEL_CODE32, $1f
        CODE32
1:      LOAD_SEGS SEL_DATA32
        VERDICT probe_exp, win_probe, probe_names, PROBE_DWORDS, "pattern 9: the same pushf/popf probes in the PE window"

# --- the stale window after clearing PE --------------------------------------
        PM32_TO_STALE                   # DS..SS: stale 16-bit PM caches
        lidtw   rm_ivt_desc
        mov     $stale_probe, %di
        call    flags_probe16
        mov     $stale_call, %di
        call    iret_calls16
        LOAD_SEGS 0
        FAILCTX "pattern 9: pushf/popf probes with stale caches after clearing PE"
        CHECK   probe_exp, stale_probe, probe_names, PROBE_DWORDS
        VERDICT call_exp, stale_call, call_names, CALL_DWORDS, "pattern 9: the same probes and iret calls with stale caches after clearing PE"

        PRINTLN "PASS flags"
        EXIT    0

# The probes into the PROBE_DWORDS dwords at DI (DS-relative); returns
# with the flags it was called with.
flags_probe16:
        pushfl
        pushfl                          # AC/ID: which bits really toggle
        popl    %eax
        mov     %eax, %ecx
        xor     $EFL_AC | EFL_ID, %eax
        pushl   %eax
        popfl
        pushfl
        popl    %eax
        xor     %ecx, %eax
        mov     %eax, 0(%di)
        pushl   $ALL_BUT_TF             # every flag a popf can write
        popfl
        pushfl
        popl    4(%di)
        pushw   $0                      # 16 bits: AC and ID stay
        popfw
        pushfl
        popl    8(%di)
        pushw   $ALL_BUT_TF & 0xffff
        popfw
        pushfw
        popw    12(%di)
        movw    $0, 14(%di)
        mov     %esp, %ebx              # how far pushfw and pushfl go
        pushfw
        sub     %esp, %ebx
        mov     %ebx, 16(%di)
        popfw
        mov     %esp, %ebx
        pushfl
        sub     %esp, %ebx
        mov     %ebx, 20(%di)
        popfl
        popfl
        ret

# iretw, then iretl, as far calls to TARGET_CS; the CALL_DWORDS dwords at
# DI get each target's flags, CS and return check.
iret_calls16:
        pushfl
        pushw   %cs                     # where the target's lretw returns
        pushw   $1f
        pushw   $CALL_FLAGS16           # FLAGS, CS, IP for iretw
        pushw   $TARGET_CS
        pushw   $iret_target16 - TARGET_BASE
        iretw
1:      movl    $1, 8(%di)
        pushl   $0                      # CS, zero-extended, for lretl
        mov     %cs, (%esp)
        pushl   $2f
        pushl   $CALL_FLAGS32           # EFLAGS, CS, EIP for iretl
        pushl   $TARGET_CS
        pushl   $iret_target32 - TARGET_BASE
        iretl
2:      movl    $1, 20(%di)
        popfl
        ret

# Reached with CS = TARGET_CS: record the flags and CS at DI + \off and
# return with \ret.  Only DS-relative data and relative jumps.
        .macro  IRET_TARGET name, off, ret
\name:  pushfl
        popl    \off(%di)
        movl    $0, \off + 4(%di)
        mov     %cs, \off + 4(%di)
        \ret
        .endm
        IRET_TARGET iret_target16, 0, lretw
        IRET_TARGET iret_target32, 12, lretl

        .data
        .p2align 2
rm_probe:       .fill   PROBE_DWORDS, 4, 0
win_probe:      .fill   PROBE_DWORDS, 4, 0
stale_probe:    .fill   PROBE_DWORDS, 4, 0
probe_exp:      .long   EFL_AC | EFL_ID, ALL_WRITABLE, (EFL_AC | EFL_ID) | 2
                .long   ALL_WRITABLE & 0x7fff, 2, 4
        NAMES   probe_names, "bits toggled by popfl of AC^ID", "pushfl after popfl of all but TF", "pushfl after popfw 0", "pushfw after popfw feff", "pushfw moves ESP by", "pushfl moves ESP by"

rm_call:        .fill   CALL_DWORDS, 4, 0
stale_call:     .fill   CALL_DWORDS, 4, 0
call_exp:       .long   CALL_FLAGS16 | 2, TARGET_CS, 1
                .long   CALL_FLAGS32 | 2, TARGET_CS, 1
        NAMES   call_names, "iretw: flags at the target", "iretw: cs at the target", "iretw: lretw came back", "iretl: eflags at the target", "iretl: cs at the target", "iretl: lretl came back"
