#!/usr/bin/env bash
# iPXE (Debian's ipxe.lkrn) under SeaBIOS, started by GRUB's linux16 from a
# disk (grubguest.bash): its prefix runs in real mode, decompresses itself
# in flat real mode (a GDT built on the stack, SS-relative lgdt, addr32
# rep movsl above 1 MiB), saves the FPU state with fxsave, and switches
# between real and protected mode for every BIOS call.  With no NIC it
# initialises its devices, prints its banner, waits for Ctrl-B, finds no
# network device and returns to the BIOS (int 18h), which tries the floppy
# and the CD and ends at "No bootable device.".  iPXE writes through
# int 10h only, so SeaBIOS' serial console mirror (fw_cfg etc/sercon-port =
# 0x3F8) brings it to COM1.  Natively and under the assist the text on
# COM1 from iPXE's first line to that line is identical.  Not compared:
# GRUB's part (GRUB writes to COM1 itself while the mirror flushes its
# int 10h text on timer ticks, so the two interleave by timing - seen
# under load), and the mirror's escape sequences and white space.
set -u
. "$(dirname "$0")/grubguest.bash"
t=ipxe.sh
limit=90
lkrn=/usr/lib/ipxe/ipxe.lkrn
[ -f "$seabios" ] || fail $t "$seabios missing (package seabios)"
[ -f "$lkrn" ] || fail $t "$lkrn missing (package ipxe)"
[ -f "$grub_dir/boot.img" ] && command -v grub-mkimage >/dev/null ||
    fail $t "GRUB's i386-pc images missing (package grub-pc-bin)"
make -s blob hvmhost || fail $t "build failed"
base=build/test/ipxe
grub_disk $base/disk.img "$lkrn" "" || fail $t "cannot build the GRUB disk ($base)"
printf '\370\003' >$base/sercon     # 0x3F8, little-endian
first="iPXE initialising devices"
compare_visible=1
milestone="No bootable device."

boot_both $t $base "$first" "$milestone" $limit "GRUB embedded config
GRUB: kernel loaded
iPXE initialising devices...ok
iPXE 1.0.0+
No more network devices" --qemu-arg -fw_cfg --qemu-arg name=etc/sercon-port,file=$base/sercon
echo "PASS $t: iPXE $(grep -o '1\.0\.0+[[:alnum:].+~-]*' $base/assist/transcript | head -n 1) from GRUB linux16: devices, banner, back to the BIOS, to '$milestone' under the assist (${secs_assist}s, $invokes INVOKEs, $restores RESTOREs; native ${secs_native}s), COM1 identical to native ($base)"
