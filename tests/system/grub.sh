#!/usr/bin/env bash
# GRUB 2 i386-pc (Debian's grub-pc-bin, core.img built at test time with
# an embedded config) boots from a disk under SeaBIOS and runs `linux16` of
# Debian's Linux kernel (fetched at test time): GRUB's real <-> protected
# mode switches around every BIOS disk read, then relocator16 (CS/DS
# descriptors based at the kernel's real-mode segment, PE cleared from
# 16-bit protected mode, a far jump into that segment) hands over to the
# kernel's real-mode setup (EDD, E820, int 10h, its own lgdt/lidt and the
# switch to protected and long mode).  Natively and under the assist the
# COM1 transcript from GRUB's first echo to "Linux version" is identical:
# GRUB's two echo lines, the setup's "Probing EDD ... ok" and the
# decompressor's messages.  nokaslr keeps the kernel where it was.
set -u
. "$(dirname "$0")/grubguest.bash"
t=grub.sh
limit=150
[ -f "$seabios" ] || fail $t "$seabios missing (package seabios)"
[ -f "$grub_dir/boot.img" ] && command -v grub-mkimage >/dev/null ||
    fail $t "GRUB's i386-pc images missing (package grub-pc-bin)"
make -s blob hvmhost || fail $t "build failed"
kernel=$(debian_kernel) ||
    fail $t "cannot fetch Debian's kernel (apt-get download of linux-image-6.1.0-*-amd64)"
base=build/test/grub
grub_disk $base/disk.img "$kernel" "console=ttyS0 earlyprintk=ttyS0 nokaslr" ||
    fail $t "cannot build the GRUB disk ($base)"
first="GRUB embedded config"
milestone="Linux version 6.1"

boot_both $t $base "$first" "$milestone" $limit "$first
GRUB: kernel loaded
Probing EDD" --mem 128
echo "PASS $t: GRUB linux16 of $(basename "$kernel" .vmlinuz) to '$milestone' under the assist (${secs_assist}s, $invokes INVOKEs, $restores RESTOREs; native ${secs_native}s), COM1 identical to native ($base)"
