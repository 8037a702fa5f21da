#!/usr/bin/env bash
# SeaBIOS (Debian's bios.bin, the BIOS a user of a VT-x machine boots today)
# POSTs from the reset vector under the assist exactly as it does natively:
# with no disk and no NIC (-nic none: no iPXE option ROM) both runs reach
# "No bootable device." on its debug port, and everything the guest's
# SeaBIOS logs from its banner on is identical - no line is filtered: with
# the same RAM size, PCI layout and ROMs even the addresses agree.  Under
# the assist the POST must have made world switches (counted from hvmhost's
# --verbose INVOKE/RESTORE lines: the run is stopped at the milestone, so
# the end-of-run counters are never printed).
#
# SeaBIOS clears 0xC0000 up to its own code from 32-bit code, i.e. over the
# assist; this passes only because hvmhost gives the guest world its own
# RAM there (its default, explicit here: tests/hvmhost/README, "Two views").
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root" || exit 1
bios=/usr/share/seabios/bios.bin
[ -f "$bios" ] || { echo "FAIL seabios.sh: $bios missing (package seabios)"; exit 1; }
base=build/test/seabios
milestone='No bootable device.'
limit=90
make -s blob hvmhost || { echo "FAIL seabios.sh: build failed"; exit 1; }

# run <mode>: boot until the milestone shows in bios.log (or the runner
# ends, or $limit seconds pass), then stop it: the runner's `timeout` child
# (which forwards the signal to QEMU; it has its own process group).
run() {
    local mode=$1 out=$base/$1 flags=() start pid t=0
    [ $mode = native ] && flags=(--native) || flags=(--verbose --split-view)
    rm -rf "$out"
    mkdir -p "$out"
    start=$(date +%s%N)
    HVMHOST_NO_BUILD=1 tests/hvmhost/run --bios "$bios" "${flags[@]}" \
        --qemu-arg -nic --qemu-arg none --timeout $((limit + 10)) --out "$out" \
        >"$base-$mode.runner.log" 2>&1 </dev/null &
    pid=$!
    while kill -0 $pid 2>/dev/null && [ $t -lt $((limit * 5)) ]; do
        grep -qF "$milestone" "$out/bios.log" 2>/dev/null && break
        sleep 0.2
        t=$((t + 1))
    done
    elapsed=$((($(date +%s%N) - start) / 1000000))
    for child in $(pgrep -P $pid -x timeout); do kill -TERM $child 2>/dev/null; done
    wait $pid 2>/dev/null
    grep -qF "$milestone" "$out/bios.log" 2>/dev/null ||
        { echo "FAIL seabios.sh: $mode run did not reach '$milestone' in ${limit}s ($out/bios.log, $out/host.log)"; exit 1; }
    # bios.log starts with QEMU's own SeaBIOS loading hvmhost; the guest's
    # begins at the second banner.
    # SeaBIOS probes devices (PS/2, ATA, ...) in threads that its timer
    # interrupt switches, up to "All threads complete.": how their lines
    # interleave depends on wall-clock ticks, not on the CPU, so the lines
    # from the last banner (the VGA console repeats it) to that line are
    # compared sorted.
    awk '/^SeaBIOS \(version/ { n++ } n >= 2' "$out/bios.log" |
        awk 'function flush() { for (i = 1; i <= k; i++) print buf[i]; k = 0 }
             /^SeaBIOS \(version/ { flush(); print; next }
             /^All threads complete\./ {
                 for (i = 1; i <= k; i++) print buf[i] | "sort"
                 close("sort"); k = 0; print; next }
             { buf[++k] = $0 }
             END { flush() }' > "$out/guest-bios.log"
    grep -q '^Scan for option roms' "$out/guest-bios.log" ||
        { echo "FAIL seabios.sh: $mode run: no guest SeaBIOS POST in $out/bios.log"; exit 1; }
    printf -v "secs_$mode" '%d.%03d' $((elapsed / 1000)) $((elapsed % 1000))
}

run native
run assist
invokes=$(grep -c '^hvmhost: INVOKE' "$base/assist/host.log")
restores=$(grep -c '^hvmhost: RESTORE' "$base/assist/host.log")
[ "$invokes" -gt 0 ] && [ "$restores" -gt 0 ] ||
    { echo "FAIL seabios.sh: no world switches under the assist ($base/assist/host.log)"; exit 1; }
grep -q 'FAIL' "$base/assist/host.log" &&
    { echo "FAIL seabios.sh: hvmhost reported a failure ($base/assist/host.log)"; exit 1; }
cmp -s "$base/native/guest-bios.log" "$base/assist/guest-bios.log" ||
    { echo "FAIL seabios.sh: SeaBIOS' log differs: diff $base/native/guest-bios.log $base/assist/guest-bios.log"; exit 1; }
echo "PASS seabios.sh: SeaBIOS POST to '$milestone' under the assist (${secs_assist}s, $invokes INVOKEs, $restores RESTOREs; native ${secs_native}s), log identical to native ($base)"
