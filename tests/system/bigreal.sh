#!/usr/bin/env bash
# Pattern 5 (tests/guests/bigreal.S): 16-bit protected mode with odd bases
# and 4 GiB limits, the stale caches after clearing PE, big real mode
# above 1 MiB (emulated throughout under the assist), unreal mode without
# a far jump.  Natively and under the assist, identical COM1 transcripts.
set -u
. "$(dirname "$0")/guest-checks.bash"
native_vs_assist bigreal.sh 60 bigreal
