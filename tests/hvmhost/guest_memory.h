/* Guest-physical memory: where it lives in the host, and reading/writing it
 * the way the guest would see it (through the nested map, and for linear
 * addresses through the guest's own page tables). */
#ifndef HVMHOST_GUEST_MEMORY_H
#define HVMHOST_GUEST_MEMORY_H

#include <vmxassist/types.h>

#define HIGH_WINDOW_GPA  0x100000000ull
#define HIGH_WINDOW_SIZE 0x200000u

struct boot_info;
struct vcpu;

/* Pick host memory for guest RAM and the high window, zero it and build
 * the nested map.  Returns the nCR3 value. */
u32 guest_memory_setup(const struct boot_info *bi);
u32 guest_ram_size(void);

/* The assist's 64 KiB at 0xD0000 (assist mode only): the assist world sees
 * the assist's own pages there, the guest world its own RAM.  Select the
 * view the next VMRUN uses (v may be 0 before the first VMRUN; else the
 * guest's TLB is flushed).  No-op in native mode. */
void assist_view_select(struct vcpu *v, int assist_world);
/* Put the blob into the guest's own pages too, as hvmloader's copy was. */
void assist_image_to_guest_view(const u8 *data, u32 size);
/* Read [gpa, gpa+n) inside 0xD0000-0xDFFFF as the assist world sees it
 * (its own pages with two views).  Returns 0 outside that range. */
int assist_view_read(u32 gpa, void *buf, u32 n);
/* Is [gpa, gpa+n) guest RAM (and not a shared device range)? */
int gpa_is_ram(u64 gpa, u32 n);

/* Return 0 when some byte is not mapped in the nested map. */
int gpa_read(u64 gpa, void *buf, u32 n);
int gpa_write(u64 gpa, const void *buf, u32 n);

/* Translate a linear address through the guest's paging (if CR0.PG). */
int linear_to_gpa(const struct vcpu *v, u64 linear, u64 *gpa);
int linear_read(const struct vcpu *v, u64 linear, void *buf, u32 n);
int linear_write(const struct vcpu *v, u64 linear, const void *buf, u32 n);

#endif
