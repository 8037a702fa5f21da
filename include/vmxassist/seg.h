/* The hidden part of a segment register, as the CPU caches it. */
#ifndef VMXASSIST_SEG_H
#define VMXASSIST_SEG_H

#include "types.h"
#include "abi.h"

struct seg_cache {
    u16 sel;
    u32 base;
    u32 limit;  /* byte granular */
    u32 ar;     /* VMX access-rights layout (VMX_AR_*) */
};

/* Access rights a real-mode data segment has after reset: present,
 * read/write, accessed, 16-bit. */
#define SEG_AR_REAL_DATA (VMX_AR_P | VMX_AR_S | 0x3u)
/* ... and a real-mode code segment: present, execute/read, accessed. */
#define SEG_AR_REAL_CODE (VMX_AR_P | VMX_AR_S | 0xBu)

/* A selector load in real mode changes the selector and the base; limit
 * and attributes of a usable cache stay as they are (that is what makes
 * unreal mode).
 *
 * A cache left unusable by a null selector in protected mode becomes
 * usable.  SDM vol. 3: a register is unusable, in general, when it has
 * been loaded with a null selector (VMX unusable bit, 24.4.1; 25.4.1 in
 * newer editions; null selectors 3.4.2).  9.9.2 step 4 warns that a
 * register nulled before PE is cleared is unusable in real mode and that
 * registers not reloaded keep their protected-mode attributes; step 8 then
 * has the real-mode program load the registers it needs.  A real-mode
 * load takes a paragraph number, not a selector (20.1.1), so even the
 * value 0 is no null selector.  Besides the base, nothing is written down
 * for the result: the VM-exit save (27.3.2; 28.3.2 newer) leaves base,
 * limit and the access byte of an unusable register undefined, and QEMU's
 * null load zeroes the limit, so there is nothing worth keeping.  The
 * cache gets what real mode starts with (Table 9-1: limit FFFFH, present,
 * read/write, accessed), which VM86 can also run. */
void seg_load_real(struct seg_cache *s, u16 sel);   /* seg/desc_load.c */

/* The state VM86 forces on a segment: base = sel * 16, 64 KiB limit,
 * 16-bit.  Only such a cache can be run natively in VM86. */
static inline __attribute__((always_inline)) int
seg_vm86_representable(const struct seg_cache *s)
{
    /* A null selector loaded in protected mode leaves the cache unusable;
     * real-mode code that never touches that register is common (FS/GS),
     * and VM86 gives it the base 0 a real-mode reload would.  A load in
     * VM86 shows only as a changed selector (vm86_leave): one that loads
     * 0 again goes unseen and the cache stays unusable. */
    if ((s->ar & VMX_AR_UNUSABLE) && s->sel == 0)
        return 1;
    return s->base == ((u32)s->sel << 4) && s->limit == 0xFFFF &&
           !(s->ar & (VMX_AR_DB | VMX_AR_UNUSABLE)) && (s->ar & VMX_AR_P);
}

/* The cache's access rights in SVM's VMCB attribute format (12 bits: the
 * access byte, then AVL/L/D-B/G in bits 8-11, where VMX has them at 12-15).
 * SVM has no "unusable" bit: an unusable segment is stored not present
 * (QEMU clears P when a null selector is loaded), and a segment that is
 * not present reads back as unusable. */
static inline u16 seg_ar_to_svm(u32 ar)
{
    u16 attrib = (u16)((ar & 0xFFu) | ((ar >> 4) & 0xF00u));
    if (ar & VMX_AR_UNUSABLE)
        attrib &= (u16)~VMX_AR_P;
    return attrib;
}

static inline u32 seg_ar_from_svm(u16 attrib)
{
    u32 ar = (attrib & 0xFFu) | ((u32)(attrib & 0xF00u) << 4);
    if (!(attrib & VMX_AR_P))
        ar |= VMX_AR_UNUSABLE;
    return ar;
}

/* Fill a cache from an 8-byte GDT/LDT descriptor. */
static inline void seg_from_descriptor(struct seg_cache *s, u16 sel, u32 lo, u32 hi)
{
    u32 limit = (lo & 0xFFFF) | (hi & 0x000F0000);
    s->sel = sel;
    s->base = (lo >> 16) | ((hi & 0xFF) << 16) | (hi & 0xFF000000);
    if (hi & (1u << 23))
        limit = (limit << 12) | 0xFFF;
    s->limit = limit;
    /* access byte -> ar bits 0-7, flags nibble (AVL, L, D/B, G) -> ar 12-15 */
    s->ar = ((hi >> 8) & 0xFF) | ((hi >> 8) & 0xF000);
}

#endif
