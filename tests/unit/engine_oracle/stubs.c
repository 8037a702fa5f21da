/*
 * What only exists inside the blob.  vm86/interrupt.c, pm_interrupt.c, task_switch.c and
 * pic.c are not linked (STI/HLT, LIDT for a triple fault, the PIC's ports):
 * the oracle calls emulate_one() on one instruction at a time, so the mode
 * machine's exit (world_restore), IRQ polling, HLT and port I/O are never
 * reached, and exception delivery is replaced by a recorder so that a #DE
 * can be checked as "vector 0 raised, nothing else changed" (delivery
 * itself is the system tests' business).
 */
#include <stdarg.h>
#include <stdlib.h>
#include <vmxassist/engine.h>
#include <vmxassist/log.h>
#include "oracle.h"

int engine_fault = -1;
static unsigned engine_log_lines;

static void unreachable(const char *what)
{
    printf("engine-oracle: the engine reached %s, which no tested instruction may\n", what);
    fflush(stdout);
    abort();
}

void deliver_exception(struct vcpu *v, const struct fault *f)
{
    (void)v;
    engine_fault = f->vector;
}

int deliver_real_interrupt(struct vcpu *v, unsigned vector, struct fault *f)
{
    (void)v; (void)vector; (void)f;
    unreachable("deliver_real_interrupt");
    return 0;
}

int deliver_pm_interrupt(struct vcpu *v, unsigned vector, int has_error, u32 error,
                         int software, struct fault *f)
{
    (void)v; (void)vector; (void)has_error; (void)error; (void)software; (void)f;
    unreachable("deliver_pm_interrupt");
    return 0;
}

int task_switch(struct vcpu *v, struct fault *f, u16 sel, unsigned how, u32 error)
{
    (void)v; (void)f; (void)sel; (void)how; (void)error;
    unreachable("task_switch");
    return 0;
}

void irq_poll(struct vcpu *v)
{
    (void)v;
    unreachable("irq_poll");
}

void guest_hlt(struct vcpu *v)
{
    (void)v;
    unreachable("guest_hlt");
}

/* Port I/O (and with it the PIC shadow) is never reached. */
int pic_port(u16 port)
{
    (void)port;
    unreachable("port I/O");
    return 0;
}

void pic_write(struct vcpu *v, u16 port, u8 value)
{
    (void)v; (void)port; (void)value;
    unreachable("port I/O");
}

void world_restore(struct vcpu *v)
{
    (void)v;
    unreachable("world_restore");
    abort();
}

/* The debug log (port 0xE9 in the blob): the engine's reports, such as
 * "instruction not emulated yet", go to standard output, a few at most. */
void log_printf_always(const char *fmt, ...)
{
    char line[256];
    va_list ap;

    if (++engine_log_lines > 30)
        return;
    va_start(ap, fmt);
    format_string(line, sizeof(line), fmt, ap);
    va_end(ap);
    fputs(line, stdout);
}

#ifdef __x86_64__
/* vm86/exec_arith.c's BCD_ASM in the 64-bit build: native_runs() keeps
 * every BCD case away from the engine there. */
void host_cannot_bcd(void)
{
    unreachable("DAA/DAS/AAA/AAS, which 64-bit mode lacks");
}
#endif
