#!/usr/bin/env bash
# Pattern 4 (tests/guests/pewindow.S): jumps, calls, stack use and
# protected-mode segment loads between setting PE and the far jump
# (emulated), code after the jump on real-mode caches, a #GP in the window
# through the guest's IDT.  Natively and under the assist, identical COM1
# transcripts.
set -u
. "$(dirname "$0")/guest-checks.bash"
native_vs_assist pewindow.sh 60 pewindow
