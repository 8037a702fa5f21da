#!/usr/bin/env bash
# Pattern 2 (tests/guests/longmode.S, trip 4): after a real->long RESTORE,
# 64-bit code writes and reads guest-physical memory above 4 GiB
# (hvmhost's high RAM window, mapped at linear 4 GiB with a 2 MiB page).
# Natively and under the assist, identical COM1 transcripts.  It failed
# (stores lost, loads 0) until hvmhost repaired the host CR0 that QEMU's
# #VMEXIT leaves behind when the assist exits with EFER.LME set and
# paging off (tests/hvmhost/host_paging.c).
set -u
. "$(dirname "$0")/guest-checks.bash"
native_vs_assist lmhigh.sh 60 lmhigh
