/*	Petrel: sys/kmem.h -- kernel memory allocator, kmem(9).
 *
 *	p = kmem_alloc(size, KM_SLEEP);
 *	kmem_free(p, size);		(the same size)
 *
 * Sizes up to KMEM_MAXSIZE come from power-of-two size classes on
 * pages of the direct map, each object aligned to its class size;
 * larger ones are whole pages of kernel VA.
 * KM_NOSLEEP returns NULL when memory is short; KM_SLEEP cannot wait
 * yet and panics instead.
 */
#ifndef _SYS_KMEM_H_
#define _SYS_KMEM_H_

#include <sys/types.h>

#define KM_SLEEP	0x01
#define KM_NOSLEEP	0x02

void	*kmem_alloc(size_t, int);
void	*kmem_zalloc(size_t, int);
void	 kmem_free(void *, size_t);

#define KMEM_MINSIZE	16
#define KMEM_MAXSIZE	2048
#define KMEM_NCLASS	8		/* 16, 32, ... 2048 */

/* Counters, to check for leaks. */
struct kmem_class_stats {
	size_t		kcs_size;	/* object size of the class */
	unsigned long	kcs_inuse;	/* objects allocated now */
	unsigned long	kcs_pages;	/* pages held */
	unsigned long	kcs_allocs;	/* total allocations */
	unsigned long	kcs_frees;	/* total frees */
};
struct kmem_stats {
	struct kmem_class_stats ks_class[KMEM_NCLASS];
	unsigned long	ks_large_inuse;	/* > KMEM_MAXSIZE, allocated now */
	unsigned long	ks_large_pages;	/* their pages */
	unsigned long	ks_large_allocs;
	unsigned long	ks_large_frees;
};
void	kmem_getstats(struct kmem_stats *);

#endif /* _SYS_KMEM_H_ */
