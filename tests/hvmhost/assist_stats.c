/* The assist's counters (assist_stats.h).  The layout is the blob's
 * struct vcpu_stats (include/vmxassist/vcpu.h): seven u32, in the order
 * printed here (that header defines a struct vcpu of its own, so it is
 * not included). */
#include "assist_stats.h"
#include "guest_memory.h"
#include "log.h"

static u32 stats_gpa;

void assist_stats_at(u32 gpa)
{
    stats_gpa = gpa;
}

void assist_stats_print(const char *p)
{
    u32 s[6];

    if (!stats_gpa)
        return;
    if (!assist_view_read(stats_gpa, &s, sizeof(s))) {
        log_printf("hvmhost: stats=%x is not inside the assist\n", stats_gpa);
        return;
    }
    log_printf("%sassist_vm86_traps %u\n", p, s[0]);
    log_printf("%sassist_emulated %u\n", p, s[1] + s[5]);     /* stepped too */
    log_printf("%sassist_irqs_reflected %u\n", p, s[2]);
    log_printf("%sassist_invokes %u\n", p, s[3]);
    log_printf("%sassist_restores %u\n", p, s[4]);
    log_printf("%sassist_stepped %u\n", p, s[5]);
}
