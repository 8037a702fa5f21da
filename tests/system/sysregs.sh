#!/usr/bin/env bash
# Pattern 8 (tests/guests/sysregs.S): sgdt, sidt, smsw, str, sldt and mov
# from cr0 in real mode (VM86: UMIP traps, #UD) and in the PE and stale
# windows (emulated) show the guest's own values.  Natively and under the
# assist, identical COM1 transcripts.
set -u
. "$(dirname "$0")/guest-checks.bash"
native_vs_assist sysregs.sh 60 sysregs
