#!/usr/bin/env bash
# Code running past offset FFFFh of a 64 KiB code segment
# (tests/guests/ipwrap.S): #GP at the fetch past the limit, in big real
# mode, as the manuals say.  Under the assist only: QEMU TCG checks no CS
# limit in real mode and runs on, so the manuals are the oracle here.  The
# guest prints its verdict (exp from the manuals, got from the run).  The
# assist names such a fetch once per place (garbage.bash relies on the
# line): the two cases that run off the end at 2000:FFFF make one line
# (at 2000:10000), the instruction straddling FFFFh another (at FFFF).
set -u
. "$(dirname "$0")/guest-checks.bash"
require_runner ipwrap.sh
cd "$root" || exit 1
out=build/test/ipwrap
run_guest ipwrap assist "$out" 60 || { echo "FAIL ipwrap.sh: $why ($out)"; exit 1; }
for at in 00010000 0000ffff; do
    n=$(grep -c "^vmxassist: code ran past the CS limit, raising #GP at 2000:$at " "$out/debug.log")
    [ "$n" = 1 ] || { echo "FAIL ipwrap.sh: the assist named the fetch past the CS limit at 2000:$at $n times, not once ($out/debug.log)"; exit 1; }
done
echo "PASS ipwrap.sh: ipwrap under the assist exited 0 with its $(expected_lines ipwrap | wc -l) PASS lines and no FAIL, each fetch past the limit named once ($out)"
