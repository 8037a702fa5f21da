/* The parameter block inside the reset stub (stub.S), patched by the host
 * before the guest starts.  It sits at F000:FF00 (GPA 0xFFF00). */
#ifndef HVMHOST_STUB_PARAMS_H
#define HVMHOST_STUB_PARAMS_H

#define STUB_LOAD_GPA      0xFF000      /* the 4 KiB stub: F000:F000-FFFF */
#define STUB_PARAMS_GPA    0xFFF00
#define STUB_PARAMS_MAGIC  0x42545348   /* "HSTB" */
#define STUB_KIND_FLAT      0           /* boot sector at 0000:7C00 */
#define STUB_KIND_MULTIBOOT 1           /* 32-bit entry, EBX = mbi */

#define FLAT_LOAD_GPA      0x7C00
#define GUEST_MBI_GPA      0x500

#ifndef __ASSEMBLER__
#include <vmxassist/types.h>
struct stub_params {
    u32 magic;
    u32 kind;
    u32 entry;          /* multiboot: physical entry point */
    u32 mbi;            /* multiboot: the mbi address for EBX */
};
#endif

#endif
