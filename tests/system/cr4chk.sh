#!/usr/bin/env bash
# MOV to CR4 with a bit the processor lacks (tests/guests/cr4chk.S):
# #GP(0) at the MOV, CR4 unchanged, as the SDM says.  Under the assist
# only: QEMU TCG ends an SVM guest that does this natively (an invalid-
# state exit instead of the #GP), so the SDM is the oracle here.  The
# guest prints its verdict (exp from the SDM, got from the run).
set -u
. "$(dirname "$0")/guest-checks.bash"
single_guest_test cr4chk 60
