/* hvmloader's layout: VGA BIOS at 0xC0000, assist at 0xD0000, ROM BIOS at
 * the top of the first megabyte (64 KiB at 0xF0000, 128 KiB at 0xE0000).
 * Without a `bios` module, a 64 KiB image holding the reset stub stands
 * in for the BIOS and runs the `guest` module. */
#include <vmxassist/abi.h>
#include "guest_loader.h"
#include "guest_memory.h"
#include "boot_info.h"
#include "stub_params.h"
#include "libc.h"
#include "log.h"
#include "host_fail.h"

#define BIOS_TOP        0x100000u
#define BIOS_MAX_SIZE   0x40000u
#define VGABIOS_GPA     0xC0000u
#define VGABIOS_MAX     0x10000u        /* must end below the assist */
#define STUB_BIOS_SIZE  0x10000u

extern const u8 stub_image[], stub_image_end[];

static void place(const char *what, u32 gpa, const u8 *data, u32 size)
{
    if (!gpa_is_ram(gpa, size))
        host_fail("%s (%u bytes at %x) does not fit in guest RAM", what, size, gpa);
    gpa_write(gpa, data, size);
    log_printf("hvmhost: %-8s at %08x-%08x\n", what, gpa, gpa + size - 1);
}

static void load_assist(const struct module *m)
{
    u32 magic = 0;

    if (!m)
        host_fail("assist mode needs an `assist` module (or pass `native`)");
    if (m->size > VMXASSIST_MAX_SIZE)
        host_fail("assist is %u bytes, more than %u", m->size, VMXASSIST_MAX_SIZE);
    if (m->size >= VMXASSIST_MAGIC_OFFSET + 4)
        memcpy(&magic, m->data + VMXASSIST_MAGIC_OFFSET, 4);
    if (magic != VMXASSIST_MAGIC)
        host_fail("assist has no magic 0x%x at +%u (found 0x%x)", VMXASSIST_MAGIC,
                  VMXASSIST_MAGIC_OFFSET, magic);
    place("assist", VMXASSIST_BASE, m->data, m->size);   /* the assist's view */
    assist_image_to_guest_view(m->data, m->size);
}

static u32 load_flat_or_elf(const struct module *g, u32 *kind)
{
    u32 entry;

    if (load_multiboot_elf(g->data, g->size, &entry)) {
        *kind = STUB_KIND_MULTIBOOT;
        return entry;
    }
    *kind = STUB_KIND_FLAT;
    place("guest", FLAT_LOAD_GPA, g->data, g->size);
    return FLAT_LOAD_GPA;
}

static void load_stub_bios(const struct module *guest)
{
    static const u8 zeros[256];
    struct stub_params p = { STUB_PARAMS_MAGIC, 0, 0, 0 };
    u32 size = (u32)(stub_image_end - stub_image);

    for (u32 off = 0; off < STUB_BIOS_SIZE; off += sizeof(zeros))
        gpa_write(BIOS_TOP - STUB_BIOS_SIZE + off, zeros, sizeof(zeros));
    place("stub", STUB_LOAD_GPA, stub_image, size);
    p.entry = load_flat_or_elf(guest, &p.kind);
    if (p.kind == STUB_KIND_MULTIBOOT)
        p.mbi = build_guest_mbi();
    gpa_write(STUB_PARAMS_GPA, &p, sizeof(p));
}

void load_guest_images(const struct boot_info *bi)
{
    const struct module *bios = find_module(bi, "bios");
    const struct module *vga = find_module(bi, "vgabios");
    const struct module *guest = find_module(bi, "guest");
    int assist = !bi->opt.native;

    if (bios) {
        if (bios->size > BIOS_MAX_SIZE || (bios->size & 0xFFF))
            host_fail("bios image size %u: want a multiple of 4 KiB up to 256 KiB", bios->size);
        if (assist && BIOS_TOP - bios->size < VMXASSIST_BASE + VMXASSIST_MAX_SIZE)
            host_fail("a bios of %u bytes overlaps the assist at 0xD0000", bios->size);
        place("bios", BIOS_TOP - bios->size, bios->data, bios->size);
        if (guest) {
            u32 kind;
            load_flat_or_elf(guest, &kind);
        }
    } else if (guest) {
        load_stub_bios(guest);
    } else {
        host_fail("nothing to run: give a `bios` or a `guest` module");
    }
    if (vga) {
        if (vga->size > VGABIOS_MAX)
            host_fail("vgabios is %u bytes, more than 64 KiB", vga->size);
        place("vgabios", VGABIOS_GPA, vga->data, vga->size);
    }
    if (assist)
        load_assist(find_module(bi, "assist"));
}
