#!/usr/bin/env bash
# Pattern 12 (tests/guests/prefix.S): ESP's high half under 16-bit stack
# operations in real mode and both windows; gcc -m16 code (cwork.c) in
# real mode, the PE window, 16-bit PM and the stale window against gcc
# -m32's results.  Natively and under the assist, identical COM1
# transcripts.
set -u
. "$(dirname "$0")/guest-checks.bash"
native_vs_assist prefix.sh 60 prefix
