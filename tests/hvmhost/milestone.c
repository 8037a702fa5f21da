/* COM1 milestones (milestone.h).  Only OUT to the data port is watched;
 * the UART itself stays QEMU's (the byte is written on), so the guest sees
 * no difference but the exit.  A divisor-latch write (DLAB set) is a byte
 * like any other to the matcher: a baud divisor never completes a
 * printable milestone. */
#include "milestone.h"
#include "counters.h"
#include "host_fail.h"
#include "cpu.h"
#include "log.h"

#define MILESTONE_MAX 64

struct milestone {
    char text[MILESTONE_MAX];
    u32 len;
    u32 matched;        /* bytes of text matched so far */
    int done;
};

static struct milestone mark, stop;

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static int set(struct milestone *m, const char *hex, u32 len)
{
    if (len == 0 || len % 2 || len / 2 > MILESTONE_MAX)
        return 0;
    for (u32 i = 0; i < len; i += 2) {
        int hi = hex_digit(hex[i]), lo = hex_digit(hex[i + 1]);
        if (hi < 0 || lo < 0)
            return 0;
        m->text[i / 2] = (char)(hi << 4 | lo);
    }
    m->len = len / 2;
    return 1;
}

int milestone_set_mark(const char *hex, u32 len) { return set(&mark, hex, len); }
int milestone_set_stop(const char *hex, u32 len) { return set(&stop, hex, len); }

int milestone_watching(void)
{
    return mark.len || stop.len;
}

/* After a mismatch, fall back to the longest prefix of the text that is
 * still a suffix of what was written (texts are short: the naive way). */
static int step(struct milestone *m, char c)
{
    if (!m->len || m->done)
        return 0;
    for (;;) {
        if (m->text[m->matched] == c) {
            m->matched++;
            break;
        }
        if (!m->matched)
            return 0;
        u32 k = m->matched - 1;     /* try shorter prefixes ending in c */
        while (k) {
            u32 off = m->matched - k, i;
            for (i = 0; i < k && m->text[i] == m->text[off + i]; i++)
                ;
            if (i == k)
                break;
            k--;
        }
        m->matched = k;
    }
    if (m->matched < m->len)
        return 0;
    m->done = 1;
    return 1;
}

void milestone_com1_out(u8 byte)
{
    /* Taken first, so that a mark and a stop at the same byte count the
     * same instructions, whatever the other matcher did. */
    u64 now = rdtsc();

    port_out(COM1_DATA_PORT, 1, byte);
    if (step(&mark, (char)byte)) {
        counters_stamp(now);
        log_printf("hvmhost: milestone (mark) reached\n");
        counters_print("mark_");
    }
    if (step(&stop, (char)byte)) {
        counters_stamp(now);
        log_printf("hvmhost: milestone reached, run stopped\n");
        host_exit_with(0, 1);
    }
}
