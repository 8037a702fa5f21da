# diffgen.bash - sourced by diff.sh and tests/diff-long; not a test itself.
#
# Runs the differential generator guest (build/guests/diffgen.elf,
# tests/guests/diffgen.c) natively and under the assist with the same
# options and compares the two COM1 transcripts.  The options live in a
# text area of the ELF (after the marker "DIFFGEN-PARAMS:"); diffgen_image
# writes them into a copy.  On a mismatch the first differing block is run
# again alone in both modes with a dump (code, registers, memory digests),
# and the report says what differs and where the disassembly is.

. "$(dirname "${BASH_SOURCE[0]}")/guest-checks.bash"

diffgen_elf=$root/build/guests/diffgen.elf
diffgen_marker='DIFFGEN-PARAMS:'
diffgen_text_max=239

# diffgen_image OUT "OPTIONS": a copy of diffgen.elf with OPTIONS.
diffgen_image() {
    local out=$1 text=$2 off
    [ ${#text} -le $diffgen_text_max ] || { why="options longer than $diffgen_text_max bytes"; return 1; }
    cp "$diffgen_elf" "$out" || { why="cannot write $out"; return 1; }
    off=$(grep -obUaF "$diffgen_marker" "$out" | head -n 1 | cut -d: -f1)
    [ -n "$off" ] || { why="no $diffgen_marker in $diffgen_elf"; return 1; }
    off=$((off + 16))
    dd if=/dev/zero of="$out" bs=1 seek=$off count=$((diffgen_text_max + 1)) conv=notrunc status=none &&
        printf '%s' "$text" | dd of="$out" bs=1 seek=$off conv=notrunc status=none
}

# diffgen_run IMAGE MODE OUT TIMEOUT: one run; sets $why on failure.
diffgen_run() {
    local image=$1 mode=$2 out=$3 timeout=$4 flags=() rc line
    [ "$mode" = native ] && flags=(--native)
    rm -rf "$out"
    mkdir -p "$out" || { why="cannot create $out"; return 1; }
    "$runner" --guest "$image" "${flags[@]}" --timeout "$timeout" --out "$out" \
        >"$out/runner.log" 2>&1 </dev/null
    rc=$?
    line=$(grep -m1 '^FAIL' "$out/serial.log" 2>/dev/null)
    [ -z "$line" ] || { why="$mode run: $line"; return 1; }
    if [ $rc -ne 0 ]; then
        line=$(grep -m1 '^hvmhost: ' "$out/runner.log")
        why="$mode run: runner exit $rc: ${line:-see $out/runner.log}"
        return 1
    fi
    grep -q '^diffgen: insns ' "$out/serial.log" || { why="$mode run: no summary line"; return 1; }
}

# The value after WORD in the summary line of a transcript.
diffgen_summary() {
    awk -v k="$1" '/^diffgen: insns / { for (i = 1; i < NF; i++) if ($i == k) print $(i + 1) }' "$2"
}

# Print what differs between two "name=value ..." lines.
diffgen_fields() {
    local a=$1 b=$2 w v
    declare -A seen
    for w in $a; do seen[${w%%=*}]=${w#*=}; done
    for w in $b; do
        v=${seen[${w%%=*}]-}
        [ "$v" = "${w#*=}" ] || echo "    ${w%%=*}: native $v, assist ${w#*=}"
    done
}

# Disassemble the code lines ("code ADDR HEX") of a dump, range by range.
diffgen_disassemble() {
    local log=$1 out=$2 bin
    bin=$(mktemp) || return 1
    : >"$out"
    perl -ne 'print "$1 $2\n" if /^code ([0-9a-f]+) ([0-9a-f]+)$/' "$log" |
    perl -e '
        my ($start, $next, $hex) = (-1, -1, "");
        sub flush { print "$start $hex\n" if $start >= 0 }
        while (<STDIN>) {
            my ($a, $h) = split;
            $a = hex $a;
            if ($a != $next) { flush(); ($start, $hex) = ($a, "") }
            $hex .= $h;
            $next = $a + length($h) / 2;
        }
        flush();' |
    while read -r start hex; do
        perl -e 'print pack("H*", $ARGV[0])' "$hex" >"$bin"
        objdump -D -b binary -m i8086 --adjust-vma=$((start)) "$bin" | tail -n +8 >>"$out"
    done
    rm -f "$bin"
}

# diffgen_block OPTS BLK LEN OUT TIMEOUT: block BLK alone with LEN, dumped,
# in both modes (OUT-native, OUT-assist); returns 0 if the two agree.
diffgen_block() {
    local opts=$1 blk=$2 len=$3 out=$4 timeout=$5 mode
    diffgen_image "$out.elf" "$opts first=$blk blocks=1 len=$len dump=$blk verbose=1" || return 2
    for mode in native assist; do
        diffgen_run "$out.elf" $mode "$out-$mode" "$timeout" &
    done
    wait
    [ "$(grep "^blk " "$out-native/serial.log")" = "$(grep "^blk " "$out-assist/serial.log")" ]
}

# After a mismatch: block BLK alone, dumped, in both modes; then the
# shortest prefix of it that still differs (a block generated with a
# smaller len= is a prefix of the longer one): its last group is the
# culprit.  Report.
diffgen_explain() {
    local opts=$1 blk=$2 out=$3 timeout=$4 len lo=0 hi mid n a
    len=$(echo " $opts " | sed -nE 's/.* len=([0-9]+) .*/\1/p')
    opts=$(echo " $opts " | sed -E 's/ (first|blocks|dump|verbose|len)=[^ ]*//g; s/^ +//; s/ +$//')
    hi=${len:-400}
    diffgen_block "$opts" "$blk" "$hi" "$out/block$blk" "$timeout" && {
        echo "  block $blk alone agrees in both modes: it depends on the blocks before it (a generator bug)"
        return
    }
    n=$out/block$blk-native/serial.log a=$out/block$blk-assist/serial.log
    echo "  block $blk alone: $(grep "^blk $blk " "$n" | cut -d' ' -f5-) natively, $(grep "^blk $blk " "$a" | cut -d' ' -f5-) under the assist"
    diffgen_fields "$(grep -m1 '^dump: out' "$n" | cut -d' ' -f3-)" "$(grep -m1 '^dump: out' "$a" | cut -d' ' -f3-)"
    diff <(grep -E '^(mem|stack) ' "$n") <(grep -E '^(mem|stack) ' "$a") |
        sed -n 's/^< /    memory native: /p; s/^> /    memory assist: /p' | head -n 8
    assist_report "$out/block$blk-assist"
    diffgen_disassemble "$n" "$out/block$blk.dis"
    echo "  input registers and code: $n (dump lines), disassembly: $out/block$blk.dis"
    while [ $((hi - lo)) -gt 1 ]; do
        mid=$(((lo + hi) / 2))
        if diffgen_block "$opts" "$blk" $mid "$out/prefix" "$timeout"; then lo=$mid; else hi=$mid; fi
    done
    diffgen_block "$opts" "$blk" $lo "$out/prefix-lo" "$timeout"
    diffgen_block "$opts" "$blk" $hi "$out/prefix-hi" "$timeout"
    lo=$(diffgen_main_end "$out/prefix-lo-native/serial.log")
    hi=$(diffgen_main_end "$out/prefix-hi-native/serial.log")
    [ -n "$lo" ] && [ -n "$hi" ] || return
    # Each prefix ends with the 5-byte far jump to the epilogue.
    lo=$((0x$lo - 5)) hi=$((0x$hi - 5))
    echo "  the first group whose effect differs, at $(printf '%x-%x' $lo $hi) in the main stream (with its setup; what it calls is in $out/block$blk.dis):"
    perl -ne "print '    ', \$_ if /^ *([0-9a-f]+):/ && hex(\$1) >= $lo && hex(\$1) < $hi" "$out/block$blk.dis"
}

# Where the main stream of a dumped block ends (hex).
diffgen_main_end() {
    sed -nE 's/^dump: code main [0-9a-f]+-([0-9a-f]+) .*/\1/p' "$1"
}

# diffgen_compare TEST "OPTIONS" TIMEOUT OUT MIN_EXECUTED: run both, compare,
# print the verdict line; returns 0 on a pass.
diffgen_compare() {
    local test=$1 opts=$2 timeout=$3 out=$4 min=$5 image mode n a blk inv insns exec setup
    mkdir -p "$out" || { echo "FAIL $test: cannot create $out"; return 1; }
    image=$out/diffgen.elf
    rm -f "$out"/*.why
    diffgen_image "$image" "$opts" || { echo "FAIL $test: $why"; return 1; }
    # Both at once (QEMU TCG is single-threaded); a failed one leaves its
    # reason in OUT/MODE.why.
    for mode in native assist; do
        (diffgen_run "$image" $mode "$out/$mode" "$timeout" || echo "$why" >"$out/$mode.why") &
    done
    wait
    for mode in native assist; do
        [ -e "$out/$mode.why" ] || continue
        [ $mode = assist ] && assist_report "$out/$mode"
        echo "FAIL $test ($opts): $(cat "$out/$mode.why") ($out/$mode)"
        return 1
    done
    n=$out/native/serial.log a=$out/assist/serial.log
    # The native run checks the generator: no exception, and the stack
    # pointer and selectors it tracked are what the CPU left.
    if grep -qE ' fault | untracked-state' "$n"; then
        echo "FAIL $test ($opts): the generator is wrong natively: $(grep -m1 -E ' fault | untracked-state' "$n") ($n)"
        return 1
    fi
    inv=$(counter world_switch_invoke "$out/assist/host.log")
    blk=$(grep -c '^blk ' "$n")
    if [ "$inv" -le "$blk" ]; then
        echo "FAIL $test ($opts): only $inv INVOKEs under the assist for $blk blocks ($out/assist/host.log)"
        return 1
    fi
    if ! cmp -s "$n" "$a"; then
        blk=$(diff "$n" "$a" | grep -m1 '^< blk ' | cut -d' ' -f3)
        echo "FAIL $test ($opts): the transcripts differ natively and under the assist: diff $n $a"
        [ -n "$blk" ] && diffgen_explain "$opts" "$blk" "$out" "$timeout"
        return 1
    fi
    insns=$(diffgen_summary insns "$n")
    exec=$(diffgen_summary 'executed>=' "$n")
    setup=$(diffgen_summary setup "$n")
    if [ "${exec:-0}" -lt "$min" ]; then
        echo "FAIL $test ($opts): only ${exec:-0} random instructions surely executed, want $min"
        return 1
    fi
    echo "PASS $test ($opts): $blk blocks, $insns random instructions (at least $exec executed) and $setup setup instructions, byte-identical natively and under the assist ($out)"
}
