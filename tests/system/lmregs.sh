#!/usr/bin/env bash
# hvmhost with 64-bit guests (tests/guests/longmode.S, TRIP=5): 64-bit code
# at the top of the address space takes a CR0-write exit (mov from R9) and
# I/O exits with every GPR holding a 64-bit value, and all survive - what
# Linux needs of hvmhost (its kernel runs at 0xffffffff8... and keeps
# pointers in the upper halves).  Natively and under the assist, identical
# COM1 transcripts.
set -u
. "$(dirname "$0")/guest-checks.bash"
native_vs_assist lmregs.sh 60 lmregs
