# grubguest.bash - sourced by grub.sh and ipxe.sh (not a test itself):
# a GRUB 2 i386-pc disk built at test time from Debian's grub-pc-bin,
# Debian's Linux kernel fetched at test time, and a runner that boots
# SeaBIOS -> that disk natively or under the assist until a milestone shows
# on COM1.  Everything fetched or built goes under build/ (never committed).
#
# Disk layout: sector 0 boot.img, sectors 1.. core.img (boot.img's default
# kernel sector is 1 and diskboot.img's default blocklist starts at sector
# 2, so no grub-bios-setup is needed), the payload from sector 2048 (1 MiB)
# on, which the embedded config reaches as the block list (hd0)2048+N.

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root" || exit 1
seabios=/usr/share/seabios/bios.bin
grub_dir=/usr/lib/grub/i386-pc
payload_sector=2048

# fail TEST MESSAGE: the one-line verdict of a failed test.
fail() {
    echo "FAIL $1: $2"
    exit 1
}

# Debian's kernel comes from realguest.bash (rg_kernel: fetched once with
# apt-get download, cached in build/realguest): prints the vmlinuz path.
. "$root/tests/system/realguest.bash"
debian_kernel() {
    rg_kernel && echo "$RG_KERNEL"
}

# grub_disk OUT_IMG PAYLOAD CMDLINE: a disk whose GRUB prints two
# milestones with echo on COM1 and boots PAYLOAD with linux16 (its
# relocator16 enters the kernel's real-mode part).
grub_disk() {
    local img=$1 payload=$2 cmdline=$3 dir sectors
    dir=$(dirname "$img")
    sectors=$((($(stat -L -c %s "$payload") + 511) / 512))
    mkdir -p "$dir" || return 1
    cat >"$dir/grub.cfg" <<EOF
serial --unit=0 --speed=115200
terminal_output serial
echo GRUB embedded config: loading the kernel with linux16
linux16 (hd0)$payload_sector+$sectors $cmdline
echo GRUB: kernel loaded, booting it
boot
EOF
    grub-mkimage -O i386-pc -p '(hd0)' -c "$dir/grub.cfg" -o "$dir/core.img" \
        biosdisk serial terminal echo linux16 boot || return 1
    [ $(((($(stat -c %s "$dir/core.img") + 511) / 512) + 1)) -le $payload_sector ] || return 1
    rm -f "$img"
    dd if="$grub_dir/boot.img" of="$img" bs=512 count=1 status=none &&
        dd if="$dir/core.img" of="$img" bs=512 seek=1 conv=notrunc status=none &&
        dd if="$payload" of="$img" bs=512 seek=$payload_sector conv=notrunc status=none &&
        truncate -s $(((payload_sector + sectors) * 512 + 1048576)) "$img"
}

# boot_until MODE OUT DISK MILESTONE LIMIT [runner args...]: SeaBIOS boots
# DISK natively (MODE native) or under the assist (with --split-view, which
# SeaBIOS needs, and --verbose for the world-switch lines) until MILESTONE
# shows in OUT/serial.log, the runner ends or LIMIT seconds pass; then the
# run is stopped (the runner's `timeout` child forwards the signal to
# QEMU).  Sets secs_MODE (wall time to the milestone) and returns 1 if the
# milestone never showed.
boot_until() {
    local mode=$1 out=$2 disk=$3 milestone=$4 limit=$5 flags=() start pid t=0 ms
    shift 5
    [ "$mode" = native ] && flags=(--native) || flags=(--split-view --verbose)
    rm -rf "$out"
    mkdir -p "$out" || return 1
    start=$(date +%s%N)
    HVMHOST_NO_BUILD=1 tests/hvmhost/run --bios "$seabios" --disk "$disk" "${flags[@]}" \
        --qemu-arg -nic --qemu-arg none --timeout $((limit + 10)) --out "$out" "$@" \
        >"$out.runner.log" 2>&1 </dev/null &
    pid=$!
    while kill -0 $pid 2>/dev/null && [ $t -lt $((limit * 5)) ]; do
        grep -qF "$milestone" "$out/serial.log" 2>/dev/null && break
        sleep 0.2
        t=$((t + 1))
    done
    ms=$((($(date +%s%N) - start) / 1000000))
    for child in $(pgrep -P $pid -x timeout); do kill -TERM "$child" 2>/dev/null; done
    wait $pid 2>/dev/null
    printf -v "secs_$mode" '%d.%03d' $((ms / 1000)) $((ms % 1000))
    grep -qF "$milestone" "$out/serial.log" 2>/dev/null
}

# transcript OUT FIRST MILESTONE: COM1 from the first line holding FIRST up
# to (not including) the line holding MILESTONE, with carriage returns
# dropped, into OUT/transcript; what boot_both compares goes to
# OUT/compared (the same, or its visible text with compare_visible=1).
# Lines before FIRST are QEMU's own SeaBIOS loading hvmhost; the milestone
# line may still be incomplete when the run is stopped.
transcript() {
    local out=$1 first=$2 milestone=$3
    tr -d '\r' <"$out/serial.log" |
        awk -v a="$first" -v z="$milestone" 'index($0, z) { exit } index($0, a) { on = 1 } on' \
            >"$out/transcript"
    if [ "${compare_visible:-0}" = 1 ]; then
        # SeaBIOS' serial console mirror draws int 10h text with cursor
        # moves whose choice may depend on when its timer tick comes; the
        # text it draws does not.  Compare that: no escape sequences, no
        # spaces, line ends or backspaces.
        perl -0777 -pe 's/\e\[[0-9;?]*[A-Za-z]//g; s/\ec//g; s/[ \n\b]//g' \
            "$out/transcript" >"$out/compared"
    else
        cp "$out/transcript" "$out/compared"
    fi
}

# boot_both TEST BASE FIRST MILESTONE LIMIT CHECKS [runner args...]: boot
# BASE/disk.img natively, then under the assist, each until MILESTONE
# (boot_until, logs in BASE/native and BASE/assist); each run's COM1 must
# hold every line of CHECKS (one string per line) before MILESTONE, the
# assist run must have made world switches (counted into $invokes and
# $restores from hvmhost's --verbose lines) and no hvmhost failure, and
# the two transcripts from FIRST must be identical.  Fails the test
# otherwise.
boot_both() {
    local t=$1 base=$2 first=$3 milestone=$4 limit=$5 checks=$6 mode out m
    shift 6
    for mode in native assist; do
        out=$base/$mode
        if ! boot_until $mode $out $base/disk.img "$milestone" $limit "$@"; then
            [ $mode = assist ] && assist_report $out
            fail $t "$mode run did not reach '$milestone' in ${limit}s ($out/serial.log, $out/host.log)"
        fi
        transcript $out "$first" "$milestone"
        awk -v z="$milestone" 'index($0, z) { exit } 1' $out/serial.log >$out/before
        while IFS= read -r m; do
            grep -qF -- "$m" $out/before ||
                fail $t "$mode run: no '$m' before '$milestone' ($out/transcript)"
        done <<<"$checks"
    done
    invokes=$(grep -c '^hvmhost: INVOKE' $base/assist/host.log)
    restores=$(grep -c '^hvmhost: RESTORE' $base/assist/host.log)
    [ "$invokes" -gt 0 ] && [ "$restores" -gt 0 ] ||
        fail $t "no world switches under the assist ($base/assist/host.log)"
    grep -q 'FAIL' $base/assist/host.log && fail $t "hvmhost reported a failure ($base/assist/host.log)"
    cmp -s $base/native/compared $base/assist/compared ||
        fail $t "COM1 differs: diff $base/native/compared $base/assist/compared"
}

# The assist's own report of a failed run (port 0xE9), the last lines.
assist_report() {
    grep '^vmxassist: ' "$1/debug.log" 2>/dev/null | grep -v ': cpu [0-9]*, AP vector' |
        tail -n 4 | sed 's/^/    /'
}
