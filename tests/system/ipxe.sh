#!/usr/bin/env bash
# iPXE (Debian's ipxe.lkrn) under SeaBIOS, started by GRUB's linux16 from a
# disk (realguest.bash, rg_grub_disk): its prefix runs in real mode and
# reaches memory above 1 MiB (to copy and decompress iPXE there) in short
# calls to 16-bit protected mode (a GDT built on the stack, SS-relative
# lgdt; back through flat real mode), saves the FPU state with fxsave, and
# switches between real and protected mode for every BIOS call.  With no NIC it initialises its devices, prints its banner, waits
# for Ctrl-B, finds no network device and returns to the BIOS (int 18h),
# which tries the floppy and the CD and ends at "No bootable device.".
# iPXE writes through int 10h only, so SeaBIOS' serial console mirror
# (rg_sercon: fw_cfg etc/sercon-port = 0x3F8) brings it to COM1.
# Natively and under the assist the text on COM1 from iPXE's first line to
# that line is identical (RG_FROM, RG_VISIBLE).  Not compared: GRUB's part
# (GRUB writes to COM1 itself while the mirror flushes its int 10h text on
# timer ticks, so the two interleave by timing - seen under load; GRUB's
# lines must be there in each run), and the mirror's escape sequences and
# white space.
set -u
. "$(dirname "$0")/realguest.bash"
cd "$rg_root" || exit 1
lkrn=/usr/lib/ipxe/ipxe.lkrn
rg_need "$SEABIOS_BIN" seabios
rg_need "$lkrn" ipxe
make -s blob hvmhost || rg_fail "build failed"
base=build/test/ipxe
milestone="No bootable device."
rg_grub_disk "$base/disk.img" "$lkrn" ""
rg_seabios_args
rg_sercon
RG_FROM="iPXE initialising devices" RG_VISIBLE=1 \
    rg_native_and_assist "$base" 90 serial.log "$milestone" "$milestone" \
    --bios "$SEABIOS_BIN" --disk "$base/disk.img" "${RG_SEABIOS_ARGS[@]}"
for mode in native assist; do
    rg_milestones "$base/$mode/console" "GRUB embedded config" "GRUB: kernel loaded" \
        "iPXE initialising devices...ok" "iPXE 1.0.0+" "No more network devices"
done
echo "PASS ipxe.sh: iPXE $(grep -o '1\.0\.0+[[:alnum:].+~-]*' "$base/assist/transcript" | head -n 1) from GRUB linux16: devices, banner, back to the BIOS, to '$milestone' under the assist (${RG_SECS_ASSIST}s, $RG_INVOKES INVOKEs, $RG_RESTORES RESTOREs; native ${RG_SECS_NATIVE}s), COM1 identical to native ($base)"
