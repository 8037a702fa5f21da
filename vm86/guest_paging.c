/*
 * The guest's paging as the engine uses it: its CR0/CR3/CR4 from the vCPU,
 * its EFER (read from the CPU: world switches leave the MSR alone, so while
 * the assist runs it still holds the guest's value) and what the CPU's
 * paging can do (CPUID, asked once), handed to paging/ with the access's
 * privilege; a page fault comes back as the engine's #PF.
 */
#include <vmxassist/guest_ptr.h>
#include <vmxassist/string.h>
#include <vmxassist/engine.h>
#include <vmxassist/io.h>
#include <vmxassist/paging.h>
#include <vmxassist/x86.h>

#define CPUID_EXT_BASE       0x80000000u
#define CPUID_EXT_FEATURES   0x80000001u
#define CPUID_EXT_ADDR_SIZES 0x80000008u
#define EXT_EDX_SYSCALL      (1u << 11)
#define EXT_EDX_NX           (1u << 20)
#define EXT_EDX_1GB_PAGES    (1u << 26)
#define EXT_EDX_LM           (1u << 29)

static struct {
    u8 probed, has_efer, maxphyaddr, gbpages;
} cpu;

/* CPUID is a VM exit: ask once.  Without leaf 0x80000008 MAXPHYADDR is 36
 * (every VT-x CPU has PAE); EFER exists when NX, SYSCALL or long mode do. */
static void probe_cpu(void)
{
    u32 max_ext, a, b, c, d;

    cpu.probed = 1;
    cpu.maxphyaddr = 36;
    cpuid(CPUID_EXT_BASE, 0, &max_ext, &b, &c, &d);
    if (max_ext < CPUID_EXT_FEATURES || max_ext > CPUID_EXT_BASE + 0xFF)
        return;
    cpuid(CPUID_EXT_FEATURES, 0, &a, &b, &c, &d);
    cpu.has_efer = (d & (EXT_EDX_SYSCALL | EXT_EDX_NX | EXT_EDX_LM)) != 0;
    cpu.gbpages = (d & EXT_EDX_1GB_PAGES) != 0;
    if (max_ext >= CPUID_EXT_ADDR_SIZES) {
        cpuid(CPUID_EXT_ADDR_SIZES, 0, &a, &b, &c, &d);
        cpu.maxphyaddr = (u8)a;
    }
}

u64 guest_efer(void)
{
    if (!cpu.probed)
        probe_cpu();
    return cpu.has_efer ? rdmsr(MSR_EFER) : 0;
}

void guest_paging_regs(const struct vcpu *v, struct paging_regs *r)
{
    if (!cpu.probed)
        probe_cpu();
    r->cr0 = v->cr0;
    r->cr3 = v->cr3;
    r->cr3_hi = v->cr3_hi;
    r->cr4 = v->cr4;
    r->efer = v->efer;
    r->maxphyaddr = cpu.maxphyaddr;
    r->gbpages = cpu.gbpages;
}

/* The privilege of an access: CPL 3 makes it a user access; EFLAGS.AC
 * matters to SMAP for explicit supervisor accesses. */
static unsigned with_privilege(struct vcpu *v, unsigned acc)
{
    if (guest_cpl(v) == 3)
        acc |= ACC_USER;
    else if (guest_flags(v) & EFL_AC)
        acc |= ACC_AC;
    return acc;
}

static int page_fault(struct fault *f, const struct page_fault *pf)
{
    f->vector = X86_PF;
    f->has_error = 1;
    f->error = pf->error;
    f->cr2 = pf->cr2;
    return -1;
}

/* One access through the guest's page tables; ACC_WRITE says which way. */
static int paged_access(struct vcpu *v, struct fault *f, u32 lin, void *buf, unsigned n,
                        unsigned acc)
{
    struct paging_regs r;
    struct page_fault pf;
    int rc;

    guest_paging_regs(v, &r);
    acc = with_privilege(v, acc);
    rc = (acc & ACC_WRITE) ? linear_write(&r, lin, buf, n, acc, &pf)
                           : linear_read(&r, lin, buf, n, acc, &pf);
    return rc ? page_fault(f, &pf) : 0;
}

/* With paging off, which is all of real mode, linear = physical (wrapping
 * at 4 GiB), memory the assist reaches directly: no walker on the path
 * every emulated instruction's fetch takes. */
int gmem_linear_read(struct vcpu *v, struct fault *f, u32 lin, void *buf, unsigned n,
                     unsigned acc)
{
    if (v->cr0 & CR0_PG)
        return paged_access(v, f, lin, buf, n, acc & ~ACC_WRITE);
    if (lin + n >= lin) {           /* the common case: no wrap at 4 GiB */
        copy_small(buf, GUEST_PTR(lin), n);
        return 0;
    }
    for (unsigned i = 0; i < n; i++)
        ((u8 *)buf)[i] = *(const u8 *)GUEST_PTR(lin + i);
    return 0;
}

int gmem_linear_write(struct vcpu *v, struct fault *f, u32 lin, const void *buf, unsigned n,
                      unsigned acc)
{
    if (v->cr0 & CR0_PG)    /* linear_write only reads the buffer */
        return paged_access(v, f, lin, (void *)(size_t)buf, n, acc | ACC_WRITE);
    if (lin + n >= lin && !in_assist_window(lin, n)) {
        copy_small(GUEST_PTR(lin), buf, n);
        return 0;
    }
    for (unsigned i = 0; i < n; i++)    /* the 4 GiB wrap, or the assist's */
        if (!in_assist_window(lin + i, 1))
            *(u8 *)GUEST_PTR(lin + i) = ((const u8 *)buf)[i];
    return 0;
}
