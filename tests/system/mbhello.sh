#!/usr/bin/env bash
# Run the mbhello guest (tests/guests/mbhello.S) under the assist: pass iff the
# runner exits 0, COM1 has every expected PASS line and no FAIL line.
set -u
. "$(dirname "$0")/guest-checks.bash"
single_guest_test mbhello 60
