#!/usr/bin/env bash
# SYSLINUX 6.04 (Debian's) boots Debian's Linux 6.1 kernel under the
# assist, with SeaBIOS as the guest BIOS from the reset vector: SeaBIOS
# POST (SeaVGABIOS its VGA ROM), the boot sector and ldlinux.sys from an
# unpartitioned FAT disk image (a SYSLINUX floppy's layout; Debian's 8 MB
# kernel does not fit a 1.44 MB floppy), SYSLINUX's protected-mode core
# with a round trip to real mode for every BIOS call, the kernel loaded
# and its real-mode setup run, up to the kernel's "Linux version" line.
# Natively and under the assist SeaBIOS' debug log (bios.log, the POST,
# "Booting from Hard Disk..." and the int 10h calls of SYSLINUX and of the
# kernel's setup) is identical, and so is COM1 up to that line (SYSLINUX
# prints there itself: SERIAL 0 in its config; the kernel: realguest.bash,
# RG_LINUX_APPEND).
set -u
. "$(dirname "$0")/realguest.bash"
cd "$rg_root" || exit 1
rg_syslinux_tools
make -s blob hvmhost || rg_fail "build failed"
base=build/test/syslinux
rg_kernel_into "$base"
rg_syslinux_cfg "$base/syslinux.cfg" vmlinuz "$RG_LINUX_APPEND"
rg_syslinux_disk "$base/disk.img" "$base/syslinux.cfg" "$base/vmlinuz"
# Stopped at the line after "Linux version" (so that one is complete).
rg_seabios_linux "$base" 150 "Command line: BOOT_IMAGE=vmlinuz" --disk "$base/disk.img"
rg_milestones "$base/assist/transcript" "SYSLINUX 6.04 " "Loading vmlinuz... ok" "] Linux version 6.1."
echo "PASS syslinux.sh: SeaBIOS -> SYSLINUX 6.04 -> $(basename "$RG_KERNEL") to 'Linux version' under the assist (${RG_SECS_ASSIST}s, $RG_INVOKES INVOKEs, $RG_RESTORES RESTOREs; native ${RG_SECS_NATIVE}s), COM1 and SeaBIOS' log identical to native ($base)"
