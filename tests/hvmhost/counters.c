/* Run statistics.  Under `-icount shift=0,sleep=off` TSC deltas are
 * instruction counts, so the insns counters are exact and repeatable. */
#include "counters.h"
#include "vmcb.h"
#include "cpu.h"
#include "log.h"
#include "assist_stats.h"

struct counters counters;

static const struct {
    u32 code;
    const char *name;
} exit_names[] = {
    { VMEXIT_WRITE_CR0, "write_cr0" },
    { VMEXIT_INTR, "intr" },
    { VMEXIT_CR0_SEL_WRITE, "cr0_sel_write" },
    { VMEXIT_CPUID, "cpuid" },
    { VMEXIT_HLT, "hlt" },
    { VMEXIT_IOIO, "ioio" },
    { VMEXIT_SHUTDOWN, "shutdown" },
    { VMEXIT_NPF, "npf" },
    { VMEXIT_INVALID, "invalid" },
};
static u64 exit_counts[ARRAY_SIZE(exit_names) + 1];   /* last: other */

const char *exit_name(u32 code)
{
    for (u32 i = 0; i < ARRAY_SIZE(exit_names); i++)
        if (exit_names[i].code == code)
            return exit_names[i].name;
    return "other";
}

void counters_count_exit(u32 code)
{
    u32 i;
    for (i = 0; i < ARRAY_SIZE(exit_names); i++)
        if (exit_names[i].code == code)
            break;
    exit_counts[i]++;
}

static u64 stamp;

void counters_stamp(u64 tsc)
{
    stamp = tsc;
}

void counters_print(const char *p)
{
    u64 total = 0, exits = 0;

    if (counters.running)
        total = (stamp ? stamp : rdtsc()) - counters.tsc_first_vmrun;
    stamp = 0;
    if (!*p)
        log_printf("--- counters ---\n");
    log_printf("%sworld_switch_invoke %llu\n", p, counters.invoke);
    log_printf("%sworld_switch_restore %llu\n", p, counters.restore);
    log_printf("%sinvoke_from_assist %llu\n", p, counters.invoke_from_assist);
    log_printf("%scr0_writes %llu\n", p, counters.cr0_writes);
    log_printf("%spic_writes %llu\n", p, counters.pic_writes);
    log_printf("%spic_reprograms %llu\n", p, counters.pic_reprograms);
    log_printf("%shost_cr0_repairs %llu\n", p, counters.host_cr0_repairs);
    for (u32 i = 0; i <= ARRAY_SIZE(exit_names); i++) {
        log_printf("%svmexit_%s %llu\n", p,
                   i < ARRAY_SIZE(exit_names) ? exit_names[i].name : "other",
                   exit_counts[i]);
        exits += exit_counts[i];
    }
    log_printf("%svmexits %llu\n", p, exits);
    log_printf("%sguest_insns %llu\n", p, counters.guest_insns);
    log_printf("%shost_insns %llu\n", p, total - counters.guest_insns);
    log_printf("%stotal_insns %llu\n", p, total);
    assist_stats_print(p);
    if (!*p)
        log_printf("--- end counters ---\n");
}
