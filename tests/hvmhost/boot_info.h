/* What QEMU's multiboot loader handed the host: its command line (options)
 * and the modules (guest images), each found by its tag. */
#ifndef HVMHOST_BOOT_INFO_H
#define HVMHOST_BOOT_INFO_H

#include <vmxassist/types.h>

#define MULTIBOOT_LOADER_MAGIC 0x2BADB002u

struct module {
    char tag[16];
    const u8 *data;
    u32 size;
};

struct options {
    int native;         /* run the guest natively in real mode, no assist */
    u32 mem_mb;         /* guest RAM in MiB */
    int verbose;        /* log every world switch */
    int trace;          /* log every #VMEXIT */
    int split_view;     /* two views of 0xD0000-0xDFFFF (guest_memory.c);
                           default on, off with `shared-view` */
};

struct boot_info {
    struct options opt;
    struct module modules[8];
    u32 module_count;
    u32 ram_end;        /* end of host RAM above 1 MiB */
    u32 used_end;       /* end of everything QEMU loaded (kernel, modules) */
};

/* Fails (with a host log message) when the boot data is unusable. */
void boot_info_parse(u32 magic, u32 mbi_addr, struct boot_info *bi);
const struct module *find_module(const struct boot_info *bi, const char *tag);

#endif
