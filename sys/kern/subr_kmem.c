/*	Petrel: kern/subr_kmem.c -- kmem(9), the kernel memory allocator.
 *
 * Sizes up to KMEM_MAXSIZE are rounded up to a power of two, 16 to
 * 2048, and carved from single pages reached through the direct map
 * (no page-table work at all).  Each page starts with a small header:
 * its class, its own free list and count, and links on its class's
 * list of pages with room.  kmem_free() finds the header by rounding
 * the address down, and a page whose objects are all free goes back
 * to the page allocator at once, so nothing stays pinned in a class.
 * The header takes the first object slot(s): a 2048-byte page holds
 * one object.
 *
 * Larger sizes are whole pages of kernel VA (uvm_km_alloc, WIRED).
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/cpu.h>
#include <sys/kmem.h>
#include <sys/mutex.h>

#include <machine/pmap.h>
#include <uvm/uvm_extern.h>

#define KMEM_MAGIC	0x6b6d656dU	/* "kmem" */
#define KMEM_FREEFILL	0xdb		/* freed objects, DIAGNOSTIC */

struct kmem_obj {
	struct kmem_obj	*ko_next;
};

struct kmem_page {
	uint32_t	 kp_magic;
	uint16_t	 kp_class;
	uint16_t	 kp_nfree;
	struct kmem_obj	*kp_free;
	struct kmem_page *kp_next;	/* on the class's list of pages */
	struct kmem_page *kp_prev;	/* with free objects */
};

struct kmem_class {
	kmutex_t	 kc_lock;
	size_t		 kc_size;
	unsigned int	 kc_first;	/* offset of the first object */
	unsigned int	 kc_perpage;	/* objects per page */
	struct kmem_page *kc_avail;	/* pages with free objects */
	unsigned long	 kc_inuse, kc_pages, kc_allocs, kc_frees;
} __aligned(CACHE_LINE_SIZE);

static struct kmem_class kmem_classes[KMEM_NCLASS];
static volatile int kmem_state;		/* 0: new, 1: being set up, 2: ready */
static kmutex_t kmem_large_lock;
static unsigned long kmem_large_inuse, kmem_large_pages;
static unsigned long kmem_large_allocs, kmem_large_frees;

CTASSERT(KMEM_MINSIZE << (KMEM_NCLASS - 1) == KMEM_MAXSIZE);
CTASSERT(sizeof(struct kmem_page) <= KMEM_MAXSIZE);
CTASSERT(KMEM_MAXSIZE < PAGE_SIZE);

/* Set up on first use, whoever comes first. */
static void
kmem_init(void)
{
	struct kmem_class *kc;
	int expect = 0, i;

	if (__predict_true(__atomic_load_n(&kmem_state, __ATOMIC_ACQUIRE) ==
	    2))
		return;
	if (!__atomic_compare_exchange_n(&kmem_state, &expect, 1, false,
	    __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)) {
		while (__atomic_load_n(&kmem_state, __ATOMIC_ACQUIRE) != 2)
			cpu_spinwait();
		return;
	}
	for (i = 0; i < KMEM_NCLASS; i++) {
		kc = &kmem_classes[i];
		mutex_init(&kc->kc_lock, MUTEX_SPIN, IPL_VM);
		kc->kc_size = (size_t)KMEM_MINSIZE << i;
		kc->kc_first = roundup(sizeof(struct kmem_page), kc->kc_size);
		kc->kc_perpage = (PAGE_SIZE - kc->kc_first) / kc->kc_size;
	}
	mutex_init(&kmem_large_lock, MUTEX_SPIN, IPL_VM);
	__atomic_store_n(&kmem_state, 2, __ATOMIC_RELEASE);
}

/* The class for size (1..KMEM_MAXSIZE): the smallest that fits. */
static inline int
kmem_class_of(size_t size)
{
	if (size <= KMEM_MINSIZE)
		return 0;
	/* Bits in size - 1, less those of KMEM_MINSIZE (16: 4). */
	return (int)(sizeof(unsigned long) * 8 -
	    __builtin_clzl((unsigned long)(size - 1))) - 4;
}

static void
kmem_avail_insert(struct kmem_class *kc, struct kmem_page *kp)
{
	kp->kp_prev = NULL;
	kp->kp_next = kc->kc_avail;
	if (kc->kc_avail != NULL)
		kc->kc_avail->kp_prev = kp;
	kc->kc_avail = kp;
}

static void
kmem_avail_remove(struct kmem_class *kc, struct kmem_page *kp)
{
	if (kp->kp_prev != NULL)
		kp->kp_prev->kp_next = kp->kp_next;
	else
		kc->kc_avail = kp->kp_next;
	if (kp->kp_next != NULL)
		kp->kp_next->kp_prev = kp->kp_prev;
	kp->kp_next = kp->kp_prev = NULL;
}

/* A fresh page for class idx, on its list; NULL if none is left. */
static struct kmem_page *
kmem_page_new(struct kmem_class *kc, int idx)
{
	struct kmem_page *kp;
	struct kmem_obj **op;
	unsigned int i;
	paddr_t pa;

	pa = uvm_pagealloc_pa();
	if (pa == UVM_NOPAGE)
		return NULL;
	kp = (struct kmem_page *)PMAP_DIRECT_VA(pa);
	kp->kp_magic = KMEM_MAGIC;
	kp->kp_class = idx;
	kp->kp_nfree = kc->kc_perpage;
	/* Free list in address order: early objects are reused first. */
	op = &kp->kp_free;
	for (i = 0; i < kc->kc_perpage; i++) {
		*op = (struct kmem_obj *)((char *)kp + kc->kc_first +
		    i * kc->kc_size);
		op = &(*op)->ko_next;
	}
	*op = NULL;
	kmem_avail_insert(kc, kp);
	kc->kc_pages++;
	return kp;
}

static void *
kmem_small_alloc(int idx)
{
	struct kmem_class *kc = &kmem_classes[idx];
	struct kmem_page *kp;
	struct kmem_obj *o;

	mutex_enter(&kc->kc_lock);
	kp = kc->kc_avail;
	if (kp == NULL && (kp = kmem_page_new(kc, idx)) == NULL) {
		mutex_exit(&kc->kc_lock);
		return NULL;
	}
	o = kp->kp_free;
	KASSERT(o != NULL && kp->kp_nfree > 0);
	kp->kp_free = o->ko_next;
	if (--kp->kp_nfree == 0)
		kmem_avail_remove(kc, kp);
	kc->kc_inuse++;
	kc->kc_allocs++;
	mutex_exit(&kc->kc_lock);
	return o;
}

static void
kmem_small_free(void *p, size_t size)
{
	int idx = kmem_class_of(size);
	struct kmem_class *kc = &kmem_classes[idx];
	struct kmem_page *kp;
	struct kmem_obj *o = p;
	vaddr_t off;
	paddr_t give = UVM_NOPAGE;

	kp = (struct kmem_page *)((vaddr_t)p & ~(vaddr_t)PAGE_MASK);
	off = (vaddr_t)p - (vaddr_t)kp;
	if ((vaddr_t)p < KERNBASE || (vaddr_t)p >= KERNBASE + DIRECT_MAP_MAX)
		panic("kmem_free(%p, %lu): not a kmem address", p,
		    (unsigned long)size);

	mutex_enter(&kc->kc_lock);
	if (kp->kp_magic != KMEM_MAGIC || kp->kp_class != idx ||
	    off < kc->kc_first || (off - kc->kc_first) % kc->kc_size != 0)
		panic("kmem_free(%p, %lu): not allocated with this size (page magic 0x%x class %u)",
		    p, (unsigned long)size, kp->kp_magic, kp->kp_class);
#ifdef DIAGNOSTIC
	{
		struct kmem_obj *f;

		for (f = kp->kp_free; f != NULL; f = f->ko_next)
			if (f == o)
				panic("kmem_free(%p, %lu): freed twice", p,
				    (unsigned long)size);
		/* Use after free shows up as this pattern. */
		memset(o, KMEM_FREEFILL, kc->kc_size);
	}
#endif
	o->ko_next = kp->kp_free;
	kp->kp_free = o;
	if (++kp->kp_nfree == 1)
		kmem_avail_insert(kc, kp);
	if (kp->kp_nfree == kc->kc_perpage) {
		/* All free: the page goes back to the system. */
		kmem_avail_remove(kc, kp);
		kp->kp_magic = 0;
		kc->kc_pages--;
		give = PMAP_DIRECT_PA(kp);
	}
	KASSERT(kc->kc_inuse > 0);
	kc->kc_inuse--;
	kc->kc_frees++;
	mutex_exit(&kc->kc_lock);
	if (give != UVM_NOPAGE)
		uvm_pagefree_pa(give);
}

static void *
kmem_large_alloc(size_t size, bool zero)
{
	vaddr_t va;

	va = uvm_km_alloc(size, UVM_KMF_WIRED | UVM_KMF_NOWAIT |
	    (zero ? UVM_KMF_ZERO : 0));
	if (va == 0)
		return NULL;
	mutex_enter(&kmem_large_lock);
	kmem_large_inuse++;
	kmem_large_pages += atop(round_page(size));
	kmem_large_allocs++;
	mutex_exit(&kmem_large_lock);
	return (void *)va;
}

static void
kmem_large_free(void *p, size_t size)
{
	vaddr_t va = (vaddr_t)p;

	if ((va & PAGE_MASK) != 0 || va < KVA_START || va >= KVA_END)
		panic("kmem_free(%p, %lu): not a large kmem allocation", p,
		    (unsigned long)size);
	uvm_km_free(va, size, UVM_KMF_WIRED);
	mutex_enter(&kmem_large_lock);
	KASSERT(kmem_large_inuse > 0);
	kmem_large_inuse--;
	kmem_large_pages -= atop(round_page(size));
	kmem_large_frees++;
	mutex_exit(&kmem_large_lock);
}

static void *
kmem_intr_alloc(size_t size, int kmflags, bool zero)
{
	void *p;

	KASSERTMSG(size > 0, "kmem_alloc: size 0");
	KASSERTMSG(kmflags == KM_SLEEP || kmflags == KM_NOSLEEP,
	    "kmem_alloc: flags 0x%x: want KM_SLEEP or KM_NOSLEEP", kmflags);
	kmem_init();
	if (size <= KMEM_MAXSIZE) {
		p = kmem_small_alloc(kmem_class_of(size));
		if (p != NULL && zero)
			memset(p, 0, size);
	} else {
		p = kmem_large_alloc(size, zero);
	}
	/* Nothing can wait for memory yet. */
	if (p == NULL && kmflags == KM_SLEEP)
		panic("kmem_alloc: out of memory for %lu bytes with KM_SLEEP (%lu pages free; waiting for memory is not done yet)",
		    (unsigned long)size, uvmexp_free);
	return p;
}

void *
kmem_alloc(size_t size, int kmflags)
{
	return kmem_intr_alloc(size, kmflags, false);
}

void *
kmem_zalloc(size_t size, int kmflags)
{
	return kmem_intr_alloc(size, kmflags, true);
}

void
kmem_free(void *p, size_t size)
{
	KASSERTMSG(p != NULL && size > 0, "kmem_free(%p, %lu)", p,
	    (unsigned long)size);
	kmem_init();
	if (size <= KMEM_MAXSIZE)
		kmem_small_free(p, size);
	else
		kmem_large_free(p, size);
}

void
kmem_getstats(struct kmem_stats *st)
{
	struct kmem_class *kc;
	int i;

	kmem_init();
	for (i = 0; i < KMEM_NCLASS; i++) {
		kc = &kmem_classes[i];
		mutex_enter(&kc->kc_lock);
		st->ks_class[i].kcs_size = kc->kc_size;
		st->ks_class[i].kcs_inuse = kc->kc_inuse;
		st->ks_class[i].kcs_pages = kc->kc_pages;
		st->ks_class[i].kcs_allocs = kc->kc_allocs;
		st->ks_class[i].kcs_frees = kc->kc_frees;
		mutex_exit(&kc->kc_lock);
	}
	mutex_enter(&kmem_large_lock);
	st->ks_large_inuse = kmem_large_inuse;
	st->ks_large_pages = kmem_large_pages;
	st->ks_large_allocs = kmem_large_allocs;
	st->ks_large_frees = kmem_large_frees;
	mutex_exit(&kmem_large_lock);
}
