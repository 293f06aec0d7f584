/*	Petrel: uvm/uvm_km.c -- the kernel's virtual address space.
 *
 * [KVA_START, KVA_END) is handed out in whole pages, first fit, from a
 * sorted array of free extents that are merged again on free.  The
 * array is static: with L allocations live there are at most L + 1
 * free extents, so live allocations are capped at KM_MAXSEG - 1 and a
 * free never runs out of room.
 *
 * UVM_KMF_WIRED also backs the range with pages (mapped read/write,
 * not executable); UVM_KMF_GUARD leaves one unmapped page below it, so
 * that a kernel stack running off its end faults instead of writing
 * over its neighbour.  Nothing waits: no VA or no page returns 0.
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/cpu.h>
#include <sys/mutex.h>

#include <machine/pmap.h>
#include <uvm/uvm_extern.h>

#define KM_MAXSEG	2048
#define KM_UNWIRE_BATCH	64	/* pages freed per pmap_update() */

struct km_seg {
	vaddr_t		start, end;
};

static kmutex_t km_lock;
static struct km_seg km_segs[KM_MAXSEG];	/* free, sorted, disjoint */
static unsigned int km_nseg;
static unsigned int km_nalloc;
static vsize_t km_freebytes;
static volatile int km_state;		/* 0: new, 1: being set up, 2: ready */

/* Set up on first use, whoever comes first (there is no uvm_init). */
static void
km_init(void)
{
	int expect = 0;

	if (__predict_true(__atomic_load_n(&km_state, __ATOMIC_ACQUIRE) == 2))
		return;
	if (__atomic_compare_exchange_n(&km_state, &expect, 1, false,
	    __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)) {
		mutex_init(&km_lock, MUTEX_SPIN, IPL_VM);
		km_segs[0].start = KVA_START;
		km_segs[0].end = KVA_END;
		km_nseg = 1;
		km_freebytes = KVA_END - KVA_START;
		__atomic_store_n(&km_state, 2, __ATOMIC_RELEASE);
		return;
	}
	while (__atomic_load_n(&km_state, __ATOMIC_ACQUIRE) != 2)
		cpu_spinwait();
}

static vaddr_t
km_va_alloc(vsize_t len)
{
	struct km_seg *s;
	unsigned int i;
	vaddr_t va;

	if (km_nalloc >= KM_MAXSEG - 1)
		return 0;
	for (i = 0; i < km_nseg; i++) {
		s = &km_segs[i];
		if (s->end - s->start < len)
			continue;
		va = s->start;
		s->start += len;
		if (s->start == s->end) {
			memmove(s, s + 1, (km_nseg - i - 1) * sizeof(*s));
			km_nseg--;
		}
		km_nalloc++;
		km_freebytes -= len;
		return va;
	}
	return 0;
}

static void
km_va_free(vaddr_t va, vsize_t len)
{
	vaddr_t end = va + len;
	unsigned int lo = 0, hi = km_nseg, mid, i;
	bool prev, next;

	if (va < KVA_START || end > KVA_END || end <= va)
		panic("uvm_km_free: 0x%lx+0x%lx is not kernel VA",
		    (unsigned long)va, (unsigned long)len);
	/* i: the first free extent that starts after va. */
	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (km_segs[mid].start <= va)
			lo = mid + 1;
		else
			hi = mid;
	}
	i = lo;
	if ((i > 0 && km_segs[i - 1].end > va) ||
	    (i < km_nseg && km_segs[i].start < end))
		panic("uvm_km_free: 0x%lx+0x%lx is (partly) free already",
		    (unsigned long)va, (unsigned long)len);

	prev = i > 0 && km_segs[i - 1].end == va;
	next = i < km_nseg && km_segs[i].start == end;
	if (prev && next) {
		km_segs[i - 1].end = km_segs[i].end;
		memmove(&km_segs[i], &km_segs[i + 1],
		    (km_nseg - i - 1) * sizeof(km_segs[0]));
		km_nseg--;
	} else if (prev) {
		km_segs[i - 1].end = end;
	} else if (next) {
		km_segs[i].start = va;
	} else {
		KASSERT(km_nseg < KM_MAXSEG);
		memmove(&km_segs[i + 1], &km_segs[i],
		    (km_nseg - i) * sizeof(km_segs[0]));
		km_segs[i].start = va;
		km_segs[i].end = end;
		km_nseg++;
	}
	KASSERT(km_nalloc > 0);
	km_nalloc--;
	km_freebytes += len;
}

/*
 * Unmap [va, va+size) and give its pages back.  A page is freed only
 * after the TLB flush: until then a stale entry could still reach it.
 */
static void
km_unwire(vaddr_t va, vsize_t size)
{
	paddr_t pas[KM_UNWIRE_BATCH];
	vsize_t off, n, i;

	for (off = 0; off < size; off += n * PAGE_SIZE) {
		n = MIN((size - off) / PAGE_SIZE, KM_UNWIRE_BATCH);
		for (i = 0; i < n; i++)
			if (!pmap_extract(va + off + i * PAGE_SIZE, &pas[i]))
				panic("uvm_km_free: wired page 0x%lx not mapped",
				    (unsigned long)(va + off + i * PAGE_SIZE));
		pmap_kremove(va + off, n * PAGE_SIZE);
		pmap_update();
		for (i = 0; i < n; i++)
			uvm_pagefree_pa(pas[i]);
	}
}

static bool
km_wire(vaddr_t va, vsize_t size, int flags)
{
	vsize_t off;
	paddr_t pa;

	for (off = 0; off < size; off += PAGE_SIZE) {
		pa = uvm_pagealloc_pa();
		if (pa == UVM_NOPAGE) {
			km_unwire(va, off);
			return false;
		}
		/* Through the direct map: no need to wait for the PTE. */
		if (flags & UVM_KMF_ZERO)
			memset((void *)PMAP_DIRECT_VA(pa), 0, PAGE_SIZE);
		pmap_kenter_pa(va + off, pa, VM_PROT_READ | VM_PROT_WRITE);
	}
	pmap_update();
	return true;
}

vaddr_t
uvm_km_alloc(vsize_t size, int flags)
{
	vsize_t len;
	vaddr_t va;

	KASSERTMSG(((flags & UVM_KMF_WIRED) != 0) !=
	    ((flags & UVM_KMF_VAONLY) != 0),
	    "uvm_km_alloc: flags 0x%x: want one of WIRED, VAONLY", flags);
	/* Checked before rounding, which could wrap. */
	if (size == 0 || size > KVA_END - KVA_START)
		return 0;
	size = round_page(size);
	len = size + ((flags & UVM_KMF_GUARD) ? PAGE_SIZE : 0);

	km_init();
	mutex_enter(&km_lock);
	va = km_va_alloc(len);
	mutex_exit(&km_lock);
	if (va == 0)
		return 0;
	if (flags & UVM_KMF_GUARD)
		va += PAGE_SIZE;	/* the page below stays unmapped */

	if ((flags & UVM_KMF_WIRED) != 0 && !km_wire(va, size, flags)) {
		if (flags & UVM_KMF_GUARD)
			va -= PAGE_SIZE;
		mutex_enter(&km_lock);
		km_va_free(va, len);
		mutex_exit(&km_lock);
		return 0;
	}
	return va;
}

/* Free what uvm_km_alloc() gave, with the same size and flags. */
void
uvm_km_free(vaddr_t va, vsize_t size, int flags)
{
	vsize_t len;

	KASSERT((va & PAGE_MASK) == 0 && size != 0);
	size = round_page(size);
	if (flags & UVM_KMF_WIRED) {
		km_unwire(va, size);
	} else {
#ifdef DIAGNOSTIC
		vsize_t off;

		for (off = 0; off < size; off += PAGE_SIZE)
			KASSERTMSG(!pmap_extract(va + off, NULL),
			    "uvm_km_free: VAONLY page 0x%lx still mapped",
			    (unsigned long)(va + off));
#endif
	}
	len = size;
	if (flags & UVM_KMF_GUARD) {
		va -= PAGE_SIZE;
		len += PAGE_SIZE;
	}
	km_init();
	mutex_enter(&km_lock);
	km_va_free(va, len);
	mutex_exit(&km_lock);
}

void
uvm_km_getstats(struct uvm_km_stats *st)
{
	km_init();
	mutex_enter(&km_lock);
	st->kms_total = KVA_END - KVA_START;
	st->kms_free = km_freebytes;
	st->kms_nseg = km_nseg;
	st->kms_nalloc = km_nalloc;
	mutex_exit(&km_lock);
}
