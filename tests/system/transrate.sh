#!/usr/bin/env bash
# Pattern 7 (tests/guests/transrate.S): 5000 protected -> real ->
# protected round trips, an INT in real mode on each, checksums of the
# real-mode work and of the same work in protected mode agree (and under
# the assist at least 5000 INVOKEs and RESTOREs).  Natively and under the
# assist, identical COM1 transcripts.
set -u
. "$(dirname "$0")/guest-checks.bash"
native_vs_assist transrate.sh 60 transrate
