/*	Petrel: uvm/uvm_page.c -- the physical page allocator.
 *
 * One bit per page of the direct map: set = free.  Allocation takes
 * the lowest free page, which the boot code relies on (page-table pages
 * for the direct map come from memory that is already mapped).
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/cpu.h>
#include <uvm/uvm_extern.h>

#define NPAGES_MAX	(DIRECT_MAP_MAX / PAGE_SIZE)
#define BPW		(sizeof(unsigned long) * 8)

static unsigned long page_free_bits[NPAGES_MAX / BPW];
static unsigned long page_hint;		/* no free page below this word */
static unsigned long page_limit;	/* words in use */
static volatile int page_lock;

unsigned long uvmexp_npages;
unsigned long uvmexp_free;

static int
page_lock_enter(void)
{
	int s = splvm();

	while (__atomic_exchange_n(&page_lock, 1, __ATOMIC_ACQUIRE))
		cpu_spinwait();
	return s;
}

static void
page_lock_exit(int s)
{
	__atomic_store_n(&page_lock, 0, __ATOMIC_RELEASE);
	splx(s);
}

void
uvm_page_init(paddr_t start, paddr_t end)
{
	unsigned long pfn;

	KASSERT(end <= DIRECT_MAP_MAX);
	for (pfn = atop(start); pfn < atop(end); pfn++) {
		page_free_bits[pfn / BPW] |= 1UL << (pfn % BPW);
		uvmexp_npages++;
	}
	uvmexp_free = uvmexp_npages;
	page_hint = atop(start) / BPW;
	page_limit = howmany(atop(end), BPW);
}

paddr_t
uvm_pagealloc_pa(void)
{
	unsigned long w, bit;
	paddr_t pa = UVM_NOPAGE;
	int s;

	s = page_lock_enter();
	for (w = page_hint; w < page_limit; w++) {
		if (page_free_bits[w] == 0)
			continue;
		bit = __builtin_ctzl(page_free_bits[w]);
		page_free_bits[w] &= ~(1UL << bit);
		pa = ptoa(w * BPW + bit);
		uvmexp_free--;
		break;
	}
	page_hint = w;
	page_lock_exit(s);
	return pa;
}

void
uvm_pagefree_pa(paddr_t pa)
{
	unsigned long pfn = atop(pa);
	int s;

	KASSERT(pfn / BPW < page_limit);
	s = page_lock_enter();
	KASSERTMSG((page_free_bits[pfn / BPW] & (1UL << (pfn % BPW))) == 0,
	    "page %#lx freed twice", (unsigned long)pa);
	page_free_bits[pfn / BPW] |= 1UL << (pfn % BPW);
	uvmexp_free++;
	if (pfn / BPW < page_hint)
		page_hint = pfn / BPW;
	page_lock_exit(s);
}
