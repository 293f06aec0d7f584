/*	Petrel: sys/param.h	*/
#ifndef _SYS_PARAM_H_
#define _SYS_PARAM_H_

#include <sys/types.h>
#include <machine/param.h>

#ifndef MAXCPUS
#define MAXCPUS		128	/* Xen's limit for a PV domain is higher */
#endif
#ifndef HZ
#define HZ		100
#endif

#define NBBY		8	/* bits in a byte */
#define MIN(a, b)	((a) < (b) ? (a) : (b))
#define MAX(a, b)	((a) > (b) ? (a) : (b))
#define howmany(x, y)	(((x) + ((y) - 1)) / (y))
#define roundup(x, y)	(howmany(x, y) * (y))
#define rounddown(x, y)	(((x) / (y)) * (y))
#define powerof2(x)	((((x) - 1) & (x)) == 0)
#define round_page(x)	(((x) + PAGE_MASK) & ~(vaddr_t)PAGE_MASK)
#define trunc_page(x)	((x) & ~(vaddr_t)PAGE_MASK)
#define atop(x)		((x) >> PAGE_SHIFT)
#define ptoa(x)		((paddr_t)(x) << PAGE_SHIFT)

#endif /* _SYS_PARAM_H_ */
