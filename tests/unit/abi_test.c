/*
 * The blob's Xen 3.x interface, checked against ../shared/docs/xen-abi.md:
 * the context record's field offsets and size, and the header of the
 * built blob (jmp at +0, magic at +8, context pointers at +12/+16 that
 * point at the new_context/old_context symbols inside the blob's range),
 * the 512-byte padding, and the hvmloader C array matching the file.
 *
 * usage: abi_test build/vmxassist.bin build/vmxassist.sym build/vmxassist.h
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <vmxassist/abi.h>
#include "test.h"

/* The offset table from xen-abi.md, "Context record". */
static const struct { const char *name; size_t doc, actual; } fields[] = {
#define F(field, off) { #field, off, offsetof(struct vmx_assist_context, field) }
    F(eip, 0), F(esp, 4), F(eflags, 8), F(cr0, 12), F(cr3, 16), F(cr4, 20),
    F(idtr_limit, 24), F(idtr_base, 28), F(gdtr_limit, 32), F(gdtr_base, 36),
    F(cs.sel, 40), F(cs.limit, 44), F(cs.base, 48), F(cs.arbytes, 52),
    F(ds, 56), F(es, 72), F(ss, 88), F(fs, 104), F(gs, 120), F(tr, 136),
    F(ldtr, 152), F(ldtr.arbytes, 164), F(rm_irqbase[0], 168), F(rm_irqbase[1], 169),
#undef F
};

static unsigned char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    *len = (size_t)ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *buf = malloc(*len + 1);
    if (fread(buf, 1, *len, f) != *len) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    if (buf)
        buf[*len] = 0;
    return buf;
}

static u32 le32(const unsigned char *p)
{
    return p[0] | (p[1] << 8) | (p[2] << 16) | ((u32)p[3] << 24);
}

static long symbol(const char *sym, const char *name)
{
    char pat[64];
    snprintf(pat, sizeof(pat), " %s\n", name);
    const char *p = strstr(sym, pat);
    if (!p)
        return -1;
    while (p > sym && p[-1] != '\n')
        p--;
    return strtol(p, NULL, 16);
}

int main(int argc, char **argv)
{
    size_t blen, slen, hlen;

    for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
        CHECK(fields[i].doc == fields[i].actual, "%s at %zu, doc says %zu", fields[i].name,
              fields[i].actual, fields[i].doc);
    CHECK(sizeof(struct vmx_assist_context) == VMX_ASSIST_CONTEXT_SIZE,
          "context record is %zu bytes", sizeof(struct vmx_assist_context));
    CHECK(VMX_ASSIST_CONTEXT_SIZE == 172, "size constant");

    if (argc < 4) {
        printf("usage: %s BIN SYM HEADER\n", argv[0]);
        return 2;
    }
    unsigned char *bin = slurp(argv[1], &blen);
    char *sym = (char *)slurp(argv[2], &slen);
    char *hdr = (char *)slurp(argv[3], &hlen);
    CHECK(bin && sym && hdr, "cannot read the build outputs");
    if (!bin || !sym || !hdr)
        return test_summary("abi_test");

    CHECK(blen % 512 == 0 && blen > 0, "blob size %zu is not a multiple of 512", blen);
    CHECK(blen <= VMXASSIST_MAX_SIZE, "blob is %zu bytes", blen);
    CHECK(bin[0] == 0xEB || bin[0] == 0xE9, "byte 0 is %02x, not a jmp", bin[0]);
    CHECK(le32(bin + 8) == 0x17101966, "magic %08x", le32(bin + 8));
    u32 newp = le32(bin + 12), oldp = le32(bin + 16);
    CHECK(newp == (u32)symbol(sym, "new_context"), "new-context pointer %08x", newp);
    CHECK(oldp == (u32)symbol(sym, "old_context"), "old-context pointer %08x", oldp);
    CHECK(newp >= VMXASSIST_BASE && newp + 172 <= 0xE0000, "new context %08x", newp);
    CHECK(oldp >= VMXASSIST_BASE && oldp + 172 <= 0xE0000, "old context %08x", oldp);
    CHECK(newp != oldp, "both contexts at %08x", newp);
    CHECK(symbol(sym, "_start") == VMXASSIST_BASE, "_start at %lx", symbol(sym, "_start"));
    CHECK(symbol(sym, "__bss_end") > 0 && symbol(sym, "__bss_end") <= 0xE0000,
          "the blob's memory ends at %lx", symbol(sym, "__bss_end"));

    /* hvmloader's C array: `unsigned vmxassist[] = { 0x........, ... };`
     * holding the file as 32-bit little-endian words. */
    CHECK(strstr(hdr, "unsigned vmxassist[] = {") != NULL, "array declaration");
    const char *p = strchr(hdr, '{');
    size_t words = 0, mismatches = 0;
    while (p && (p = strstr(p, "0x")) != NULL) {
        unsigned long w = strtoul(p, (char **)&p, 16);
        if (words * 4 + 4 <= blen && w != le32(bin + words * 4))
            mismatches++;
        words++;
    }
    CHECK(words * 4 == blen, "array has %zu words for %zu bytes", words, blen);
    CHECK(mismatches == 0, "%zu words differ from the file", mismatches);
    free(bin);
    free(sym);
    free(hdr);
    return test_summary("abi_test");
}
