#!/usr/bin/env bash
# Task switches from the PE window: far JMP/CALL to a 32-bit TSS, INT and
# a #GP through a task gate, IRET with NT set, far JMP to a 16-bit TSS
# (tests/guests/tasks.S).  Natively and under the assist, identical COM1
# transcripts.
set -u
. "$(dirname "$0")/guest-checks.bash"
native_vs_assist tasks.sh 60 tasks
