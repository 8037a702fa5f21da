#!/usr/bin/env bash
# The stack's deepest use in practice against the worst case
# tools/stack-depth proves.  DEBUG builds paint the stack at boot and log
# each new deepest use at the world switches ("vmxassist: stack N",
# trap/entry.S); the guests that go deepest (page walks in the PE window,
# long mode, IRQs taken in HLT, exceptions through the IVT) must stay
# within the proven figure, or the analysis missed a path.  A broken paint
# reads as the whole stack used, so this fails then too.
set -u
. "$(dirname "$0")/guest-checks.bash"
require_runner stack-high-water.sh
cd "$root" || exit 1
base=build/test/stack-high-water
make -s --no-print-directory blob || { echo "FAIL stack-high-water.sh: build failed"; exit 1; }
proven=$(tools/stack-depth --no-check | sed -n 's/^worst case: \([0-9]*\) bytes$/\1/p')
[ -n "$proven" ] || { echo "FAIL stack-high-water.sh: tools/stack-depth gave no worst case"; exit 1; }
deepest=0
for guest in paging longmode picbase bigreal; do
    run_guest "$guest" assist "$base/$guest" 120 || { echo "FAIL stack-high-water.sh: $why"; exit 1; }
    d=$(sed -n 's/^vmxassist: stack \([0-9]*\)$/\1/p' "$base/$guest/debug.log" | sort -n | tail -n 1)
    [ -n "$d" ] || { echo "FAIL stack-high-water.sh: $guest logged no stack use ($base/$guest/debug.log)"; exit 1; }
    echo "$guest: deepest stack use $d bytes"
    [ "$d" -gt "$deepest" ] && deepest=$d
done
if [ "$deepest" -gt "$proven" ]; then
    echo "FAIL stack-high-water.sh: the stack went $deepest bytes deep, tools/stack-depth proves at most $proven"
    exit 1
fi
echo "PASS stack-high-water.sh: deepest use $deepest bytes, within the proven worst case of $proven bytes"
