/*	Petrel: i386 machine/pmap.h -- the page-table geometry of PAE.
 *
 * Three levels; the top level (L3) has four slots: 0-2 user space, 3
 * the kernel's (KERNBASE up).  Xen will not let two L3s share the
 * kernel slot's L2, as it keeps its own mappings in the top part of it
 * (from the M2P table up): so each CPU's L3 points at its own copy of
 * that L2, and the level whose kernel entries each CPU copies
 * (PMAP_KPM_LEVEL) is 2.  No recursive slot.  A user pmap is three L2s,
 * one for each user L3 slot.
 */
#ifndef _I386_PMAP_H_
#define _I386_PMAP_H_

#include <machine/param.h>

#define PMAP_USER_SLOTS		((int)(KERNBASE >> PMAP_LEVEL_SHIFT(PTP_LEVELS)))
#define PMAP_RECURSIVE_SLOT	(-1)		/* none */
#define PMAP_KERN_SLOT_FIRST	PMAP_USER_SLOTS

/* The per-CPU copies: in the kernel slot's L2, from its start. */
#define PMAP_KPM_LEVEL		2
#define PMAP_KPM_SLOT_FIRST	0

/* A user pmap: an L2 for each user L3 slot; no user base pointer. */
#define PMAP_USER_LEVEL		2
#define PMAP_USER_TABLES	PMAP_USER_SLOTS
#define PMAP_USER_BASEPTR	0

#define PMAP_KERNEL_VA_MIN	KERNBASE

/*
 * The test window is past uvm_km's KVA_END, below the M2P table: an L2
 * entry empty at boot that nothing but ktest kpm_shadows_sync maps.
 */
#define PMAP_KPM_TEST_VA	KVA_END

#include <x86/pmap.h>

#endif
