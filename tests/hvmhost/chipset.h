/* The few chipset settings the host needs on QEMU's `pc` machine (i440FX). */
#ifndef HVMHOST_CHIPSET_H
#define HVMHOST_CHIPSET_H

/* Make 0xC0000-0xFFFFF plain read/write RAM: guest RAM is identity-backed,
 * and the host BIOS left that range read-only (PAM registers). */
void chipset_open_bios_area(void);

#endif
