#!/usr/bin/env bash
# ISOLINUX 6.04 (Debian's) boots Debian's Linux 6.1 kernel from a CD image
# under the assist, with SeaBIOS as the guest BIOS from the reset vector:
# SeaBIOS POST (SeaVGABIOS its VGA ROM), El Torito no-emulation boot
# (int 13h extensions on the ATAPI drive), ISOLINUX's protected-mode core
# with a round trip to real mode for every BIOS call, the kernel loaded
# and its real-mode setup run, up to the kernel's "Linux version" line.
# Natively and under the assist SeaBIOS' debug log is identical, and so is
# COM1 up to that line (ISOLINUX prints there itself: SERIAL 0 in its
# config; the kernel: realguest.bash, RG_LINUX_APPEND).
set -u
. "$(dirname "$0")/realguest.bash"
cd "$rg_root" || exit 1
rg_need /usr/lib/ISOLINUX/isolinux.bin isolinux
rg_need /usr/lib/syslinux/modules/bios/ldlinux.c32 syslinux-common
command -v xorriso >/dev/null || rg_fail "no xorriso (Debian package xorriso)"
make -s blob hvmhost || rg_fail "build failed"
base=build/test/isolinux
rg_kernel_into "$base"
rg_syslinux_cfg "$base/isolinux.cfg" vmlinuz "$RG_LINUX_APPEND"
rg_isolinux_iso "$base/cd.iso" "$base/isolinux.cfg" "$base/vmlinuz"
# Stopped at the line after "Linux version" (so that one is complete).
rg_seabios_linux "$base" 150 "Command line: BOOT_IMAGE=vmlinuz" --cdrom "$base/cd.iso"
rg_milestones "$base/assist/transcript" "ISOLINUX 6.04 " "Loading vmlinuz... ok" "] Linux version 6.1."
echo "PASS isolinux.sh: SeaBIOS -> ISOLINUX 6.04 (CD) -> $(basename "$RG_KERNEL") to 'Linux version' under the assist (${RG_SECS_ASSIST}s, $RG_INVOKES INVOKEs, $RG_RESTORES RESTOREs; native ${RG_SECS_NATIVE}s), COM1 and SeaBIOS' log identical to native ($base)"
