/*	Petrel: xen/hypercall.h -- the layout of the hypercall page.
 *
 * Xen fills hypercall_page (locore.S) with one stub per hypercall, at
 * a fixed stride: hypercall N is entered at hypercall_page +
 * HYPERCALL_OFFSET(N), N one of Xen's __HYPERVISOR_* numbers.  Read by
 * the C wrappers (_hypercall(), <xen/hypervisor.h>) and by locore.S.
 */
#ifndef _XEN_HYPERCALL_H_
#define _XEN_HYPERCALL_H_

#define HYPERCALL_ENTRY_SIZE	32	/* bytes per stub */
#define HYPERCALL_OFFSET(nr)	((nr) * HYPERCALL_ENTRY_SIZE)

#endif
