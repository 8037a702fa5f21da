#!/usr/bin/env bash
# Bochs rombios (legacy), the BIOS family Xen 3.x shipped, POSTs from the
# reset vector under the assist exactly as it does natively: its banner and
# everything it logs after it (IDE probes, the boot attempt) are identical,
# and both runs end where rombios ends without a boot disk - "No bootable
# device." and a HLT with interrupts off, which hvmhost reports.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root" || exit 1
bios=/usr/share/bochs/BIOS-bochs-legacy
[ -f "$bios" ] || { echo "FAIL rombios.sh: $bios missing (package bochsbios)"; exit 1; }
base=build/test/rombios
for mode in native assist; do
    flags=()
    [ $mode = native ] && flags=(--native)
    rm -rf "$base/$mode"
    tests/hvmhost/run --bios "$bios" "${flags[@]}" --qemu-arg -M --qemu-arg isapc \
        --timeout 60 --out "$base/$mode" >"$base-$mode.runner.log" 2>&1 </dev/null
    grep -q 'FAIL: HLT forever' "$base/$mode/host.log" ||
        { echo "FAIL rombios.sh: $mode run did not end in rombios' final HLT ($base/$mode/host.log)"; exit 1; }
    grep -q 'No bootable device' "$base/$mode/bios.log" ||
        { echo "FAIL rombios.sh: $mode run: no 'No bootable device' ($base/$mode/bios.log)"; exit 1; }
    # "IDE time out" lines count timer ticks during the IDE probes: wall
    # time, which differs from run to run even natively; they are dropped.
    sed -n '/\$Revision/,$p' "$base/$mode/bios.log" | grep -v '^IDE time out$' \
        > "$base/$mode/rombios.log"
    [ -s "$base/$mode/rombios.log" ] ||
        { echo "FAIL rombios.sh: $mode run: no rombios banner in $base/$mode/bios.log"; exit 1; }
done
cmp -s "$base/native/rombios.log" "$base/assist/rombios.log" ||
    { echo "FAIL rombios.sh: rombios' log differs: diff $base/native/rombios.log $base/assist/rombios.log"; exit 1; }
echo "PASS rombios.sh: Bochs rombios POST to 'No bootable device.' under the assist, log identical to native ($base)"
