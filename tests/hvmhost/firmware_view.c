/* CMOS (MC146818, ports 0x70/0x71): the memory-size bytes that PC BIOSes
 * read (0x15-0x18 and 0x30-0x31 in KiB, 0x34-0x35 above 16 MiB and
 * 0x5B-0x5D above 4 GiB in 64 KiB units) are computed from the guest RAM.
 *
 * QEMU fw_cfg (QEMU's docs/specs/fw_cfg.txt): selector 0x510 (16-bit),
 * data 0x511 (bytes), DMA address 0x514 (high) / 0x518 (low, starts the
 * transfer), both big-endian.  A DMA descriptor is control, length (BE32)
 * and address (BE64); control bit 1 read, 2 skip, 3 select (selector in
 * bits 16-31), 4 write, 0 error; the device writes 0 there when done.
 * Answered here: RAM_SIZE (0x03, LE64), the file "etc/e820" (20-byte
 * entries) and the file directory (0x19), from which the "genroms/" files
 * are left out: those are QEMU's -kernel boot ROMs, which would make the
 * guest's BIOS load hvmhost itself, by DMA, over the running host.  Other
 * items go to the real device, whose DMA reaches guest memory directly
 * because guest RAM is identity-backed. */
#include "firmware_view.h"
#include "guest_memory.h"
#include "vcpu.h"
#include "cpu.h"
#include "libc.h"
#include "log.h"

#define CMOS_INDEX 0x70
#define CMOS_DATA  0x71
#define FW_SELECT  0x510
#define FW_DATA    0x511
#define FW_DMA_HI  0x514
#define FW_DMA_LO  0x518

#define FW_ITEM_RAM_SIZE 0x03
#define FW_ITEM_FILE_DIR 0x19
#define DMA_ERROR  (1u << 0)
#define DMA_READ   (1u << 1)
#define DMA_SKIP   (1u << 2)
#define DMA_SELECT (1u << 3)
#define DMA_WRITE  (1u << 4)

struct e820_entry {
    u64 addr, len;
    u32 type;
} __attribute__((packed));

static struct {
    u32 ram_size;
    u8 cmos_index;
    u16 e820_select;                /* 0: no such file */
    u8 ram_size_item[8];
    struct e820_entry e820[1];
    u8 dir[4 + 64 * 64];            /* count BE32, then 64-byte entries */
    u32 dir_len;
    const u8 *item;                 /* the selected item if it is ours */
    u32 item_len, offset;
    u32 dma_high;                   /* as written: big-endian */
} fw;

static u32 be32(u32 v)
{
    return (v >> 24) | ((v >> 8) & 0xFF00u) | ((v << 8) & 0xFF0000u) | (v << 24);
}

static u16 be16(u16 v)
{
    return (u16)((v >> 8) | (v << 8));
}

/* The host reads fw_cfg directly, before any guest runs: copy the file
 * directory (entries: size BE32, select BE16, reserved, name[56]) minus
 * the boot ROMs, and note where etc/e820 is. */
static void read_file_directory(void)
{
    u32 count, kept = 0;
    u8 *entry = fw.dir + 4;

    outw(FW_SELECT, FW_ITEM_FILE_DIR);
    for (u32 i = 0; i < 4; i++)
        ((u8 *)&count)[i] = inb(FW_DATA);
    count = be32(count);
    for (u32 n = 0; n < count; n++) {
        for (u32 i = 0; i < 64; i++)
            entry[i] = inb(FW_DATA);
        if (memcmp(entry + 8, "etc/e820", 9) == 0)
            fw.e820_select = be16(*(u16 *)(entry + 4));
        if (memcmp(entry + 8, "genroms/", 8) == 0 || kept == 64)
            continue;
        entry += 64;
        kept++;
    }
    *(u32 *)fw.dir = be32(kept);
    fw.dir_len = 4 + 64 * kept;
}

void firmware_view_init(u32 ram_size)
{
    u64 size = ram_size;

    fw.ram_size = ram_size;
    memcpy(fw.ram_size_item, &size, 8);
    fw.e820[0].addr = 0;
    fw.e820[0].len = ram_size;
    fw.e820[0].type = 1;
    read_file_directory();
    log_printf("hvmhost: firmware sees %u MiB (fw_cfg etc/e820 is item %x)\n",
               ram_size >> 20, fw.e820_select);
}

int firmware_view_port(u16 port)
{
    return port == CMOS_INDEX || port == CMOS_DATA || port == FW_SELECT ||
           port == FW_DATA || port == FW_DMA_HI || port == FW_DMA_LO;
}

static int cmos_memory_byte(u8 index, u8 *value)
{
    u32 ext_kib = fw.ram_size > 0x100000 ? (fw.ram_size - 0x100000) >> 10 : 0;
    u32 above16m = fw.ram_size > 0x1000000 ? (fw.ram_size - 0x1000000) >> 16 : 0;

    if (ext_kib > 0xFFFF)
        ext_kib = 0xFFFF;
    if (above16m > 0xFFFF)
        above16m = 0xFFFF;
    switch (index) {
    case 0x15: *value = 0x80; return 1;             /* 640 KiB base memory */
    case 0x16: *value = 0x02; return 1;
    case 0x17: case 0x30: *value = (u8)ext_kib; return 1;
    case 0x18: case 0x31: *value = (u8)(ext_kib >> 8); return 1;
    case 0x34: *value = (u8)above16m; return 1;
    case 0x35: *value = (u8)(above16m >> 8); return 1;
    case 0x5B: case 0x5C: case 0x5D: *value = 0; return 1;
    }
    return 0;
}

static void select_item(u16 selector)
{
    fw.offset = 0;
    fw.item = NULL;
    if (selector == FW_ITEM_RAM_SIZE) {
        fw.item = fw.ram_size_item;
        fw.item_len = sizeof(fw.ram_size_item);
    } else if (fw.e820_select && selector == fw.e820_select) {
        fw.item = (const u8 *)fw.e820;
        fw.item_len = sizeof(fw.e820);
    } else if (selector == FW_ITEM_FILE_DIR) {
        fw.item = fw.dir;
        fw.item_len = fw.dir_len;
    }
}

static u8 next_item_byte(void)
{
    return fw.offset < fw.item_len ? fw.item[fw.offset++] : 0;
}

u32 firmware_view_in(u16 port, unsigned size)
{
    u8 b;

    if (port == CMOS_DATA && cmos_memory_byte(fw.cmos_index, &b))
        return b;
    if (port == FW_DATA && size == 1 && fw.item)
        return next_item_byte();
    return port_in(port, size);
}

/* A DMA transfer on one of our items, done here on guest memory. */
static void dma_from_item(struct vcpu *v, u64 desc_gpa, u32 control)
{
    u32 words[4];
    u32 len, done = 0;
    u64 addr;

    gpa_read(desc_gpa, words, sizeof(words));
    len = be32(words[1]);
    addr = ((u64)be32(words[2]) << 32) | be32(words[3]);
    if (control & DMA_WRITE) {
        control = DMA_ERROR;
    } else {
        for (; done < len; done++) {
            u8 b = next_item_byte();
            if ((control & DMA_READ) && !gpa_write(addr + done, &b, 1))
                vcpu_fail(v, "fw_cfg DMA to GPA %llx outside guest memory", addr + done);
        }
        control = 0;
    }
    words[0] = be32(control);
    gpa_write(desc_gpa, words, 4);
}

void firmware_view_out(struct vcpu *v, u16 port, unsigned size, u32 value)
{
    switch (port) {
    case CMOS_INDEX:
        fw.cmos_index = value & 0x7F;               /* bit 7: NMI mask */
        break;
    case FW_SELECT:
        select_item((u16)value);
        break;
    case FW_DMA_HI:
        fw.dma_high = value;
        break;
    case FW_DMA_LO: {
        u64 desc_gpa = ((u64)be32(fw.dma_high) << 32) | be32(value);
        u32 control = 0;
        gpa_read(desc_gpa, &control, 4);
        control = be32(control);
        if (control & DMA_SELECT)
            select_item((u16)(control >> 16));
        if (fw.item) {
            dma_from_item(v, desc_gpa, control);
            return;
        }
        break;
    }
    }
    port_out(port, size, value);
}
