#!/usr/bin/env bash
# #MF for the guest at an emulated FWAIT (tests/guests/x87mf.S): an x87
# exception left pending and unmasked by real-mode code raises #MF through
# the IVT at FWAIT in big real mode, as on the CPU, and not in the assist.
# Natively and under the assist, identical COM1 transcripts.
set -u
. "$(dirname "$0")/guest-checks.bash"
native_vs_assist x87mf.sh 60 x87mf
