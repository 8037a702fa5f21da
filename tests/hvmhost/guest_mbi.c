/* The multiboot information a stub-booted multiboot guest receives in EBX
 * (Multiboot spec 0.6.96, 3.3): memory sizes, an empty command line, a
 * memory map and the loader name, all inside 0x500-0x6FF. */
#include "guest_loader.h"
#include "guest_memory.h"
#include "stub_params.h"
#include "libc.h"

#define MBI_MEM          (1u << 0)
#define MBI_CMDLINE      (1u << 2)
#define MBI_MMAP         (1u << 6)
#define MBI_LOADER_NAME  (1u << 9)

struct guest_mbi {
    u32 flags, mem_lower, mem_upper, boot_device, cmdline;
    u32 mods_count, mods_addr, syms[4];
    u32 mmap_length, mmap_addr;
    u32 drives_length, drives_addr, config_table, boot_loader_name;
};

struct mmap_entry {
    u32 size;               /* of the rest of the entry: 20 */
    u64 addr, len;
    u32 type;               /* 1 = available RAM */
} __attribute__((packed));

#define CMDLINE_GPA (GUEST_MBI_GPA + 0x80)
#define NAME_GPA    (GUEST_MBI_GPA + 0x90)
#define MMAP_GPA    (GUEST_MBI_GPA + 0xC0)

u32 build_guest_mbi(void)
{
    static const char name[] = "hvmhost reset stub";
    const struct mmap_entry mmap[2] = {
        { 20, 0, 0x9FC00, 1 },
        { 20, 0x100000, guest_ram_size() - 0x100000, 1 },
    };
    struct guest_mbi mbi;

    memset(&mbi, 0, sizeof(mbi));
    mbi.flags = MBI_MEM | MBI_CMDLINE | MBI_MMAP | MBI_LOADER_NAME;
    mbi.mem_lower = 639;
    mbi.mem_upper = (guest_ram_size() - 0x100000) / 1024;
    mbi.cmdline = CMDLINE_GPA;
    mbi.mmap_length = sizeof(mmap);
    mbi.mmap_addr = MMAP_GPA;
    mbi.boot_loader_name = NAME_GPA;
    gpa_write(GUEST_MBI_GPA, &mbi, sizeof(mbi));
    gpa_write(CMDLINE_GPA, "", 1);
    gpa_write(NAME_GPA, name, sizeof(name));
    gpa_write(MMAP_GPA, mmap, sizeof(mmap));
    return GUEST_MBI_GPA;
}
