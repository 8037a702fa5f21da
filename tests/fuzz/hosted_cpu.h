/*
 * hosted_cpu.c: the privileged instructions of a user-mode engine build.
 */
#ifndef HOSTED_CPU_H
#define HOSTED_CPU_H

#include <setjmp.h>
#include <vmxassist/vcpu.h>

/* Why a run ended early (siglongjmp to hosted.stop). */
enum { HOSTED_RUNNING, HOSTED_HALT, HOSTED_SHUTDOWN, HOSTED_BUDGET, HOSTED_RESTORE };

struct hosted_cpu {
    sigjmp_buf stop;
    int active;                 /* a run is on: the signals are ours */
    struct vcpu *v;             /* whose fixup_vector a fixed-up fault sets */
    unsigned windows;           /* STI interrupt windows opened this run */
    unsigned window_budget;     /* ... and how many end it */
};

extern struct hosted_cpu hosted;

void hosted_cpu_install(void);

#endif
