#!/usr/bin/env bash
# Pattern 10 (tests/guests/picbase.S): PIC vector bases 0x50/0x58
# programmed in real mode; IRQ0 on vector 0x50 in real mode (reflected by
# the assist) and in protected mode through the guest's IDT (the
# hypervisor restores the bases from rm_irqbase), twice each way.
# Natively and under the assist, identical COM1 transcripts.
set -u
. "$(dirname "$0")/guest-checks.bash"
native_vs_assist picbase.sh 60 picbase
