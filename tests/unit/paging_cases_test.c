/*
 * Hand-written paging cases, each computed by hand from the SDM (vol. 3,
 * chapter 4) rather than by any code: one or more translations per mode,
 * PSE-36, PAE with tables and frames above 4 GiB, 1-GiB pages, reserved
 * bits, NX, U/S and R/W with and without CR0.WP, A/D flags; then the
 * linear_read/linear_write layer (page-crossing accesses with non-adjacent
 * frames, a write whose second page faults, wrap-around at 4 GiB), memory
 * above 4 GiB through the hypervisor's leaves (paging/phys_high.c), with
 * Xen's read-only interface and with no leaf at all.
 */
#include <string.h>
#include <vmxassist/paging.h>
#include <vmxassist/x86.h>
#include "../../paging/hv_leaf.h"
#include "sim_phys.h"
#include "test.h"

#define HIGH 0x100000000ull     /* 4 GiB */

static struct paging_regs regs(u32 cr0, u32 cr3, u32 cr4, u64 efer)
{
    struct paging_regs r = { .cr0 = cr0 | CR0_PE, .cr3 = cr3, .cr4 = cr4, .efer = efer };
    return r;
}

/* Translate and compare with a hand-computed translation. */
static void expect_phys(const struct paging_regs *r, u32 lin, unsigned acc, u64 want,
                        const char *what)
{
    u64 phys = 0;
    struct page_fault pf = { 0, 0 };
    int rc = paging_translate(r, lin, acc, &phys, &pf);
    CHECK(rc == 0 && phys == want, "%s: rc %d phys %#llx (error %#x), want %#llx", what, rc,
          (unsigned long long)phys, pf.error, (unsigned long long)want);
}

/* ... or with a hand-computed page fault, which must change no memory. */
static void expect_fault(const struct paging_regs *r, u32 lin, unsigned acc, u32 error,
                         const char *what)
{
    u64 phys = 0;
    struct page_fault pf = { 0, 0 };
    struct sim_change c[4];

    sim_snapshot();
    int rc = paging_translate(r, lin, acc, &phys, &pf);
    CHECK(rc == -1 && pf.error == error && pf.cr2 == lin,
          "%s: rc %d error %#x cr2 %08x, want #PF(%#x) at %08x", what, rc, pf.error, pf.cr2,
          error, lin);
    CHECK(sim_changes(c, 4) == 0, "%s: a faulting walk changed memory", what);
}

static void paging_off(void)
{
    struct paging_regs r = regs(0, 0x1000, CR4_PAE, EFER_NXE);
    r.cr0 &= ~CR0_PE;
    sim_reset(SIM_HIGH_DIRECT);
    expect_phys(&r, 0x12345678, ACC_WRITE, 0x12345678, "CR0.PG=0: physical = linear");
}

/* 32-bit paging, linear 0x12345678: directory 0x048, table 0x345, offset 0x678. */
static void paging_32bit(void)
{
    struct paging_regs r = regs(CR0_PG, 0x00010000, 0, 0);

    sim_reset(SIM_HIGH_DIRECT);
    sim_put32(0x10120, 0x00020007);             /* PDE: table 0x20000, P RW US */
    sim_put32(0x20D14, 0x0ABCD007);             /* PTE: frame 0x0ABCD000 */
    expect_phys(&r, 0x12345678, ACC_READ, 0x0ABCD678, "32-bit 4K read");
    CHECK(sim_get32(0x10120) == 0x00020027 && sim_get32(0x20D14) == 0x0ABCD027,
          "32-bit read sets A in PDE and PTE: %08x %08x", sim_get32(0x10120), sim_get32(0x20D14));
    expect_phys(&r, 0x12345678, ACC_WRITE, 0x0ABCD678, "32-bit 4K write");
    CHECK(sim_get32(0x10120) == 0x00020027 && sim_get32(0x20D14) == 0x0ABCD067,
          "32-bit write sets D in the PTE only: %08x %08x", sim_get32(0x10120),
          sim_get32(0x20D14));

    /* A PTE without R/W: supervisor writes pass with WP=0 (and set D),
     * fault with WP=1; user writes always fault. */
    sim_put32(0x20D14, 0x0ABCD005);
    expect_fault(&r, 0x12345678, ACC_WRITE | ACC_USER, PFEC_P | PFEC_W | PFEC_U,
                 "user write to a read-only page");
    r.cr0 |= CR0_WP;
    expect_fault(&r, 0x12345678, ACC_WRITE, PFEC_P | PFEC_W, "supervisor write, WP=1");
    r.cr0 &= ~CR0_WP;
    expect_phys(&r, 0x12345678, ACC_WRITE, 0x0ABCD678, "supervisor write, WP=0");
    CHECK(sim_get32(0x20D14) == 0x0ABCD065, "WP=0 write sets A and D: %08x", sim_get32(0x20D14));

    /* U/S clear in the PDE only: a supervisor page; an implicit access
     * made at CPL 3 is a supervisor access (U/S=0 in its error code). */
    sim_put32(0x10120, 0x00020003);
    expect_fault(&r, 0x12345678, ACC_READ | ACC_USER, PFEC_P | PFEC_U, "user read, PDE U/S=0");
    expect_phys(&r, 0x12345678, ACC_USER | ACC_IMPLICIT, 0x0ABCD678, "implicit access at CPL 3");
    /* 32-bit paging has no I/D bit without SMEP, even with EFER.NXE. */
    sim_put32(0x20D14, 0x0ABCD000);
    r.efer = EFER_NXE;
    expect_fault(&r, 0x12345678, ACC_FETCH, 0, "fetch, PTE not present");
    r.cr4 |= CR4_SMEP;
    expect_fault(&r, 0x12345678, ACC_FETCH, PFEC_I, "fetch, PTE not present, SMEP");
    sim_put32(0x10120, 0x00020006);
    expect_fault(&r, 0x12345678, ACC_WRITE, PFEC_W, "write, PDE not present");
}

/* CR4.PSE: linear 0x12345678 in the 4-MiB page of PDE 0x048. */
static void paging_pse(void)
{
    struct paging_regs r = regs(CR0_PG, 0x00010000, CR4_PSE, 0);

    sim_reset(SIM_HIGH_DIRECT);
    /* PDE: bits 31:22 = 0x12000000 >> 22, bits 20:13 = 0x9A (physical
     * 39:32), PS, RW, P: 0x12000000 | 0x9A << 13 | 0x83. */
    sim_put32(0x10120, 0x12134083);
    expect_phys(&r, 0x12345678, ACC_READ, 0x9A12345678ull, "PSE-36, MAXPHYADDR 40 (default)");
    CHECK(sim_get32(0x10120) == 0x121340A3, "4-MiB PDE gets A: %08x", sim_get32(0x10120));
    expect_phys(&r, 0x12345678, ACC_WRITE, 0x9A12345678ull, "PSE-36 write");
    CHECK(sim_get32(0x10120) == 0x121340E3, "4-MiB PDE gets D: %08x", sim_get32(0x10120));
    /* MAXPHYADDR 36: PDE bits 21:17 are reserved; 0x9A sets 17 and 20. */
    r.maxphyaddr = 36;
    expect_fault(&r, 0x12345678, ACC_READ, PFEC_P | PFEC_RSVD, "PSE-36 bit 17 with M=36");
    sim_put32(0x10120, 0x12000000 | 0x9u << 13 | 0x83);
    expect_phys(&r, 0x12345678, ACC_READ, 0x912345678ull, "PSE-36 physical 35:32 with M=36");
    r.maxphyaddr = 0;
    sim_put32(0x10120, 0x12200083);             /* bit 21 */
    expect_fault(&r, 0x12345678, ACC_WRITE, PFEC_P | PFEC_RSVD | PFEC_W, "PDE bit 21");
    /* Without CR4.PSE the PS bit is ignored: the PDE names a table. */
    r.cr4 = 0;
    sim_put32(0x10120, 0x12134083);
    sim_put32(0x12134000 + 0x345 * 4, 0x00777003);
    expect_phys(&r, 0x12345678, ACC_READ, 0x00777678, "PS ignored without CR4.PSE");
}

/* PAE, linear 0xC0201234: PDPTE 3, PDE 1, PTE 1, offset 0x234; the PDPT
 * at 0x30020 (CR3 bits 31:5), the directory and table above 4 GiB. */
static void paging_pae(void)
{
    struct paging_regs r = regs(CR0_PG, 0x00030020, CR4_PAE, EFER_NXE);
    const u64 pdpte = 0x30038, pde = HIGH + 0x2008, pte = HIGH + 0x3008;

    sim_reset(SIM_HIGH_VIA_LEAVES);
    sim_put64(pdpte, HIGH + 0x2001);                    /* PD at 4 GiB + 0x2000 */
    sim_put64(pde, HIGH + 0x3007);                      /* PT at 4 GiB + 0x3000 */
    sim_put64(pte, 0x8000000200007005ull);              /* XD, read-only user frame */
    expect_phys(&r, 0xC0201234, ACC_READ, 0x200007234ull, "PAE 4K read, tables above 4 GiB");
    CHECK(sim_get64(pdpte) == HIGH + 0x2001, "no A flag in a PAE PDPTE: %llx",
          (unsigned long long)sim_get64(pdpte));
    CHECK(sim_get64(pde) == HIGH + 0x3027 && sim_get64(pte) == 0x8000000200007025ull,
          "A set above 4 GiB through the write leaf: %llx %llx",
          (unsigned long long)sim_get64(pde), (unsigned long long)sim_get64(pte));
    expect_fault(&r, 0xC0201234, ACC_FETCH, PFEC_P | PFEC_I, "NX fetch");
    expect_fault(&r, 0xC0201234, ACC_FETCH | ACC_USER, PFEC_P | PFEC_I | PFEC_U, "NX user fetch");
    r.cr0 |= CR0_WP;
    expect_fault(&r, 0xC0201234, ACC_WRITE, PFEC_P | PFEC_W, "PAE read-only, WP=1");
    r.cr4 |= CR4_SMAP;
    expect_fault(&r, 0xC0201234, ACC_READ, PFEC_P, "SMAP, AC=0");
    expect_phys(&r, 0xC0201234, ACC_READ | ACC_AC, 0x200007234ull, "SMAP, AC=1");
    expect_fault(&r, 0xC0201234, ACC_IMPLICIT | ACC_AC, PFEC_P, "SMAP, implicit");
    r.cr4 &= ~CR4_SMAP;
    r.efer = 0;     /* without NXE the XD bit is reserved */
    expect_fault(&r, 0xC0201234, ACC_READ, PFEC_P | PFEC_RSVD, "XD without NXE");
    r.efer = EFER_NXE;
    sim_put64(pdpte, HIGH + 0x2003);                    /* bit 1: reserved in a PDPTE */
    expect_fault(&r, 0xC0201234, ACC_READ, PFEC_P | PFEC_RSVD, "PDPTE bit 1");
    sim_put64(pdpte, 0x8000000100002001ull);            /* XD is reserved there, NXE or not */
    expect_fault(&r, 0xC0201234, ACC_READ, PFEC_P | PFEC_RSVD, "PDPTE bit 63");
    sim_put64(pdpte, HIGH + 0x2000);
    expect_fault(&r, 0xC0201234, ACC_WRITE | ACC_USER, PFEC_W | PFEC_U, "PDPTE not present");
    /* A 2-MiB page at 5 GiB: PAT (bit 12) is no address bit. */
    sim_put64(pdpte, HIGH + 0x2001);
    sim_put64(pde, 0x140001083ull);
    expect_phys(&r, 0xC0201234, ACC_WRITE, 0x140001234ull, "PAE 2M page with PAT");
    CHECK(sim_get64(pde) == 0x1400010E3ull, "2M PDE gets A and D: %llx",
          (unsigned long long)sim_get64(pde));
    sim_put64(pde, 0x140002083ull);                     /* bit 13 */
    expect_fault(&r, 0xC0201234, ACC_READ, PFEC_P | PFEC_RSVD, "2M PDE bit 13");
    /* Bits 62:52 are reserved in PAE entries (ignored in 4-level ones). */
    sim_put64(pde, 0x0010000140000083ull);
    expect_fault(&r, 0xC0201234, ACC_READ, PFEC_P | PFEC_RSVD, "PAE PDE bit 52");
}

/* 4-level, linear 0x40201234: PML4E 0, PDPTE 1, PDE 1, PTE 1; PML4 at
 * 4 GiB + 0x40000 (CR3's high half). */
static void paging_4level(void)
{
    struct paging_regs r = regs(CR0_PG, 0x00040000, CR4_PAE, EFER_LME | EFER_LMA);
    const u64 pml4e = HIGH + 0x40000, pdpte = 0x50008, pde = 0x60008, pte = 0x70008;

    r.cr3_hi = 1;
    sim_reset(SIM_HIGH_VIA_LEAVES);
    sim_put64(pml4e, 0x50007);
    sim_put64(pdpte, 0x60007);
    sim_put64(pde, 0x70007);
    sim_put64(pte, 0x7FF0001123456007ull);          /* bits 62:52 ignored here */
    expect_phys(&r, 0x40201234, ACC_READ | ACC_USER, 0x1123456234ull, "4-level 4K");
    CHECK((sim_get64(pml4e) & 0x20) && (sim_get64(pdpte) & 0x20) && (sim_get64(pde) & 0x20) &&
          (sim_get64(pte) & 0x20), "A set at all four levels");
    r.maxphyaddr = 36;                              /* now bit 36 is reserved */
    expect_fault(&r, 0x40201234, ACC_READ, PFEC_P | PFEC_RSVD, "frame bit 36 with M=36");
    r.maxphyaddr = 0;
    sim_put64(pml4e, 0x50087);
    expect_fault(&r, 0x40201234, ACC_READ, PFEC_P | PFEC_RSVD, "PS in a PML4E");
    sim_put64(pml4e, 0x50007);
    sim_put64(pdpte, 0x3C0000087ull);               /* a 1-GiB page at 15 GiB */
    expect_fault(&r, 0x40201234, ACC_READ, PFEC_P | PFEC_RSVD, "1G page, CPU without them");
    r.gbpages = 1;
    expect_phys(&r, 0x40201234, ACC_WRITE, 0x3C0201234ull, "1G page");
    CHECK(sim_get64(pdpte) == 0x3C00000E7ull, "1G PDPTE gets A and D: %llx",
          (unsigned long long)sim_get64(pdpte));
    sim_put64(pdpte, 0x3C0002087ull);               /* bit 13 */
    expect_fault(&r, 0x40201234, ACC_READ, PFEC_P | PFEC_RSVD, "1G PDPTE bit 13");
    /* XD in the PML4E alone forbids fetches; without NXE it is reserved. */
    sim_put64(pdpte, 0x60007);
    sim_put64(pml4e, 0x8000000000050007ull);
    r.efer |= EFER_NXE;
    expect_fault(&r, 0x40201234, ACC_FETCH, PFEC_P | PFEC_I, "XD in the PML4E");
    r.efer &= ~EFER_NXE;
    expect_fault(&r, 0x40201234, ACC_FETCH, PFEC_P | PFEC_RSVD, "PML4E XD without NXE");
    /* Not present at each level: error code without P, CR2 the address. */
    sim_put64(pml4e, 0x50007);
    sim_put64(pte, 0x123456006ull);
    expect_fault(&r, 0x40201234, ACC_WRITE, PFEC_W, "PTE not present");
    sim_put64(pde, 0x70006);
    expect_fault(&r, 0x40201234, ACC_WRITE, PFEC_W, "PDE not present");
    sim_put64(pdpte, 0x60006);
    expect_fault(&r, 0x40201234, ACC_READ, 0, "PDPTE not present");
    sim_put64(pml4e, 0x50006);
    expect_fault(&r, 0x40201234, ACC_READ | ACC_USER, PFEC_U, "PML4E not present");
}

/* 32-bit paging with linear 0x00400000 -> frame 0x9000 and 0x00401000 ->
 * frame 0x5000 (non-adjacent, in reverse order); 0x00402000 not present. */
static struct paging_regs split_pages(u32 second_pte)
{
    sim_reset(SIM_HIGH_DIRECT);
    sim_put32(0x10004, 0x00020003);                 /* PDE 1 */
    sim_put32(0x20000, 0x00009003);                 /* PTE 0 */
    sim_put32(0x20004, second_pte);                 /* PTE 1 */
    return regs(CR0_PG | CR0_WP, 0x10000, 0, 0);
}

static void linear_accesses(void)
{
    struct paging_regs r = split_pages(0x00005003);
    struct page_fault pf;
    struct sim_change c[16];
    u8 desc[8], pattern[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
    u32 dword = 0;

    sim_write(0x9FFE, "\x11\x22", 2);
    sim_write(0x5000, "\x33\x44", 2);
    CHECK(linear_read(&r, 0x00400FFE, &dword, 4, ACC_READ, &pf) == 0 && dword == 0x44332211,
          "dword across non-adjacent frames: %08x", dword);
    sim_write(0x9FFC, "\xFF\xFF\x00\x00", 4);
    sim_write(0x5000, "\x00\x9A\xCF\x00", 4);
    CHECK(linear_read(&r, 0x00400FFC, desc, 8, ACC_IMPLICIT, &pf) == 0 &&
          !memcmp(desc, "\xFF\xFF\x00\x00\x00\x9A\xCF\x00", 8), "descriptor across pages");

    /* A write whose second page is not present: nothing written, no A or
     * D flag set, CR2 the first byte on the faulting page. */
    r = split_pages(0x00005002);
    sim_snapshot();
    CHECK(linear_write(&r, 0x00400FFC, pattern, 8, ACC_WRITE, &pf) == -1 &&
          pf.cr2 == 0x00401000 && pf.error == PFEC_W, "split write, second page absent: "
          "cr2 %08x error %#x", pf.cr2, pf.error);
    CHECK(sim_changes(c, 16) == 0, "the faulting split write changed memory");
    /* Read-only second page with WP=1: the same, as a protection fault. */
    r = split_pages(0x00005001);
    sim_snapshot();
    CHECK(linear_write(&r, 0x00400FFC, pattern, 8, ACC_WRITE, &pf) == -1 &&
          pf.cr2 == 0x00401000 && pf.error == (PFEC_P | PFEC_W), "split write, read-only page");
    CHECK(sim_changes(c, 16) == 0, "the faulting split write changed memory");
    /* Both pages fine: four bytes in each frame, D set in both PTEs. */
    r = split_pages(0x00005003);
    CHECK(linear_write(&r, 0x00400FFC, pattern, 8, ACC_WRITE, &pf) == 0 &&
          sim_get32(0x9FFC) == 0x04030201 && sim_get32(0x5000) == 0x08070605,
          "split write lands in both frames");
    CHECK(sim_get32(0x20000) == 0x9063 && sim_get32(0x20004) == 0x5063 &&
          sim_get32(0x10004) == 0x20023, "split write: A and D in both PTEs, A in the PDE");
    /* A fault on the first page names the access's own address. */
    r = split_pages(0x00005003);
    sim_put32(0x20000, 0);
    CHECK(linear_read(&r, 0x00400FFE, &dword, 4, ACC_READ | ACC_USER, &pf) == -1 &&
          pf.cr2 == 0x00400FFE && pf.error == PFEC_U, "first page absent: cr2 %08x", pf.cr2);
    /* Longer than one atomic piece: 3 pages. */
    {
        static u8 big[5000], back[5000];
        for (unsigned i = 0; i < sizeof(big); i++)
            big[i] = (u8)(i * 7);
        sim_put32(0x20008, 0x00003003);
        /* From 0x400F00: 0x100 bytes, a whole page, then 648 bytes. */
        CHECK(linear_write(&r, 0x00400F00, big, sizeof(big), ACC_WRITE, &pf) == -1 &&
              pf.cr2 == 0x00400F00, "5000 bytes from 0x400F00 start on the absent PTE 0");
        sim_put32(0x20000, 0x00009003);
        CHECK(linear_write(&r, 0x00400F00, big, sizeof(big), ACC_WRITE, &pf) == 0 &&
              linear_read(&r, 0x00400F00, back, sizeof(back), ACC_READ, &pf) == 0 &&
              !memcmp(big, back, sizeof(big)), "5000 bytes over three pages");
        sim_read(0x3000, back, 648);
        CHECK(!memcmp(back, big + 0x1100, 648), "the third page's bytes are in frame 0x3000");
    }
    /* Paging off: linear addresses wrap at 4 GiB. */
    r.cr0 = 0;
    sim_write(0xFFFFFFFEull, "\xAA\xBB", 2);
    sim_write(0, "\xCC\xDD", 2);
    CHECK(linear_read(&r, 0xFFFFFFFE, &dword, 4, ACC_READ, &pf) == 0 && dword == 0xDDCCBBAA,
          "wrap at 4 GiB: %08x", dword);
}

/* Memory above 4 GiB as the blob reaches it. */
static void high_memory(void)
{
    struct paging_regs r = regs(CR0_PG, 0x00030000, CR4_PAE, 0);
    struct page_fault pf;
    struct sim_change c[32];
    u8 buf[24], data[24];
    u32 dword;

    /* Every alignment and length through the qword leaves: reads equal
     * the memory; writes change exactly the bytes asked for. */
    for (unsigned off = 0; off < 8; off++) {
        for (unsigned n = 1; n <= 20; n++) {
            sim_reset(SIM_HIGH_VIA_LEAVES);
            for (unsigned i = 0; i < 32; i++)
                sim_write(HIGH + 0x100 + i, &(u8){ (u8)(0x40 + i) }, 1);
            for (unsigned i = 0; i < n; i++)
                data[i] = (u8)(0x40 + off + i);
            CHECK(high_read(HIGH + 0x100 + off, buf, n) == 0 && !memcmp(buf, data, n),
                  "high_read %u bytes at +%u", n, off);
            for (unsigned i = 0; i < n; i++)
                data[i] = (u8)~data[i];
            sim_snapshot();
            unsigned qwords = (off + n + 7) / 8;
            CHECK(high_write(HIGH + 0x100 + off, data, n) == 0 && sim_leaf_writes == qwords,
                  "high_write %u bytes at +%u: %u leaf writes", n, off, sim_leaf_writes);
            unsigned k = sim_changes(c, 32);
            CHECK(k == n && c[0].pa == HIGH + 0x100 + off && c[n - 1].pa == HIGH + 0x100 + off + n - 1,
                  "high_write %u bytes at +%u changed %u bytes", n, off, k);
        }
    }

    /* A PAE walk with its directory above 4 GiB, three ways. */
    for (int mode = SIM_HIGH_VIA_LEAVES; mode <= SIM_HIGH_NONE; mode++) {
        sim_reset(mode);
        sim_put64(0x30000, HIGH + 0x1001);          /* PDPTE 0: PD at 4 GiB + 0x1000 */
        sim_put64(HIGH + 0x1000, HIGH + 0x2003);    /* PDE 0: PT at 4 GiB + 0x2000 */
        sim_put64(HIGH + 0x2000, HIGH + 0x3003);    /* PTE 0: frame at 4 GiB + 0x3000 */
        sim_put32(HIGH + 0x3010, 0x600DF00D);
        int rc = linear_read(&r, 0x10, &dword, 4, ACC_READ, &pf);
        if (mode == SIM_HIGH_NONE) {
            /* Nothing reachable: the entry reads as all ones (reserved
             * bits set), so a #PF, never a guess. */
            CHECK(rc == -1 && pf.error == (PFEC_P | PFEC_RSVD), "no leaf: rc %d error %#x", rc,
                  pf.error);
            continue;
        }
        CHECK(rc == 0 && dword == 0x600DF00D, "read through tables above 4 GiB (mode %d)", mode);
        /* With Xen's read-only interface the A flags up there stay clear
         * (the assist cannot write above 4 GiB); with the write leaf they
         * are set like below. */
        int a_set = (sim_get64(HIGH + 0x1000) & 0x20) && (sim_get64(HIGH + 0x2000) & 0x20);
        CHECK(a_set == (mode == SIM_HIGH_VIA_LEAVES), "A flags above 4 GiB (mode %d)", mode);
        dword = 0xBAD;
        CHECK(linear_write(&r, 0x10, &dword, 4, ACC_WRITE, &pf) == 0 &&
              sim_get32(HIGH + 0x3010) == (mode == SIM_HIGH_VIA_LEAVES ? 0xBADu : 0x600DF00Du),
              "write to a frame above 4 GiB (mode %d)", mode);
    }
    /* A data frame nobody can reach reads as all ones. */
    sim_reset(SIM_HIGH_NONE);
    sim_put64(0x30000, 0x1001);
    sim_put64(0x1000, 0x2003);
    sim_put64(0x2000, HIGH + 0x3003);
    CHECK(linear_read(&r, 0x10, &dword, 4, ACC_READ, &pf) == 0 && dword == 0xFFFFFFFF,
          "unreachable frame reads %08x", dword);
    /* Setting A/D bits asks the leaves only for what is missing. */
    sim_reset(SIM_HIGH_VIA_LEAVES);
    sim_put64(HIGH + 0x10, 0x21);
    CHECK(high_set_bits(HIGH + 0x10, 0x20) == 0 && sim_leaf_writes == 0, "A already set");
    CHECK(high_set_bits(HIGH + 0x10, 0x40) == 0 && sim_leaf_writes == 1 &&
          sim_get64(HIGH + 0x10) == 0x61, "D set through one leaf write");
}

int main(void)
{
    paging_off();
    paging_32bit();
    paging_pse();
    paging_pae();
    paging_4level();
    linear_accesses();
    high_memory();
    return test_summary("paging_cases_test");
}
