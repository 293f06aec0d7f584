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
KTEST_CASE(evtchn_bindings, "an event channel binding is counted and "
    "undone: count +1 per event, closed and gone after unbind")
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

KTEST_CASE(idle_blocks, "an idle vCPU blocks in Xen: over 2 s it runs at "
    "most 0.33 % of the time")
{
	struct vcpu_runstate_info a, b;
	uint64_t ran, blocked;
	int id = curcpu()->ci_vcpuid;

	KT_REQUIRE_EQ(HYPERVISOR_vcpu_op(VCPUOP_get_runstate_info, id, &a), 0);
	(void)kpause("ktidle", false, hz * 2, NULL);
	KT_REQUIRE_EQ(HYPERVISOR_vcpu_op(VCPUOP_get_runstate_info, id, &b), 0);
	ran = b.time[RUNSTATE_running] - a.time[RUNSTATE_running];
	blocked = b.time[RUNSTATE_blocked] - a.time[RUNSTATE_blocked];
	printf("ktest: idle_blocks: vcpu%d over 2 s: running %llu us, "
	    "blocked %llu us\n", id, (unsigned long long)ran / 1000,
	    (unsigned long long)blocked / 1000);
	KT_CHECK(blocked >= IDLE_WINDOW_NS * 9 / 10);
	KT_CHECK(ran <= IDLE_MAX_RUN_NS);
}
