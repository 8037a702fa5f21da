#!/usr/bin/env bash
# Far jumps from the PE window through faulty call and task gates and to
# unusable TSSes: #NP/#GP with the SDM's error codes, through the guest's
# IDT (tests/guests/gatefaults.S).  Natively and under the assist,
# identical COM1 transcripts.
set -u
. "$(dirname "$0")/guest-checks.bash"
native_vs_assist gatefaults.sh 60 gatefaults
