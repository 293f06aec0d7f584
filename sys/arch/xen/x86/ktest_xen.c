/*	Petrel: xen/x86/ktest_xen.c -- tests of the Xen PV machine layer.	*/

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/cpu.h>
#include <sys/ktest.h>

#include <machine/pmap.h>
#include <x86/probe.h>
#include <x86/trap.h>
#include <xen/hypervisor.h>
#include <xen/xen.h>
#include <xen/xenpmap.h>

KTEST_CASE(xen_version, "Xen reports a 4.x version and our features")
{
	int v = HYPERVISOR_xen_version(XENVER_version, NULL);

	KT_CHECK_EQ(v >> 16, 4);
	KT_CHECK(xen_version_string[0] == '4');
}

KTEST_CASE(fault_caught, "a read of an unmapped page is caught as a fault")
{
	vaddr_t va = 0;
	int trapno = -1;

	KT_REQUIRE(x86_probe(16, false, &trapno, &va) == -1);
	KT_CHECK_EQ(trapno, T_PAGEFLT);
	KT_CHECK_EQ(va, 16);
	/* And a mapped page is not. */
	KT_CHECK(x86_probe((vaddr_t)&va, true, NULL, NULL) == 0);
}

KTEST_CASE(ptp_read_only, "page-table pages are mapped read-only")
{
	vaddr_t top = (vaddr_t)pmap_kernel_pdir, va = 0;
	int trapno = -1;

	KT_CHECK(pmap_page_is_ptp(PMAP_DIRECT_PA(top)));
	KT_CHECK(x86_probe(top, false, NULL, NULL) == 0);
	KT_REQUIRE(x86_probe(top, true, &trapno, &va) == -1);
	KT_CHECK_EQ(trapno, T_PAGEFLT);
}
