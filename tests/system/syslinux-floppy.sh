#!/usr/bin/env bash
# SYSLINUX 6.04 from a 1.44 MB floppy image boots Memtest86+ 6.10 (Debian's
# memtest86+x64.bin, a Linux-boot-protocol image small enough for a floppy,
# unlike Debian's kernel: syslinux.sh boots that from a disk) under the
# assist, with SeaBIOS as the guest BIOS from the reset vector: the floppy
# boot sector, ldlinux.sys and the image read through int 13h on the
# floppy controller (ISA DMA), SYSLINUX's round trips to real mode, then
# Memtest86+'s real-mode setup and its 64-bit program, which draws its
# screen on COM1 (console=ttyS0).  Natively and under the assist: COM1
# identical up to "Loading memtest.bin... ok", the same SeaBIOS log
# ("Booting from Floppy..."), and Memtest86+'s banner on COM1 (its next
# lines hold clock and memory figures that vary from run to run).
set -u
. "$(dirname "$0")/realguest.bash"
cd "$rg_root" || exit 1
rg_need "$SEABIOS_BIN" seabios
rg_need /boot/memtest86+x64.bin memtest86+
rg_syslinux_tools
make -s blob hvmhost || rg_fail "build failed"
base=build/test/syslinux-floppy
mkdir -p "$base" || rg_fail "cannot create $base"
cp /boot/memtest86+x64.bin "$base/memtest.bin" || rg_fail "cannot copy memtest86+x64.bin"
rg_syslinux_cfg "$base/syslinux.cfg" memtest.bin "console=ttyS0,115200"
rg_syslinux_floppy "$base/fd.img" "$base/syslinux.cfg" "$base/memtest.bin"
rg_seabios_args
# Memtest86+ draws with escape sequences, no newline: stop at its banner.
RG_STOP_PARTIAL=1 rg_native_and_assist "$base" 90 serial.log "Memtest86+ v6.10" \
    "Loading memtest.bin... ok" --bios "$SEABIOS_BIN" --floppy "$base/fd.img" "${RG_SEABIOS_ARGS[@]}"
rg_seabios_log "$base"
rg_milestones "$base/assist/guest-bios.log" "Booting from Floppy..."
rg_milestones "$base/assist/transcript" "SYSLINUX 6.04 " "Loading memtest.bin... ok"
rg_milestones "$base/native/serial.log" "Memtest86+ v6.10"
rg_milestones "$base/assist/serial.log" "Memtest86+ v6.10"
echo "PASS syslinux-floppy.sh: SeaBIOS -> SYSLINUX 6.04 from a 1.44 MB floppy -> Memtest86+ v6.10 under the assist (${RG_SECS_ASSIST}s, $RG_INVOKES INVOKEs, $RG_RESTORES RESTOREs; native ${RG_SECS_NATIVE}s), COM1 and SeaBIOS' log identical to native ($base)"
