#!/usr/bin/env bash
# Code running past offset FFFFh of a 64 KiB code segment
# (tests/guests/ipwrap.S): #GP at the fetch past the limit, in plain and in
# big real mode, as the manuals say.  Under the assist only: QEMU TCG
# checks no CS limit in real mode and runs on, so the manuals are the
# oracle here.  The guest prints its verdict (exp from the manuals, got
# from the run).
set -u
. "$(dirname "$0")/guest-checks.bash"
single_guest_test ipwrap 60
