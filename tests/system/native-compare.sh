#!/usr/bin/env bash
# The CPU as oracle: run hello and roundtrip natively (--native) and under
# the assist.  Pass iff all four runs pass and each guest's COM1 output is
# byte-identical in the two modes.
set -u
. "$(dirname "$0")/guest-checks.bash"
require_runner native-compare.sh
cd "$root" || exit 1
base=build/test/native-compare
for guest in hello roundtrip; do
    for mode in native assist; do
        run_guest "$guest" "$mode" "$base/$guest-$mode" 120 || {
            echo "FAIL native-compare.sh: $why ($base/$guest-$mode)"
            exit 1
        }
    done
    cmp -s "$base/$guest-native/serial.log" "$base/$guest-assist/serial.log" || {
        echo "FAIL native-compare.sh: $guest's COM1 output differs natively and under the assist: diff $base/$guest-native/serial.log $base/$guest-assist/serial.log"
        exit 1
    }
done
echo "PASS native-compare.sh: hello and roundtrip pass natively and under the assist with byte-identical COM1 output ($base)"
exit 0
