#!/usr/bin/env bash
# The CPU as oracle: run hello and roundtrip natively (--native) and under
# the assist.  Pass iff all four runs pass and each guest's COM1 output is
# byte-identical in the two modes.
set -u
. "$(dirname "$0")/guest-checks.bash"
native_vs_assist native-compare.sh 120 hello roundtrip
