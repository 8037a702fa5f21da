/*
 * Guest memory as the guest's CPU sees it: linear addresses translated
 * through the guest's own page tables (none, 32-bit, PSE/PSE-36, PAE,
 * 4-level), then guest-physical memory, which the assist reaches directly
 * below 4 GiB and through the hypervisor's private CPUID leaf above.
 *
 * The walker depends only on the registers below and on a physical-memory
 * backend (phys_read/phys_write), so host unit tests link it against a
 * simulated memory.
 */
#ifndef VMXASSIST_PAGING_H
#define VMXASSIST_PAGING_H

#include "types.h"

/* The guest's paging controls (its own values, never the assist's). */
struct paging_regs {
    u32 cr0;
    u32 cr3;        /* low 32 bits */
    u32 cr3_hi;     /* 4-level paging: CR3 bits 32-63 */
    u32 cr4;
    u64 efer;       /* NXE, LME, LMA */
    /* What the CPU can do, from CPUID (the caller fills them once):
     * MAXPHYADDR (CPUID 0x80000008 EAX[7:0]) bounds the physical-address
     * bits an entry may set; 0 means "unknown": 52 for PAE and 4-level
     * entries, 40 for PSE-36 (32-bit paging never uses more than 40). */
    u8 maxphyaddr;
    u8 gbpages;     /* CPUID 0x80000001 EDX[26]: 4-level 1-GiB pages */
};

/* The paging mode these registers select (SDM vol. 3, 4.1.1). */
enum paging_mode { PAGING_OFF, PAGING_32BIT, PAGING_PAE, PAGING_4LEVEL };
enum paging_mode paging_mode_of(const struct paging_regs *r);

/* Kinds of access, as they affect the walk and its error code. */
#define ACC_READ     0x0u
#define ACC_WRITE    0x1u  /* W/R bit of the error code */
#define ACC_USER     0x2u  /* CPL 3 access (U/S) */
#define ACC_FETCH    0x4u  /* instruction fetch (I/D with NX) */
#define ACC_IMPLICIT 0x8u  /* supervisor-mode implicit access: GDT/LDT/IDT/TSS */
#define ACC_AC       0x10u /* EFLAGS.AC=1: CR4.SMAP lets explicit supervisor
                              accesses reach user pages */

/* Page-fault error code bits. */
#define PFEC_P    0x01u
#define PFEC_W    0x02u
#define PFEC_U    0x04u
#define PFEC_RSVD 0x08u
#define PFEC_I    0x10u

/* A page fault: the vector is always 14; `error` is the error code and
 * `cr2` the faulting linear address. */
struct page_fault {
    u32 error;
    u32 cr2;
};

/* Translate one linear address; 0 on success with *phys set (and the A/D
 * bits set in the tables as the CPU would), -1 with *pf filled otherwise. */
int paging_translate(const struct paging_regs *r, u32 linear, unsigned acc, u64 *phys,
                     struct page_fault *pf);

/* Read/write `n` bytes at a linear address, split at page boundaries so a
 * value straddling two pages with unrelated frames is right.  Every page
 * is translated before any byte moves or any A/D bit is set, so a fault on
 * the second page leaves memory untouched (for n <= PAGING_ATOMIC_MAX; a
 * longer access is done in pieces of that size, each all-or-nothing).  A
 * frame the backend cannot reach reads as all ones and ignores writes,
 * like unbacked physical memory. */
#define PAGING_ATOMIC_MAX 4096u
int linear_read(const struct paging_regs *r, u32 linear, void *buf, unsigned n,
                unsigned acc, struct page_fault *pf);
int linear_write(const struct paging_regs *r, u32 linear, const void *buf, unsigned n,
                 unsigned acc, struct page_fault *pf);

/* The physical-memory backend: 0 on success, -1 where nothing can be read
 * or written (e.g. above 4 GiB without the hypervisor's leaf). */
int phys_read(u64 pa, void *buf, unsigned n);
int phys_write(u64 pa, const void *buf, unsigned n);
/* OR `bits` into the byte at `pa` as one locked operation where the
 * backend can (the CPU sets accessed/dirty flags with locked updates, so
 * another vCPU's change to the same entry is never lost). */
int phys_set_bits(u64 pa, u8 bits);

#endif
