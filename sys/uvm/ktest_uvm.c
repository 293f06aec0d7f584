/*	Petrel: uvm/ktest_uvm.c -- tests of physical memory.	*/

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/ktest.h>
#include <machine/pmap.h>
#include <uvm/uvm_extern.h>

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
