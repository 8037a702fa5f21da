#!/usr/bin/env bash
# GRUB 2 i386-pc (Debian's grub-pc-bin, core.img built at test time with
# an embedded config: realguest.bash, rg_grub_disk) boots from a disk under
# SeaBIOS and runs `linux16` of Debian's Linux kernel (fetched at test
# time): GRUB's real <-> protected mode switches around every BIOS disk
# read, then relocator16 (CS/DS descriptors based at the kernel's real-mode
# segment, PE cleared from 16-bit protected mode, a far jump into that
# segment) hands over to the kernel's real-mode setup (EDD, E820, int 10h,
# its own lgdt/lidt and the switch to protected and long mode).  Natively
# and under the assist COM1 is identical up to the "Linux version" line:
# GRUB's two echo lines (GRUB writes to COM1 itself, the first thing on
# it), the setup's "Probing EDD ... ok" and the decompressor's messages.
# nokaslr keeps the kernel where it was.
set -u
. "$(dirname "$0")/realguest.bash"
cd "$rg_root" || exit 1
rg_need "$SEABIOS_BIN" seabios
make -s blob hvmhost || rg_fail "build failed"
rg_kernel
base=build/test/grub
milestone="Linux version 6.1"
rg_grub_disk "$base/disk.img" "$RG_KERNEL" "$RG_LINUX_APPEND"
rg_seabios_args
rg_native_and_assist "$base" 150 serial.log "$milestone" "$milestone" \
    --bios "$SEABIOS_BIN" --mem 128 --disk "$base/disk.img" "${RG_SEABIOS_ARGS[@]}"
rg_milestones "$base/assist/transcript" "GRUB embedded config" "GRUB: kernel loaded" "Probing EDD"
echo "PASS grub.sh: GRUB linux16 of $(basename "$RG_KERNEL") to '$milestone' under the assist (${RG_SECS_ASSIST}s, $RG_INVOKES INVOKEs, $RG_RESTORES RESTOREs; native ${RG_SECS_NATIVE}s), COM1 identical to native ($base)"
