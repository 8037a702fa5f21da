/* Run statistics.  Under `-icount shift=0,sleep=off` TSC deltas are
 * instruction counts, so the insns counters are exact and repeatable. */
#include "counters.h"
#include "vmcb.h"
#include "cpu.h"
#include "log.h"

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

void counters_print(void)
{
    u64 total = 0, exits = 0;

    if (counters.running)
        total = rdtsc() - counters.tsc_first_vmrun;
    log_printf("--- counters ---\n");
    log_printf("world_switch_invoke %llu\n", counters.invoke);
    log_printf("world_switch_restore %llu\n", counters.restore);
    log_printf("invoke_from_assist %llu\n", counters.invoke_from_assist);
    log_printf("cr0_writes %llu\n", counters.cr0_writes);
    log_printf("pic_writes %llu\n", counters.pic_writes);
    log_printf("pic_reprograms %llu\n", counters.pic_reprograms);
    log_printf("host_cr0_repairs %llu\n", counters.host_cr0_repairs);
    for (u32 i = 0; i <= ARRAY_SIZE(exit_names); i++) {
        log_printf("vmexit_%s %llu\n",
                   i < ARRAY_SIZE(exit_names) ? exit_names[i].name : "other",
                   exit_counts[i]);
        exits += exit_counts[i];
    }
    log_printf("vmexits %llu\n", exits);
    log_printf("guest_insns %llu\n", counters.guest_insns);
    log_printf("host_insns %llu\n", total - counters.guest_insns);
    log_printf("total_insns %llu\n", total);
    log_printf("--- end counters ---\n");
}
