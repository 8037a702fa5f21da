/*
 * The Xen 3.x real-mode assist interface, as seen by both sides: the assist
 * blob (vmxassist.bin) and the hypervisor (Xen, or tests/hvmhost).
 * Facts: ../shared/docs/xen-abi.md.  Everything here is little-endian.
 */
#ifndef VMXASSIST_ABI_H
#define VMXASSIST_ABI_H

#include "types.h"

/* hvmloader copies the blob here and jumps to it in flat 32-bit PM. */
#define VMXASSIST_BASE          0x000D0000u
/* Blob header: +0 jmp to entry, +8 magic, +12 new-context pointer,
 * +16 old-context pointer (all guest-physical, 32-bit LE). */
#define VMXASSIST_MAGIC         0x17101966u
#define VMXASSIST_MAGIC_OFFSET  8
#define VMXASSIST_NEW_CONTEXT   (VMXASSIST_BASE + 12)
#define VMXASSIST_OLD_CONTEXT   (VMXASSIST_BASE + 16)
/* The blob must stay below the 128 KiB BIOS window at 0xE0000. */
#define VMXASSIST_MAX_SIZE      0x10000u

/* Does [addr, addr + n) touch the assist's 64 KiB?  Guest writes the
 * assist emulates are dropped there: with paging off the assist reaches
 * physical memory directly, and at these addresses it reaches itself (its
 * code, its stack, its state), which guest code - hostile or just running
 * wild - must not be able to rewrite through the emulator. */
static inline int in_assist_window(u32 addr, unsigned n)
{
    return addr < VMXASSIST_BASE + VMXASSIST_MAX_SIZE && addr + n > VMXASSIST_BASE;
}

/* Where CPU 0 starts real mode: the BIOS reset vector. */
#define VMXASSIST_RESET_CS      0xF000u
#define VMXASSIST_RESET_IP      0xFFF0u

/* One segment register in the context record.  `arbytes` uses the VMX
 * access-rights layout (see VMX_AR_* below); limits are byte-granular. */
struct vmx_assist_segment {
    u32 sel;
    u32 limit;
    u32 base;
    u32 arbytes;
};

/* struct vmx_assist_context: 172 bytes, offsets fixed by the ABI. */
struct vmx_assist_context {
    u32 eip;                        /*   0 */
    u32 esp;                        /*   4 */
    u32 eflags;                     /*   8 */
    u32 cr0;                        /*  12 */
    u32 cr3;                        /*  16 */
    u32 cr4;                        /*  20 */
    u32 idtr_limit;                 /*  24 */
    u32 idtr_base;                  /*  28 */
    u32 gdtr_limit;                 /*  32 */
    u32 gdtr_base;                  /*  36 */
    struct vmx_assist_segment cs;   /*  40 */
    struct vmx_assist_segment ds;   /*  56 */
    struct vmx_assist_segment es;   /*  72 */
    struct vmx_assist_segment ss;   /*  88 */
    struct vmx_assist_segment fs;   /* 104 */
    struct vmx_assist_segment gs;   /* 120 */
    struct vmx_assist_segment tr;   /* 136 */
    struct vmx_assist_segment ldtr; /* 152 */
    u8 rm_irqbase[2];               /* 168: real-mode PIC bases (ICW2) */
    u8 pad[2];                      /* 170 */
};

#define VMX_ASSIST_CONTEXT_SIZE 172

/* VMX access-rights layout used by `arbytes`. */
#define VMX_AR_TYPE_MASK    0x0000000Fu
#define VMX_AR_S            0x00000010u /* code/data (not system) */
#define VMX_AR_DPL_SHIFT    5
#define VMX_AR_DPL_MASK     0x00000060u
#define VMX_AR_P            0x00000080u
#define VMX_AR_AVL          0x00001000u
#define VMX_AR_L            0x00002000u
#define VMX_AR_DB           0x00004000u
#define VMX_AR_G            0x00008000u
#define VMX_AR_UNUSABLE     0x00010000u

/* Hypervisor CPUID leaves: 0x40000000 returns the highest hypervisor leaf in
 * EAX; the private "read guest-physical qword" leaf is that value + 1.
 * In: ECX = low 32 bits, EDX = high 32 bits of an 8-byte-aligned GPA.
 * Out: EDX:ECX = the qword stored there. */
#define HV_CPUID_BASE           0x40000000u

/* hvmhost's extension, not part of Xen's interface: when leaf 0x40000001
 * returns ECX bit 0 set (Xen 3.x returns ECX = 0 there), the leaf after the
 * read leaf (highest + 2) writes guest-physical memory, only the bytes the
 * caller names: in ECX/EDX an 8-byte-aligned GPA as for the read leaf, EBX
 * the low and ESI the high dword of a qword, EDI a byte mask (bit i: store
 * byte i of EBX:ESI at GPA + i).  Out: EAX = 1 if stored, 0 if refused (not
 * in the assist world, misaligned, not guest memory).  The assist uses it
 * for accessed/dirty flags and writes above 4 GiB. */
#define HV_CPUID_FEATURES_LEAF  (HV_CPUID_BASE + 1)
#define HV_FEATURE_WRITE_QWORD  0x00000001u /* in ECX */

/* The PIC bases the assist's own world uses: its IRQ vectors follow the 32
 * exception vectors. */
#define VMXASSIST_PIC_BASE_MASTER 0x20u
#define VMXASSIST_PIC_BASE_SLAVE  0x28u

#endif
