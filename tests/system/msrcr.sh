#!/usr/bin/env bash
# Pattern 14 (tests/guests/msrcr.S): rdmsr/wrmsr, mov to and from
# CR2/CR3/CR4, #UD for CR1/CR5, #GP for PG without PE, wbinvd/invd and
# cpuid in real mode (VM86 traps) and in the PE and stale windows
# (emulated; a #GP in the PE window goes through the guest's IDT).
# Natively and under the assist, identical COM1 transcripts.
set -u
. "$(dirname "$0")/guest-checks.bash"
native_vs_assist msrcr.sh 60 msrcr
