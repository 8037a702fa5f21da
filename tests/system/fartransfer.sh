#!/usr/bin/env bash
# Pattern 6 (tests/guests/fartransfer.S): EA, 66 EA, 9A, 66 9A, CB, 66 CB,
# CA, FF /5, 66 FF /5, FF /3, 66 FF /3, CF, 66 CF and CD each completing a
# real -> protected switch from the PE window and a protected -> real
# switch from the stale window (both emulated), targets patched at run
# time.  Natively and under the assist, identical COM1 transcripts.
set -u
. "$(dirname "$0")/guest-checks.bash"
native_vs_assist fartransfer.sh 60 fartransfer
