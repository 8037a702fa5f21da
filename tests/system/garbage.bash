# garbage.bash - sourced by garbage.sh and tests/garbage-long; not a test.
#
# Runs the hostile-input guest (build/guests/garbage.elf, tests/guests/
# garbage.c) natively and under the assist over the same chunks and judges
# the assist.  Hard failures:
#   - "vmxassist: internal fault" in the assist's debug.log (unless an earlier
#     chunk wrote the assist's range, 0xD0000-0xDFFFF: see assist-range);
#   - an assisted run that hangs (the runner's timeout) or ends where the
#     native run goes on (a shutdown, a nested page fault, anything), except
#     a shutdown for a stack push that wraps SS's limit, which the SDM asks
#     for and QEMU does not do (below);
#   - a chunk whose outcome line differs for no listed reason.
# A run that ends at chunk N in *both* modes the same way (shutdown, HLT
# with IF=0, a nested page fault, a jump into the guest's own exit code)
# is an escape: both restart at N + 1.
#
# Listed reasons for a differing chunk line (each counted in the verdict):
#   unsupported  the assist logged "instruction not emulated yet" in this
#                chunk and raised #UD (x87, MMX, SSE, 3DNow!: a clear
#                report);
#   watchdog     either side took IRQ0 (vector 08): the PIT deadline is
#                wall-clock time, and the assist is slower;
#   assist-range the chunk wrote the guest's view of 0xD0000-0xDFFFF, or
#                ran code there: under the assist that range is the
#                assist itself, as on Xen (tests/hvmhost/README, "Two
#                views"); the run restarts after it;
#   drift        an earlier chunk of the same run differed for a listed
#                reason: memory the guest does not restore may differ.

. "$(dirname "${BASH_SOURCE[0]}")/guest-checks.bash"

garbage_elf=$root/build/guests/garbage.elf

# garbage_image OUT "OPTIONS": a copy of garbage.elf with OPTIONS.
garbage_image() {
    local out=$1 text=$2 off
    cp "$garbage_elf" "$out" || return 1
    off=$(grep -obUaF 'GARBAGE-PARAMS:' "$out" | head -n 1 | cut -d: -f1)
    [ -n "$off" ] || return 1
    off=$((off + 16))
    dd if=/dev/zero of="$out" bs=1 seek=$off count=240 conv=notrunc status=none &&
        printf '%s' "$text" | dd of="$out" bs=1 seek=$off conv=notrunc status=none
}

# garbage_run IMAGE MODE OUT TIMEOUT; prints how the run ended: "end",
# "timeout", or the host's FAIL line / exit status.
garbage_run() {
    local image=$1 mode=$2 out=$3 timeout=$4 flags=() rc
    [ "$mode" = native ] && flags=(--native)
    rm -rf "$out"
    mkdir -p "$out"
    "$runner" --guest "$image" "${flags[@]}" --timeout "$timeout" --out "$out" \
        >"$out/runner.log" 2>&1 </dev/null
    rc=$?
    if grep -aq '^garbage: end' "$out/serial.log" 2>/dev/null; then
        echo end
    elif [ $rc -eq 124 ]; then
        echo timeout
    else
        # The run's end, without what differs by mode (an NPF's address
        # is kept to the page).
        grep -m1 '^hvmhost: FAIL' "$out/host.log" 2>/dev/null |
            sed -E 's/^hvmhost: FAIL: //; s/(GPA [0-9a-f]+)[0-9a-f]{3} /\1xxx /; s/ \(error code [0-9a-f]+\)//' |
            grep . || echo "exit $rc"
    fi
}

# The last chunk a transcript completed (FIRST - 1 if none).
garbage_last() {
    local n
    n=$(grep -a '^c ' "$1" | tail -n 1 | cut -d' ' -f2)
    echo "${n:-$(($2 - 1))}"
}

# Transcript FILE's outcome line of chunk N (read as text: a chunk can
# make the runner write a non-text byte to COM1).
garbage_line() {
    grep -a -m1 "^c $2 " "$1"
}

# The assist's debug.log lines of chunk N.
garbage_chunk_log() {
    awk -v n="$2" '/^garbage chunk / { on = ($3 == n); next } on' "$1"
}

# Did the assist (its debug.log LOG) say TEXT during chunk N?  Its
# reports: "not emulated yet", "code ran past the CS limit".
garbage_assist_said() {
    garbage_chunk_log "$1" "$2" | grep -q "$3"
}

# The instruction (objdump, 16-bit) at the chunk offset where the outcome
# line LINE says the fault hit, moved by DELTA bytes (a trap reports the
# next instruction); empty when that is outside the chunk.  With a third
# argument "bytes", its bytes in hex instead of objdump's text.
garbage_insn() {
    local line=$1 delta=$2 col=3 hex at cs ip off bin ep
    [ "${3:-}" = bytes ] && col=2
    hex=$(echo "$line" | cut -d' ' -f3)
    at=$(echo "$line" | sed -nE 's/.* at=([0-9a-f]{4}):([0-9a-f]{4}) .*/\1 \2/p')
    [ -n "$at" ] || return
    read -r cs ip <<<"$at"
    off=$((0x$cs * 16 + 0x$ip + delta))
    if [ $off -ge 4096 ] && [ $off -lt 65536 ]; then
        # In the runner's own code (a far transfer got there): its image.
        objdump -d -m i8086 --start-address=$off --stop-address=$((off + 15)) "$garbage_elf" |
            garbage_first_insn $col
        return
    fi
    bin=$(mktemp)
    if [ $off -lt 1024 ]; then
        # In the IVT (a far transfer got there): vector N -> 0:gb_stubs + 16 N.
        ep=$(nm "$garbage_elf" | awk '$3 == "gb_stubs" { print $1 }')
        perl -e 'print pack("vv", $ARGV[0] + 16 * $_, 0) for 0 .. 255' $((0x$ep)) >"$bin"
    else
        off=$((off - 0x10000))
        [ $off -ge 0 ] && [ $off -lt $((${#hex} / 2)) ] || { rm -f "$bin"; return; }
        # What follows the chunk in memory: the far jump to gb_epilogue, fill.
        ep=$(nm "$garbage_elf" | awk '$3 == "gb_epilogue" { print $1 }')
        hex=${hex}ea${ep:6:2}${ep:4:2}0000feff
        perl -e 'print pack("H*", $ARGV[0])' "$hex" >"$bin"
    fi
    objdump -D -b binary -m i8086 --start-address=$off "$bin" | garbage_first_insn $col
    rm -f "$bin"
}

# The first instruction of objdump's listing on stdin: column COL (2: its
# bytes, 3: its text), with the prefixes objdump lists on lines of their
# own in front.
garbage_first_insn() {
    awk -F'\t' -v col=$1 '/^ *[0-9a-f]+:\t/ { t = t $col " "; if ($3 !~ /^(es|cs|ss|ds|fs|gs|data16|data32|addr16|addr32|rep|repz|repnz|lock) *$/) { print t; exit } }'
}

# Why the assist's outcome LINE may rightly differ from QEMU's: the name
# of the reason, or nothing.  The assist follows the SDM where QEMU TCG
# (the native oracle) is lenient:
#   no-limit  #GP for a branch, far transfer or IRET whose target offset is
#             beyond CS's limit (SDM vol. 2 JMP/Jcc/CALL/RET/IRET; QEMU
#             does not check it in real mode); also code that runs off
#             the end of CS or an instruction across its limit (#GP at
#             the fetch, which the assist names; QEMU runs on): counted
#             in garbage_compare, also where the assisted run hangs on it;
#   data-limit #GP/#SS for a memory operand that crosses the 64 KiB limit
#             of a real-mode segment (SDM vol. 3, "Segment Wraparound");
#             QEMU wraps.  A heuristic: any #GP/#SS at an instruction with
#             a memory operand, when the lines differ;
#   sse       #UD for an SSE instruction with CR4.OSFXSR clear (SDM vol. 2);
#             QEMU runs some of them;
#   lock      #UD for LOCK on an instruction that is not a lockable
#             read-modify-write of memory (SDM vol. 2, LOCK);
#   undefined #UD for an encoding objdump does not decode either (C6/C7
#             with reg != 0, 8F with reg != 0 (AMD's XOP escape), FE /7 ...;
#             QEMU runs some of them as MOV or POP), or
#             MOV with CR1, CR5-CR15 (LOCK MOV CR4 is AMD's CR12; QEMU
#             took it and the native run's VMRUN failed);
#   int1      #DB, a trap, for INT1/ICEBP (F1) (SDM vol. 2, INTn/INTO/INT3/
#             INT1); QEMU raised #UD;
#   sysret    #UD for SYSRET outside 64-bit mode, Intel's rule (the assist
#             serves VT-x CPUs); QEMU follows AMD's #GP.
garbage_qemu_reason() {
    local line=$1 delta=0 insn= lock= w
    [[ "$line" == *" v=01 "* ]] && delta=-1
    # objdump's text without its prefixes; remember a LOCK.
    for w in $(garbage_insn "$line" $delta); do
        if [ -z "$insn" ] && [[ "$w" =~ ^(lock|fs|gs|ss|ds|es|cs|bnd|rep|repz|repnz|data16|data32|addr16|addr32|notrack)$ ]]; then
            [ "$w" = lock ] && lock=1
        else
            insn="$insn $w"
        fi
    done
    insn=${insn# }
    case $line in
    *" v=0d "*|*" v=0c "*)
        if [[ "$insn" =~ ^(j|call|ret|lret|ljmp|lcall|iret|loop) ]]; then
            echo no-limit
        elif [[ "$insn" == *"("* ]] ||
                [[ "$insn" =~ ^(movs|cmps|stos|lods|scas|push|pop|enter|leave) ]]; then
            echo data-limit
        fi ;;
    *" v=06 "*)
        if [[ "$insn" == "(bad)"* ]] || [[ "$insn" == ".byte"* ]] ||
                [[ "$insn" =~ %cr([15-9]|1[0-5])($|,) ]]; then
            echo undefined
        elif [[ "$insn" == *%xmm* ]]; then
            echo sse
        elif [[ "$insn" == sysret* ]]; then
            echo sysret
        elif [ -n "$lock" ] && ! [[ "$insn" =~ ^(add|adc|and|btc|btr|bts|cmpxchg|cmpxchg8b|dec|inc|neg|not|or|sbb|sub|xor|xadd|xchg)[bwl]?\ .*\)$ ]]; then
            echo lock
        fi ;;
    *" v=01 "*)
        [[ "$insn" =~ ^(icebp|int1) ]] && echo int1 ;;
    esac
}

# Why QEMU's outcome LINE (the native run) may rightly differ from the
# assist's: the name of the reason, or nothing.
#   test-alias #UD natively at F6/F7 /1: AMD's APM (vol. 3, table A-6)
#             lists /1 of group 3 as TEST, Intel's SDM (vol. 2, table A-6)
#             leaves it blank, and Intel CPUs execute it as TEST; the
#             assist does too, QEMU 7.2 raises #UD.
garbage_native_reason() {
    local line=$1 b= modrm=
    [[ "$line" == *" v=06 "* ]] || return 0
    set -- $(garbage_insn "$line" 0 bytes)
    for b; do
        shift
        [[ "$b" =~ ^(26|2e|36|3e|64|65|66|67|f0|f2|f3)$ ]] || { modrm=${1:-}; break; }
    done
    [[ "$b" =~ ^f[67]$ ]] && [ -n "$modrm" ] && [ $(((0x$modrm >> 3) & 7)) = 1 ] &&
        echo test-alias
    # 0F 18 with a register operand: a hint NOP on Intel CPUs (0F 18-1F are
    # reserved NOPs; the SDM's opcode map leaves Group 16's mod = 11B forms
    # to them) and to the assist; QEMU TCG 7.2 raises #UD.
    [ "$b" = 0f ] && [ "${modrm:-}" = 18 ] && [ -n "${2:-}" ] && [ $((0x$2)) -ge $((0xc0)) ] &&
        echo hint-nop
    return 0
}

# "cmpxchg8b-flags" when outcome lines A (native) and B (assist) differ
# only in EFLAGS and the chunk holds a CMPXCHG8B (0F C7 /1): QEMU TCG 7.2
# can end that instruction with stale lazy flags, the operand of the
# flag-setting instruction before it merged into EFLAGS whole - seed 5,
# chunk 11339: CMPSW of 1234h then CMPXCHG8B, and QEMU's own state log
# (-d cpu) shows EFL 7636h, IOPL 3 and reserved bit 5 set, with CC_SRC
# 1234h; no CPU sets bit 5.
garbage_flags_reason() {
    local a=$1 b=$2 hex i
    [ "$(echo "$a" | sed -E 's/ e?fl=[0-9a-f]+//')" = "$(echo "$b" | sed -E 's/ e?fl=[0-9a-f]+//')" ] || return 0
    hex=$(echo "$a" | awk '{ print $3 }')
    for ((i = 0; i + 6 <= ${#hex}; i += 2)); do
        [ "${hex:i:4}" = 0fc7 ] && [ $(((0x${hex:i+4:2} >> 3) & 7)) = 1 ] && { echo cmpxchg8b-flags; return 0; }
    done
    return 0
}

# Why a native run ended where the CPU would have gone on, from how it
# ended (END) and the host's state dump (HOST_LOG): "cr4-reserved" for a
# MOV to CR4 setting a bit the processor lacks, which QEMU TCG 7.2 turns
# into an invalid-state exit of the SVM guest (VMEXIT_INVALID at the MOV)
# where a CPU raises #GP(0) - the assist raises the #GP (cr4chk.sh).
garbage_native_end_reason() {
    local end=$1 log=$2 b
    [ "$end" = "VMRUN failed: invalid guest state in the VMCB" ] || return 0
    set -- $(sed -n 's/^bytes at cs:eip: //p' "$log" 2>/dev/null | head -n 1)
    for b; do
        [[ "$b" =~ ^(26|2e|36|3e|64|65|66|67|f0|f2|f3)$ ]] || break
        shift
    done
    [ "${1:-}" = 0f ] && [ "${2:-}" = 22 ] && [ -n "${3:-}" ] &&
        [ $(((0x$3 >> 3) & 7)) = 4 ] && echo cr4-reserved
    return 0
}

# LINE with the arithmetic flags (OF SF ZF AF PF CF) of its fl=/efl=
# cleared: lines that differ in those only are listed as "flags": the
# flags that BT*, shifts, MUL and others leave undefined are the host CPU's
# under the assist (README, Execution engine) and QEMU's natively; the
# defined ones are the differential generator's job (diff.sh).
garbage_mask_flags() {
    local w out=
    for w in $1; do
        case $w in
        fl=*) w=fl=$(printf '%04x' $((0x${w#fl=} & ~0x8D5))) ;;
        efl=*) w=efl=$(printf '%08x' $((0x${w#efl=} & ~0x8D5))) ;;
        esac
        out="$out $w"
    done
    echo "$out"
}

# Did outcome LINE stop with CS:IP (linear) in [LO, HI)?
garbage_at_range() {
    local at lin
    at=$(echo "$1" | sed -nE 's/.* at=([0-9a-f]{4}):([0-9a-f]{4}) .*/\1 \2/p')
    [ -n "$at" ] || return 1
    set -- $at "$2" "$3"
    lin=$((0x$1 * 16 + 0x$2))
    [ $lin -ge $(($3)) ] && [ $lin -lt $(($4)) ]
}

# Code fetched in 0xD0000-0xDFFFF is the assist's own under the assist (the
# same "Two views" as for writes); natively it is guest RAM holding the fill.
garbage_at_assist() { garbage_at_range "$1" 0xD0000 0xE0000; }

# 0xF0000-0xFFFFF is the hvmhost's stand-in BIOS (its reset stub): host
# code, not the guest's; runs that wander there are counted apart (why
# they can differ between the modes is not established).
garbage_at_stub() { garbage_at_range "$1" 0xF0000 0x100000; }

# garbage_compare TEST SEED FIRST COUNT OUT TIMEOUT: run, judge, print the
# verdict line; returns 0 on a pass.
garbage_compare() {
    local test=$1 seed=$2 first=$3 count=$4 out=$5 timeout=$6
    local pos=$first last=$((first + count)) iter=0 fail=0
    local nend aend nlast alast n stop a b why drift restart ifault hang
    local same=0 escapes=0 compared=0 unsupported=0 watchdog=0 arange=0 drifted=0 wrapss=0 stub=0 flagsonly=0 k
    local -A qemu=()
    mkdir -p "$out"
    : >"$out/report"
    while [ $pos -lt $last ]; do
        iter=$((iter + 1))
        garbage_image "$out/g.elf" "seed=$seed first=$pos chunks=$((last - pos))" ||
            { echo "FAIL $test: cannot write $out/g.elf"; return 1; }
        garbage_run "$out/g.elf" native "$out/native" "$timeout" >"$out/native.end" &
        garbage_run "$out/g.elf" assist "$out/assist" "$timeout" >"$out/assist.end" &
        wait
        nend=$(cat "$out/native.end") aend=$(cat "$out/assist.end")
        nlast=$(garbage_last "$out/native/serial.log" $pos)
        alast=$(garbage_last "$out/assist/serial.log" $pos)
        # A hang is the assist's unless the native run hung at the same
        # chunk, or the assisted one ran code past the CS limit there:
        # QEMU checks no CS limit in real mode and runs on past offset
        # FFFFh where the CPU and the assist raise #GP (ipwrap.sh), and a
        # chunk that has overwritten everything with IF clear may take
        # that #GP forever; or it met an instruction the assist does not
        # emulate (x87, SSE: #UD, listed as unsupported) and took that #UD
        # forever with IF clear, where QEMU ran the instruction (seed 2,
        # chunk 17918: FSINCOS in the runner's own code at 0:2799).  It is
        # judged only where the native run got at least as far: one that
        # ended earlier (seed 2 chunk 17673: a MOV to CR4 with reserved
        # bits, cr4-reserved below) leaves nothing to compare the later
        # chunks with; the next pass starts after it and meets them again.
        hang= hangwhy=
        if [ "$aend" = timeout ] && { [ $nlast -gt $alast ] ||
                { [ $nlast = $alast ] && [ "$nend" != timeout ]; }; }; then
            if garbage_assist_said "$out/assist/debug.log" $((alast + 1)) 'code ran past the CS limit'; then
                hang=$((alast + 1)) hangwhy=no-limit
            elif garbage_assist_said "$out/assist/debug.log" $((alast + 1)) 'not emulated yet'; then
                hang=$((alast + 1)) hangwhy=unsupported
            else
                echo "FAIL $test (seed $seed): the assisted run hung after chunk $alast ($out/assist)"
                return 1
            fi
        fi
        # Chunk by chunk, up to where both got.
        drift=0 restart=
        stop=$((nlast < alast ? nlast : alast))
        for ((n = pos; n <= stop; n++)); do
            a=$(garbage_line "$out/native/serial.log" $n)
            b=$(garbage_line "$out/assist/serial.log" $n)
            compared=$((compared + 1))
            if [[ "$a" == *" assist-range"* ]] || { [ "$a" != "$b" ] &&
                    { garbage_at_assist "$a" || garbage_at_assist "$b"; }; }; then
                # The assist's own memory may be hurt: restart after it.
                arange=$((arange + 1)) restart=$((n + 1))
                break
            elif [ "$a" = "$b" ]; then
                same=$((same + 1))
            elif garbage_assist_said "$out/assist/debug.log" $n 'not emulated yet'; then
                unsupported=$((unsupported + 1)) drift=1
            elif [[ "$a $b" == *" v=08 "* ]]; then
                watchdog=$((watchdog + 1)) drift=1
            elif why=$(garbage_qemu_reason "$b") && [ -n "$why" ]; then
                qemu[$why]=$((${qemu[$why]:-0} + 1)) drift=1
            elif why=$(garbage_native_reason "$a") && [ -n "$why" ]; then
                qemu[$why]=$((${qemu[$why]:-0} + 1)) drift=1
            elif why=$(garbage_flags_reason "$a" "$b") && [ -n "$why" ]; then
                qemu[$why]=$((${qemu[$why]:-0} + 1))
            elif [[ "$b" == *" v=0d "* ]] &&
                    garbage_assist_said "$out/assist/debug.log" $n 'code ran past the CS limit'; then
                # #GP where code ran off the end of CS, or an instruction
                # across its limit (ipwrap.sh): QEMU checks no CS limit.
                qemu[no-limit]=$((${qemu[no-limit]:-0} + 1)) drift=1
            elif garbage_at_stub "$a" || garbage_at_stub "$b"; then
                stub=$((stub + 1)) drift=1
            elif [ "$(garbage_mask_flags "$a")" = "$(garbage_mask_flags "$b")" ]; then
                flagsonly=$((flagsonly + 1))
            elif [ $drift = 1 ]; then
                drifted=$((drifted + 1))
            else
                echo "chunk $n differs:" >>"$out/report"
                echo "  native $a" >>"$out/report"
                echo "  assist $b" >>"$out/report"
                garbage_chunk_log "$out/assist/debug.log" $n | sed 's/^/  log: /' | head -n 6 >>"$out/report"
                fail=$((fail + 1))
            fi
        done
        # An internal fault is the assist's bug unless a chunk before it
        # wrote the assist's range (known only as far as the native run got).
        ifault=$(awk '/^garbage chunk / { n = $3 } /vmxassist: internal fault/ { print n; exit }' "$out/assist/debug.log")
        if [ -n "$ifault" ] && [ $ifault -le $((nlast + 1)) ] && { [ -z "$restart" ] || [ $ifault -lt $restart ]; }; then
            echo "FAIL $test (seed $seed): chunk $ifault: the assist reported an internal fault: $(grep -m1 -A2 'internal fault' "$out/assist/debug.log" | tr '\n' ' ') ($out/assist)"
            return 1
        fi
        [ -n "$restart" ] && { pos=$restart; continue; }
        if [ -n "$hang" ]; then
            if [ $hangwhy = unsupported ]; then
                unsupported=$((unsupported + 1))
            else
                qemu[no-limit]=$((${qemu[no-limit]:-0} + 1))
            fi
            pos=$((hang + 1))
            continue
        fi
        [ "$nend" = end ] && [ "$aend" = end ] && break
        # Someone ended early.
        if [ "$aend" != end ] && [ $alast -lt $nlast -o "$nend" = end ]; then
            n=$((alast + 1))
            why=$(garbage_chunk_log "$out/assist/debug.log" $n)
            if [[ "$aend" == SHUTDOWN* ]] && echo "$why" | grep -q 'could not be delivered: exception 12' &&
                    echo "$why" | grep -q 'triple fault'; then
                # SDM vol. 3, "Segment Wraparound": a stack operation that
                # wraps around the limit in real mode shuts the CPU down;
                # QEMU wraps.  The native run went on.
                wrapss=$((wrapss + 1))
            elif grep -aq "^c $n .* assist-range" "$out/native/serial.log" ||
                    garbage_at_assist "$(garbage_line "$out/native/serial.log" $n)"; then
                arange=$((arange + 1))
            elif garbage_at_stub "$(garbage_line "$out/native/serial.log" $n)"; then
                stub=$((stub + 1))
            elif grep -aq "^c $n .* v=08 " "$out/native/serial.log"; then
                # The native run was still going when the watchdog fired.
                watchdog=$((watchdog + 1))
            else
                echo "FAIL $test (seed $seed): chunk $n ended the assisted run ($aend) but not the native one ($nend): $(garbage_line "$out/native/serial.log" $n) ($out)"
                echo "$why" | tail -n 8 | sed 's/^/  /'
                return 1
            fi
            pos=$((n + 1))
        elif [ "$nend" != end ] && [ $nlast -lt $alast -o "$aend" = end ]; then
            n=$((nlast + 1))
            b=$(garbage_line "$out/assist/serial.log" $n)
            why=$(garbage_qemu_reason "$b")
            [ -n "$why" ] || why=$(garbage_native_end_reason "$nend" "$out/native/host.log")
            if garbage_at_stub "$b"; then
                stub=$((stub + 1))
                pos=$((n + 1))
                continue
            elif garbage_assist_said "$out/assist/debug.log" $n 'not emulated yet'; then
                unsupported=$((unsupported + 1))
                pos=$((n + 1))
                continue
            elif [ -n "$why" ]; then
                qemu[$why]=$((${qemu[$why]:-0} + 1))
                pos=$((n + 1))
                continue
            fi
            echo "chunk $n ended the native run ($nend), not the assisted one: $(garbage_line "$out/assist/serial.log" $n)" >>"$out/report"
            fail=$((fail + 1))
            pos=$((n + 1))
        else
            # Both ended after the same chunk.
            n=$((nlast + 1))
            if [ "$nend" = "$aend" ]; then
                escapes=$((escapes + 1))
            elif garbage_assist_said "$out/assist/debug.log" $n 'not emulated yet'; then
                # e.g. x87 code the CPU runs, #UD under the assist, whose
                # handler is that code again: the stack runs out and the
                # assisted run shuts down where the native one hangs.
                unsupported=$((unsupported + 1))
            else
                echo "chunk $n ended both runs, differently: native $nend, assist $aend" >>"$out/report"
                fail=$((fail + 1))
            fi
            pos=$((n + 1))
        fi
    done
    if [ $fail -ne 0 ]; then
        echo "FAIL $test (seed $seed, chunks $first-$((last - 1))): $fail unexplained differences ($out/report):"
        head -n 24 "$out/report" | sed 's/^/  /'
        return 1
    fi
    if [ $compared -lt $((count * 8 / 10)) ]; then
        echo "FAIL $test (seed $seed): only $compared of $count chunks compared"
        return 1
    fi
    why=
    for k in no-limit data-limit sse lock undefined int1 sysret test-alias hint-nop cr4-reserved cmpxchg8b-flags; do why="$why, $k ${qemu[$k]:-0}"; done
    echo "PASS $test (seed $seed, chunks $first-$((last - 1))): $compared compared in $iter runs each way, $same identical; escapes ending both runs alike $escapes; listed differences: unsupported $unsupported, watchdog $watchdog, assist-range $arange, stand-in BIOS $stub, flags $flagsonly, drift $drifted, SS wrap shutdown $wrapss; where QEMU is lenient$why; no internal fault, no hang ($out)"
}

# garbage_regressions TEST OUT: seed=0, the fixed chunks of garbage.c, under
# the assist; each must end as the SDM says (vol. 2, JMP/CALL/RET/IRET in
# real-address mode): vector, CS:IP of the frame, ESP after the frame.
# QEMU checks no CS limit on far transfers (natively chunks 0, 1 and 4 jump
# and the run dies at a nested page fault), so the expectations are the
# manual's; chunks 2 and 3 (SP wrap) and 5 (single-step) also agree with
# the native run.  Chunk 6, FEMMS, is 3DNow!, which the CPUID of QEMU's
# -cpu max reports (0x80000001 EDX bit 31) and the assist does not
# emulate: #UD with the assist's "not emulated" report.
garbage_regressions() {
    local test=$1 out=$2 n line
    local expect=("0d 1000:0000 00007ffa" "0d 1000:0000 00007ffa" "06 f2f2:f2f2 0000fffe"
                  "06 1000:f2f2 0000fffc" "0d 1000:0000 00007ffa" "01 1000:0008 00007ffa"
                  "06 1000:0000 00007ffa")
    mkdir -p "$out"
    garbage_image "$out/r.elf" "seed=0 first=0 chunks=${#expect[@]}" || { echo "FAIL $test: cannot write $out/r.elf"; return 1; }
    garbage_run "$out/r.elf" assist "$out/assist" 60 >/dev/null
    for n in "${!expect[@]}"; do
        set -- ${expect[$n]}
        line=$(garbage_line "$out/assist/serial.log" $n)
        if ! [[ "$line" =~ \ v=$1\ at=$2\ fl=[0-9a-f]+\ ([0-9a-f]+,){4}$3, ]]; then
            echo "FAIL $test: regression chunk $n: want vector $1 at $2 with ESP $3, got: ${line:-nothing} ($out/assist)"
            return 1
        fi
    done
    if ! garbage_assist_said "$out/assist/debug.log" 6 'not emulated yet'; then
        echo "FAIL $test: regression chunk 6 (FEMMS): #UD without the assist's \"not emulated\" report ($out/assist)"
        return 1
    fi
}
