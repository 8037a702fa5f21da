#!/usr/bin/env bash
# Protected-mode checks on data accesses in the PE window
# (tests/guests/segchk.S): a null DS, writes to read-only data (MOV, ADD,
# STOS), a read of readable and of execute-only code.  QEMU TCG makes
# none of these checks (tests/system/pending/README), so the guest writes
# what it caught to port 0xE9 beside what the SDM says ("segchk-sdm NAME:
# got VECTOR ERROR IP VALUE want VECTOR ERROR IP VALUE"); under the assist
# each case must be what the SDM says, natively it is only reported.  The
# COM1 transcripts must still be identical.
set -u
. "$(dirname "$0")/guest-checks.bash"
native=$(sdm_lines segchk.sh 60 segchk segchk-sdm 6) || { echo "$native"; exit 1; }
echo "PASS segchk.sh: segchk passes natively and under the assist with byte-identical COM1 output; its 6 PE-window data accesses fault where the SDM says under the assist ($native of them differ natively: QEMU TCG checks no data-segment types or null selectors) (build/test/segchk)"
