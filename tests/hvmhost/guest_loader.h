/* Placing the guest images in guest memory the way hvmloader did. */
#ifndef HVMHOST_GUEST_LOADER_H
#define HVMHOST_GUEST_LOADER_H

#include <vmxassist/types.h>

struct boot_info;

/* BIOS (or the reset stub), VGA BIOS, assist (unless native), guest. */
void load_guest_images(const struct boot_info *bi);

/* Multiboot ELF guests (elf_loader.c).  Returns 0 if the file is not ELF;
 * fails the run if it is ELF but not a loadable multiboot kernel. */
int load_multiboot_elf(const u8 *file, u32 size, u32 *entry);
/* Build a multiboot info structure at GUEST_MBI_GPA; returns its address. */
u32 build_guest_mbi(void);

#endif
