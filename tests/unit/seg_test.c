/*
 * Protected-mode segment loads (seg/desc_load.c) against the SDM's rules:
 * every fault kind with its vector and error code, the accessed and busy
 * bits written back to the table, base/limit/attribute assembly, and the
 * conversions of the cache to the Xen context and SVM attribute formats.
 * The descriptor tables live in a simulated guest memory (paging off).
 */
#include <string.h>
#include <vmxassist/engine.h>
#include "test.h"

static u8 mem[0x20000];

int gmem_linear_read(struct vcpu *v, struct fault *f, u32 lin, void *buf, unsigned n,
                     unsigned acc)
{
    (void)v; (void)acc;
    if (lin + n > sizeof(mem)) {
        f->vector = X86_PF;
        return -1;
    }
    memcpy(buf, mem + lin, n);
    return 0;
}

int gmem_linear_write(struct vcpu *v, struct fault *f, u32 lin, const void *buf, unsigned n,
                      unsigned acc)
{
    (void)v; (void)acc;
    if (lin + n > sizeof(mem)) {
        f->vector = X86_PF;
        return -1;
    }
    memcpy(mem + lin, buf, n);
    return 0;
}

#define GDT 0x1000
#define LDT 0x2000

static u64 desc(u32 base, u32 limit, u32 access, u32 flags)
{
    u32 lo = (limit & 0xFFFF) | (base << 16);
    u32 hi = ((base >> 16) & 0xFF) | (access << 8) | (limit & 0xF0000) | (flags << 20) |
             (base & 0xFF000000);
    return ((u64)hi << 32) | lo;
}

static void put(u32 table, unsigned index, u64 d)
{
    memcpy(mem + table + index * 8, &d, 8);
}

static u32 hi_of(u32 table, unsigned index)
{
    u32 hi;
    memcpy(&hi, mem + table + index * 8 + 4, 4);
    return hi;
}

/* A vCPU in protected mode at CPL `cpl` with the test GDT. */
static void setup(struct vcpu *v, unsigned cpl)
{
    memset(v, 0, sizeof(*v));
    v->cr0 = CR0_PE | CR0_ET;
    v->gdtr_base = GDT;
    v->gdtr_limit = 16 * 8 - 1;
    v->seg[SEG_SS].ar = VMX_AR_P | VMX_AR_S | 0x3 | (cpl << VMX_AR_DPL_SHIFT);
    v->seg[SEG_LDTR].ar = VMX_AR_UNUSABLE;
}

/* Descriptor slots in the GDT. */
enum {
    D_NULL, D_CODE0, D_DATA0, D_DATA3, D_XONLY0, D_RO0, D_CONF_R3, D_NP0, D_LDTD,
    D_TSS, D_BUSY_TSS, D_CODE3, D_CONF_X0, D_CALLGATE, D_BIGDATA, D_NP_LDT,
};

static void build_tables(void)
{
    memset(mem, 0, sizeof(mem));
    put(GDT, D_CODE0, desc(0x10000, 0xFFFF, 0x9A, 0x0));
    put(GDT, D_DATA0, desc(0x12340, 0xFFFF, 0x92, 0x0));
    put(GDT, D_DATA3, desc(0, 0xFFFF, 0xF2, 0x0));
    put(GDT, D_XONLY0, desc(0, 0xFFFF, 0x98, 0x0));
    put(GDT, D_RO0, desc(0, 0xFFFF, 0x90, 0x0));
    put(GDT, D_CONF_R3, desc(0, 0xFFFF, 0xFE, 0x0));
    put(GDT, D_NP0, desc(0, 0xFFFF, 0x12, 0x0));
    put(GDT, D_LDTD, desc(LDT, 0xFF, 0x82, 0x0));
    put(GDT, D_TSS, desc(0x3000, 0x67, 0x89, 0x0));
    put(GDT, D_BUSY_TSS, desc(0x3000, 0x67, 0x8B, 0x0));
    put(GDT, D_CODE3, desc(0, 0xFFFF, 0xFA, 0x0));
    put(GDT, D_CONF_X0, desc(0, 0xFFFF, 0x9C, 0x0));
    put(GDT, D_CALLGATE, ((u64)0x8C00 << 32) | (8u << 16));
    put(GDT, D_BIGDATA, desc(0x00ABCDEF & 0xFF000000, 0xFFFFF, 0x92, 0xC));
    put(GDT, D_NP_LDT, desc(LDT, 0xFF, 0x02, 0x0));
    put(LDT, 1, desc(0x5000, 0x1FFF, 0x92, 0x4));
}

#define SEL(i, rpl) ((u16)((i) * 8 + (rpl)))

/* Expect a fault: vector and error code. */
#define EXPECT_FAULT(call, vec, err)                                                 \
    do {                                                                             \
        int r_ = (call);                                                             \
        CHECK(r_ == -1 && flt.vector == (vec) && flt.error == (u32)(err),            \
              "%s: got r=%d vector %u error %x, want %u/%x", #call, r_, flt.vector,   \
              flt.error, (vec), (u32)(err));                                         \
    } while (0)

int main(void)
{
    struct vcpu v;
    struct fault flt;

    build_tables();

    /* Data segment loads at CPL 0. */
    setup(&v, 0);
    CHECK(seg_load_pm(&v, &flt, SEG_DS, SEL(D_DATA0, 0)) == 0, "data load");
    CHECK(v.seg[SEG_DS].base == 0x12340 && v.seg[SEG_DS].limit == 0xFFFF &&
          v.seg[SEG_DS].sel == SEL(D_DATA0, 0), "DS base %x limit %x", v.seg[SEG_DS].base,
          v.seg[SEG_DS].limit);
    CHECK((v.seg[SEG_DS].ar & 0xFF) == 0x93, "DS ar %x (accessed set)", v.seg[SEG_DS].ar);
    CHECK(hi_of(GDT, D_DATA0) & (1u << 8), "accessed bit written to the GDT");
    CHECK(seg_load_pm(&v, &flt, SEG_ES, SEL(D_BIGDATA, 0)) == 0, "4 GiB data");
    CHECK(v.seg[SEG_ES].limit == 0xFFFFFFFF && (v.seg[SEG_ES].ar & (VMX_AR_G | VMX_AR_DB)) ==
          (VMX_AR_G | VMX_AR_DB), "G/B: limit %x ar %x", v.seg[SEG_ES].limit, v.seg[SEG_ES].ar);
    CHECK(seg_load_pm(&v, &flt, SEG_FS, SEL(D_CONF_R3, 3)) == 0, "readable conforming code, RPL 3");
    CHECK(seg_load_pm(&v, &flt, SEG_GS, SEL(D_CODE0, 0)) == 0, "readable code into GS");
    /* Null selectors: fine for data registers, the register is unusable. */
    CHECK(seg_load_pm(&v, &flt, SEG_DS, 3) == 0 && (v.seg[SEG_DS].ar & VMX_AR_UNUSABLE),
          "null into DS");
    EXPECT_FAULT(seg_load_pm(&v, &flt, SEG_SS, 0), X86_GP, 0);
    EXPECT_FAULT(seg_load_cs(&v, &flt, 0, NULL), X86_GP, 0);
    /* Beyond the GDT limit, and an LDT selector with no LDT. */
    EXPECT_FAULT(seg_load_pm(&v, &flt, SEG_DS, SEL(16, 0)), X86_GP, SEL(16, 0));
    EXPECT_FAULT(seg_load_pm(&v, &flt, SEG_DS, SEL(1, 4 | 3)), X86_GP, SEL(1, 4));
    /* Wrong types. */
    EXPECT_FAULT(seg_load_pm(&v, &flt, SEG_DS, SEL(D_XONLY0, 0)), X86_GP, SEL(D_XONLY0, 0));
    EXPECT_FAULT(seg_load_pm(&v, &flt, SEG_DS, SEL(D_TSS, 0)), X86_GP, SEL(D_TSS, 0));
    EXPECT_FAULT(seg_load_pm(&v, &flt, SEG_SS, SEL(D_RO0, 0)), X86_GP, SEL(D_RO0, 0));
    EXPECT_FAULT(seg_load_pm(&v, &flt, SEG_SS, SEL(D_CODE0, 0)), X86_GP, SEL(D_CODE0, 0));
    /* Privilege: SS needs RPL == DPL == CPL; data needs max(CPL, RPL) <= DPL. */
    EXPECT_FAULT(seg_load_pm(&v, &flt, SEG_SS, SEL(D_DATA0, 3)), X86_GP, SEL(D_DATA0, 0));
    EXPECT_FAULT(seg_load_pm(&v, &flt, SEG_SS, SEL(D_DATA3, 0)), X86_GP, SEL(D_DATA3, 0));
    EXPECT_FAULT(seg_load_pm(&v, &flt, SEG_DS, SEL(D_DATA0, 3)), X86_GP, SEL(D_DATA0, 0));
    CHECK(seg_load_pm(&v, &flt, SEG_DS, SEL(D_DATA3, 3)) == 0, "DPL 3 data with RPL 3");
    /* Not present: #NP, or #SS for the stack. */
    EXPECT_FAULT(seg_load_pm(&v, &flt, SEG_ES, SEL(D_NP0, 0)), X86_NP, SEL(D_NP0, 0));
    EXPECT_FAULT(seg_load_pm(&v, &flt, SEG_SS, SEL(D_NP0, 0)), X86_SS, SEL(D_NP0, 0));
    CHECK(seg_load_pm(&v, &flt, SEG_SS, SEL(D_DATA0, 0)) == 0, "stack load");

    /* At CPL 3. */
    setup(&v, 3);
    EXPECT_FAULT(seg_load_pm(&v, &flt, SEG_DS, SEL(D_DATA0, 3)), X86_GP, SEL(D_DATA0, 0));
    CHECK(seg_load_pm(&v, &flt, SEG_SS, SEL(D_DATA3, 3)) == 0, "CPL 3 stack");
    EXPECT_FAULT(seg_load_cs(&v, &flt, SEL(D_CODE0, 3), NULL), X86_GP, SEL(D_CODE0, 0));
    CHECK(seg_load_cs(&v, &flt, SEL(D_CONF_X0, 3), NULL) == 0, "conforming DPL 0 from CPL 3");
    CHECK(v.seg[SEG_CS].sel == SEL(D_CONF_X0, 3), "CS.RPL = CPL: %x", v.seg[SEG_CS].sel);

    /* Far transfers at CPL 0. */
    setup(&v, 0);
    CHECK(seg_load_cs(&v, &flt, SEL(D_CODE0, 0), NULL) == 0 && v.seg[SEG_CS].base == 0x10000,
          "code load");
    EXPECT_FAULT(seg_load_cs(&v, &flt, SEL(D_DATA0, 0), NULL), X86_GP, SEL(D_DATA0, 0));
    EXPECT_FAULT(seg_load_cs(&v, &flt, SEL(D_CODE3, 0), NULL), X86_GP, SEL(D_CODE3, 0));
    EXPECT_FAULT(seg_load_cs(&v, &flt, SEL(D_CODE0, 1), NULL), X86_GP, SEL(D_CODE0, 0));
    put(GDT, D_NP0, desc(0, 0xFFFF, 0x1A, 0x0));
    EXPECT_FAULT(seg_load_cs(&v, &flt, SEL(D_NP0, 0), NULL), X86_NP, SEL(D_NP0, 0));
    put(GDT, D_NP0, desc(0, 0xFFFF, 0x12, 0x0));
    EXPECT_FAULT(seg_load_cs(&v, &flt, SEL(D_CALLGATE, 0), NULL), X86_GP, SEL(D_CALLGATE, 0));
    {
        u32 sys[3] = { 0, 0, 0 };
        CHECK(seg_load_cs(&v, &flt, SEL(D_CALLGATE, 0), sys) == 1 && (sys[1] & 0x1F00) == 0x0C00,
              "a call gate is left to a caller that asks for it: %x", sys[1]);
    }

    /* LLDT, then a load through the LDT. */
    EXPECT_FAULT(seg_load_ldtr(&v, &flt, SEL(D_LDTD, 4)), X86_GP, SEL(D_LDTD, 4));
    EXPECT_FAULT(seg_load_ldtr(&v, &flt, SEL(D_DATA0, 0)), X86_GP, SEL(D_DATA0, 0));
    EXPECT_FAULT(seg_load_ldtr(&v, &flt, SEL(D_NP_LDT, 0)), X86_NP, SEL(D_NP_LDT, 0));
    CHECK(seg_load_ldtr(&v, &flt, SEL(D_LDTD, 0)) == 0 && v.seg[SEG_LDTR].base == LDT,
          "lldt");
    CHECK(seg_load_pm(&v, &flt, SEG_FS, SEL(1, 4)) == 0 && v.seg[SEG_FS].base == 0x5000 &&
          v.seg[SEG_FS].limit == 0x1FFF && (v.seg[SEG_FS].ar & VMX_AR_DB), "LDT data load");
    EXPECT_FAULT(seg_load_pm(&v, &flt, SEG_FS, SEL(40, 4)), X86_GP, SEL(40, 4));
    CHECK(seg_load_ldtr(&v, &flt, 0) == 0 && (v.seg[SEG_LDTR].ar & VMX_AR_UNUSABLE),
          "lldt null");

    /* LTR: available TSS only; it becomes busy in the GDT. */
    EXPECT_FAULT(seg_load_tr(&v, &flt, 0), X86_GP, 0);
    EXPECT_FAULT(seg_load_tr(&v, &flt, SEL(D_BUSY_TSS, 0)), X86_GP, SEL(D_BUSY_TSS, 0));
    EXPECT_FAULT(seg_load_tr(&v, &flt, SEL(D_LDTD, 0)), X86_GP, SEL(D_LDTD, 0));
    CHECK(seg_load_tr(&v, &flt, SEL(D_TSS, 0)) == 0, "ltr");
    CHECK(((hi_of(GDT, D_TSS) >> 8) & 0xF) == 0xB, "TSS busy in the GDT: type %x",
          (hi_of(GDT, D_TSS) >> 8) & 0xF);
    CHECK((v.seg[SEG_TR].ar & 0xF) == 0xB && v.seg[SEG_TR].base == 0x3000, "TR cache");

    /* LAR/LSL/VERR/VERW probes (SDM: ZF=1 only when the CPL may see it). */
    {
        u32 lo, hi;
        setup(&v, 0);
        CHECK(seg_probe(&v, &flt, OP_LAR, SEL(D_DATA0, 0), &lo, &hi) == 1, "lar data");
        CHECK(seg_probe(&v, &flt, OP_LAR, SEL(D_DATA0, 3), &lo, &hi) == 0, "lar RPL 3 > DPL 0");
        CHECK(seg_probe(&v, &flt, OP_LAR, SEL(D_CONF_X0, 3), &lo, &hi) == 1, "lar conforming");
        CHECK(seg_probe(&v, &flt, OP_LAR, SEL(D_CALLGATE, 0), &lo, &hi) == 1, "lar call gate");
        CHECK(seg_probe(&v, &flt, OP_LSL, SEL(D_CALLGATE, 0), &lo, &hi) == 0, "lsl call gate");
        CHECK(seg_probe(&v, &flt, OP_LSL, SEL(D_TSS, 0), &lo, &hi) == 1, "lsl TSS");
        CHECK(seg_probe(&v, &flt, OP_LAR, 0, &lo, &hi) == 0, "lar null");
        CHECK(seg_probe(&v, &flt, OP_LAR, SEL(16, 0), &lo, &hi) == 0, "lar beyond the GDT");
        CHECK(seg_probe(&v, &flt, OP_VERR, SEL(D_XONLY0, 0), &lo, &hi) == 0, "verr exec-only");
        CHECK(seg_probe(&v, &flt, OP_VERR, SEL(D_CODE0, 0), &lo, &hi) == 1, "verr readable code");
        CHECK(seg_probe(&v, &flt, OP_VERW, SEL(D_RO0, 0), &lo, &hi) == 0, "verw read-only");
        CHECK(seg_probe(&v, &flt, OP_VERW, SEL(D_DATA0, 0), &lo, &hi) == 1, "verw data");
        CHECK(seg_probe(&v, &flt, OP_VERW, SEL(D_CODE0, 0), &lo, &hi) == 0, "verw code");
        setup(&v, 3);
        CHECK(seg_probe(&v, &flt, OP_VERR, SEL(D_DATA0, 3), &lo, &hi) == 0, "verr DPL 0 at CPL 3");
        CHECK(seg_probe(&v, &flt, OP_VERR, SEL(D_DATA3, 3), &lo, &hi) == 1, "verr DPL 3 at CPL 3");
    }

    /* Real-mode loads change selector and base only. */
    struct seg_cache s = { 0x10, 0x12340, 0xFFFFFFFF, 0xC093 };
    seg_load_real(&s, 0x2000);
    CHECK(s.base == 0x20000 && s.limit == 0xFFFFFFFF && s.ar == 0xC093, "real-mode load");
    CHECK(!seg_vm86_representable(&s), "4 GiB limit is not VM86");
    s.limit = 0xFFFF;
    s.ar = 0x93;
    CHECK(seg_vm86_representable(&s), "base sel*16, 64 KiB, 16-bit is VM86");
    s.base = 0x12340;
    CHECK(!seg_vm86_representable(&s), "hidden base is not VM86");

    /* A real-mode load makes a cache nulled in protected mode usable: a
     * 64 KiB read/write data segment at sel * 16, VM86-representable. */
    struct seg_cache u = { 0, 0x4560, 0, VMX_AR_UNUSABLE };
    seg_load_real(&u, 0x1000);
    CHECK(u.sel == 0x1000 && u.base == 0x10000 && u.limit == 0xFFFF && u.ar == SEG_AR_REAL_DATA,
          "real-mode load of an unusable cache");
    CHECK(seg_vm86_representable(&u), "usable again is VM86");
    u.ar = VMX_AR_UNUSABLE;
    seg_load_real(&u, 0);
    CHECK(u.sel == 0 && u.base == 0 && u.limit == 0xFFFF && u.ar == SEG_AR_REAL_DATA,
          "real-mode load of 0 is no null selector");

    /* Cache <-> SVM attribute format: flags nibble moves from ar 12-15 to 8-11. */
    CHECK(seg_ar_to_svm(0xC09B) == 0xC9B, "to svm %x", seg_ar_to_svm(0xC09B));
    CHECK(seg_ar_from_svm(0xC9B) == 0xC09B, "from svm %x", seg_ar_from_svm(0xC9B));
    CHECK(seg_ar_to_svm(VMX_AR_UNUSABLE) == 0, "unusable -> attrib 0");
    CHECK(seg_ar_from_svm(0) == VMX_AR_UNUSABLE, "attrib 0 -> unusable");
    for (u32 a = 0; a < 0x1000; a++)
        if ((a & 0x80) && seg_ar_to_svm(seg_ar_from_svm(a)) != a)
            CHECK(0, "svm attrib %x does not round-trip", a);

    return test_summary("seg_test");
}
