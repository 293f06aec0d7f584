/*	Petrel: xen/amd64/hypercalls.h -- the amd64 hypercall registers.
 *
 * Read by _hypercall() (<xen/hypervisor.h>): arguments go in %rdi,
 * %rsi, %rdx, %r10, %r8 and the result comes back in %rax.  Xen may
 * clobber %rcx and %r11 (it returns with sysret).
 */
#ifndef _XEN_AMD64_HYPERCALLS_H_
#define _XEN_AMD64_HYPERCALLS_H_

#define HYPERCALL_ARG1		"rdi"
#define HYPERCALL_ARG2		"rsi"
#define HYPERCALL_ARG3		"rdx"
#define HYPERCALL_ARG4		"r10"
#define HYPERCALL_ARG5		"r8"
#define HYPERCALL_CLOBBERS	"rcx", "r11", "memory"

/* A 64-bit value is one argument on amd64. */
#define HYPERCALL_U64(v)	(v)
#define HYPERCALL_U64_ARGS	1

#endif
