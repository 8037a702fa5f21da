# fxstate.S - FXSAVE and FXRSTOR in big real mode (iPXE keeps the guest's
# FPU/SSE state with them across its mode switches, in flat real mode).
#
#   real mode (VM86 under the assist: the CPU runs FXSAVE itself): after
#   FNINIT and FLDCW, FXSAVE to an image pre-filled with a pattern (the
#   bytes the CPU leaves alone, MXCSR and XMM while CR4.OSFXSR is clear,
#   keep it);
#   big real mode (emulated under the assist): FXSAVE of the same state to
#   a second image filled the same way must give the same 512 bytes;
#   FXRSTOR of an image with another control word; FXSAVE to an address
#   that is not 16-byte aligned raises #GP through the IVT at the
#   instruction and writes nothing;
#   real mode again: FNSTCW shows the control word FXRSTOR loaded.

        .include "pattern.inc"

        .set    GP_VECTOR, 13
        .set    FILL, 0x5a5a5a5a
        .set    FCW_A, 0x0a7f           # all masked, PC 53-bit, RC up
        .set    FCW_B, 0x0e7f           # ... RC toward zero

        FLAT_START "fxstate: fxsave/fxrstor in real mode and in big real mode"
        mov     $FILL, %eax             # both images: the same pattern
        mov     $img_rm, %di
        mov     $256, %cx
        rep stosl
        fninit
        fldcw   fcw_a
        fxsave  img_rm                  # VM86: the CPU's own image
        mov     $img_rm, %si            # the image to restore: FCW_B
        mov     $img_new, %di
        mov     $128, %cx
        rep movsl
        movw    $FCW_B, img_new

        REAL_TO_PM32
        PM32_TO_REAL SEL_BIG16          # big real mode: emulated
        fxsave  img_big
        fxrstor img_new
        CATCH   GP_VECTOR
fx_misaligned:
        fxsave  img_big + 8
1:      call    rm_traps_install
        mov     catch_count, %eax
        mov     %eax, got + 8
        mov     catch_ip, %eax
        mov     %eax, got + 12
        REAL_TO_PM32
        PM32_TO_REAL                    # 64 KiB real mode: VM86 again

        fnstcw  got + 4
        mov     $img_rm, %si            # bytes that differ between the images
        mov     $img_big, %di
        mov     $512, %cx
        xor     %ebx, %ebx
2:      cmpsb
        je      3f
        inc     %bx
3:      loop    2b
        mov     %ebx, got + 0
        VERDICT exp, got, names, 4, "fxstate: fxsave in big real mode saves what it saves in real mode, fxrstor loads the control word, a misaligned fxsave raises #GP and writes nothing"
        PRINTLN "PASS fxstate"
        EXIT    0

        .data
        .p2align 4
img_rm:         .fill   512, 1, 0       # img_big follows it (one fill)
img_big:        .fill   512, 1, 0
img_new:        .fill   512, 1, 0
fcw_a:          .word   FCW_A
        .p2align 2
got:            .fill   4, 4, 0
exp:            .long   0, FCW_B, 1, fx_misaligned
        NAMES   names, "bytes differing between the real-mode and the big-real-mode image", "FCW after fxrstor", "#GP count of the misaligned fxsave", "#GP IP"
