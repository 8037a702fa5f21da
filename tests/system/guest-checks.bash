# guest-checks.bash - sourced by the guest system tests (hello.sh,
# roundtrip.sh, mbhello.sh, native-compare.sh, paging.sh, solaris.sh,
# the pattern guests' tests and those in pending/); not a test itself.
#
# A guest run passes when the runner exits 0 (the guest wrote verdict 0),
# COM1 shows every PASS line the guest prints on success, and no line
# starts with FAIL.

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
runner=$root/tests/hvmhost/run

# The PASS lines each guest prints when everything holds.
expected_lines() {
    case $1 in
    hello)
        echo "PASS entry state: CS=DS=ES=SS=0 SP=7c00 DL=80"
        echo "PASS int 0x61 with IF=0: handler ran once, registers and flags as set"
        echo "PASS sti;hlt with IRQ0 pending: woken, handler ran once, resumed after hlt"
        for r in 2 3 4 5; do
            echo "PASS IRQ0 round $r: sti;hlt waited for the tick, handler ran once, resumed after hlt"
        done
        echo "PASS int 0x61 with IF=1: IF cleared inside, restored by iret"
        echo "PASS hello" ;;
    cr4chk)
        echo "PASS cr4chk: mov to cr4 setting bit 15, bit 31 or PCIDE in real mode raises #GP(0) at the mov and leaves cr4 alone"
        echo "PASS cr4chk" ;;
    ipwrap)
        echo "PASS ipwrap: in big real mode, nop/mov ending at ffff raise #GP with IP 0, a mov straddling ffff raises #GP at ffff"
        echo "PASS ipwrap" ;;
    roundtrip)
        echo "PASS roundtrip: 1000 round trips, registers, flags, segments and memory intact" ;;
    paging)
        for m in "32-bit 4K" "PSE 4M" "PSE-36 4M at 4G" "PAE 4K/2M above 4G" \
                "32-bit 4K, #PF in the window"; do
            echo "PASS paging $m: CS from a GDT split over non-adjacent frames, window and reads as the tables say"
        done
        echo "PASS paging" ;;
    mbhello)
        echo "PASS multiboot handoff: EAX=2badb002, mem_lower and mem_upper sane"
        echo "PASS output from 32-bit protected mode"
        echo "PASS output from real mode"
        echo "PASS back in 32-bit protected mode"
        echo "PASS mbhello" ;;
    solaris)
        echo "PASS PAE paging on; GDT at linear ffc00fbc spans frames 00050000 and 00003000, descriptor 0x40 straddles them"
        echo "PASS solaris: 200 round trips; pushes, segment register moves and accesses through protected-mode bases in real mode as the CPU does them"
        echo "PASS GDT intact after the round trips, accessed bits set in the data descriptors loaded"
        echo "PASS solaris" ;;
    sysregs)
        echo "PASS pattern 8: sgdt/sidt in real mode store what lgdtw/lgdtl/lidtw/lidtl loaded"
        echo "PASS pattern 8: smsw and mov from cr0 in real mode show the guest's cr0 (60000010)"
        echo "PASS pattern 8: str and sldt in real mode raise #UD at the instruction, registers and memory untouched"
        echo "PASS pattern 8: INT goes through the IVT lidt moved; a vector past its limit raises #GP there"
        echo "PASS pattern 8: in the PE window sgdt, sidt, smsw, mov from cr0, str and sldt show the guest's values"
        echo "PASS pattern 8: with stale caches after clearing PE sgdt, sidt, smsw and mov from cr0 show the guest's values, str raises #UD"
        echo "PASS sysregs" ;;
    msrcr)
        echo "PASS pattern 14: wrmsr and rdmsr of IA32_SYSENTER_CS and IA32_SYSENTER_ESP in real mode"
        echo "PASS pattern 14: rdmsr and wrmsr of a missing MSR do what the CPU does (#GP through the IVT at the instruction, or nothing)"
        echo "PASS pattern 14: mov with cr1 or cr5 raises #UD, setting PG without PE raises #GP, in real mode"
        echo "PASS pattern 14: mov to and from cr2, cr3 and cr4 in real mode; wbinvd and invd"
        echo "PASS pattern 14: in the PE window cpuid agrees with real mode, wrmsr reaches the MSR, a #GP from mov to cr0 goes through the guest's IDT"
        echo "PASS pattern 14: wrmsr/rdmsr, mov to and from cr3/cr4, and #GP for PG without PE with stale caches after clearing PE"
        echo "PASS msrcr" ;;
    flags)
        echo "PASS pattern 9: pushf/popf in real mode: 32- and 16-bit forms, AC and ID toggle, RF/VM/VIF/VIP stay clear"
        echo "PASS pattern 9: iretw and iretl used as far calls in real mode"
        echo "PASS pattern 9: the same pushf/popf probes in the PE window"
        echo "PASS pattern 9: the same probes and iret calls with stale caches after clearing PE"
        echo "PASS flags" ;;
    modrm)
        echo "PASS pattern 3: real mode: ModRM/SIB segments and offsets, lgdt/lidt operand sizes"
        echo "PASS pattern 3: the same in the PE window"
        echo "PASS pattern 3: the same with stale protected-mode caches after clearing PE"
        echo "PASS modrm" ;;
    pewindow)
        echo "PASS pattern 4: jumps, calls, loop, jcxz, pushal/popal, push/pop, enter/leave in the PE window"
        echo "PASS pattern 4: segment loads in the PE window load protected-mode descriptors (mov, pop, les, SS and the stack on it)"
        echo "PASS pattern 4: after the far jump, 32- and 16-bit protected mode run on the real-mode caches, and real mode again"
        echo "PASS pattern 4: a selector beyond the GDT limit in the PE window raises #GP(selector) through the guest's IDT"
        echo "PASS pewindow" ;;
    transrate)
        echo "PASS pattern 7: 5000 round trips protected -> real -> protected with an INT in real mode each; checksum 0x57fc5f3a in both modes"
        echo "PASS transrate" ;;
    prefix)
        echo "PASS pattern 12: real mode: 16-bit stack operations move SP and keep ESP's high half"
        echo "PASS pattern 12: the same in the PE window"
        echo "PASS pattern 12: the same with stale caches after clearing PE"
        echo "PASS pattern 12: gcc -m16 code gives gcc -m32's results in real mode, the PE window, 16-bit PM and the stale window"
        echo "PASS prefix" ;;
    longmode)
        echo "PASS pattern 2: real mode -> long mode (PG and PE in one write, 66 EA into L=1) -> compatibility mode -> real mode"
        echo "PASS longmode" ;;
    lmwalk)
        echo "PASS pattern 2: the GDTR base at a 1 GiB alias and a read in the window through a remapped page: both through the 4-level tables"
        echo "PASS lmwalk" ;;
    lmlimit)
        echo "PASS pattern 2: a 66 EA far jump into an L=1 segment with limit 0"
        echo "PASS lmlimit" ;;
    lmhigh)
        echo "PASS pattern 2: 64-bit code reads back what it wrote above 4 GiB"
        echo "PASS lmhigh" ;;
    lmidt)
        echo "PASS pattern 2: a #GP in the window with EFER.LMA set goes through a 16-byte IDT gate to 64-bit code with a 64-bit frame on the IST1 stack"
        echo "PASS lmidt" ;;
    lmgate)
        echo "PASS pattern 2: a 64-bit call gate in the window with EFER.LMA set pushes CS and RIP as quadwords"
        echo "PASS lmgate" ;;
    lmregs)
        echo "PASS pattern 2: 64-bit registers survive a CR0-write exit (from R9, at a 64-bit RIP) and I/O exits"
        echo "PASS lmregs" ;;
    a20)
        echo "PASS pattern 15: A20 off through port 92: FFFF:0510 wraps to 0000:0500 in real mode"
        echo "PASS pattern 15: with A20 off, 1 MiB + x is x in protected mode and in big real mode"
        echo "PASS pattern 15: A20 on through port 92: 1 MiB + 500 holds what it held, no wrap"
        echo "PASS pattern 15: A20 off and on through the keyboard controller's output port (D1)"
        echo "PASS a20" ;;
    picbase)
        echo "PASS pattern 10: PIC bases 50/58 programmed in real mode; IRQ0 arrives on vector 50 in real mode"
        echo "PASS pattern 10: in protected mode the guest's IDT sees IRQ0 on vector 50, the base programmed in real mode"
        echo "PASS pattern 10: back in real mode IRQ0 arrives on vector 50 again"
        echo "PASS pattern 10: a second round trip, the bases survive every world switch"
        echo "PASS pattern 10: in big real mode IRQ0 on vector 50 ends hlt and interrupts a busy loop"
        echo "PASS pattern 10: IRQ0 taken in protected mode, reflected by the guest to its real-mode handler and back"
        echo "PASS picbase" ;;
    bigreal)
        echo "PASS pattern 5: 16-bit protected mode with a CS at base 7000, data segments at bases 100000 and 12340 with 4 GiB limits"
        echo "PASS pattern 5: after clearing PE the stale caches' bases and 4 GiB limits still apply; real-mode selector loads keep the limits"
        echo "PASS pattern 5: big real mode: 32-bit addressing above 1 MiB, lib calls, INT and IRET keep the data caches"
        echo "PASS pattern 5: #DE, #UD, #BR, INT3 and INTO in big real mode go through the IVT and leave the caches big"
        echo "PASS pattern 5: memory written in big real mode is there in protected mode"
        echo "PASS pattern 5: unreal mode without a far jump: PE set, FS loaded, PE cleared"
        echo "PASS pattern 5: back to 64 KiB real mode"
        echo "PASS bigreal" ;;
    fartransfer)
        echo "PASS pattern 6: EA ljmp ptr16:16 into PM, EA ljmp back to real mode"
        echo "PASS pattern 6: 66 EA ljmpl ptr16:32 into PM, 66 EA ljmpl back to real mode"
        echo "PASS pattern 6: 9A lcall ptr16:16 into PM, 9A lcall back to real mode"
        echo "PASS pattern 6: 66 9A lcalll ptr16:32 into PM, 66 9A lcalll back to real mode"
        echo "PASS pattern 6: CB lret into PM, CB lret back to real mode"
        echo "PASS pattern 6: 66 CB lretl into PM, 66 CB lretl back to real mode"
        echo "PASS pattern 6: CA lret \$4 into PM, CA lret \$4 back to real mode"
        echo "PASS pattern 6: FF /5 ljmp m16:16 into PM, FF /5 ljmp m16:16 back to real mode"
        echo "PASS pattern 6: 66 FF /5 ljmpl m16:32 into PM, 66 FF /5 ljmpl m16:32 back to real mode"
        echo "PASS pattern 6: FF /3 lcall m16:16 into PM, FF /3 lcall m16:16 back to real mode"
        echo "PASS pattern 6: 66 FF /3 lcalll m16:32 into PM, 66 FF /3 lcalll m16:32 back to real mode"
        echo "PASS pattern 6: CF iretw into PM, CF iretw back to real mode"
        echo "PASS pattern 6: 66 CF iretl into PM, 66 CF iretl back to real mode"
        echo "PASS pattern 6: CD int n through an interrupt gate into PM, CD int n through the IVT back to real mode"
        echo "PASS fartransfer" ;;
    addr32)
        echo "PASS pattern 11: big real mode: 32-bit offsets past 64 KiB through DS and ES with non-zero bases"
        echo "PASS pattern 11: addr32 rep insb into and rep outsb (this line) from memory above 1 MiB in big real mode"
        echo "PASS pattern 11: rep movsl/stosl, lodsl with loop on ECX, repe cmpsb, repne scasb, ALU, movzx/movsx, xchg, cmpxchg, imul, push/pop above 1 MiB in big real mode, as in protected mode"
        echo "PASS addr32" ;;
    gates)
        echo "PASS ljmp through a 32-bit call gate in the PE window"
        echo "PASS lcall through a 16-bit call gate in the PE window pushes 16-bit CS:IP"
        echo "PASS lcallw through a 32-bit call gate in the PE window pushes 32-bit CS:EIP"
        echo "PASS iret from the PE window to ring 3 (SS:ESP popped, DS and ES nulled), back through a call gate"
        echo "PASS iretl with VM set from the PE window runs the guest's VM86 task; its INT traps to ring 0"
        echo "PASS iret from the PE window to ring 3 in a conforming DPL 0 segment: CPL 3, back through a call gate with a stack switch"
        echo "PASS gates" ;;
    gatefaults)
        echo "PASS far jumps through faulty gates and to unusable TSSes, and iret to ring 3 with a bad CS or SS, in the PE window raise the SDM's faults"
        echo "PASS gatefaults" ;;
    tasks)
        echo "PASS ljmp to a 32-bit TSS from the PE window"
        echo "PASS lcall to a 32-bit TSS from the PE window nests (NT, back link, busy)"
        echo "PASS int through a task gate in the IDT from the PE window"
        echo "PASS a #GP in the PE window through a task gate pushes its error code on the new task's stack"
        echo "PASS iret with NT set in the PE window returns to the back-link task"
        echo "PASS ljmp to a 16-bit TSS from the PE window"
        echo "PASS a fault loading a ring 3 task's segments after a switch from the PE window goes to ring 0 on the TSS's stack"
        echo "PASS ljmp from the PE window to a TSS with VM set runs a VM86 task; its INT traps to ring 0"
        echo "PASS lcall through a task gate in the GDT from the PE window nests"
        echo "PASS ljmp through a task gate in the GDT from the PE window"
        echo "PASS tasks" ;;
    fastlane)
        echo "PASS fastlane 1: MOV, ALU, INC/DEC/NOT/NEG in 8/16/32 bits on registers, memory and immediates, 16- and 32-bit addressing, overrides, moffs, memory above 1 MiB, CF across iterations, every Jcc both ways short and near, JMP short and near"
        echo "PASS fastlane 3: immediates and opcodes rewritten inside running loops, loops in the same cache slots alternated"
        echo "PASS fastlane 4: 2- to 8-byte instructions across a 4 KiB page boundary in a loop, at every byte, before and after their immediates change"
        echo "PASS fastlane 2: expand-down operands in a loop; loops walking past an 8 KiB limit, SS's 64 KiB limit and both ends of an expand-down segment ran (their faults: port e9)"
        echo "PASS fastlane 7: a lane loop in 32-bit code after PE was cleared (a 32-bit CS in real mode)"
        echo "PASS fastlane 5: TF over a loop in big real mode: a #DB trap through the IVT after each instruction"
        echo "PASS fastlane 6: with IF=1 IRQ0 arrived between the instructions of a spinning fast-lane loop"
        echo "PASS fastlane" ;;
    usable)
        echo "PASS usable: FS and GS, nulled in protected mode and loaded in real mode, read and write at their real-mode bases"
        echo "PASS usable: a loop through FS in real mode, then in the PE window a read through FS and a write through GS without a fault"
        echo "PASS usable" ;;
    fxstate)
        echo "PASS fxstate: fxsave in big real mode saves what it saves in real mode, fxrstor loads the control word, a misaligned fxsave raises #GP and writes nothing"
        echo "PASS fxstate" ;;
    esac
}

guest_file() {
    case $1 in
    mbhello|solaris) echo "$root/build/guests/$1.elf" ;;
    *) echo "$root/build/guests/$1.bin" ;;
    esac
}

# The runner is part of the tree; build the guests if needed.
require_runner() {
    if [ ! -x "$runner" ]; then
        echo "FAIL $1: tests/hvmhost/run is missing"
        exit 1
    fi
    make -s --no-print-directory -C "$root" guests >/dev/null || {
        echo "FAIL $1: make guests failed"
        exit 1
    }
}

# run_guest GUEST MODE OUT TIMEOUT: MODE is "assist" or "native".  Returns
# 0 on a pass; otherwise sets $why to a one-line reason.  The runner's own
# output goes to OUT/runner.log.
why=
run_guest() {
    local guest=$1 mode=$2 out=$3 timeout=$4 rc line missing=0 flags=()
    [ "$mode" = native ] && flags=(--native)
    rm -rf "$out"
    mkdir -p "$out" || { why="cannot create $out"; return 1; }
    "$runner" --guest "$(guest_file "$guest")" "${flags[@]}" \
        --timeout "$timeout" --out "$out" >"$out/runner.log" 2>&1 </dev/null
    rc=$?
    line=$(grep -m1 '^FAIL' "$out/serial.log" 2>/dev/null)
    if [ -n "$line" ]; then
        why="$guest ($mode): $line"
        return 1
    fi
    if [ $rc -ne 0 ]; then
        # hvmhost's own failure report, its verdict line, or else
        # whatever the runner said last (a failed build, say).
        line=$(grep -m1 '^hvmhost: FAIL' "$out/host.log" 2>/dev/null)
        [ -n "$line" ] || line=$(grep -m1 '^hvmhost: ' "$out/runner.log")
        [ -n "$line" ] || line=$(grep -v '^[[:space:]]*$' "$out/runner.log" | tail -n 1)
        why="$guest ($mode): runner exit $rc: $line"
        return 1
    fi
    while IFS= read -r line; do
        grep -qxF -- "$line" "$out/serial.log" || { missing=1; break; }
    done < <(expected_lines "$guest")
    if [ $missing -ne 0 ]; then
        why="$guest ($mode): missing '$line' on COM1"
        return 1
    fi
    check_counters "$guest" "$mode" "$out/host.log"
}

# hvmhost's counter NAME in LOG ("name value" lines).
counter() {
    awk -v k="$1" '$1 == k { v = $2 } END { print v + 0 }' "$2"
}

# What the run must have cost in world switches: under the assist each
# real -> protected -> real round trip is one RESTORE and one INVOKE (plus
# the INVOKE that starts the assist and, for guests that begin in protected
# mode or enter it through the reset stub, one more RESTORE); natively none.
check_counters() {
    local guest=$1 mode=$2 log=$3 inv res trips=0
    inv=$(counter world_switch_invoke "$log")
    res=$(counter world_switch_restore "$log")
    case $guest in
    roundtrip) trips=1000 ;;
    mbhello) trips=1 ;;
    paging) trips=6 ;;      # the setup trip and five through page tables
    solaris) trips=200 ;;
    sysregs) trips=2 ;;
    msrcr) trips=2 ;;
    flags) trips=1 ;;
    modrm) trips=2 ;;
    pewindow) trips=2 ;;
    transrate) trips=5000 ;;
    prefix) trips=3 ;;
    longmode) trips=1 ;;
    lmwalk) trips=1 ;;
    lmlimit) trips=1 ;;
    lmhigh) trips=1 ;;
    lmidt) trips=1 ;;
    lmgate) trips=1 ;;
    lmregs) trips=1 ;;
    a20) trips=2 ;;
    picbase) trips=4 ;;
    bigreal) trips=3 ;;
    fartransfer) trips=14 ;;
    addr32) trips=2 ;;
    gates) trips=6 ;;
    tasks) trips=10 ;;
    gatefaults) trips=7 ;;
    fxstate) trips=2 ;;
    fastlane) trips=4 ;;
    usable) trips=2 ;;
    esac
    if [ "$mode" = native ]; then
        [ "$inv" -eq 0 ] && [ "$res" -eq 0 ] && return 0
        why="$guest (native): $inv INVOKE / $res RESTORE world switches, expected none"
        return 1
    fi
    if [ "$inv" -lt $((trips + 1)) ] || [ "$res" -lt "$trips" ]; then
        why="$guest (assist): $inv INVOKE / $res RESTORE world switches, expected at least $((trips + 1)) / $trips"
        return 1
    fi
    return 0
}

# The one-line verdict of a test that runs one guest: under the assist, or
# natively with GUEST_TEST_MODE=native (to check the guest itself).
single_guest_test() {
    local guest=$1 timeout=$2 out=build/test/$1 mode=${GUEST_TEST_MODE:-assist} how
    require_runner "$guest.sh"
    cd "$root" || exit 1
    case $mode in
    assist) how="under the assist" ;;
    native) how="natively"; out=$out-native ;;
    *) echo "FAIL $guest.sh: GUEST_TEST_MODE must be assist or native"; exit 1 ;;
    esac
    if run_guest "$guest" "$mode" "$out" "$timeout"; then
        echo "PASS $guest.sh: $guest $how exited 0 with its $(expected_lines "$guest" | wc -l) PASS lines and no FAIL ($out)"
        exit 0
    fi
    echo "FAIL $guest.sh: $why ($out)"
    exit 1
}

# The assist's own report of a failed run (port 0xE9, OUT/debug.log): its
# messages (and register dumps) without the banner, the last few.
assist_report() {
    grep '^vmxassist: ' "$1/debug.log" 2>/dev/null | grep -v ': cpu [0-9]*, AP vector' |
        tail -n 6 | sed 's/^/    /'
}

# The CPU as oracle: native_vs_assist TEST TIMEOUT GUEST... runs each
# guest natively (--native) and under the assist, with logs in
# build/test/<TEST without .sh>/GUEST-MODE, and prints the verdict: PASS
# iff every run passes (run_guest, world switches included) and each
# guest's COM1 output is byte-identical in the two modes.
native_vs_assist() {
    local test=$1 timeout=$2 base guest mode names
    shift 2
    base=build/test/${test%.sh}
    require_runner "$test"
    cd "$root" || exit 1
    for guest in "$@"; do
        for mode in native assist; do
            run_guest "$guest" "$mode" "$base/$guest-$mode" "$timeout" && continue
            [ "$mode" = assist ] && assist_report "$base/$guest-$mode"
            echo "FAIL $test: $why ($base/$guest-$mode)"
            exit 1
        done
        cmp -s "$base/$guest-native/serial.log" "$base/$guest-assist/serial.log" || {
            echo "FAIL $test: $guest's COM1 output differs natively and under the assist: diff $base/$guest-native/serial.log $base/$guest-assist/serial.log"
            exit 1
        }
    done
    names=$(printf '%s and ' "$@")
    echo "PASS $test: ${names% and } pass natively and under the assist with byte-identical COM1 output ($base)"
    exit 0
}

# native_vs_assist TEST TIMEOUT GUEST, then the lines "TAG NAME: got X...
# want Y..." GUEST wrote to port e9 where QEMU TCG is no oracle (the
# "want" half is the SDM's answer): under the assist there must be COUNT
# of them, each got = want.  Prints how many differ in the native run;
# prints a FAIL line and returns 1 otherwise.
sdm_lines() {
    local test=$1 guest=$3 tag=$4 count=$5 dir verdict n bad
    dir=build/test/${test%.sh}/$guest
    verdict=$(native_vs_assist "$test" "$2" "$guest") || { echo "$verdict"; exit 1; }
    cd "$root" || exit 1
    n=$(grep -c "^$tag " "$dir-assist/debug.log")
    if [ "$n" -ne "$count" ]; then
        echo "FAIL $test: $n $tag lines in $dir-assist/debug.log, expected $count"
        exit 1
    fi
    bad=$(sdm_differ "$tag" "$dir-assist/debug.log" print)
    if [ -n "$bad" ]; then
        echo "FAIL $test: under the assist not what the SDM says: $bad ($dir-assist/debug.log)"
        exit 1
    fi
    sdm_differ "$tag" "$dir-native/debug.log" count
}

sdm_differ() {
    awk -v tag="$1" -v how="$3" '$1 == tag { sub(/ +$/, ""); split($0, h, ": got "); split(h[2], g, " want ");
        if (g[1] != g[2]) { n++; if (how == "print") print h[1] ": got " g[1] ", the SDM says " g[2] } }
        END { if (how == "count") print n + 0 }' "$2"
}
