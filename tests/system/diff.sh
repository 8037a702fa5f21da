#!/usr/bin/env bash
# The differential program generator (tests/guests/diffgen.c): seeded
# random real-mode instruction blocks, every class of the generator, run in
# big real mode natively and under the assist.  Pass iff both transcripts
# (a digest of registers, flags, selectors and sandbox memory per block) are
# byte-identical and at least 100,000 random instructions surely ran.
# tests/diff-long (make check-long) runs longer ones.
set -u
. "$(dirname "$0")/diffgen.bash"
require_runner diff.sh
cd "$root" || exit 1
diffgen_compare diff.sh "seed=1 blocks=300 len=400" 600 build/test/diff 100000
