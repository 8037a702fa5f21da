#!/usr/bin/env bash
# DEBUG=0 compiles the debug log away: the banner and the trace/report
# texts must be absent from that build, it must be smaller, and it must
# still run the hello guest to a pass.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root" || exit 1
out=build/nodebug
make -s --no-print-directory B=$out DEBUG=0 $out/vmxassist.bin >/dev/null || exit 1
fail=0
for s in "cpu %u, AP vector" "bytes %s(code%u" "trace"; do
    if grep -qa -- "$s" $out/vmxassist.bin; then
        echo "FAIL: '$s' is still in the DEBUG=0 blob"
        fail=1
    fi
done
grep -qa "cpu %u, AP vector" build/vmxassist.bin || { echo "FAIL: the debug build lacks its banner"; fail=1; }
dbg=$(stat -c %s build/vmxassist.bin) nodbg=$(stat -c %s $out/vmxassist.bin)
echo "blob size: $dbg bytes with DEBUG=1, $nodbg bytes with DEBUG=0"
[ "$nodbg" -lt "$dbg" ] || { echo "FAIL: DEBUG=0 is not smaller"; fail=1; }
tests/hvmhost/run --guest build/guests/hello.bin --assist $out/vmxassist.bin \
    --out build/test/nodebug --timeout 120 >/dev/null 2>&1 || { echo "FAIL: hello under the DEBUG=0 blob"; fail=1; }
[ -s build/test/nodebug/debug.log ] && grep -q vmxassist build/test/nodebug/debug.log &&
    { echo "FAIL: the DEBUG=0 blob wrote to the debug port"; fail=1; }
[ $fail -eq 0 ] && echo "PASS: DEBUG=0 blob has no debug texts and runs hello silently"
exit $fail
