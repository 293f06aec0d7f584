/*	Petrel: amd64 machine/vmparam.h -- where user space ends.
 *
 * User space is the lower half of the address space up to the
 * recursive slot (L4_SLOT_PTE): L4 slots 0-254, 0 to 0x00007f8000000000.
 * Slot 255 is left out because each AP's top-level table maps itself
 * there (xen_pmap.c), and above it the addresses are not canonical.
 */
#ifndef _AMD64_VMPARAM_H_
#define _AMD64_VMPARAM_H_

#include <machine/param.h>
#include <machine/pmap.h>

#define VM_MIN_ADDRESS		0UL
/* First address past user space: copyin/copyout refuse it and above. */
#define VM_MAXUSER_ADDRESS	PMAP_TOP_SLOT_VA(PMAP_USER_SLOTS)


/*
 * A process's stack ends at USRSTACK and may grow to MAXSSIZ (pages
 * come on first touch); mmap(2) places regions from VM_MMAP_BASE up.
 */
#define USRSTACK		VM_MAXUSER_ADDRESS
#define MAXSSIZ			(1UL << 20)
#define VM_MMAP_BASE		0x0000200000000000UL

#endif
