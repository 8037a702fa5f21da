/* Loading a multiboot (v1) ELF32 guest: its PT_LOAD segments go to their
 * physical addresses (p_paddr), bss zeroed, as a multiboot loader would. */
#include "guest_loader.h"
#include "guest_memory.h"
#include "libc.h"
#include "log.h"
#include "host_fail.h"

#define MULTIBOOT_HEADER_MAGIC  0x1BADB002u
#define MULTIBOOT_SEARCH_BYTES  8192
#define PT_LOAD 1

struct elf32_ehdr {
    u8 ident[16];
    u16 type, machine;
    u32 version, entry, phoff, shoff, flags;
    u16 ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};

struct elf32_phdr {
    u32 type, offset, vaddr, paddr, filesz, memsz, flags, align;
};

static int has_multiboot_header(const u8 *file, u32 size)
{
    u32 limit = size < MULTIBOOT_SEARCH_BYTES ? size : MULTIBOOT_SEARCH_BYTES;
    for (u32 off = 0; off + 12 <= limit; off += 4) {
        const u32 *h = (const u32 *)(file + off);
        if (h[0] == MULTIBOOT_HEADER_MAGIC && h[0] + h[1] + h[2] == 0)
            return 1;
    }
    return 0;
}

static void load_segment(const u8 *file, u32 size, const struct elf32_phdr *ph)
{
    static const u8 zeros[256];

    if (ph->filesz > ph->memsz || ph->offset > size || ph->filesz > size - ph->offset)
        host_fail("guest ELF: segment outside the file");
    if (!gpa_is_ram(ph->paddr, ph->memsz))
        host_fail("guest ELF: segment at %x size %x is not in guest RAM", ph->paddr, ph->memsz);
    gpa_write(ph->paddr, file + ph->offset, ph->filesz);
    for (u32 done = ph->filesz; done < ph->memsz;) {
        u32 n = ph->memsz - done < sizeof(zeros) ? ph->memsz - done : sizeof(zeros);
        gpa_write(ph->paddr + done, zeros, n);
        done += n;
    }
    log_printf("hvmhost: guest segment paddr %08x filesz %x memsz %x\n",
               ph->paddr, ph->filesz, ph->memsz);
}

int load_multiboot_elf(const u8 *file, u32 size, u32 *entry)
{
    const struct elf32_ehdr *eh = (const struct elf32_ehdr *)file;

    if (size < sizeof(*eh) || memcmp(eh->ident, "\177ELF", 4) != 0)
        return 0;
    if (eh->ident[4] != 1 || eh->machine != 3)
        host_fail("guest ELF is not ELF32 i386");
    if (!has_multiboot_header(file, size))
        host_fail("guest ELF has no multiboot header in its first 8 KiB");
    if (eh->phentsize != sizeof(struct elf32_phdr) ||
        eh->phoff + (u32)eh->phnum * sizeof(struct elf32_phdr) > size)
        host_fail("guest ELF: bad program headers");

    /* The entry is a virtual address; a segment linked at a different
     * physical address (a higher-half kernel) moves it with the segment. */
    *entry = eh->entry;
    const struct elf32_phdr *ph = (const struct elf32_phdr *)(file + eh->phoff);
    for (u32 i = 0; i < eh->phnum; i++) {
        if (ph[i].type != PT_LOAD || ph[i].memsz == 0)
            continue;
        load_segment(file, size, &ph[i]);
        if (eh->entry >= ph[i].vaddr && eh->entry - ph[i].vaddr < ph[i].memsz)
            *entry = eh->entry - ph[i].vaddr + ph[i].paddr;
    }
    log_printf("hvmhost: guest multiboot ELF entry %08x\n", *entry);
    return 1;
}
