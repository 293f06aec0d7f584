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

#endif
