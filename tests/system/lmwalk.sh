#!/usr/bin/env bash
# Pattern 2 through the page walker (tests/guests/longmode.S, TRIP=2):
# real mode straight to long mode with the GDTR base at an alias the
# guest's 4-level tables map onto the GDT (the far jump's descriptor read
# walks them), and a read in the PE window through a linear page mapped
# to another frame.  Natively and under the assist, identical COM1
# transcripts.
set -u
. "$(dirname "$0")/guest-checks.bash"
native_vs_assist lmwalk.sh 60 lmwalk
