/*
 * Where the assist reaches guest memory directly: guest-physical (and,
 * with paging off, linear) address a as a pointer.
 *
 * The blob runs unpaged in the guest's own address space, so the address
 * is the pointer.  Hosted test builds keep that (the engine oracle hands
 * the engine host pointers below 2 GiB as guest addresses), except those
 * that define VMXA_GUEST_BASE: the engine fuzz target (tests/fuzz/
 * engine_fuzz.c) maps a whole 4 GiB guest space at vmxa_guest_base.  That
 * base is 4 GiB-aligned, so a pointer cut back to u32 is the guest
 * address again.
 */
#ifndef VMXASSIST_GUEST_PTR_H
#define VMXASSIST_GUEST_PTR_H

#include "types.h"

#ifdef VMXA_GUEST_BASE
extern u8 *vmxa_guest_base;
#define GUEST_PTR(a) ((void *)(vmxa_guest_base + (u32)(a)))
#else
#define GUEST_PTR(a) ((void *)(size_t)(u32)(a))
#endif

#endif
