#!/usr/bin/env bash
# Pattern 2 (tests/guests/longmode.S, trip 1): real mode straight to long
# mode (EFER.LME, CR3, CR4.PAE in real mode, PG|PE in one write, 66 EA
# into an L=1 segment), 64-bit code, compatibility mode, back to real
# mode.  Natively and under the assist, identical COM1 transcripts.  Trip
# 2 is lmwalk.sh, 3 lmlimit.sh, 4 lmhigh.sh.
set -u
. "$(dirname "$0")/guest-checks.bash"
native_vs_assist longmode.sh 60 longmode
