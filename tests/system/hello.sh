#!/usr/bin/env bash
# Run the hello guest (tests/guests/hello.S) under the assist: pass iff the
# runner exits 0, COM1 has every expected PASS line and no FAIL line.
set -u
. "$(dirname "$0")/guest-checks.bash"
single_guest_test hello 60
