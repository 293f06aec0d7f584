/*	Petrel: i386 machine/vmparam.h -- where user space ends.
 *
 * User space is PAE L3 slots 0-2, 0 to KERNBASE (3 GiB); slot 3 is the
 * kernel's, shared with Xen.
 */
#ifndef _I386_VMPARAM_H_
#define _I386_VMPARAM_H_

#include <machine/param.h>

#define VM_MIN_ADDRESS		0UL
/* First address past user space: copyin/copyout refuse it and above. */
#define VM_MAXUSER_ADDRESS	KERNBASE


/*
 * A process's stack ends at USRSTACK and may grow to MAXSSIZ (pages
 * come on first touch); mmap(2) places regions from VM_MMAP_BASE up.
 */
#define USRSTACK		VM_MAXUSER_ADDRESS
#define MAXSSIZ			(1UL << 20)
#define VM_MMAP_BASE		0x40000000UL

#endif
