/*	Petrel: xen/i386/hypercalls.h -- the i386 hypercall ABI.
 *
 * Arguments in %ebx, %ecx, %edx, %esi, %edi; result in %eax.
 */
#ifndef _XEN_I386_HYPERCALLS_H_
#define _XEN_I386_HYPERCALLS_H_

#include <xen/hypercall.h>

#define _hypercall(nr, a1, a2, a3, a4, a5) ({				\
	XEN_HYPERCALL_TALLY();	/* before the registers are bound */	\
	register long _a1 __asm("ebx") = (long)(a1);			\
	register long _a2 __asm("ecx") = (long)(a2);			\
	register long _a3 __asm("edx") = (long)(a3);			\
	register long _a4 __asm("esi") = (long)(a4);			\
	register long _a5 __asm("edi") = (long)(a5);			\
	long _r;							\
	__asm volatile("call hypercall_page + %c[off]"			\
	    : "=a"(_r), "+r"(_a1), "+r"(_a2), "+r"(_a3), "+r"(_a4),	\
	      "+r"(_a5)							\
	    : [off] "i"(HYPERCALL_OFFSET(nr))				\
	    : "memory");						\
	_r;								\
})

#endif
