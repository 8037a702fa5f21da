# guests.bash - the real guests `make bench` and `make demo` boot,
# one definition each (sourced; needs tests/system/realguest.bash first).
#
# A guest is a row of BENCH_GUESTS, "NAME|MILESTONE|WHAT", and a function
# bg_NAME DIR that builds its images in DIR and sets BG_ARGS (the runner's
# arguments, without --native/--icount/--out).  MILESTONE is the COM1 text
# the run is measured to (hvmhost --stop-at: the counters at that byte);
# an empty MILESTONE measures the whole run, which must end itself (the
# guest's verdict, or hvmhost's report of a final HLT: BG_END_OK is text
# of the host.log line that makes such an end a success, BG_END what the
# table calls that end).  To add a guest: a row and a function.
# Memtest86+ 6.10 (syslinux-floppy) makes no progress after clearing its
# screen under -icount (natively too: measured), so that row ends where
# SYSLINUX has read it from the floppy.
BENCH_GUESTS=(
    "seabios|No bootable device.|SeaBIOS + SeaVGABIOS POST"
    "rombios||Bochs rombios POST (to its final HLT)"
    "syslinux|Linux version|SeaBIOS -> SYSLINUX (disk) -> Linux"
    "syslinux-floppy|Loading memtest.bin... ok|SeaBIOS -> SYSLINUX (floppy), Memtest86+ loaded"
    "isolinux|Linux version|SeaBIOS -> ISOLINUX (CD) -> Linux"
    "linuxboot|Linux version|chain 6: SeaBIOS -> SYSLINUX -> Linux"
    "linuxboot-init||chain 6 to user space and power-off"
    "grub|Linux version|SeaBIOS -> GRUB 2 linux16 -> Linux"
    "ipxe|No more network devices|SeaBIOS -> GRUB 2 linux16 -> iPXE (no NIC), to its last line"
)

# The line our /init prints (tests/linux/init.S).
BG_INIT_LINE="init: user space reached (pid 1)"

bg_seabios() {
    rg_need "$SEABIOS_BIN" seabios
    rg_seabios_args
    rg_sercon
    BG_ARGS=(--bios "$SEABIOS_BIN" "${RG_SEABIOS_ARGS[@]}")
}

bg_rombios() {
    rg_need /usr/share/bochs/BIOS-bochs-legacy bochsbios
    BG_ARGS=(--bios /usr/share/bochs/BIOS-bochs-legacy --qemu-arg -M --qemu-arg isapc)
    BG_END_OK="hvmhost: FAIL: HLT forever"
    BG_END="end: No bootable device., final HLT"
}

# SeaBIOS and 128 MiB for a Linux kernel, booting from $@.
bg_seabios_linux_args() {
    rg_need "$SEABIOS_BIN" seabios
    rg_seabios_args
    BG_ARGS=(--bios "$SEABIOS_BIN" --mem 128 "$@" "${RG_SEABIOS_ARGS[@]}")
}

bg_syslinux() {
    rg_syslinux_tools
    rg_kernel_into "$1"
    rg_syslinux_cfg "$1/syslinux.cfg" vmlinuz "$RG_LINUX_APPEND"
    rg_syslinux_disk "$1/disk.img" "$1/syslinux.cfg" "$1/vmlinuz"
    bg_seabios_linux_args --disk "$1/disk.img"
}

bg_syslinux-floppy() {
    rg_need /boot/memtest86+x64.bin memtest86+
    rg_syslinux_tools
    cp /boot/memtest86+x64.bin "$1/memtest.bin" || rg_fail "cannot copy memtest86+x64.bin"
    rg_syslinux_cfg "$1/syslinux.cfg" memtest.bin "console=ttyS0,115200"
    rg_syslinux_floppy "$1/fd.img" "$1/syslinux.cfg" "$1/memtest.bin"
    rg_need "$SEABIOS_BIN" seabios
    rg_seabios_args
    BG_ARGS=(--bios "$SEABIOS_BIN" --floppy "$1/fd.img" "${RG_SEABIOS_ARGS[@]}")
}

bg_isolinux() {
    rg_need /usr/lib/ISOLINUX/isolinux.bin isolinux
    rg_kernel_into "$1"
    rg_syslinux_cfg "$1/isolinux.cfg" vmlinuz "$RG_LINUX_APPEND"
    rg_isolinux_iso "$1/cd.iso" "$1/isolinux.cfg" "$1/vmlinuz"
    bg_seabios_linux_args --cdrom "$1/cd.iso"
}

# Chain 6 (tests/system/linuxboot.sh) with SeaBIOS' serial console mirror
# on (rg_sercon), so that COM1 shows the whole boot as a user's serial
# console would: SeaBIOS' banner and "Booting from Hard Disk..." too.
# SYSLINUX then prints through int 10h only (no SERIAL line: with it each
# of its lines would show twice, interleaved with the mirror's copy).
bg_linuxboot() {
    rg_syslinux_tools
    [ -x "$rg_root/build/linux/init" ] || rg_fail "no build/linux/init (make linux-init)"
    rg_kernel_into "$1"
    rg_initramfs "$1/initrd.img" "$rg_root/build/linux/init"
    rg_syslinux_cfg "$1/syslinux.cfg" vmlinuz "$RG_LINUX_APPEND" initrd.img
    sed -i '/^SERIAL /d' "$1/syslinux.cfg" || rg_fail "cannot edit $1/syslinux.cfg"
    rg_syslinux_disk "$1/disk.img" "$1/syslinux.cfg" "$1/vmlinuz" "$1/initrd.img"
    rg_need "$SEABIOS_BIN" seabios
    rg_seabios_args
    rg_sercon
    BG_ARGS=(--bios "$SEABIOS_BIN" --mem 128 --disk "$1/disk.img" "${RG_SEABIOS_ARGS[@]}")
}

bg_linuxboot-init() {
    bg_linuxboot "$@"
    BG_END="end: /init's power-off (verdict 0)"
}

# GRUB's disk (rg_grub_disk, as tests/system/grub.sh) booting Debian's
# kernel with linux16; GRUB writes to COM1 itself.
bg_grub() {
    rg_kernel
    rg_grub_disk "$1/disk.img" "$RG_KERNEL" "$RG_LINUX_APPEND"
    bg_seabios_linux_args --disk "$1/disk.img"
}

# iPXE's ipxe.lkrn from GRUB's disk (tests/system/ipxe.sh); iPXE prints
# through int 10h only, so SeaBIOS' serial console mirror is on.
bg_ipxe() {
    rg_need /usr/lib/ipxe/ipxe.lkrn ipxe
    rg_grub_disk "$1/disk.img" /usr/lib/ipxe/ipxe.lkrn ""
    bg_seabios
    BG_ARGS+=(--disk "$1/disk.img")
}

# bg_setup NAME DIR: build guest NAME's images in DIR (created); sets
# BG_ARGS, BG_END_OK and BG_END (default: the guest's verdict 0).
bg_setup() {
    BG_ARGS=() BG_END_OK="hvmhost: guest verdict 0x0" BG_END="end: the guest's verdict 0"
    mkdir -p "$2" || rg_fail "cannot create $2"
    declare -F "bg_$1" >/dev/null || rg_fail "no guest definition bg_$1"
    "bg_$1" "$2"
}
