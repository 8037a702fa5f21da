#!/usr/bin/env bash
# FS and GS nulled in protected mode, then loaded in real mode
# (tests/guests/usable.S): the real-mode load makes them usable again (SDM
# vol. 3 9.9.2; include/vmxassist/seg.h seg_load_real).  Reads and writes
# through them in real mode and in the PE window, natively and under the
# assist, identical COM1 transcripts (natively no fault: the SDM's answer,
# and QEMU TCG's, which checks no null selectors anyway).  Then once more
# under the assist with hvmhost's counters at "usable: loop start" and at
# "usable: loop done": between them the guest runs LOOPS iterations of a
# two-instruction loop through FS, which must run in VM86 - fewer than
# LOOPS instructions emulated - and not one by one in the assist.
set -u
. "$(dirname "$0")/guest-checks.bash"
verdict=$(native_vs_assist usable.sh 60 usable) || { echo "$verdict"; exit 1; }
cd "$root" || exit 1
out=build/test/usable/loop
loops=$(awk '$1 == ".set" && $2 == "LOOPS," { print $3 }' tests/guests/usable.S)
[ -n "$loops" ] || { echo "FAIL usable.sh: no LOOPS in tests/guests/usable.S"; exit 1; }
rm -rf "$out"
mkdir -p "$out"
HVMHOST_NO_BUILD=1 "$runner" --guest "$(guest_file usable)" --timeout 60 \
    --mark "usable: loop start" --stop-at "usable: loop done" --out "$out" \
    >"$out/runner.log" 2>&1 </dev/null || {
    echo "FAIL usable.sh: the counting run did not reach 'usable: loop done' ($out)"
    exit 1
}
grep -q '^mark_assist_emulated ' "$out/host.log" || {
    echo "FAIL usable.sh: no mark_assist_emulated in $out/host.log"
    exit 1
}
at=$(counter mark_assist_emulated "$out/host.log")
end=$(counter assist_emulated "$out/host.log")
n=$((end - at))
if [ "$n" -ge "$loops" ]; then
    echo "FAIL usable.sh: $n instructions emulated during the $loops-iteration loop through FS (not back in VM86) ($out/host.log)"
    exit 1
fi
echo "${verdict%%(*}and the $loops-iteration loop through FS ran in VM86 ($n instructions emulated during it) (build/test/usable)"
