/* The guest's firmware must see the guest's RAM size, not the machine's:
 * QEMU's CMOS and fw_cfg devices are shared with the host, so hvmhost
 * answers the few questions about memory size itself (what Xen's device
 * model did for hvmloader's BIOS) and passes everything else through. */
#ifndef HVMHOST_FIRMWARE_VIEW_H
#define HVMHOST_FIRMWARE_VIEW_H

#include <vmxassist/types.h>

struct vcpu;

#define FIRMWARE_VIEW_PORTS 0x70, 0x71, 0x510, 0x511, 0x514, 0x518

/* Learn fw_cfg's file directory; ram_size is the guest's RAM. */
void firmware_view_init(u32 ram_size);
int firmware_view_port(u16 port);
u32 firmware_view_in(u16 port, unsigned size);
void firmware_view_out(struct vcpu *v, u16 port, unsigned size, u32 value);

#endif
