/*
 * Page walks against the architecture model: for every paging mode and
 * every combination of CR0.WP, CR4.PSE/SMEP/SMAP, EFER.NXE, 1-GiB pages and
 * a few MAXPHYADDRs, random page tables are built in the simulated memory
 * from the SDM's entry formats (paging_model.c) - tables and frames
 * anywhere in the physical space, above 4 GiB included, large pages, entries
 * not present or with a reserved bit at any level, random R/W, U/S, XD,
 * A and D, and noise in every ignored bit - and one random access goes
 * through paging_translate().  The outcome (translation or #PF error code
 * and CR2) and every byte the walk changed in memory must be what the
 * model says: the A flags it lacked and D for a write, only on success.
 */
#include <stdlib.h>
#include <string.h>
#include <vmxassist/x86.h>
#include "paging_model.h"
#include "sim_phys.h"
#include "test.h"

#define WALKS_PER_CONFIG 400
#define MAX_FAILURES_SHOWN 10

static u64 rng = 0x243F6A8885A308D3ull;

static u64 rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static int chance(unsigned percent)
{
    return rnd() % 100 < percent;
}

struct planned_entry {
    u64 pa, entry;
    struct entry_format f;
};

struct scenario {
    struct model_cfg cfg;
    struct paging_regs regs;
    u32 linear;
    unsigned acc, levels;
    struct planned_entry lv[4];
};

/* Table pages in use, so that no two tables share a page. */
static u64 table_pages[8];
static unsigned ntables;

static u64 fresh_table(u64 limit)
{
    for (;;) {
        u64 pa = (rnd() % (limit >> 12)) << 12;
        unsigned i;
        for (i = 0; i < ntables && table_pages[i] != pa; i++)
            ;
        if (i == ntables) {
            table_pages[ntables++] = pa;
            return pa;
        }
    }
}

/* A random bit out of `mask` (non-zero). */
static u64 some_bit(u64 mask)
{
    for (;;) {
        u64 b = 1ull << (rnd() % 64);
        if (mask & b)
            return b;
    }
}

static void set_regs(struct scenario *s)
{
    const struct model_cfg *c = &s->cfg;
    struct paging_regs *r = &s->regs;

    memset(r, 0, sizeof(*r));
    r->cr0 = CR0_PG | CR0_PE | (c->wp ? CR0_WP : 0);
    r->cr4 = (c->mode != PAGING_32BIT ? CR4_PAE : 0) | (c->smep ? CR4_SMEP : 0) |
             (c->smap ? CR4_SMAP : 0);
    /* CR4.PSE means nothing to PAE and 4-level paging: noise there. */
    if (c->mode == PAGING_32BIT ? c->pse : chance(50))
        r->cr4 |= CR4_PSE;
    r->efer = (c->nxe ? EFER_NXE : 0) | (c->mode == PAGING_4LEVEL ? EFER_LME | EFER_LMA : 0);
    r->maxphyaddr = (u8)c->maxphyaddr;
    r->gbpages = (u8)c->gbpages;
}

/* CR3, with noise in the bits the mode ignores. */
static u64 first_table(struct scenario *s)
{
    const struct model_cfg *c = &s->cfg;
    u64 limit = c->mode == PAGING_4LEVEL ? 1ull << (c->maxphyaddr ? c->maxphyaddr : 52)
                                         : 1ull << 32;
    u64 table = fresh_table(limit), cr3;

    if (c->mode == PAGING_PAE) {
        table += (rnd() % 128) * 32;    /* a PDPT is 32-byte aligned */
        cr3 = table | (rnd() & 0x1F);
    } else {
        cr3 = table | (rnd() & 0xFFF);
    }
    s->regs.cr3 = (u32)cr3;
    s->regs.cr3_hi = (u32)(cr3 >> 32);
    return model_cr3_table(c, s->regs.cr3, s->regs.cr3_hi);
}

/* Build the tables for one linear address, level by level, in memory. */
static void build(struct scenario *s)
{
    const struct model_cfg *c = &s->cfg;
    u64 table;

    ntables = 0;
    set_regs(s);
    s->linear = (u32)rnd();
    table = first_table(s);
    s->levels = 0;
    for (unsigned i = 0; i < model_levels(c); i++) {
        struct entry_format f[2];
        unsigned nf = model_formats(c, i, f);
        struct planned_entry *p = &s->lv[s->levels++];
        u64 e, target;

        p->f = f[nf == 2 && chance(40) ? 1 : 0];
        p->pa = table + (u64)model_index(c, i, s->linear) * p->f.size;
        if (p->f.page_shift)
            target = (rnd() % (model_address_limit(c, &p->f) >> p->f.page_shift))
                     << p->f.page_shift;
        else
            target = fresh_table(model_address_limit(c, &p->f));
        e = p->f.must_be_set | model_encode(&p->f, target) | (rnd() & p->f.dont_care);
        if (p->f.has_rights) {
            e |= chance(85) ? 0x2 : 0;                              /* R/W */
            e |= chance(85) ? 0x4 : 0;                              /* U/S */
            e |= c->nxe && p->f.size == 8 && chance(15) ? 1ull << 63 : 0;  /* XD */
        }
        if (p->f.has_accessed && chance(50))
            e |= 0x20;
        if (p->f.page_shift && chance(50))
            e |= 0x40;
        if (chance(5))
            e = rnd() & ~1ull;          /* not present: the rest means nothing */
        else if (p->f.reserved && chance(7))
            e |= some_bit(p->f.reserved);
        p->entry = e;
        if (p->f.size == 4)
            sim_put32(p->pa, (u32)e);
        else
            sim_put64(p->pa, e);
        if (!(e & 1) || (e & p->f.reserved) || p->f.page_shift)
            break;
        table = target;
    }
}

struct outcome {
    int ret;
    u64 phys;
    struct page_fault pf;
    unsigned nchanges;
    struct sim_change changes[8];
};

static int by_pa(const void *a, const void *b)
{
    u64 x = ((const struct sim_change *)a)->pa, y = ((const struct sim_change *)b)->pa;
    return x < y ? -1 : x > y;
}

/* What the model says the walk must do. */
static void expect(const struct scenario *s, struct outcome *o)
{
    const struct model_cfg *c = &s->cfg;
    u32 err = model_error_bits(c, s->acc);
    int w = 1, u = 1, xd = 0, write = (s->acc & ACC_WRITE) && !(s->acc & ACC_FETCH);

    memset(o, 0, sizeof(*o));
    o->ret = -1;
    o->pf.cr2 = s->linear;
    for (unsigned i = 0; i < s->levels; i++) {
        const struct planned_entry *p = &s->lv[i];
        if (!(p->entry & 1)) {
            o->pf.error = err;
            return;
        }
        if (p->entry & p->f.reserved) {
            o->pf.error = err | PFEC_P | PFEC_RSVD;
            return;
        }
        if (p->f.has_rights) {
            w &= (p->entry >> 1) & 1;
            u &= (p->entry >> 2) & 1;
            xd |= (int)(p->entry >> 63);
        }
        if (p->f.page_shift)
            o->phys = model_decode(&p->f, p->entry) +
                      (s->linear & ((1ull << p->f.page_shift) - 1));
    }
    if (!model_access_allowed(c, s->acc, w, u, xd)) {
        o->pf.error = err | PFEC_P;
        return;
    }
    o->ret = 0;
    o->pf.error = 0;
    o->pf.cr2 = 0;
    for (unsigned i = 0; i < s->levels; i++) {
        const struct planned_entry *p = &s->lv[i];
        u8 before = (u8)p->entry, after = before;
        if (p->f.has_accessed)
            after |= 0x20;
        if (p->f.page_shift && write)
            after |= 0x40;
        if (after != before)
            o->changes[o->nchanges++] = (struct sim_change){ p->pa, before, after };
    }
    qsort(o->changes, o->nchanges, sizeof(o->changes[0]), by_pa);
}

static void show(const struct scenario *s, const struct outcome *want, const struct outcome *got)
{
    printf("  mode %d pse %d wp %d nxe %d smep %d smap %d 1g %d M %u; cr3 %08x:%08x linear %08x acc %#x\n",
           s->cfg.mode, s->cfg.pse, s->cfg.wp, s->cfg.nxe, s->cfg.smep, s->cfg.smap,
           s->cfg.gbpages, s->cfg.maxphyaddr, s->regs.cr3_hi, s->regs.cr3, s->linear, s->acc);
    for (unsigned i = 0; i < s->levels; i++)
        printf("  %-20s at %#014llx: %016llx\n", s->lv[i].f.name,
               (unsigned long long)s->lv[i].pa, (unsigned long long)s->lv[i].entry);
    printf("  want ret %d phys %#llx error %#x cr2 %08x, %u changes; got ret %d phys %#llx error %#x cr2 %08x, %u changes\n",
           want->ret, (unsigned long long)want->phys, want->pf.error, want->pf.cr2, want->nchanges,
           got->ret, (unsigned long long)got->phys, got->pf.error, got->pf.cr2, got->nchanges);
}

static int same(const struct outcome *a, const struct outcome *b)
{
    if (a->ret != b->ret || a->nchanges != b->nchanges)
        return 0;
    if (a->ret == 0 && a->phys != b->phys)
        return 0;
    if (a->ret != 0 && (a->pf.error != b->pf.error || a->pf.cr2 != b->pf.cr2))
        return 0;
    for (unsigned i = 0; i < a->nchanges; i++)
        if (a->changes[i].pa != b->changes[i].pa || a->changes[i].after != b->changes[i].after)
            return 0;
    return 1;
}

static const unsigned acc_kinds[] = { ACC_READ, ACC_WRITE, ACC_FETCH };

static unsigned random_access(void)
{
    unsigned acc = acc_kinds[rnd() % 3];
    if (chance(30))
        acc |= ACC_USER;
    if (chance(15))
        acc |= ACC_IMPLICIT;
    if (chance(30))
        acc |= ACC_AC;
    return acc;
}

/* Counts per outcome, so that the run shows it covered each kind; the
 * faults also per mode and level. */
static unsigned n_ok, n_notpresent, n_reserved, n_protection, n_high, n_large;
static unsigned np_at[PAGING_4LEVEL + 1][4], rsvd_at[PAGING_4LEVEL + 1][4];

static void run_config(const struct model_cfg *c, enum sim_high high)
{
    static unsigned failures;

    for (unsigned k = 0; k < WALKS_PER_CONFIG; k++) {
        struct scenario s = { .cfg = *c };
        struct outcome want, got;

        sim_reset(high);
        build(&s);
        s.acc = random_access();
        expect(&s, &want);
        sim_snapshot();
        memset(&got, 0, sizeof(got));
        got.ret = paging_translate(&s.regs, s.linear, s.acc, &got.phys, &got.pf);
        got.nchanges = sim_changes(got.changes, 8);
        CHECK(same(&want, &got), "walk differs from the model");
        if (!same(&want, &got) && failures++ < MAX_FAILURES_SHOWN)
            show(&s, &want, &got);
        if (want.ret == 0)
            n_ok++;
        else if (!(want.pf.error & PFEC_P))
            n_notpresent++, np_at[c->mode][s.levels - 1]++;
        else if (want.pf.error & PFEC_RSVD)
            n_reserved++, rsvd_at[c->mode][s.levels - 1]++;
        else
            n_protection++;
        for (unsigned i = 0; i < s.levels; i++)
            if (s.lv[i].pa >> 32)
                n_high++;
        n_large += s.lv[s.levels - 1].f.page_shift > 12;
    }
}

int main(void)
{
    static const unsigned m32[] = { 0, 32, 36, 40 }, m64[] = { 0, 36, 40, 46, 52 };
    unsigned configs = 0;

    /* EFER.NXE means nothing to 32-bit paging (no XD, no I/D bit). */
    for (unsigned bitsel = 0; bitsel < 32; bitsel++) {
        struct model_cfg c = { .mode = PAGING_32BIT, .wp = bitsel & 1, .smep = (bitsel >> 1) & 1,
                               .smap = (bitsel >> 2) & 1, .pse = (bitsel >> 3) & 1,
                               .nxe = (bitsel >> 4) & 1 };
        for (unsigned m = 0; m < ARRAY_SIZE(m32); m++, configs++) {
            c.maxphyaddr = m32[m];
            run_config(&c, SIM_HIGH_DIRECT);
        }
    }
    for (unsigned bitsel = 0; bitsel < 32; bitsel++) {
        for (int mode = PAGING_PAE; mode <= PAGING_4LEVEL; mode++) {
            struct model_cfg c = { .mode = mode, .wp = bitsel & 1, .smep = (bitsel >> 1) & 1,
                                   .smap = (bitsel >> 2) & 1, .nxe = (bitsel >> 3) & 1,
                                   .gbpages = (bitsel >> 4) & 1 };
            if (mode == PAGING_PAE && c.gbpages)
                continue;       /* means nothing to PAE paging */
            for (unsigned m = 0; m < ARRAY_SIZE(m64); m++, configs++) {
                c.maxphyaddr = m64[m];
                /* Half the configurations reach memory above 4 GiB the
                 * blob's way: through the hypervisor's leaves. */
                run_config(&c, (m & 1) ? SIM_HIGH_VIA_LEAVES : SIM_HIGH_DIRECT);
            }
        }
    }
    printf("%u configurations x %u walks: %u translated, %u not present, %u reserved bit, "
           "%u protection; %u entries above 4 GiB, %u large pages\n",
           configs, WALKS_PER_CONFIG, n_ok, n_notpresent, n_reserved, n_protection, n_high,
           n_large);
    CHECK(n_ok && n_notpresent && n_reserved && n_protection && n_high && n_large,
          "every kind of outcome was generated");
    /* Not present at every level of every mode; a reserved bit at every
     * level that has reserved bits (32-bit paging: only the 4-MiB PDE). */
    for (int mode = PAGING_32BIT; mode <= PAGING_4LEVEL; mode++) {
        struct model_cfg c = { .mode = mode };
        printf("mode %d, per level: not present", mode);
        for (unsigned l = 0; l < model_levels(&c); l++)
            printf(" %u", np_at[mode][l]);
        printf("; reserved bit");
        for (unsigned l = 0; l < model_levels(&c); l++)
            printf(" %u", rsvd_at[mode][l]);
        printf("\n");
        for (unsigned l = 0; l < model_levels(&c); l++) {
            CHECK(np_at[mode][l] > 0, "mode %d level %u: no not-present case", mode, l);
            CHECK(rsvd_at[mode][l] > 0 || (mode == PAGING_32BIT && l == 1),
                  "mode %d level %u: no reserved-bit case", mode, l);
        }
    }
    return test_summary("paging_walk_test");
}
