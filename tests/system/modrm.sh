#!/usr/bin/env bash
# Pattern 3 (tests/guests/modrm.S): every 16-bit ModRM and 32-bit SIB
# form with its default segment (SS for BP/EBP/ESP bases) and with
# overrides, 16- and 32-bit wrap-around, lgdt/lidt operand-size
# truncation; in real mode (VM86), in the PE window and with stale caches
# after clearing PE (both emulated).  Natively and under the assist,
# identical COM1 transcripts.
set -u
. "$(dirname "$0")/guest-checks.bash"
native_vs_assist modrm.sh 60 modrm
