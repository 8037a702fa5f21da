#!/usr/bin/env bash
# The tooling of `make demo` and `make bench` on a small guest (mbhello:
# multiboot, prints from 32-bit protected mode and from real mode, so it
# switches worlds), in a few seconds:
#  - hvmhost --mark: counters printed at the COM1 string, fewer instructions
#    there than at the end; the assist's own INVOKE/RESTORE counts (read from
#    its memory at vmxa_stats) equal hvmhost's, at the mark and at the end;
#  - hvmhost --stop-at: the run ends at the string's last byte (COM1 ends
#    with it), as a pass, and under -icount its instruction count equals
#    the count the --mark run printed at the same byte;
#  - tests/bench/guest-row: its figures are host.log's, its ratio
#    assist / native; tests/bench/chart writes a PNG.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root" || exit 1
fail() { echo "FAIL benchtools.sh: $*"; exit 1; }
make -s blob hvmhost guests || fail "build failed"
base=build/test/benchtools
guest=build/guests/mbhello.elf
mark="PASS output from real mode"
rm -rf "$base"
mkdir -p "$base"
counter() { awk -v k="$1" '$1 == k { v = $2 } END { print v }' "$2"; }
for mode in native assist; do
    flags=(--icount --timeout 60 --mark "$mark" --out "$base/$mode")
    [ $mode = native ] && flags+=(--native)
    HVMHOST_NO_BUILD=1 tests/hvmhost/run --guest "$guest" "${flags[@]}" >/dev/null 2>"$base/$mode.err" ||
        fail "$mode run failed ($base/$mode.err)"
    h=$base/$mode/host.log
    m=$(counter mark_total_insns "$h") t=$(counter total_insns "$h")
    [ -n "$m" ] && [ -n "$t" ] && [ "$m" -gt 0 ] && [ "$m" -lt "$t" ] ||
        fail "$mode run: mark_total_insns '$m' not below total_insns '$t' ($h)"
done
h=$base/assist/host.log
for p in mark_ ""; do
    for k in invoke restore; do
        a=$(counter ${p}assist_${k}s "$h") w=$(counter ${p}world_switch_$k "$h")
        [ -n "$w" ] && [ "$w" -gt 0 ] && [ "$a" = "$w" ] ||
            fail "the assist counted ${p}assist_${k}s '$a', hvmhost ${p}world_switch_$k '$w' ($h)"
    done
done

HVMHOST_NO_BUILD=1 tests/hvmhost/run --guest "$guest" --icount --timeout 60 --stop-at "$mark" \
    --out "$base/stop" >/dev/null 2>"$base/stop.err" || fail "--stop-at run did not pass ($base/stop.err)"
grep -qx "hvmhost: milestone reached, run stopped" "$base/stop/host.log" ||
    fail "--stop-at run: no 'milestone reached' ($base/stop/host.log)"
[ "$(tail -c ${#mark} "$base/stop/serial.log")" = "$mark" ] ||
    fail "--stop-at run: COM1 does not end with '$mark' ($base/stop/serial.log)"
s=$(counter total_insns "$base/stop/host.log") m=$(counter mark_total_insns "$h")
[ "$s" = "$m" ] || fail "--stop-at counted $s instructions, --mark $m at the same byte"

row=$(tests/bench/guest-row mbhello "$mark" "$base/native" "$base/assist" mark_) || fail "guest-row failed"
echo "$row"
ni=$(counter mark_total_insns "$base/native/host.log") ai=$(counter mark_total_insns "$h")
want=$(awk -v a="$ai" -v n="$ni" 'BEGIN { printf "%.3f", a / n }')
echo "$row" | awk -F'|' -v ni="$ni" -v ai="$ai" -v r="$want" -v inv="$(counter mark_world_switch_invoke "$h")" '
    { for (i = 2; i <= 9; i++) { f[i] = $i; gsub(/[ ,]/, "", f[i]) } }
    f[4] != ni || f[5] != ai || f[6] != r || f[7] !~ "^" inv "/" { exit 1 }' ||
    fail "guest-row's figures are not host.log's (native $ni, assist $ai, ratio $want): $row"
{
    echo "| guest | milestone | native | assist | ratio | ws | traps | emulated |"
    echo "|---|---|---:|---:|---:|---:|---:|---:|"
    echo "$row"
} >"$base/table.md"
tests/bench/chart "$base/table.md" "$base/chart.png" || fail "chart failed"
[ "$(head -c 8 "$base/chart.png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] ||
    fail "chart: $base/chart.png is not a PNG"
echo "PASS benchtools.sh: --mark and --stop-at agree at '$mark' ($ai instructions under the assist, $ni natively), the assist's counters match hvmhost's, guest-row and chart work ($base)"
