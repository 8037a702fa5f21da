#!/usr/bin/env bash
# Pattern 2 with a call gate in the window (tests/guests/longmode.S,
# TRIP=6): after the CR0 write that turns long mode on, a 16-bit lcall
# through a 64-bit call gate (16 bytes) to 64-bit code pushes CS and RIP
# as quadwords.  Natively and under the assist, identical COM1
# transcripts.
set -u
. "$(dirname "$0")/guest-checks.bash"
native_vs_assist lmgate.sh 60 lmgate
