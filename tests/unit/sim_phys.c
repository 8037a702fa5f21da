/* The simulated guest-physical memory (sim_phys.h). */
#include <stdlib.h>
#include <string.h>
#include <vmxassist/paging.h>
#include "../../paging/hv_leaf.h"
#include "sim_phys.h"

#define PAGE 4096u
#define MAX_PAGES 1024u
#define FOUR_GIB 0x100000000ull

struct page {
    u64 frame;
    u8 data[PAGE];
};

static struct page pages[MAX_PAGES], saved[MAX_PAGES];
static unsigned npages, nsaved;
static enum sim_high high_mode;
unsigned sim_leaf_reads, sim_leaf_writes;

void sim_reset(enum sim_high high)
{
    npages = nsaved = 0;
    high_mode = high;
    sim_leaf_reads = sim_leaf_writes = 0;
}

static u8 *page_of(u64 pa, int create)
{
    u64 frame = pa / PAGE;
    for (unsigned i = 0; i < npages; i++)
        if (pages[i].frame == frame)
            return pages[i].data;
    if (!create)
        return NULL;
    if (npages == MAX_PAGES)
        abort();
    pages[npages].frame = frame;
    memset(pages[npages].data, 0, PAGE);
    return pages[npages++].data;
}

void sim_write(u64 pa, const void *buf, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        page_of(pa + i, 1)[(pa + i) % PAGE] = ((const u8 *)buf)[i];
}

void sim_read(u64 pa, void *buf, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        const u8 *p = page_of(pa + i, 0);
        ((u8 *)buf)[i] = p ? p[(pa + i) % PAGE] : 0;
    }
}

void sim_put32(u64 pa, u32 v) { sim_write(pa, &v, 4); }
void sim_put64(u64 pa, u64 v) { sim_write(pa, &v, 8); }
u32 sim_get32(u64 pa) { u32 v; sim_read(pa, &v, 4); return v; }
u64 sim_get64(u64 pa) { u64 v; sim_read(pa, &v, 8); return v; }

/* The hypervisor's leaves, as hv_leaf.h describes them. */
int hv_read_qword(u64 gpa, u64 *value)
{
    if (high_mode == SIM_HIGH_NONE || (gpa & 7))
        abort();    /* phys_high.c must neither call a missing leaf nor misalign */
    sim_leaf_reads++;
    sim_read(gpa, value, 8);
    return 0;
}

int hv_write_qword(u64 gpa, u64 value, u8 byte_mask)
{
    if (high_mode != SIM_HIGH_VIA_LEAVES)
        return -1;
    if (gpa & 7)
        abort();
    sim_leaf_writes++;
    for (unsigned i = 0; i < 8; i++)
        if (byte_mask & (1u << i))
            sim_write(gpa + i, (u8 *)&value + i, 1);
    return 0;
}

/* The walker's backend. */
int phys_read(u64 pa, void *buf, unsigned n)
{
    if (pa + n > FOUR_GIB && high_mode != SIM_HIGH_DIRECT) {
        if (high_mode == SIM_HIGH_NONE)
            return -1;
        return high_read(pa, buf, n);
    }
    sim_read(pa, buf, n);
    return 0;
}

int phys_write(u64 pa, const void *buf, unsigned n)
{
    if (pa + n > FOUR_GIB && high_mode != SIM_HIGH_DIRECT) {
        if (high_mode != SIM_HIGH_VIA_LEAVES)
            return -1;
        return high_write(pa, buf, n);
    }
    sim_write(pa, buf, n);
    return 0;
}

int phys_set_bits(u64 pa, u8 bits)
{
    if (pa >= FOUR_GIB && high_mode != SIM_HIGH_DIRECT) {
        if (high_mode != SIM_HIGH_VIA_LEAVES)
            return -1;
        return high_set_bits(pa, bits);
    }
    u8 b;
    sim_read(pa, &b, 1);
    b |= bits;
    sim_write(pa, &b, 1);
    return 0;
}

void sim_snapshot(void)
{
    memcpy(saved, pages, npages * sizeof(pages[0]));
    nsaved = npages;
}

static const u8 *saved_page(u64 frame)
{
    for (unsigned i = 0; i < nsaved; i++)
        if (saved[i].frame == frame)
            return saved[i].data;
    return NULL;
}

static int by_address(const void *a, const void *b)
{
    u64 x = ((const struct sim_change *)a)->pa, y = ((const struct sim_change *)b)->pa;
    return x < y ? -1 : x > y;
}

unsigned sim_changes(struct sim_change *out, unsigned max)
{
    static const u8 zero[PAGE];
    unsigned n = 0;

    /* Pages only grow in number and keep their slots, so every saved
     * page is still in pages[]. */
    for (unsigned i = 0; i < npages; i++) {
        const u8 *old = saved_page(pages[i].frame);
        if (!old)
            old = zero;
        if (!memcmp(old, pages[i].data, PAGE))
            continue;
        for (unsigned k = 0; k < PAGE; k++) {
            if (old[k] == pages[i].data[k])
                continue;
            if (n < max)
                out[n] = (struct sim_change){ pages[i].frame * PAGE + k, old[k], pages[i].data[k] };
            n++;
        }
    }
    qsort(out, n < max ? n : max, sizeof(*out), by_address);
    return n;
}
