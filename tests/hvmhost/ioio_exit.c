/* IOIO exits.  Only the ports in IOPM_TRAPPED_PORTS exit; every other port
 * goes straight to QEMU's devices.
 *   0x20/0x21/0xA0/0xA1  PIC: tracked (pic.c), then passed through
 *   0xF4                 isa-debug-exit: the guest's verdict
 *   0x4E9                the host log: guest writes are dropped
 *   0x70/0x71, 0x510-0x51B  CMOS and fw_cfg: memory size (firmware_view.c)
 *   0x3F8                COM1 data, with a milestone set: watched (milestone.c)
 * EXITINFO1 (AMD APM 15.10.2): bit 0 IN, bit 2 string, bits 4-6 size,
 * bits 16-31 port; EXITINFO2 is the next RIP. */
#include "exits.h"
#include "vcpu.h"
#include "vmcb.h"
#include "cpu.h"
#include "counters.h"
#include "log.h"
#include "host_fail.h"
#include "firmware_view.h"
#include "guest_memory.h"
#include "insn.h"
#include "milestone.h"

#define IOIO_IN     (1u << 0)
#define IOIO_STR    (1u << 2)
#define IOIO_REP    (1u << 3)

/* INS from a trapped port (SeaBIOS reads fw_cfg with `rep insb`): the
 * exit has no address size (quirk), so it comes from decoding the
 * prefixes.  The destination is always ES:(E)DI. */
static void string_in(struct vcpu *v, u16 port, unsigned size, int rep)
{
    struct insn_cursor c;
    u8 *vmcb = v->vmcb;
    u32 eflags = (u32)vmcb_read64(vmcb, VMCB_RFLAGS);
    u32 addr_mask, count, di;
    s32 step = (eflags & (1u << 10)) ? -(s32)size : (s32)size;   /* DF */

    insn_begin(&c, v);
    addr_mask = c.addr32 ? 0xFFFFFFFFu : 0xFFFFu;
    count = rep ? v->gprs.ecx & addr_mask : 1;
    di = v->gprs.edi;
    for (; count; count--) {
        u32 value = firmware_view_in(port, size);
        if (!linear_write(v, (u32)vmcb_seg(vmcb, SEG_ES)->base + (di & addr_mask), &value, size))
            vcpu_fail(v, "ins: destination ES:%x is not guest memory", di & addr_mask);
        di = (di & ~addr_mask) | ((di + (u32)step) & addr_mask);
    }
    v->gprs.edi = di;
    if (rep)
        v->gprs.ecx &= ~addr_mask;
}


static void guest_out(struct vcpu *v, u16 port, unsigned size, u32 value)
{
    if (port == DEBUG_EXIT_PORT) {
        log_printf("hvmhost: guest verdict 0x%x\n", value);
        host_exit_with(value, size);
    }
    if (port == 0x4E9)
        return;
    if (port == COM1_DATA_PORT) {
        if (size == 1)
            milestone_com1_out((u8)value);
        else
            port_out(port, size, value);    /* not text: passed on unwatched */
        return;
    }
    if (firmware_view_port(port)) {
        firmware_view_out(v, port, size, value);
        return;
    }
    /* A wider write is byte writes to consecutive ports (outw %ax,$0x20
     * writes AL to 0x20 and AH to 0x21). */
    for (unsigned i = 0; i < size; i++, port++, value >>= 8) {
        if (!pic_is_port(port))
            vcpu_fail(v, "%u-byte write spills from a PIC port to port %x", size, port);
        counters.pic_writes++;
        pic_guest_write(&v->pics, port, (u8)value, v->in_assist);
    }
}

void handle_ioio(struct vcpu *v)
{
    u32 info = (u32)vmcb_read64(v->vmcb, VMCB_EXITINFO1);
    u16 port = (u16)(info >> 16);
    unsigned size = (info >> 4) & 7;        /* 1, 2 or 4 */
    u32 rax = (u32)vmcb_read64(v->vmcb, VMCB_RAX);

    u32 mask = size == 1 ? 0xFFu : size == 2 ? 0xFFFFu : 0xFFFFFFFFu;

    if (info & IOIO_STR) {
        if (!(info & IOIO_IN))
            vcpu_fail(v, "string output to trapped port %x is not supported", port);
        string_in(v, port, size, info & IOIO_REP);
    } else if (info & IOIO_IN) {
        vmcb_write64(v->vmcb, VMCB_RAX, (rax & ~mask) | (firmware_view_in(port, size) & mask));
    } else {
        guest_out(v, port, size, rax & mask);
    }
    vmcb_write64(v->vmcb, VMCB_RIP, vmcb_read64(v->vmcb, VMCB_EXITINFO2));
}
