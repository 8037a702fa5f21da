#!/usr/bin/env bash
# FXSAVE/FXRSTOR in big real mode (tests/guests/fxstate.S; iPXE saves the
# guest's FPU state with them in flat real mode): the image the emulator
# saves equals the one the CPU saved in VM86, FXRSTOR loads it, a
# misaligned operand is a #GP.  Natively and under the assist, identical
# COM1 transcripts.
set -u
. "$(dirname "$0")/guest-checks.bash"
native_vs_assist fxstate.sh 60 fxstate
