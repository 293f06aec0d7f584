/*	Petrel: xen/x86/ktest_xen.c -- tests of the Xen PV machine layer.	*/

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/cpu.h>
#include <sys/errno.h>
#include <sys/ktest.h>

#include <machine/intr.h>
#include <machine/pmap.h>
#include <x86/probe.h>
#include <x86/trap.h>
#include <xen/hypervisor.h>
#include <xen/xen.h>
#include <xen/xenpmap.h>
#include <xen/evtchn.h>
#include <sys/lwp.h>
#include <sys/sched.h>
#include <uvm/uvm_extern.h>

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

static volatile int self_events;

static int
self_event_handler(void *arg)
{
	(void)arg;
	self_events++;
	return 1;
}

/*
 * Bind an IPI channel to ci with self_event_handler, unmasked, counts
 * zeroed: 0 and the port, or the binding's error.  The test thread may
 * move to another CPU afterwards: the events still go to ci.
 */
static int
self_event_bind(struct cpu_info *ci, unsigned int *portp)
{
	int error;

	self_events = 0;
	error = bind_vcpu_to_evtch(ci, self_event_handler, NULL, IPL_VM,
	    "ktest", portp);
	if (error == 0)
		hypervisor_unmask_event(*portp);
	return error;
}

/* Send port to ourselves, then give a second event time to show up. */
#define SELF_EVENT_WAIT_YIELDS	1000
#define SELF_EVENT_EXTRA_YIELDS	100

static void
self_event_send(unsigned int port)
{
	int i;

	hypervisor_send_event(port);
	for (i = 0; i < SELF_EVENT_WAIT_YIELDS && self_events == 0; i++)
		HYPERVISOR_yield();
	for (i = 0; i < SELF_EVENT_EXTRA_YIELDS; i++)
		HYPERVISOR_yield();
}

KTEST_CASE(event_self, "an event sent to this vCPU is delivered once")
{
	unsigned int port;

	KT_REQUIRE_EQ(self_event_bind(curcpu(), &port), 0);
	self_event_send(port);
	KT_CHECK_EQ(self_events, 1);
	KT_CHECK_EQ(unbind_vcpu_from_evtch(port), 0);
}

/*
 * The binding table: an IPI channel bound here shows up as one, on this
 * CPU, and its count grows by exactly the one event sent; unbound, Xen
 * has closed the port and the table has forgotten it, and a second
 * unbind is refused.
 */
KTEST_CASE(evtchn_bindings, "an event channel binding is counted and undone: count +1 per event, closed and gone after unbind")
{
	struct evtchn_binding eb;
	struct evtchn_status st;
	struct cpu_info *ci = curcpu();
	unsigned int port;
	unsigned long before;
	int error;

	KT_REQUIRE_EQ(self_event_bind(ci, &port), 0);
	KT_REQUIRE_EQ(evtchn_binding_get(port, &eb), 0);
	KT_CHECK_EQ(eb.eb_port, port);
	KT_CHECK_EQ(eb.eb_kind, EVTCHN_KIND_IPI);
	KT_CHECK_EQ(eb.eb_cpu, cpu_index(ci));
	KT_CHECK(strcmp(eb.eb_name, "ktest") == 0);
	KT_CHECK_EQ(eb.eb_count, 0);
	before = eb.eb_count;

	self_event_send(port);
	KT_CHECK_EQ(self_events, 1);
	KT_REQUIRE_EQ(evtchn_binding_get(port, &eb), 0);
	KT_CHECK(eb.eb_count >= before + 1);
	KT_CHECK(eb.eb_count <= before + 1);

	/* The console table lists it (seen on the console: port, "ktest"). */
	intr_show_all();

	KT_REQUIRE_EQ(unbind_vcpu_from_evtch(port), 0);
	st.dom = DOMID_SELF;
	st.port = port;
	error = HYPERVISOR_event_channel_op(EVTCHNOP_status, &st);
	KT_REQUIRE_EQ(error, 0);
	KT_CHECK_EQ(st.status, EVTCHNSTAT_closed);
	KT_CHECK_EQ(evtchn_binding_get(port, &eb), ENOENT);
	KT_CHECK_EQ(unbind_vcpu_from_evtch(port), ENOENT);
}

/*
 * Idle is tickless: over 2 s of sleep this vCPU runs at most 0.33 % of
 * the time by Xen's count (xl vcpu-list's resolution over 30 s), the
 * wake-up at the end included, and is blocked nearly all of it.
 */
#define IDLE_WINDOW_NS	2000000000ULL
#define IDLE_MAX_RUN_NS	(IDLE_WINDOW_NS / 300)

KTEST_CASE(idle_blocks, "an idle vCPU blocks in Xen: over 2 s it runs at most 0.33 % of the time")
{
	struct vcpu_runstate_info a, b;
	uint64_t ran, blocked;
	int id = curcpu()->ci_vcpuid;

	KT_REQUIRE_EQ(HYPERVISOR_vcpu_op(VCPUOP_get_runstate_info, id, &a), 0);
	(void)kpause("ktidle", false, hz * 2, NULL);
	KT_REQUIRE_EQ(HYPERVISOR_vcpu_op(VCPUOP_get_runstate_info, id, &b), 0);
	ran = b.time[RUNSTATE_running] - a.time[RUNSTATE_running];
	blocked = b.time[RUNSTATE_blocked] - a.time[RUNSTATE_blocked];
	printf("ktest: idle_blocks: vcpu%d over 2 s: running %llu us, blocked %llu us\n",
	    id, (unsigned long long)ran / 1000,
	    (unsigned long long)blocked / 1000);
	KT_CHECK(blocked >= IDLE_WINDOW_NS * 9 / 10);
	KT_CHECK(ran <= IDLE_MAX_RUN_NS);
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

KTEST_CASE(kernel_text_readonly, "kernel text and rodata cannot be written")
{
	extern char kernel_text[], etext[], erodata[];
	vaddr_t text = (vaddr_t)&printf, fva = 0;
	vaddr_t ro = (vaddr_t)copyright;
	int trapno = -1;

	KT_REQUIRE(text >= (vaddr_t)kernel_text && text < (vaddr_t)etext);
	KT_CHECK(x86_probe(text, false, NULL, NULL) == 0);
	KT_REQUIRE(x86_probe(text, true, &trapno, &fva) == -1);
	KT_CHECK_EQ(trapno, T_PAGEFLT);
	KT_CHECK_EQ(fva, text);
	KT_CHECK((pmap_pte_get(text) & (PG_V | PG_RW | PG_NX)) == PG_V);

	/* The hypercall page is text too, and hypercalls still work. */
	KT_CHECK((pmap_pte_get((vaddr_t)hypercall_page) & PG_RW) == 0);
	KT_CHECK(HYPERVISOR_xen_version(XENVER_version, NULL) > 0);

	/* Read-only data as well. */
	if (ro >= (vaddr_t)etext && ro < (vaddr_t)erodata) {
		trapno = -1;
		KT_CHECK(x86_probe(ro, false, NULL, NULL) == 0);
		KT_CHECK(x86_probe(ro, true, &trapno, NULL) == -1);
		KT_CHECK_EQ(trapno, T_PAGEFLT);
	}
}

static int kt_data_word = 1;	/* in .data */
static int kt_bss_word;		/* in .bss */
/* "xorl %eax, %eax; ret", in .data: returns 0 if it can run. */
static uint8_t kt_data_code[4] = { 0x31, 0xc0, 0xc3, 0xcc };

/*
 * Call code at a data address with the fault catcher armed, as
 * x86_probe() does for loads: a fetch fault resumes at probe_fault,
 * which returns -1 to us.
 */
static int
kt_exec_probe(void *code, int *trapno, vaddr_t *fault_va)
{
	int (*fn)(void) = (int (*)(void))code;
	struct x86_onfault of;
	int rv;

	x86_onfault_arm(&of, probe_fault);
	rv = fn();
	(void)x86_onfault_disarm(&of);
	if (rv != 0) {
		*trapno = of.of_trapno;
		*fault_va = of.of_va;
	}
	return rv;
}

KTEST_CASE(kernel_data_nx, "kernel data, bss and rodata are not executable")
{
	extern char etext[], erodata[];
	vaddr_t va, fva = 0;
	int trapno = -1;

	if (pmap_pg_nx == 0)
		KT_SKIP("the CPU has no NX bit");
	/* Text stays executable. */
	KT_CHECK((pmap_pte_get((vaddr_t)&printf) & PG_NX) == 0);
	/* Data and bss: NX, and still writable. */
	KT_CHECK((pmap_pte_get((vaddr_t)&kt_data_word) & PG_NX) != 0);
	KT_CHECK((pmap_pte_get((vaddr_t)&kt_bss_word) & PG_NX) != 0);
	KT_CHECK(x86_probe((vaddr_t)&kt_data_word, true, NULL, NULL) == 0);
	KT_CHECK(x86_probe((vaddr_t)&kt_bss_word, true, NULL, NULL) == 0);
	kt_data_word++;
	kt_bss_word++;
	/* And the CPU refuses to run code there. */
	KT_CHECK(kt_exec_probe(kt_data_code, &trapno, &fva) == -1);
	KT_CHECK_EQ(trapno, T_PAGEFLT);
	KT_CHECK_EQ(fva, (vaddr_t)kt_data_code);
	/* shared_info kept Xen's frame: not the page's own. */
	va = (vaddr_t)HYPERVISOR_shared_info;
	KT_CHECK((pmap_pte_get(va) & PG_NX) != 0);
	KT_CHECK((pmap_pte_get(va) & PG_FRAME) ==
	    (xen_start_info->shared_info & PG_FRAME));
	/* Every rodata page. */
	for (va = (vaddr_t)etext; va < (vaddr_t)erodata; va += PAGE_SIZE)
		if ((pmap_pte_get(va) & (PG_NX | PG_RW)) != PG_NX)
			KT_FAIL("rodata page 0x%lx: PTE 0x%llx",
			    (unsigned long)va,
			    (unsigned long long)pmap_pte_get(va));
}
