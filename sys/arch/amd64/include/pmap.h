/*	Petrel: amd64 machine/pmap.h -- the page-table geometry of amd64.
 *
 * Four levels.  Top-level (L4) slots: 0-254 user space (a user pmap's
 * own L4 entries, copied into the CPU's L4 when it is loaded); 255 the
 * recursive slot, where each CPU's L4 maps itself; 256-271 Xen's, which
 * Xen fills in every L4 it validates; from 272 up the guest kernel's
 * (only L4_SLOT_KERN used, besides the test window).  An address in the
 * upper half has bits 48-63 set, copies of bit 47.
 *
 * Each CPU runs on its own L4: the level whose kernel entries it
 * copies (PMAP_KPM_LEVEL) is the top, and a user pmap is one L4 whose
 * page Xen also takes as the user base pointer.
 */
#ifndef _AMD64_PMAP_H_
#define _AMD64_PMAP_H_

#include <machine/param.h>

#define PMAP_USER_SLOTS		L4_SLOT_PTE	/* top-level, from 0 */
#define PMAP_RECURSIVE_SLOT	L4_SLOT_PTE
#define PMAP_XEN_SLOT_FIRST	256
#define PMAP_KERN_SLOT_FIRST	272
#define PMAP_VA_SIGN_BITS	0xffff000000000000UL

/* The per-CPU copies of the kernel's entries: in the L4 itself. */
#define PMAP_KPM_LEVEL		PTP_LEVELS
#define PMAP_KPM_SLOT_FIRST	PMAP_KERN_SLOT_FIRST

/* A user pmap: one table at the top level, also Xen's user base. */
#define PMAP_USER_LEVEL		PTP_LEVELS
#define PMAP_USER_TABLES	1
#define PMAP_USER_BASEPTR	1

/* The start of top-level slot "slot", sign-extended. */
#define PMAP_TOP_SLOT_VA(slot)	\
	(((vaddr_t)(slot) << PMAP_LEVEL_SHIFT(PTP_LEVELS)) | \
	((slot) >= PTES_PER_PTP / 2 ? PMAP_VA_SIGN_BITS : 0))
#define PMAP_KERNEL_VA_MIN	PMAP_TOP_SLOT_VA(PMAP_KERN_SLOT_FIRST)

/*
 * The test window: kernel VA in a top-level slot that is empty at boot
 * and that nothing but ktest kpm_shadows_sync maps, so that mapping it
 * makes a new entry every CPU must copy.
 */
#define PMAP_KPM_TEST_VA	PMAP_TOP_SLOT_VA(L4_SLOT_KERN - 1)

#include <x86/pmap.h>

#endif
