#!/usr/bin/env bash
# Pattern 15, one-vCPU part (tests/guests/a20.S): A20 off and on through
# port 0x92 and the keyboard controller, the 1 MiB wrap-around in real
# mode (VM86), protected mode (native) and big real mode (emulated).
# Natively and under the assist, identical COM1 transcripts.
set -u
. "$(dirname "$0")/guest-checks.bash"
native_vs_assist a20.sh 60 a20
