/* Parse the host's multiboot information (Multiboot spec 0.6.96, section 3.3).
 *
 * QEMU (hw/i386/multiboot.c behaviour) gives each module the whole
 * "-initrd" item as its command line, "path tag", so the path comes first;
 * the tag is the first word that is one of ours.  The kernel command line is
 * "kernel-path options...". */
#include "boot_info.h"
#include "assist_stats.h"
#include "milestone.h"
#include "libc.h"
#include "log.h"
#include "host_fail.h"

struct mb_info {
    u32 flags, mem_lower, mem_upper, boot_device, cmdline;
    u32 mods_count, mods_addr;
};
struct mb_module {
    u32 start, end, string, reserved;
};
#define MBI_MEM     (1u << 0)
#define MBI_CMDLINE (1u << 2)
#define MBI_MODS    (1u << 3)

static const char *const known_tags[] = { "assist", "bios", "vgabios", "guest" };

static const char *next_word(const char *s, size_t *len)
{
    while (*s == ' ')
        s++;
    *len = 0;
    while (s[*len] && s[*len] != ' ')
        (*len)++;
    return s;
}

static void take_tag(struct module *m, const char *cmdline)
{
    size_t len;
    for (const char *w = next_word(cmdline, &len); len; w = next_word(w + len, &len))
        for (u32 i = 0; i < ARRAY_SIZE(known_tags); i++)
            if (word_equals(w, len, known_tags[i])) {
                memcpy(m->tag, w, len);
                m->tag[len] = 0;
                return;
            }
    m->tag[0] = 0;
    log_printf("hvmhost: module without a known tag ignored: \"%s\"\n", cmdline);
}

static void parse_options(struct options *o, const char *cmdline)
{
    size_t len;
    int first = 1;

    o->native = 0;
    o->mem_mb = 32;
    o->verbose = 0;
    o->trace = 0;
    o->split_view = 1;
    for (const char *w = next_word(cmdline, &len); len; w = next_word(w + len, &len), first = 0) {
        int ok;
        if (word_equals(w, len, "native"))
            o->native = 1;
        else if (word_equals(w, len, "verbose"))
            o->verbose = 1;
        else if (word_equals(w, len, "split-view"))
            o->split_view = 1;
        else if (word_equals(w, len, "shared-view"))
            o->split_view = 0;
        else if (word_equals(w, len, "trace"))
            o->trace = o->verbose = 1;
        else if (len > 4 && word_equals(w, 4, "mem=")) {
            o->mem_mb = parse_uint(w + 4, len - 4, &ok);
            if (!ok || o->mem_mb < 2 || o->mem_mb > 2048)
                host_fail("bad mem= option (2..2048 MiB)");
        } else if (len > 6 && word_equals(w, 6, "stats=")) {
            assist_stats_at(parse_uint(w + 6, len - 6, &ok));
            if (!ok)
                host_fail("bad stats= option (a decimal address)");
        } else if (len > 5 && word_equals(w, 5, "mark=")) {
            if (!milestone_set_mark(w + 5, (u32)len - 5))
                host_fail("bad mark= option (a string as hex, at most 64 bytes)");
        } else if (len > 5 && word_equals(w, 5, "stop=")) {
            if (!milestone_set_stop(w + 5, (u32)len - 5))
                host_fail("bad stop= option (a string as hex, at most 64 bytes)");
        } else if (!first)
            log_printf("hvmhost: unknown option ignored (word at column %u)\n", (u32)(w - cmdline));
    }
}

void boot_info_parse(u32 magic, u32 mbi_addr, struct boot_info *bi)
{
    const struct mb_info *mbi = (const struct mb_info *)mbi_addr;
    extern char _end[];

    if (magic != MULTIBOOT_LOADER_MAGIC)
        host_fail("not started by a multiboot loader");
    parse_options(&bi->opt, (mbi->flags & MBI_CMDLINE) ? (const char *)mbi->cmdline : "");
    if (!(mbi->flags & MBI_MEM))
        host_fail("multiboot info has no memory size");
    bi->ram_end = 0x100000 + mbi->mem_upper * 1024;
    bi->used_end = (u32)_end;
    bi->module_count = 0;
    if (!(mbi->flags & MBI_MODS))
        return;
    const struct mb_module *mods = (const struct mb_module *)mbi->mods_addr;
    for (u32 i = 0; i < mbi->mods_count && bi->module_count < ARRAY_SIZE(bi->modules); i++) {
        struct module *m = &bi->modules[bi->module_count];
        take_tag(m, mods[i].string ? (const char *)mods[i].string : "");
        m->data = (const u8 *)mods[i].start;
        m->size = mods[i].end - mods[i].start;
        if (mods[i].end > bi->used_end)
            bi->used_end = mods[i].end;
        if (m->tag[0]) {
            log_printf("hvmhost: module %-8s %u bytes\n", m->tag, m->size);
            bi->module_count++;
        }
    }
}

const struct module *find_module(const struct boot_info *bi, const char *tag)
{
    for (u32 i = 0; i < bi->module_count; i++)
        if (word_equals(tag, strlen(tag), bi->modules[i].tag))
            return &bi->modules[i];
    return NULL;
}
