#!/usr/bin/env bash
# Far transfers from the PE window through call gates (16- and 32-bit,
# JMP and CALL), IRET to ring 3 and IRET to the guest's VM86 task
# (tests/guests/gates.S).  Natively and under the assist, identical COM1
# transcripts.
set -u
. "$(dirname "$0")/guest-checks.bash"
native_vs_assist gates.sh 60 gates
