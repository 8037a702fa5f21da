/* IOIO exits.  Only the ports in IOPM_TRAPPED_PORTS exit; every other port
 * goes straight to QEMU's devices.
 *   0x20/0x21/0xA0/0xA1  PIC: tracked (pic.c), then passed through
 *   0xF4                 isa-debug-exit: the guest's verdict
 *   0x4E9                the host log: guest writes are dropped
 * EXITINFO1 (AMD APM 15.10.2): bit 0 IN, bit 2 string, bits 4-6 size,
 * bits 16-31 port; EXITINFO2 is the next RIP. */
#include "exits.h"
#include "vcpu.h"
#include "vmcb.h"
#include "cpu.h"
#include "counters.h"
#include "log.h"
#include "host_fail.h"

#define IOIO_IN     (1u << 0)
#define IOIO_STR    (1u << 2)

static u32 port_in(u16 port, unsigned size)
{
    return size == 1 ? inb(port) : size == 2 ? inw(port) : inl(port);
}

static void guest_out(struct vcpu *v, u16 port, unsigned size, u32 value)
{
    if (port == DEBUG_EXIT_PORT) {
        log_printf("hvmhost: guest verdict 0x%x\n", value);
        host_exit_with(value, size);
    }
    if (port == 0x4E9)
        return;
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

    if (info & IOIO_STR)
        vcpu_fail(v, "string I/O on trapped port %x is not supported", port);
    if (info & IOIO_IN) {
        u32 mask = size == 1 ? 0xFFu : size == 2 ? 0xFFFFu : 0xFFFFFFFFu;
        vmcb_write64(v->vmcb, VMCB_RAX, (rax & ~mask) | (port_in(port, size) & mask));
    } else {
        guest_out(v, port, size, rax & (size == 1 ? 0xFFu : size == 2 ? 0xFFFFu : 0xFFFFFFFFu));
    }
    vmcb_write64(v->vmcb, VMCB_RIP, vmcb_read64(v->vmcb, VMCB_EXITINFO2));
}
