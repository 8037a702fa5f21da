/* Thin wrappers around the x86 instructions the host needs.  Everything
 * here is a single instruction; no policy lives in this file. */
#ifndef HVMHOST_CPU_H
#define HVMHOST_CPU_H

/* Port I/O, CPUID, CR0/CR4 reads, RDMSR and RDTSC are shared with the assist. */
#include <vmxassist/io.h>

/* An access of 1, 2 or 4 bytes, as a trapped guest access had it. */
static inline void port_out(u16 port, unsigned size, u32 v)
{
    if (size == 1)
        outb(port, (u8)v);
    else if (size == 2)
        outw(port, (u16)v);
    else
        outl(port, v);
}

static inline u32 port_in(u16 port, unsigned size)
{
    return size == 1 ? inb(port) : size == 2 ? inw(port) : inl(port);
}

static inline void wrmsr(u32 msr, u64 v)
{
    __asm__ volatile("wrmsr" :: "c"(msr), "a"((u32)v), "d"((u32)(v >> 32)));
}

struct cpuid_regs { u32 eax, ebx, ecx, edx; };

static inline struct cpuid_regs cpuid_leaf(u32 leaf, u32 subleaf)
{
    struct cpuid_regs r;
    cpuid(leaf, subleaf, &r.eax, &r.ebx, &r.ecx, &r.edx);
    return r;
}

static inline void write_cr0(u32 v) { __asm__ volatile("mov %0,%%cr0" :: "r"(v) : "memory"); }
static inline void write_cr3(u32 v) { __asm__ volatile("mov %0,%%cr3" :: "r"(v) : "memory"); }

static inline __attribute__((noreturn)) void halt_forever(void)
{
    for (;;)
        __asm__ volatile("cli; hlt");
}

#define MSR_EFER        0xC0000080u
#define EFER_LME        (1u << 8)
#define EFER_LMA        (1u << 10)
#define EFER_SVME       (1u << 12)
#define MSR_VM_HSAVE_PA 0xC0010117u

#define CR0_PE  (1u << 0)
#define CR0_MP  (1u << 1)
#define CR0_TS  (1u << 3)
#define CR0_ET  (1u << 4)
#define CR0_NE  (1u << 5)
#define CR0_PG  (1u << 31)
#define CR4_PSE (1u << 4)
#define CR4_PAE (1u << 5)
#define CR4_LA57 (1u << 12)     /* 5-level paging (Linux on -cpu max) */

#define EFLAGS_IF  (1u << 9)
#define EFLAGS_RF  (1u << 16)
#define EFLAGS_VM  (1u << 17)

#endif
