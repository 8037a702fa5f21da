#!/usr/bin/env bash
# SeaBIOS (Debian's bios.bin, the BIOS a user of a VT-x machine boots today)
# POSTs from the reset vector under the assist exactly as it does natively,
# with SeaVGABIOS (Debian's vgabios-stdvga.bin) as its VGA option ROM and
# its serial console mirror on: the fw_cfg file etc/sercon-port (0x3F8)
# makes SeaBIOS copy the text it prints through int 10h (SeaVGABIOS) to
# COM1.  With no disk and no NIC (-nic none: no iPXE option ROM) both runs
# try every boot device ("Booting from Floppy...", "... DVD/CD...", "...
# Hard Disk...") and reach "No bootable device." on COM1; COM1 is
# identical up to there, and so is SeaBIOS' debug log from its banner on
# (realguest.bash: the probe threads' lines compared as a set): with the
# same RAM size, PCI layout and ROMs even the addresses agree.  Under the
# assist the POST must have made world switches (counted from hvmhost's
# --verbose INVOKE/RESTORE lines: the run is stopped at the milestone, so
# the end-of-run counters are never printed).
#
# SeaBIOS clears 0xC0000 up to its own code from 32-bit code, i.e. over the
# assist; this passes only because hvmhost gives the guest world its own
# RAM there (--split-view; tests/hvmhost/README, "Deliberate differences
# from Xen").
set -u
. "$(dirname "$0")/realguest.bash"
cd "$rg_root" || exit 1
rg_need "$SEABIOS_BIN" seabios
rg_need "$SEAVGABIOS_BIN" seabios
base=build/test/seabios
milestone='No bootable device.'
make -s blob hvmhost || rg_fail "build failed"
rg_seabios_args
rg_sercon
rg_native_and_assist "$base" 90 serial.log "$milestone" "$milestone" \
    --bios "$SEABIOS_BIN" "${RG_SEABIOS_ARGS[@]}"
rg_seabios_log "$base"
# The transcript starts after QEMU's own SeaBIOS has booted hvmhost
# (rg_transcript): all of it is the guest's.
rg_milestones "$base/assist/transcript" "SeaBIOS (version 1.16" "Booting from Floppy..." \
    "Booting from DVD/CD..." "Booting from Hard Disk..." "$milestone"
rg_milestones "$base/assist/guest-bios.log" "Start SeaVGABIOS" "Turning on vga text mode console"
echo "PASS seabios.sh: SeaBIOS POST with SeaVGABIOS and the serial console to 'Booting from ...' and '$milestone' under the assist (${RG_SECS_ASSIST}s, $RG_INVOKES INVOKEs, $RG_RESTORES RESTOREs; native ${RG_SECS_NATIVE}s), COM1 and SeaBIOS' log identical to native ($base)"
