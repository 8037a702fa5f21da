#!/usr/bin/env bash
# The paging guest (tests/guests/paging.S) natively and under the assist:
# the CPU and the assist's page walker must agree.  Pass iff both runs pass
# with every PASS line, no FAIL line, and byte-identical COM1 output (the
# digest lines carry the values read through the tables and the accessed
# and dirty bits the walks left).
set -u
. "$(dirname "$0")/guest-checks.bash"
require_runner paging.sh
cd "$root" || exit 1
base=build/test/paging
for mode in native assist; do
    run_guest paging "$mode" "$base-$mode" 120 || {
        echo "FAIL paging.sh: $why ($base-$mode)"
        exit 1
    }
done
cmp -s "$base-native/serial.log" "$base-assist/serial.log" || {
    echo "FAIL paging.sh: COM1 differs natively and under the assist: diff $base-native/serial.log $base-assist/serial.log"
    diff "$base-native/serial.log" "$base-assist/serial.log"
    exit 1
}
echo "PASS paging.sh: four paging modes and a window #PF, natively and under the assist, byte-identical COM1 output ($base-native, $base-assist)"
exit 0
