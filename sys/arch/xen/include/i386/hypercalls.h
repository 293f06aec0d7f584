/*	Petrel: xen/i386/hypercalls.h -- the i386 hypercall registers.
 *
 * Read by _hypercall() (<xen/hypervisor.h>): arguments in %ebx, %ecx,
 * %edx, %esi, %edi; result in %eax.
 */
#ifndef _XEN_I386_HYPERCALLS_H_
#define _XEN_I386_HYPERCALLS_H_

#define HYPERCALL_ARG1		"ebx"
#define HYPERCALL_ARG2		"ecx"
#define HYPERCALL_ARG3		"edx"
#define HYPERCALL_ARG4		"esi"
#define HYPERCALL_ARG5		"edi"
#define HYPERCALL_CLOBBERS	"memory"

#endif
