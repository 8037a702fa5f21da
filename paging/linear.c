/*
 * Reads and writes at guest linear addresses.  An access is cut at page
 * boundaries and each piece translated on its own, so a descriptor, far
 * pointer or dword that straddles two pages with unrelated frames comes
 * out right.  Like the CPU, an access either happens whole or faults
 * without effect: every page is walked before any A/D flag is set or any
 * byte moves.
 */
#include "walk.h"

/* An access of at most PAGING_ATOMIC_MAX bytes touches at most two pages. */
#define MAX_PIECES 2

/* Open bus: what a read of memory nobody backs returns. */
static void fill_ones(u8 *p, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        p[i] = 0xFF;
}

static int access_atomic(const struct paging_regs *r, u32 linear, u8 *buf, unsigned n,
                         unsigned acc, struct page_fault *pf)
{
    struct walk w[MAX_PIECES];
    unsigned len[MAX_PIECES], pieces = 0, done = 0;

    while (done < n) {
        u32 at = linear + done;     /* wraps at 4 GiB like the CPU's */
        unsigned room = PAGE_SIZE - (at & (PAGE_SIZE - 1));
        len[pieces] = n - done < room ? n - done : room;
        if (paging_walk(r, at, acc, &w[pieces], pf))
            return -1;
        done += len[pieces++];
    }
    done = 0;
    for (unsigned i = 0; i < pieces; i++) {
        paging_commit(&w[i]);
        if (acc & ACC_WRITE)
            phys_write(w[i].phys, buf + done, len[i]);
        else if (phys_read(w[i].phys, buf + done, len[i]))
            fill_ones(buf + done, len[i]);
        done += len[i];
    }
    return 0;
}

static int access(const struct paging_regs *r, u32 linear, u8 *buf, unsigned n, unsigned acc,
                  struct page_fault *pf)
{
    while (n) {
        unsigned part = n < PAGING_ATOMIC_MAX ? n : PAGING_ATOMIC_MAX;
        if (access_atomic(r, linear, buf, part, acc, pf))
            return -1;
        linear += part;
        buf += part;
        n -= part;
    }
    return 0;
}

int linear_read(const struct paging_regs *r, u32 linear, void *buf, unsigned n, unsigned acc,
                struct page_fault *pf)
{
    return access(r, linear, buf, n, acc & ~ACC_WRITE, pf);
}

int linear_write(const struct paging_regs *r, u32 linear, const void *buf, unsigned n,
                 unsigned acc, struct page_fault *pf)
{
    /* The buffer is only read from on this path. */
    return access(r, linear, (u8 *)(size_t)buf, n, (acc | ACC_WRITE) & ~ACC_FETCH, pf);
}
