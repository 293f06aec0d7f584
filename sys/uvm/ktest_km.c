/*	Petrel: uvm/ktest_km.c -- tests of kernel VA, kmem, the pmap.	*/

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/cpu.h>
#include <sys/kmem.h>
#include <sys/ktest.h>

#include <machine/pmap.h>
#include <x86/intr.h>
#include <x86/probe.h>
#include <x86/trap.h>
#include <uvm/uvm_extern.h>

/* A small LCG: the same run every boot. */
static uint32_t
kt_rand(uint32_t *seed)
{
	*seed = *seed * 1664525U + 1013904223U;
	return *seed >> 8;
}

static inline uint8_t
kt_pattern(uint32_t tag, size_t i)
{
	return (uint8_t)(tag + i * 131 + (i >> 8));
}

#define KT_NSLOT	128

/* A kmem_stress allocation: size bytes of kt_pattern(tag, i). */
struct kt_slot {
	uint8_t		*p;
	size_t		 size;
	uint32_t	 tag;
};

static bool
kt_slot_intact(const struct kt_slot *sl)
{
	size_t i;

	for (i = 0; i < sl->size; i++)
		if (sl->p[i] != kt_pattern(sl->tag, i))
			return false;
	return true;
}

/*
 * Fill an empty slot: mostly small, sometimes large, 1..16384 bytes,
 * from kmem_zalloc (checked to be zero: else *bad) if zeroed.  False if
 * kmem had nothing.
 */
static bool
kt_slot_alloc(struct kt_slot *sl, uint32_t *seed, bool zeroed, int *bad,
    int *misaligned)
{
	uint32_t r;
	size_t i, sz;

	r = kt_rand(seed);
	if (r % 4 != 0)
		sz = 1 + kt_rand(seed) % KMEM_MAXSIZE;
	else
		sz = 1 + kt_rand(seed) % 16384;
	sl->p = zeroed ? kmem_zalloc(sz, KM_NOSLEEP) :
	    kmem_alloc(sz, KM_NOSLEEP);
	if (sl->p == NULL)
		return false;
	if (zeroed)
		for (i = 0; i < sz; i++)
			if (sl->p[i] != 0) {
				(*bad)++;
				break;
			}
	/* 16-byte aligned at least (large ones: pages). */
	if (((uintptr_t)sl->p & 15) != 0)
		(*misaligned)++;
	sl->size = sz;
	sl->tag = r;
	for (i = 0; i < sz; i++)
		sl->p[i] = kt_pattern(r, i);
	return true;
}

/* kmem's counts after kmem_stress: every class used, all given back. */
static void
kmem_stress_counts(struct ktest *kt, const struct kmem_stats *before,
    const struct kmem_stats *mid, const struct kmem_stats *after)
{
	const struct kmem_class_stats *b, *a;
	int k;

	for (k = 0; k < KMEM_NCLASS; k++) {
		b = &before->ks_class[k];
		a = &after->ks_class[k];
		KT_CHECK_EQ(a->kcs_size, KMEM_MINSIZE << k);
		KT_CHECK(mid->ks_class[k].kcs_allocs > b->kcs_allocs);
		KT_CHECK_EQ(a->kcs_inuse, b->kcs_inuse);
		KT_CHECK_EQ(a->kcs_pages, b->kcs_pages);
		KT_CHECK_EQ(a->kcs_allocs - b->kcs_allocs,
		    a->kcs_frees - b->kcs_frees);
	}
	KT_CHECK(mid->ks_large_allocs > before->ks_large_allocs);
	KT_CHECK_EQ(after->ks_large_inuse, before->ks_large_inuse);
	KT_CHECK_EQ(after->ks_large_pages, before->ks_large_pages);
}

KTEST_CASE(kmem_stress, "random kmem sizes 1..16384: contents kept, no leak")
{
	static struct kt_slot slot[KT_NSLOT];
	struct kmem_stats before, mid, after;
	uint32_t seed = 12345;
	int n, k, bad = 0, misaligned = 0;

	kmem_getstats(&before);
	for (n = 0; n < 6000; n++) {
		k = kt_rand(&seed) % KT_NSLOT;
		if (slot[k].p == NULL) {
			KT_REQUIRE(kt_slot_alloc(&slot[k], &seed, (n & 1) != 0,
			    &bad, &misaligned));
			continue;
		}
		if (!kt_slot_intact(&slot[k]))
			bad++;
		kmem_free(slot[k].p, slot[k].size);
		slot[k].p = NULL;
	}
	kmem_getstats(&mid);
	for (k = 0; k < KT_NSLOT; k++) {
		if (slot[k].p == NULL)
			continue;
		if (!kt_slot_intact(&slot[k]))
			bad++;
		kmem_free(slot[k].p, slot[k].size);
		slot[k].p = NULL;
	}
	kmem_getstats(&after);

	KT_CHECK_EQ(bad, 0);
	KT_CHECK_EQ(misaligned, 0);
	kmem_stress_counts(kt, &before, &mid, &after);

	/* More than there is: KM_NOSLEEP says so instead of panicking. */
	KT_CHECK(kmem_alloc(KVA_END - KVA_START + 1, KM_NOSLEEP) == NULL);
}

/*
 * km_enter_remove_faults, one page at va: mapped to pa, visible through
 * both mappings; re-entered to pa2; write-protected and back; removed,
 * so that a read faults.  False if that read did not fault.
 */
static bool
km_one_page(struct ktest *kt, vaddr_t va, paddr_t pa, paddr_t pa2)
{
	volatile uint32_t *p = (volatile uint32_t *)va;
	vaddr_t fva = 0;
	paddr_t got = 0;
	int trapno;
	bool faulted;

	/* One page: visible after pmap_update, through both mappings. */
	pmap_kenter_pa(va, pa, VM_PROT_READ | VM_PROT_WRITE);
	pmap_update();
	p[0] = 0xfeedc0de;
	p[1023] = 0x12345678;
	KT_CHECK_EQ(*(volatile uint32_t *)PMAP_DIRECT_VA(pa), 0xfeedc0de);
	KT_CHECK(pmap_extract(va + 8, &got));
	KT_CHECK_EQ(got, pa + 8);
	KT_CHECK(x86_probe(va, true, NULL, NULL) == 0);
	KT_CHECK((pmap_pte_get(va) & PG_NX) == pmap_pg_nx);

	/* Re-entered over a live mapping: the old TLB entry must go. */
	*(volatile uint32_t *)PMAP_DIRECT_VA(pa2) = 0xabad1dea;
	pmap_kenter_pa(va, pa2, VM_PROT_READ | VM_PROT_WRITE);
	pmap_update();
	KT_CHECK_EQ(p[0], 0xabad1dea);

	/* Read-only, then writable again. */
	pmap_kprotect(va, PAGE_SIZE, VM_PROT_READ);
	pmap_update();
	trapno = -1;
	KT_CHECK(x86_probe(va, true, &trapno, NULL) == -1);
	KT_CHECK_EQ(trapno, T_PAGEFLT);
	KT_CHECK(x86_probe(va, false, NULL, NULL) == 0);
	pmap_kprotect(va, PAGE_SIZE, VM_PROT_READ | VM_PROT_WRITE);
	pmap_update();
	KT_CHECK(x86_probe(va, true, NULL, NULL) == 0);

	/* Removal: the PTE is 0 (no address bits) and a read faults. */
	pmap_kremove(va, PAGE_SIZE);
	KT_CHECK(!pmap_extract(va, NULL));	/* queued counts already */
	pmap_update();
	KT_CHECK_EQ(pmap_pte_get(va), 0);
	trapno = -1;
	faulted = x86_probe(va, false, &trapno, &fva) == -1;
	KT_CHECK(faulted);
	if (!faulted)
		return false;
	KT_CHECK_EQ(trapno, T_PAGEFLT);
	KT_CHECK_EQ(fva, va);
	return true;
}

/*
 * km_enter_remove_faults, n pages at va (pa and pa2 by turns, as
 * km_one_page left them) all removed in one pmap_update: the writes and
 * the (whole-TLB) flush travel in one multicall.
 */
static void
km_many_pages(struct ktest *kt, vaddr_t va, int n, paddr_t pa, paddr_t pa2)
{
	struct pmap_kstats ps0, ps1;
	vaddr_t fva = 0;
	int trapno, s, i, bad = 0;

	for (i = 0; i < n; i++)
		pmap_kenter_pa(va + i * PAGE_SIZE, i % 2 ? pa : pa2,
		    VM_PROT_READ | VM_PROT_WRITE);
	pmap_update();
	for (i = 0; i < n; i++)
		if (*(volatile uint32_t *)(va + i * PAGE_SIZE) !=
		    (i % 2 ? 0xfeedc0de : 0xabad1dea))
			bad++;
	KT_CHECK_EQ(bad, 0);
	s = splvm();		/* nobody else's pmap work in the count */
	ps0 = pmap_kstats;
	pmap_kremove(va, n * PAGE_SIZE);
	pmap_update();
	ps1 = pmap_kstats;
	splx(s);
	KT_CHECK_EQ(ps1.pks_hypercalls - ps0.pks_hypercalls, 1);
	KT_CHECK_EQ(ps1.pks_multicalls - ps0.pks_multicalls, 1);
	KT_CHECK_EQ(ps1.pks_ptewrites - ps0.pks_ptewrites, n);
	KT_CHECK_EQ(ps1.pks_tlbflush - ps0.pks_tlbflush, 1);
	for (i = 0, bad = 0; i < n; i++) {
		trapno = -1;
		if (x86_probe(va + i * PAGE_SIZE, false, &trapno, &fva) !=
		    -1 || trapno != T_PAGEFLT || fva != va + i * PAGE_SIZE)
			bad++;
	}
	KT_CHECK_EQ(bad, 0);
}

KTEST_CASE(km_enter_remove_faults, "kenter maps, kremove + update unmaps")
{
	struct pmap_kstats ps0, ps1;
	vaddr_t va;
	paddr_t pa, pa2;
	int s, i;
	const int n = 24;		/* more than single invalidations */

	va = uvm_km_alloc(n * PAGE_SIZE, UVM_KMF_VAONLY);
	KT_REQUIRE(va != 0);
	KT_CHECK(va >= KVA_START && va + n * PAGE_SIZE <= KVA_END);
	pa = uvm_pagealloc_pa();
	pa2 = uvm_pagealloc_pa();
	KT_REQUIRE(pa != UVM_NOPAGE && pa2 != UVM_NOPAGE);
	if (!km_one_page(kt, va, pa, pa2))
		return;
	km_many_pages(kt, va, n, pa, pa2);

	/* A few pages: single-page invalidations, still one hypercall. */
	for (i = 0; i < 3; i++)
		pmap_kenter_pa(va + i * PAGE_SIZE, pa,
		    VM_PROT_READ | VM_PROT_WRITE);
	pmap_update();
	KT_CHECK_EQ(*(volatile uint32_t *)(va + 2 * PAGE_SIZE), 0xfeedc0de);
	s = splvm();
	ps0 = pmap_kstats;
	pmap_kremove(va, 3 * PAGE_SIZE);
	pmap_update();
	ps1 = pmap_kstats;
	splx(s);
	KT_CHECK_EQ(ps1.pks_hypercalls - ps0.pks_hypercalls, 1);
	KT_CHECK_EQ(ps1.pks_invlpg - ps0.pks_invlpg, 3);
	KT_CHECK(x86_probe(va + 2 * PAGE_SIZE, false, NULL, NULL) == -1);

	uvm_pagefree_pa(pa);
	uvm_pagefree_pa(pa2);
	uvm_km_free(va, n * PAGE_SIZE, UVM_KMF_VAONLY);
}

#define KT_NRANGE	200

/* A range of kernel VA that kva_alloc_free took. */
struct kt_range {
	vaddr_t	va;
	vsize_t	size;
};

/* kva_alloc_free: how many pairs of the n ranges, guards included, overlap. */
static int
kva_overlaps(const struct kt_range *r, int n)
{
	vaddr_t lo_i, hi_i, lo_j, hi_j;
	int i, j, overlap = 0;

	for (i = 0; i < n; i++) {
		lo_i = r[i].va - PAGE_SIZE;
		hi_i = r[i].va + r[i].size;
		for (j = i + 1; j < n; j++) {
			lo_j = r[j].va - PAGE_SIZE;
			hi_j = r[j].va + r[j].size;
			if (lo_i < hi_j && lo_j < hi_i)
				overlap++;
		}
	}
	return overlap;
}

/* kva_alloc_free, wired with a guard: zeroed pages, an unmapped page below. */
static void
kva_wired_guard(struct ktest *kt)
{
	vaddr_t va;
	paddr_t pa;
	int i, bad = 0;

	va = uvm_km_alloc(STACK_PAGES * PAGE_SIZE,
	    UVM_KMF_WIRED | UVM_KMF_ZERO | UVM_KMF_GUARD);
	KT_REQUIRE(va != 0);
	for (i = 0; i < STACK_PAGES * PAGE_SIZE / 4; i++)
		if (((volatile uint32_t *)va)[i] != 0)
			bad++;
	KT_CHECK_EQ(bad, 0);
	KT_CHECK(pmap_extract(va, &pa));
	KT_CHECK(x86_probe(va + STACK_PAGES * PAGE_SIZE - 1, true, NULL,
	    NULL) == 0);
	KT_CHECK(x86_probe(va - 1, false, NULL, NULL) == -1);
	uvm_km_free(va, STACK_PAGES * PAGE_SIZE,
	    UVM_KMF_WIRED | UVM_KMF_ZERO | UVM_KMF_GUARD);
	KT_CHECK(x86_probe(va, false, NULL, NULL) == -1);
}

KTEST_CASE(kva_alloc_free, "kernel VA with guard pages: disjoint, all back")
{
	static struct kt_range r[KT_NRANGE];
	struct uvm_km_stats st0, st1, st2;
	uint32_t seed = 777;
	vaddr_t va;
	int i;

	uvm_km_getstats(&st0);
	KT_CHECK_EQ(st0.kms_total, KVA_END - KVA_START);
	for (i = 0; i < KT_NRANGE; i++) {
		r[i].size = (1 + kt_rand(&seed) % 16) * PAGE_SIZE;
		r[i].va = uvm_km_alloc(r[i].size,
		    UVM_KMF_VAONLY | UVM_KMF_GUARD);
		KT_REQUIRE(r[i].va != 0);
		KT_CHECK((r[i].va & PAGE_MASK) == 0);
		KT_CHECK(r[i].va - PAGE_SIZE >= KVA_START &&
		    r[i].va + r[i].size <= KVA_END);
	}
	/* Ranges, guard pages included, never overlap. */
	KT_CHECK_EQ(kva_overlaps(r, KT_NRANGE), 0);
	uvm_km_getstats(&st1);
	KT_CHECK_EQ(st1.kms_nalloc, st0.kms_nalloc + KT_NRANGE);

	/* Free every other one, then the rest: holes merge back. */
	for (i = 0; i < KT_NRANGE; i += 2)
		uvm_km_free(r[i].va, r[i].size,
		    UVM_KMF_VAONLY | UVM_KMF_GUARD);
	/* Reuse the holes: first fit fills them from the bottom. */
	va = uvm_km_alloc(PAGE_SIZE, UVM_KMF_VAONLY);
	KT_CHECK(va != 0 && va <= r[0].va);
	uvm_km_free(va, PAGE_SIZE, UVM_KMF_VAONLY);
	for (i = 1; i < KT_NRANGE; i += 2)
		uvm_km_free(r[i].va, r[i].size,
		    UVM_KMF_VAONLY | UVM_KMF_GUARD);
	uvm_km_getstats(&st2);
	KT_CHECK_EQ(st2.kms_free, st0.kms_free);
	KT_CHECK_EQ(st2.kms_nseg, st0.kms_nseg);
	KT_CHECK_EQ(st2.kms_nalloc, st0.kms_nalloc);
	kva_wired_guard(kt);

	/* Too big, or nothing: 0, and nothing lost. */
	KT_CHECK(uvm_km_alloc(KVA_END - KVA_START + PAGE_SIZE,
	    UVM_KMF_VAONLY) == 0);
	KT_CHECK(uvm_km_alloc(0, UVM_KMF_VAONLY) == 0);
	uvm_km_getstats(&st2);
	KT_CHECK_EQ(st2.kms_free, st0.kms_free);
	KT_CHECK_EQ(st2.kms_nseg, st0.kms_nseg);
}
