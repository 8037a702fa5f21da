# realguest.bash - sourced by the real-guest system tests (seabios.sh,
# syslinux.sh, syslinux-floppy.sh, isolinux.sh, linuxboot.sh, grub.sh,
# ipxe.sh) and by make bench/demo (tests/bench/guests.bash); not a test
# itself.  It fetches Debian's Linux kernel, builds boot images and an
# initramfs in build/, and runs a guest under hvmhost until a milestone
# shows, natively or under the assist.
#
# Conventions: every function that can fail calls rg_fail, which prints
# the test's one FAIL line and exits; RG_TEST names the test for it.

rg_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
rg_cache=$rg_root/build/realguest       # the kernel, shared by the tests
RG_TEST=${RG_TEST:-$(basename "$0")}
SEABIOS_BIN=/usr/share/seabios/bios.bin
SEAVGABIOS_BIN=/usr/share/seabios/vgabios-stdvga.bin
[ -n "${RG_ASSIST_FLAGS+set}" ] || RG_ASSIST_FLAGS=(--split-view)

rg_fail() {
    echo "FAIL $RG_TEST: $*"
    exit 1
}

# rg_need FILE PACKAGE: the test needs FILE from the Debian PACKAGE.
rg_need() {
    [ -e "$1" ] || rg_fail "$1 missing (Debian package $2, tests/deps)"
}

# Debian's Linux kernel, the bzImage of the linux-image-6.1.0-N-amd64 the
# linux-image-amd64 metapackage depends on today: downloaded once with
# apt-get download, its vmlinuz extracted and kept in build/realguest.
# Sets RG_KERNEL to its path.  A cached kernel is used as it is, so the
# tests need the network only once.
rg_kernel() {
    local cached pkg tmp deb
    cached=$(ls "$rg_cache"/vmlinuz-6.1.0-*-amd64 2>/dev/null | sort -V | tail -n 1)
    if [ -n "$cached" ]; then
        RG_KERNEL=$cached
        return 0
    fi
    pkg=$(apt-cache depends linux-image-amd64 2>/dev/null |
          awk '$1 == "Depends:" && $2 ~ /^linux-image-6\.1\.0-[0-9]+-amd64$/ { print $2; exit }')
    [ -n "$pkg" ] || rg_fail "no linux-image-6.1.0-*-amd64 package known to apt (apt-get update?)"
    mkdir -p "$rg_cache" || rg_fail "cannot create $rg_cache"
    tmp=$(mktemp -d "$rg_cache/fetch.XXXXXX") || rg_fail "mktemp failed"
    (cd "$tmp" && apt-get download -q "$pkg" >download.log 2>&1) ||
        { rm -rf "$tmp"; rg_fail "apt-get download $pkg failed"; }
    deb=$(ls "$tmp"/*.deb 2>/dev/null | head -n 1)
    mkdir -p "$tmp/x"
    dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$tmp/x" --wildcards './boot/vmlinuz-*' ||
        { rm -rf "$tmp"; rg_fail "no vmlinuz in $deb"; }
    cached=$(ls "$tmp"/x/boot/vmlinuz-* | head -n 1)
    mv "$cached" "$rg_cache/" || { rm -rf "$tmp"; rg_fail "cannot keep the kernel in $rg_cache"; }
    rm -rf "$tmp"
    RG_KERNEL=$rg_cache/$(basename "$cached")
}

# rg_kernel_into DIR: rg_kernel, and DIR/vmlinuz (created) links to it:
# the boot loaders' configs name the kernel vmlinuz.
rg_kernel_into() {
    rg_kernel
    mkdir -p "$1" && ln -sf "$RG_KERNEL" "$1/vmlinuz" || rg_fail "cannot link the kernel into $1"
}

# The kernel command line of the Linux guests: its console on COM1 from
# the first message on (earlyprintk: "Linux version" is printed before the
# console proper starts), no KASLR (the same addresses in every run), and
# a panic ends the run at once (a reboot, which -no-reboot turns into
# QEMU's exit) instead of waiting for the timeout.
RG_LINUX_APPEND="console=ttyS0 earlyprintk=ttyS0 nokaslr panic=-1"

# The tools that install SYSLINUX on a disk image.
rg_syslinux_tools() {
    rg_need /usr/lib/syslinux/modules/bios/ldlinux.c32 syslinux-common
    command -v syslinux >/dev/null || rg_fail "no syslinux installer (Debian package syslinux)"
    command -v mformat >/dev/null || rg_fail "no mformat (Debian package mtools)"
}

# The QEMU arguments every SeaBIOS guest run gets (RG_SEABIOS_ARGS, for
# the runner's --qemu-arg): no NIC (no iPXE option ROM to scan: a shorter
# POST) and a standard VGA whose option ROM is Debian's SeaVGABIOS (QEMU's
# default, named here so that the test says what it runs).
rg_seabios_args() {
    RG_SEABIOS_ARGS=(--qemu-arg -nic --qemu-arg none
        --qemu-arg -vga --qemu-arg none
        --qemu-arg -device --qemu-arg "VGA,romfile=$SEAVGABIOS_BIN")
}

# SeaBIOS mirrors its int 10h text to the serial port whose base the
# fw_cfg file etc/sercon-port holds (2 bytes, little-endian): COM1.  Adds
# the arguments to RG_SEABIOS_ARGS.  (QEMU's own SeaBIOS, which boots
# hvmhost, sees the file too and prints its banner first.)
rg_sercon() {
    local file=$rg_cache/sercon-port
    mkdir -p "$rg_cache" && printf '\370\003' >"$file" || rg_fail "cannot write $file"
    RG_SEABIOS_ARGS+=(--qemu-arg -fw_cfg --qemu-arg "name=etc/sercon-port,file=$file")
}

# rg_syslinux_cfg FILE KERNEL APPEND [INITRD]: a SYSLINUX/ISOLINUX config
# that boots KERNEL at once, with SYSLINUX's own console on COM1 too.
# LINUX, not KERNEL: KERNEL guesses the type from the file name (a .bin is
# a boot sector to SYSLINUX).
rg_syslinux_cfg() {
    {
        echo "SERIAL 0 115200"
        echo "DEFAULT linux"
        echo "PROMPT 0"
        echo "TIMEOUT 0"
        echo "LABEL linux"
        echo "  LINUX $2"
        echo "  APPEND $3"
        if [ -n "${4:-}" ]; then echo "  INITRD $4"; fi
    } >"$1" || rg_fail "cannot write $1"
}

# rg_syslinux_disk IMG CFG FILE...: an unpartitioned FAT disk image
# ("superfloppy", the layout of a SYSLINUX floppy) with SYSLINUX installed,
# CFG as syslinux.cfg and the FILEs in its root.  A 1.44 MB floppy cannot
# hold Debian's 8 MB kernel, so the image is 20 MiB and boots as IDE disk 0
# (BIOS drive 80h).
rg_syslinux_disk() {
    rm -f "$1"
    mformat -C -i "$1" -t 40 -h 16 -s 63 :: >/dev/null || rg_fail "mformat $1 failed"
    rg_syslinux_fill "$@"
}

# rg_syslinux_floppy IMG CFG FILE...: the same on a 1.44 MB floppy image.
rg_syslinux_floppy() {
    rm -f "$1"
    mformat -C -i "$1" -f 1440 :: >/dev/null || rg_fail "mformat $1 failed"
    rg_syslinux_fill "$@"
}

# rg_syslinux_fill IMG CFG FILE...: SYSLINUX, its config and the files onto
# the FAT file system in IMG.
rg_syslinux_fill() {
    local img=$1 cfg=$2 f
    shift 2
    syslinux --install "$img" || rg_fail "syslinux --install $img failed"
    mcopy -i "$img" "$cfg" ::syslinux.cfg || rg_fail "mcopy $cfg failed"
    for f in "$@"; do
        mcopy -i "$img" "$f" "::$(basename "$f")" || rg_fail "mcopy $f failed"
    done
}

# rg_isolinux_iso ISO CFG FILE...: an El Torito (no emulation) CD image
# with ISOLINUX, CFG as isolinux.cfg and the FILEs in its root.
rg_isolinux_iso() {
    local iso=$1 cfg=$2 dir=$1.d
    shift 2
    rm -rf "$dir" "$iso"
    mkdir -p "$dir" || rg_fail "cannot create $dir"
    cp /usr/lib/ISOLINUX/isolinux.bin /usr/lib/syslinux/modules/bios/ldlinux.c32 "$dir/" &&
        cp "$cfg" "$dir/isolinux.cfg" && cp "$@" "$dir/" || rg_fail "cannot fill $dir"
    xorriso -as mkisofs -quiet -o "$iso" -b isolinux.bin -c boot.cat -no-emul-boot \
        -boot-load-size 4 -boot-info-table "$dir" 2>"$iso.log" ||
        rg_fail "xorriso failed ($iso.log)"
    rm -rf "$dir"
}

# rg_grub_disk IMG PAYLOAD CMDLINE: a disk with GRUB 2 i386-pc (Debian's
# grub-pc-bin; core.img built here with an embedded config) that prints
# two milestones with echo on COM1 ("GRUB embedded config: ..." and "GRUB:
# kernel loaded, booting it") and boots PAYLOAD with linux16 (its
# relocator16 enters the kernel's real-mode part).  Layout: sector 0
# boot.img, sectors 1.. core.img (boot.img's default kernel sector is 1
# and diskboot.img's default blocklist starts at sector 2, so no
# grub-bios-setup is needed), PAYLOAD from sector 2048 (1 MiB) on, which
# the config reaches as the block list (hd0)2048+N.
rg_grub_disk() {
    local img=$1 payload=$2 cmdline=$3 grub=/usr/lib/grub/i386-pc dir first=2048 sectors
    rg_need "$grub/boot.img" grub-pc-bin
    command -v grub-mkimage >/dev/null || rg_fail "no grub-mkimage (Debian package grub-common)"
    dir=$(dirname "$img")
    sectors=$((($(stat -L -c %s "$payload") + 511) / 512))
    mkdir -p "$dir" || rg_fail "cannot create $dir"
    cat >"$dir/grub.cfg" <<EOF || rg_fail "cannot write $dir/grub.cfg"
serial --unit=0 --speed=115200
terminal_output serial
echo GRUB embedded config: loading the kernel with linux16
linux16 (hd0)$first+$sectors $cmdline
echo GRUB: kernel loaded, booting it
boot
EOF
    grub-mkimage -O i386-pc -p '(hd0)' -c "$dir/grub.cfg" -o "$dir/core.img" \
        biosdisk serial terminal echo linux16 boot || rg_fail "grub-mkimage failed ($dir)"
    [ $(((($(stat -c %s "$dir/core.img") + 511) / 512) + 1)) -le $first ] ||
        rg_fail "$dir/core.img does not fit below sector $first"
    rm -f "$img"
    dd if="$grub/boot.img" of="$img" bs=512 count=1 status=none &&
        dd if="$dir/core.img" of="$img" bs=512 seek=1 conv=notrunc status=none &&
        dd if="$payload" of="$img" bs=512 seek=$first conv=notrunc status=none &&
        truncate -s $(((first + sectors) * 512 + 1048576)) "$img" || rg_fail "cannot write $img"
}

# rg_initramfs OUT INIT: a newc cpio holding INIT as /init (Linux's built-in
# initramfs, unpacked first, supplies /dev/console).
rg_initramfs() {
    local out=$1 dir=$1.d
    rm -rf "$dir"
    mkdir -p "$dir" && cp "$2" "$dir/init" && chmod 755 "$dir/init" || rg_fail "cannot fill $dir"
    (cd "$dir" && echo init | cpio -o -H newc --quiet) >"$out" || rg_fail "cpio failed"
    rm -rf "$dir"
}

# rg_run MODE OUT LIMIT LOG PATTERN RUNNER-ARGS...: run the guest
# (MODE native or assist; under the assist with --verbose, so host.log
# lists every world switch) until the fixed string PATTERN shows in
# OUT/LOG (rg_seen), or the runner ends, or LIMIT seconds pass; then stop
# it (the runner's `timeout` child, which forwards the signal to QEMU).  Sets
# RG_SECS (wall time, seconds with milliseconds), RG_RC (the runner's
# exit status: 0 if the guest wrote verdict 0 itself) and RG_STOPPED (1 if
# this stopped the runner: at the pattern or at the limit).
# Returns 0 if PATTERN showed.
rg_run() {
    local mode=$1 out=$2 limit=$3 log=$4 pattern=$5 flags=() start pid t=0 ms child
    shift 5
    [ "$mode" = native ] && flags=(--native) || flags=(--verbose)
    rm -rf "$out"
    mkdir -p "$out" || rg_fail "cannot create $out"
    start=$(date +%s%N)
    HVMHOST_NO_BUILD=1 "$rg_root/tests/hvmhost/run" "${flags[@]}" "$@" \
        --timeout $((limit + 10)) --out "$out" >"$out/runner.log" 2>&1 </dev/null &
    pid=$!
    while kill -0 $pid 2>/dev/null && [ $t -lt $((limit * 5)) ]; do
        [ -n "$pattern" ] && rg_seen "$out/$log" "$pattern" && break
        sleep 0.2
        t=$((t + 1))
    done
    ms=$((($(date +%s%N) - start) / 1000000))
    RG_STOPPED=0
    kill -0 $pid 2>/dev/null && RG_STOPPED=1
    for child in $(pgrep -P $pid -x timeout); do kill -TERM "$child" 2>/dev/null; done
    wait $pid
    RG_RC=$?
    printf -v RG_SECS '%d.%03d' $((ms / 1000)) $((ms % 1000))
    [ -n "$pattern" ] && rg_seen "$out/$log" "$pattern"
}

# rg_seen FILE STRING: STRING has shown in FILE: in a complete line, or
# anywhere with RG_STOP_PARTIAL=1 (for a guest that draws its screen with
# escape sequences and no newlines).
rg_seen() {
    if [ "${RG_STOP_PARTIAL:-0}" = 1 ]; then
        grep -qF -- "$2" "$1" 2>/dev/null
    else
        rg_has_line "$1" "$2"
    fi
}

# rg_has_line FILE STRING: a complete line of FILE (one its newline has
# reached: the guest may be in the middle of printing the last one)
# contains STRING.
rg_has_line() {
    [ -f "$1" ] && perl -e '$s = shift; while (<>) { exit 0 if /\n\z/ && index($_, $s) >= 0 } exit 1' "$2" "$1"
}

# rg_transcript OUT UPTO: what rg_native_and_assist keeps of a run's COM1
# (OUT/serial.log) after the test machine's own boot messages, carriage
# returns dropped:
#   OUT/console     from the start up to and including the first line that
#                   contains UPTO (all of it with an empty UPTO);
#   OUT/transcript  console from the first line that contains RG_FROM on
#                   (all of it if RG_FROM is unset);
#   OUT/visible     with RG_VISIBLE=1, transcript's visible text only: no
#                   escape sequences, spaces, line ends or backspaces.
#                   SeaBIOS' serial console mirror draws int 10h text with
#                   cursor moves whose choice may depend on when its timer
#                   tick comes; the text it draws does not.
# RG_CMP is set to the file the runs are compared by (transcript or visible).
rg_transcript() {
    local out=$1
    # The test machine's own SeaBIOS boots hvmhost first ("Booting from
    # ROM..." on the same COM1): not the guest's output.  Its last dot is
    # lost or not depending on when the guest's BIOS resets the UART (host
    # timing), so everything up to those dots is dropped.
    tr -d '\r' <"$out/serial.log" |
        perl -0777 -pe 's/\A.*?Booting from ROM\.*//s' |
        awk -v upto="$2" '{ print } upto != "" && index($0, upto) { exit }' >"$out/console" ||
        rg_fail "cannot write $out/console"
    awk -v from="${RG_FROM:-}" 'from == "" || index($0, from) { on = 1 } on' \
        "$out/console" >"$out/transcript" || rg_fail "cannot write $out/transcript"
    RG_CMP=transcript
    if [ "${RG_VISIBLE:-0}" = 1 ]; then
        perl -0777 -pe 's/\e\[[0-9;?]*[A-Za-z]//g; s/\ec//g; s/[ \n\b]//g' \
            "$out/transcript" >"$out/visible" || rg_fail "cannot write $out/visible"
        RG_CMP=visible
    fi
}

# rg_world_switches OUT: RG_INVOKES and RG_RESTORES, counted in a
# --verbose run's host.log (a run stopped at a milestone never prints the
# counters).
rg_world_switches() {
    RG_INVOKES=$(grep -c '^hvmhost: INVOKE' "$1/host.log")
    RG_RESTORES=$(grep -c '^hvmhost: RESTORE' "$1/host.log")
}

# rg_assist_sane OUT: the assist run made world switches and hvmhost
# reported no failure.
rg_assist_sane() {
    rg_world_switches "$1"
    [ "$RG_INVOKES" -gt 0 ] && [ "$RG_RESTORES" -gt 0 ] ||
        rg_fail "no world switches under the assist ($1/host.log)"
    ! grep -q 'FAIL' "$1/host.log" ||
        rg_fail "hvmhost reported a failure: $(grep -m1 FAIL "$1/host.log") ($1/host.log)"
}

# rg_native_and_assist BASE LIMIT LOG STOP UPTO RUNNER-ARGS...: the guest
# natively, then under the assist (with RG_ASSIST_FLAGS, by default
# --split-view, hvmhost's default made explicit: SeaBIOS clears the
# assist's 64 KiB, tests/hvmhost/README "Two views"), each with rg_run until the line
# STOP shows in LOG (an empty STOP: until the guest's verdict ends the
# run, which must be 0).  Each run's COM1 up to the first line with UPTO
# goes to BASE/MODE/console and transcript (rg_transcript: RG_FROM and
# RG_VISIBLE choose what is compared); the two
# transcripts must be identical, and the assist run must have switched
# worlds without a failure.  A failed assist run prints the assist's last
# words first (rg_assist_report).  Sets RG_SECS_NATIVE and RG_SECS_ASSIST.
rg_native_and_assist() {
    local base=$1 limit=$2 log=$3 stop=$4 upto=$5 mode flags
    shift 5
    for mode in native assist; do
        flags=()
        [ $mode = assist ] && flags=("${RG_ASSIST_FLAGS[@]}")
        if [ -n "$stop" ]; then
            rg_run $mode "$base/$mode" "$limit" "$log" "$stop" "$@" "${flags[@]}" || {
                rg_assist_report "$base/$mode"
                rg_fail "$mode run did not reach '$stop' ($(rg_why "$base/$mode" "$limit"); $base/$mode/$log, host.log)"
            }
        else
            rg_run $mode "$base/$mode" "$limit" "$log" "" "$@" "${flags[@]}"
            [ "$RG_RC" -eq 0 ] || {
                rg_assist_report "$base/$mode"
                rg_fail "$mode run did not end with verdict 0 ($(rg_why "$base/$mode" "$limit"); $base/$mode)"
            }
        fi
        rg_transcript "$base/$mode" "$upto"
        printf -v "RG_SECS_${mode^^}" '%s' "$RG_SECS"
    done
    rg_assist_sane "$base/assist"
    cmp -s "$base/native/$RG_CMP" "$base/assist/$RG_CMP" ||
        rg_fail "COM1 differs natively and under the assist: diff $base/native/$RG_CMP $base/assist/$RG_CMP"
}

# rg_assist_report OUT: the assist's own last lines (port 0xE9, OUT/debug.log)
# of a failed run, indented, before the FAIL line; nothing for a native run.
rg_assist_report() {
    grep '^vmxassist: ' "$1/debug.log" 2>/dev/null | grep -v ': cpu [0-9]*, AP vector' |
        tail -n 4 | sed 's/^/    /'
}

# rg_why OUT LIMIT: why a run ended early, in a few words: hvmhost's
# failure report or the guest's verdict, else the runner's status.
rg_why() {
    local line
    line=$(grep -m1 '^hvmhost: \(FAIL\|guest verdict\)' "$1/host.log" 2>/dev/null)
    [ -n "$line" ] && { echo "$line"; return; }
    if [ "$RG_STOPPED" = 1 ]; then
        echo "stopped after ${2}s"
    else
        echo "runner exit $RG_RC: $(grep -m1 '^hvmhost: \(pass\|fail\|timeout\)' "$1/runner.log")"
    fi
}

# rg_milestones FILE STRING...: each STRING is in FILE (a transcript).
rg_milestones() {
    local file=$1 s
    shift
    for s in "$@"; do
        grep -qF -- "$s" "$file" || rg_fail "no '$s' on COM1 ($file)"
    done
}

# rg_seabios_log BASE: the guest's SeaBIOS debug log is the same natively
# and under the assist: bios.log from the guest's banner on (bios.log
# starts with QEMU's own SeaBIOS, which prints its banner twice and ends
# with "Booting from ROM..." when it starts hvmhost).  SeaBIOS probes the
# ATA drives and the PS/2 keyboard in threads that yield to each other
# while waiting on the hardware, so the lines from "ATA controller" to "All
# threads complete." come in an order that depends on timing (natively
# too, on a loaded machine): that block is compared sorted, and the
# address of each drive's record (allocated by those threads, "drive
# 0x000f66a0: ...") is left out.  BASE/MODE/guest-bios.log is the log as
# it is; it must hold "Booting from" (SeaBIOS handed over to a boot
# sector).
rg_seabios_log() {
    local mode
    for mode in native assist; do
        perl -ne '$rom = 1 if /^Booting from ROM/; $g = 1 if $rom && /^SeaBIOS \(version/;
                  print if $g' "$1/$mode/bios.log" >"$1/$mode/guest-bios.log"
        grep -q '^Booting from ' "$1/$mode/guest-bios.log" ||
            rg_fail "$mode run: no 'Booting from' in the guest SeaBIOS' log ($1/$mode/bios.log)"
        sed 's/^drive 0x[0-9a-f]*:/drive (address):/' "$1/$mode/guest-bios.log" |
        perl -ne 'if (!$done && /^ATA controller /) { $in = 1 }
                  if ($in) { push @b, $_; if (/^All threads complete\./) { print sort @b; $in = 0; $done = 1 } next }
                  print; END { print sort @b if $in }' \
            >"$1/$mode/guest-bios.cmp"
    done
    cmp -s "$1/native/guest-bios.cmp" "$1/assist/guest-bios.cmp" ||
        rg_fail "SeaBIOS' log differs: diff $1/native/guest-bios.cmp $1/assist/guest-bios.cmp"
}

# rg_seabios_linux BASE LIMIT STOP MEDIUM-ARGS...: SeaBIOS as the guest
# BIOS (rg_seabios_args), 128 MiB for the kernel, booting from the medium
# the runner arguments give, natively and under the assist
# (rg_native_and_assist, COM1 compared up to "Linux version"), and the
# guest SeaBIOS' log compared (rg_seabios_log).
rg_seabios_linux() {
    local base=$1 limit=$2 stop=$3
    shift 3
    rg_need "$SEABIOS_BIN" seabios
    rg_seabios_args
    rg_native_and_assist "$base" "$limit" serial.log "$stop" "Linux version" \
        --bios "$SEABIOS_BIN" --mem 128 "$@" "${RG_SEABIOS_ARGS[@]}"
    rg_seabios_log "$base"
}
