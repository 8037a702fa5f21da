#!/usr/bin/env bash
# Pattern 2, tests/guests/longmode.S trip lmlimit.  Natively
# and under the assist, identical COM1 transcripts.
set -u
. "$(dirname "$0")/guest-checks.bash"
native_vs_assist lmlimit.sh 60 lmlimit
