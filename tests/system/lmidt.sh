#!/usr/bin/env bash
# Pattern 2 with an exception in the window (tests/guests/longmode.S,
# TRIP=5): after the CR0 write that turns long mode on, before the far
# jump, after an ltr of a 64-bit TSS, a #GP goes through the IA-32e IDT
# (16-byte gate, 64-bit handler on the IST1 stack,
# 64-bit frame).  Natively and under the assist, identical COM1
# transcripts.
set -u
. "$(dirname "$0")/guest-checks.bash"
native_vs_assist lmidt.sh 60 lmidt
