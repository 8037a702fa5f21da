#!/usr/bin/env bash
# Hostile input (tests/guests/garbage.c): seeded chunks of random and
# mutated instruction bytes - every opcode including 0F xx, prefixes,
# system instructions, far transfers, segment loads, CR3/CR4 writes, LGDT,
# INT/IRET, task instructions - run in big real mode, where the assist
# emulates everything, natively and under the assist.  Pass iff the assist
# never reports an internal fault, never hangs, ends no run the native one
# survives (but for the SDM's stack-wrap shutdown) and every chunk's
# outcome (vector and frame, or registers and flags) is the native one or
# differs for a listed reason (tests/system/garbage.bash).
# tests/garbage-long (make check-long) runs more seeds.
set -u
. "$(dirname "$0")/garbage.bash"
require_runner garbage.sh
cd "$root" || exit 1
garbage_regressions garbage.sh build/test/garbage-regress || exit 1
garbage_compare garbage.sh 1 0 3000 build/test/garbage 90
