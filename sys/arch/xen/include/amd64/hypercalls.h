/*	Petrel: xen/amd64/hypercalls.h -- the amd64 hypercall ABI.
 *
 * Hypercall N is a call into hypercall_page + HYPERCALL_OFFSET(N);
 * arguments go in %rdi, %rsi, %rdx, %r10, %r8 and the result comes
 * back in %rax.  Xen may clobber %rcx and %r11 (it returns with sysret).
 */
#ifndef _XEN_AMD64_HYPERCALLS_H_
#define _XEN_AMD64_HYPERCALLS_H_

#include <xen/hypercall.h>

#define _hypercall(nr, a1, a2, a3, a4, a5) ({				\
	XEN_HYPERCALL_TALLY();	/* before the registers are bound */	\
	register long _a1 __asm("rdi") = (long)(a1);			\
	register long _a2 __asm("rsi") = (long)(a2);			\
	register long _a3 __asm("rdx") = (long)(a3);			\
	register long _a4 __asm("r10") = (long)(a4);			\
	register long _a5 __asm("r8") = (long)(a5);			\
	long _r;							\
	__asm volatile("call hypercall_page + %c[off]"			\
	    : "=a"(_r), "+r"(_a1), "+r"(_a2), "+r"(_a3), "+r"(_a4),	\
	      "+r"(_a5)							\
	    : [off] "i"(HYPERCALL_OFFSET(nr))				\
	    : "rcx", "r11", "memory");					\
	_r;								\
})

/* A 64-bit value is one argument on amd64. */
#define HYPERCALL_U64(v)	(v)
#define HYPERCALL_U64_ARGS	1

#endif
