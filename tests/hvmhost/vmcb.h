/* The AMD SVM Virtual Machine Control Block: field offsets (AMD APM vol. 2,
 * appendix B) and accessors.  Offsets rather than a C struct keep the
 * layout auditable against the manual line by line. */
#ifndef HVMHOST_VMCB_H
#define HVMHOST_VMCB_H

#include <vmxassist/types.h>

/* Control area. */
#define VMCB_CR_INTERCEPTS      0x000   /* bits 0-15 read CRn, 16-31 write CRn */
#define VMCB_EXC_INTERCEPTS     0x008
#define VMCB_INTERCEPTS1        0x00C
#define VMCB_INTERCEPTS2        0x010
#define VMCB_IOPM_BASE          0x040
#define VMCB_MSRPM_BASE         0x048
#define VMCB_TSC_OFFSET         0x050
#define VMCB_ASID               0x058
#define VMCB_TLB_CONTROL        0x05C
#define VMCB_VINTR              0x060
#define VMCB_INT_STATE          0x068   /* bit 0: interrupt shadow */
#define VMCB_EXITCODE           0x070
#define VMCB_EXITINFO1          0x078
#define VMCB_EXITINFO2          0x080
#define VMCB_EXITINTINFO        0x088
#define VMCB_NP_ENABLE          0x090
#define VMCB_EVENTINJ           0x0A8
#define VMCB_NCR3               0x0B0
#define VMCB_NRIP               0x0C8   /* next RIP (NRIPS), 0 if not saved */

#define INTERCEPT_WRITE_CR0     (1u << 16)
/* VMCB_INTERCEPTS1 bits. */
#define INTERCEPT_INTR          (1u << 0)
#define INTERCEPT_CPUID         (1u << 18)
#define INTERCEPT_HLT           (1u << 24)
#define INTERCEPT_IOIO          (1u << 27)
#define INTERCEPT_SHUTDOWN      (1u << 31)
/* VMCB_INTERCEPTS2 bits. */
#define INTERCEPT_VMRUN         (1u << 0)

#define TLB_FLUSH_ALL           1u

/* Save area: segment registers are 16-byte records. */
#define VMCB_SEG_BASE           0x400
enum vmcb_seg { SEG_ES, SEG_CS, SEG_SS, SEG_DS, SEG_FS, SEG_GS,
                SEG_GDTR, SEG_LDTR, SEG_IDTR, SEG_TR, SEG_COUNT };
#define VMCB_CPL                0x4CB
#define VMCB_EFER               0x4D0
#define VMCB_CR4                0x548
#define VMCB_CR3                0x550
#define VMCB_CR0                0x558
#define VMCB_DR7                0x560
#define VMCB_DR6                0x568
#define VMCB_RFLAGS             0x570
#define VMCB_RIP                0x578
#define VMCB_RSP                0x5D8
#define VMCB_RAX                0x5F8
#define VMCB_CR2                0x640
#define VMCB_G_PAT              0x668

/* Exit codes. */
#define VMEXIT_WRITE_CR0        0x010
#define VMEXIT_INTR             0x060
#define VMEXIT_CR0_SEL_WRITE    0x065
#define VMEXIT_CPUID            0x072
#define VMEXIT_HLT              0x078
#define VMEXIT_IOIO             0x07B
#define VMEXIT_SHUTDOWN         0x07F
#define VMEXIT_NPF              0x400
#define VMEXIT_INVALID          0xFFFFFFFFu   /* compare 32 bits (quirk 4) */

/* The SVM segment attribute: access byte in bits 0-7, then AVL, L, D/B, G. */
#define SVM_ATTR_P              0x0080u
#define SVM_ATTR_DB             0x0400u
#define SVM_ATTR_L              0x0200u

struct vmcb_segment {
    u16 sel;
    u16 attrib;
    u32 limit;
    u64 base;
};

static inline u32 vmcb_read32(const u8 *vmcb, u32 off) { return *(const volatile u32 *)(vmcb + off); }
static inline u64 vmcb_read64(const u8 *vmcb, u32 off) { return *(const volatile u64 *)(vmcb + off); }
static inline void vmcb_write32(u8 *vmcb, u32 off, u32 v) { *(volatile u32 *)(vmcb + off) = v; }
static inline void vmcb_write64(u8 *vmcb, u32 off, u64 v) { *(volatile u64 *)(vmcb + off) = v; }

static inline struct vmcb_segment *vmcb_seg(u8 *vmcb, enum vmcb_seg s)
{
    return (struct vmcb_segment *)(vmcb + VMCB_SEG_BASE + 16 * s);
}

#endif
