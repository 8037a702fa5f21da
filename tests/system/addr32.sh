#!/usr/bin/env bash
# Pattern 11 (tests/guests/addr32.S): addr32 string instructions, loop on
# ECX, ALU, movzx/movsx, xchg, cmpxchg, imul and push/pop above 1 MiB in
# big real mode (emulated under the assist), checked against the same
# operations in flat protected mode (native), and offsets past 64 KiB
# through segments with non-zero bases.  Natively and under the assist,
# identical COM1 transcripts.
set -u
. "$(dirname "$0")/guest-checks.bash"
native_vs_assist addr32.sh 60 addr32
