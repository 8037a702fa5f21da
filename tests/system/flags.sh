#!/usr/bin/env bash
# Pattern 9 (tests/guests/flags.S): pushf/popf of 16- and 32-bit flags,
# AC/ID toggling, iretw/iretl as far calls, in real mode (VM86 traps) and
# in the PE and stale windows (emulated).  Natively and under the assist,
# identical COM1 transcripts.
set -u
. "$(dirname "$0")/guest-checks.bash"
native_vs_assist flags.sh 60 flags
