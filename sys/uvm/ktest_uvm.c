/*	Petrel: uvm/ktest_uvm.c -- tests of physical memory.	*/

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/ktest.h>
#include <machine/pmap.h>
#include <uvm/uvm_extern.h>
#include <xen/xenpmap.h>

KTEST_CASE(page_alloc_free, "pages come back distinct and all return")
{
	static paddr_t pages[256];
	unsigned long before = uvmexp_free;
	int i, j;

	for (i = 0; i < 256; i++) {
		pages[i] = uvm_pagealloc_pa();
		KT_REQUIRE(pages[i] != UVM_NOPAGE);
		KT_REQUIRE((pages[i] & PAGE_MASK) == 0);
	}
	KT_CHECK_EQ(uvmexp_free, before - 256);
	for (i = 0; i < 256; i++)
		for (j = i + 1; j < 256; j++)
			KT_REQUIRE(pages[i] != pages[j]);
	for (i = 0; i < 256; i++)
		uvm_pagefree_pa(pages[i]);
	KT_CHECK_EQ(uvmexp_free, before);
}

KTEST_CASE(direct_map_ram, "every page of RAM is mapped at KERNBASE + pa")
{
	unsigned long pfn, bad = 0;
	paddr_t pa;
	volatile uint64_t *p;

	for (pfn = 0; pfn < xen_nr_pages; pfn++) {
		/* That page's VA now shows Xen's shared_info frame. */
		if (ptoa(pfn) == PMAP_DIRECT_PA(HYPERVISOR_shared_info))
			continue;
		pt_entry_t pte = pmap_pte_get(PMAP_DIRECT_VA(ptoa(pfn)));

		if ((pte & PG_V) == 0 ||
		    (pte & PG_FRAME) != xpmap_ptom(ptoa(pfn)))
			bad++;
	}
	KT_CHECK_EQ(bad, 0);

	/* Free pages hold what is written to them. */
	pa = uvm_pagealloc_pa();
	KT_REQUIRE(pa != UVM_NOPAGE);
	p = (volatile uint64_t *)PMAP_DIRECT_VA(pa);
	p[0] = 0x5a5a5a5a12345678ULL;
	p[511] = ~p[0];
	KT_CHECK(p[0] == 0x5a5a5a5a12345678ULL && p[511] == ~p[0]);
	uvm_pagefree_pa(pa);
}
