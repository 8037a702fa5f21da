#!/usr/bin/env bash
# The chain: SeaBIOS (from the reset vector, SeaVGABIOS its VGA ROM) ->
# SYSLINUX 6.04 -> Debian's Linux 6.1 -> user space, under the assist.
# SYSLINUX loads the kernel and a tiny initramfs built here whose /init is
# ours (tests/linux/init.S: prints one line, then writes verdict 0 to
# hvmhost's port 0xF4, which ends the run).  Natively and under the
# assist: COM1 identical up to the kernel's "Linux version" line (later
# kernel lines carry timings), the same SeaBIOS debug log, /init's line on
# COM1 and the guest's own verdict 0.
set -u
. "$(dirname "$0")/realguest.bash"
cd "$rg_root" || exit 1
rg_syslinux_tools
command -v cpio >/dev/null || rg_fail "no cpio (Debian package cpio)"
make -s blob hvmhost linux-init || rg_fail "build failed"
base=build/test/linuxboot
init_line="init: user space reached (pid 1)"
rg_kernel_into "$base"
rg_initramfs "$base/initrd.img" build/linux/init
rg_syslinux_cfg "$base/syslinux.cfg" vmlinuz "$RG_LINUX_APPEND" initrd.img
rg_syslinux_disk "$base/disk.img" "$base/syslinux.cfg" "$base/vmlinuz" "$base/initrd.img"
# Each run ends with the guest's verdict (or a kernel panic: panic=-1).
rg_seabios_linux "$base" 180 "" --disk "$base/disk.img"
rg_milestones "$base/assist/transcript" "SYSLINUX 6.04 " "Loading vmlinuz... ok" \
    "Loading initrd.img...ok" "] Linux version 6.1."
for mode in native assist; do
    rg_milestones "$base/$mode/serial.log" "$init_line"
done
counter() { awk -v k="$1" '$1 == k { print $2 }' "$base/assist/host.log"; }
echo "PASS linuxboot.sh: SeaBIOS -> SYSLINUX 6.04 -> $(basename "$RG_KERNEL") -> our /init in user space, verdict 0, under the assist (${RG_SECS_ASSIST}s, $(counter world_switch_invoke) INVOKEs, $(counter world_switch_restore) RESTOREs; native ${RG_SECS_NATIVE}s), COM1 to 'Linux version' and SeaBIOS' log identical to native ($base)"
