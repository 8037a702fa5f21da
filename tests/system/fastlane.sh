#!/usr/bin/env bash
# The fast lane (tests/guests/fastlane.S): loops of MOV, ALU, INC/DEC/
# NOT/NEG, Jcc and JMP in big real mode, run from the decoded-instruction
# cache - every operand form, self-modifying code, cache-slot collisions,
# instructions across a page boundary, TF and IRQ0 inside the loops.
# Natively and under the assist, identical COM1 transcripts.
#
# Loops that walk an operand past a segment limit are the exception: QEMU
# TCG checks no data-segment limits (tests/system/pending/README), so the
# guest writes what it caught to port 0xE9 beside what the SDM's limit rule
# says ("fastlane-sdm NAME: got COUNT IP ITERATION want 1 IP ITERATION");
# under the assist each of the five must be what the SDM says.
set -u
. "$(dirname "$0")/guest-checks.bash"
seen=$(sdm_lines fastlane.sh 60 fastlane fastlane-sdm 5) || { echo "$seen"; exit 1; }
echo "PASS fastlane.sh: fastlane passes natively and under the assist with byte-identical COM1 output; its 5 limit walks fault where the SDM says under the assist ($seen of them do not fault natively: QEMU TCG checks no data limits) (build/test/fastlane)"
