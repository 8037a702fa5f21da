#!/usr/bin/env bash
# The Solaris-style guest (tests/guests/solaris.S): PAE paging, a GDT over
# two non-adjacent frames, 200 round trips protected -> real mode on stale
# segment caches -> protected.  Run natively (--native) and under the
# assist; pass iff both runs pass (every PASS line, no FAIL, and under the
# assist at least 201 INVOKE and 200 RESTORE world switches) and the two
# COM1 transcripts are byte-identical.
set -u
. "$(dirname "$0")/guest-checks.bash"
native_vs_assist solaris.sh 120 solaris
