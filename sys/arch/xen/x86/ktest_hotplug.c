/*	Petrel: xen/x86/ktest_hotplug.c -- vCPUs going and coming under load.
 *
 * Each case races some SMP mechanism (cross-calls, cpu_setstate, the
 * TLB, wakeups) against vCPUs going offline and online through
 * cpu_setstate(), the path xenstore's cpu/N/availability takes.  Every
 * wait is bounded: a lost wakeup or cross-call fails the case with a
 * message instead of hanging the boot.
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/cpu.h>
#include <sys/ktest.h>
#include <sys/lwp.h>
#include <sys/sched.h>
#include <sys/xcall.h>

#include <xen/hypervisor.h>
#include <xen/intrdefs.h>
#include <xen/xen.h>
#include <xen/xen_clock.h>
#include <xen/xenpmap.h>
#include <machine/pmap.h>
#include <uvm/uvm_extern.h>

#define NS_PER_MS	1000000ULL

static bool
hp_running(struct cpu_info *ci)
{
	return ci != NULL && (ci->ci_flags & CPUF_RUNNING) != 0;
}

/* Wait (bounded) until *left drops to zero; false if it did not. */
static bool
hp_wait_threads(volatile int *left, uint64_t ms)
{
	uint64_t deadline = xen_systime_ns() + ms * NS_PER_MS;

	while (*left > 0) {
		if (xen_systime_ns() > deadline)
			return false;
		(void)kpause("kthp", false, 1, NULL);
	}
	return true;
}

/* ---- cross-calls while vCPUs come and go ------------------------------ */

#define XCH_CALLERS	2
#define XCH_CALLS	50000		/* per caller: 10^5 in all */
#define XCH_MIN_CALLS	2000		/* in all: a loaded host is 20x slower */
#define XCH_MIN_CYCLES	10		/* offline/online cycles under calls */
#define XCH_BUDGET_NS	(60000 * NS_PER_MS)	/* 10^5 take 12-45 s quiet */
#define XCH_WAIT_NS	(5000 * NS_PER_MS)

struct xch_caller {
	volatile unsigned int	 seq;		/* the call in flight */
	volatile unsigned int	 hits[MAXCPUS];	/* runs of it, per CPU */
	unsigned long		 before_off[MAXCPUS];	/* ci_noffline */
	bool			 before_run[MAXCPUS];
	unsigned long		 missed, dup, stray, late, calls;
	unsigned int		 me;
};

static struct xch_caller xch_callers[XCH_CALLERS];
static volatile bool xch_stop, xch_hung;
static uint64_t xch_end_ns;		/* callers stop here, done or not */
static volatile int xch_left;
static volatile unsigned long xch_cycles, xch_setstate_errors;
static uint64_t xch_slowest_ns[2];	/* [online]: the longest change */
static struct lwp *xch_lwps[XCH_CALLERS + 1];

/* A case that did not end: where each of its threads is. */
static void
xch_report_threads(void)
{
	struct lwp *l;
	int i;

	printf("ktest: xcall_during_hotplug: %lu offline/online cycles\n",
	    xch_cycles);
	for (i = 0; i < XCH_CALLERS; i++)
		printf("ktest: xcall_during_hotplug: caller %d: %lu calls done, seq %u\n",
		    i, xch_callers[i].calls, xch_callers[i].seq);
	for (i = 0; i <= XCH_CALLERS; i++) {
		l = xch_lwps[i];
		printf("ktest: xcall_during_hotplug: %s: stat %d on cpu%d, wmesg %s\n",
		    l->l_name, l->l_stat, l->l_cpu->ci_index,
		    l->l_wmesg != NULL ? l->l_wmesg : "-");
	}
	cpu_show_all();
	/* Each other CPU says what it runs and at which level. */
	for (i = 0; i < ncpu; i++)
		if (cpu_infos[i] != curcpu())
			(void)xen_send_ipi(cpu_infos[i], XEN_IPI_DDB);
	(void)kpause("kthpddb", false, hz / 2, NULL);
	for (i = 0; i < ncpu; i++)
		printf("ktest: xcall_during_hotplug: cpu%d: ilevel %d, spin mutexes held %d, want_resched %d\n",
		    i, cpu_infos[i]->ci_ilevel, cpu_infos[i]->ci_mtx_count,
		    cpu_infos[i]->ci_want_resched);
}

static void
xch_handler(void *a1, void *a2)
{
	struct xch_caller *c = a1;

	/* A run after the caller's wait returned belongs to no call. */
	if ((unsigned int)(uintptr_t)a2 != c->seq) {
		__atomic_fetch_add(&c->late, 1, __ATOMIC_SEQ_CST);
		return;
	}
	__atomic_fetch_add(&c->hits[cpu_number()], 1, __ATOMIC_SEQ_CST);
}

static void
xch_call_thread(void *arg)
{
	struct xch_caller *c = arg;
	struct cpu_info *ci, *only;
	uint64_t ticket;
	unsigned int n;
	int i;

	/*
	 * 10^5 calls in all, and on until the APs went down and up
	 * XCH_MIN_CYCLES times under them: a busy host can slow the
	 * hotplug thread far more than the callers.
	 */
	for (n = 0; (n < XCH_CALLS || xch_cycles < XCH_MIN_CYCLES) &&
	    !xch_hung && xen_systime_ns() < xch_end_ns; n++) {
		for (i = 0; i < ncpu; i++) {
			c->hits[i] = 0;
			c->before_off[i] = cpu_infos[i]->ci_noffline;
			c->before_run[i] = hp_running(cpu_infos[i]);
		}
		c->seq = n + 1;
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		/* Every other call to one CPU, online or not. */
		only = (n & 1) ? cpu_infos[(n / 2 + c->me) % ncpu] : NULL;
		ticket = only != NULL ?
		    xc_unicast(0, xch_handler, c, (void *)(uintptr_t)c->seq,
		    only) :
		    xc_broadcast(0, xch_handler, c, (void *)(uintptr_t)c->seq);
		if (xc_wait_timed(ticket, XCH_WAIT_NS) != 0) {
			printf("ktest: xcall_during_hotplug: caller %u: call %u (%s) not done after %llu ms\n",
			    c->me, n, only != NULL ? "unicast" : "broadcast",
			    (unsigned long long)XCH_WAIT_NS / NS_PER_MS);
			xch_hung = true;
			break;		/* xc_lock stays held: the call hangs */
		}
		c->seq = 0;
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		c->calls++;
		for (i = 0; i < ncpu; i++) {
			ci = cpu_infos[i];
			if (c->hits[i] > 1)
				c->dup++;
			if (c->hits[i] > 0 && only != NULL && ci != only)
				c->stray++;
			/* Running all along (never went down): a target. */
			if (c->hits[i] == 0 && (only == NULL || ci == only) &&
			    c->before_run[i] && hp_running(ci) &&
			    ci->ci_noffline == c->before_off[i])
				c->missed++;
		}
	}
	__atomic_fetch_sub(&xch_left, 1, __ATOMIC_SEQ_CST);
}

/* cpu_setstate(), its time kept if the longest so far. */
static int
xch_setstate_timed(struct cpu_info *ci, bool online)
{
	uint64_t start = xen_systime_ns(), took;
	int error;

	error = cpu_setstate(ci, online);
	took = xen_systime_ns() - start;
	if (took > xch_slowest_ns[online])
		xch_slowest_ns[online] = took;
	return error;
}

static void
xch_hotplug_thread(void *arg)
{
	struct cpu_info *ci;
	unsigned int i;

	(void)arg;
	for (i = 0; !xch_stop; i++) {
		ci = cpu_infos[1 + i % (ncpu - 1)];
		if (xch_setstate_timed(ci, false) != 0 ||
		    xch_setstate_timed(ci, true) != 0)
			xch_setstate_errors++;
		xch_cycles++;
	}
	__atomic_fetch_sub(&xch_left, 1, __ATOMIC_SEQ_CST);
}

KTEST_CASE(xcall_during_hotplug, "10^5 cross-calls (up to 60 s) while APs go offline and online at least 10 times: each targeted CPU runs each call once, none hangs")
{
	/*
	 * Long on purpose: starting the threads, waiting for them within
	 * the bound and checking their sums are one protocol over the
	 * xch_ state, read best in the order it runs.
	 */
	unsigned long missed = 0, dup = 0, stray = 0, late = 0, calls = 0;
	uint64_t start;
	int i, ncallers = XCH_CALLERS;

	if (ncpuonline < 2)
		KT_SKIP("one vCPU");
	xch_stop = xch_hung = false;
	xch_cycles = xch_setstate_errors = 0;
	xch_slowest_ns[0] = xch_slowest_ns[1] = 0;
	xch_left = ncallers + 1;
	start = xen_systime_ns();
	xch_end_ns = start + XCH_BUDGET_NS;
	KT_REQUIRE_EQ(kthread_create(PRI_NONE, NULL, xch_hotplug_thread,
	    NULL, &xch_lwps[ncallers], "xchplug"), 0);
	for (i = 0; i < ncallers; i++) {
		memset(&xch_callers[i], 0, sizeof(xch_callers[i]));
		xch_callers[i].me = i;
		KT_REQUIRE_EQ(kthread_create(PRI_NONE, NULL, xch_call_thread,
		    &xch_callers[i], &xch_lwps[i], "xchcall%d", i), 0);
	}
	/* The callers end; then the hotplug thread is told to. */
	/* A call may take XCH_WAIT_NS to be declared hung. */
	while (xch_left > 1 && !xch_hung &&
	    xen_systime_ns() < xch_end_ns + 2 * XCH_WAIT_NS)
		(void)kpause("kthp", false, hz / 10, NULL);
	xch_stop = true;
	if (xch_hung || !hp_wait_threads(&xch_left, 10000)) {
		xch_report_threads();
		KT_FAIL("%s (%d thread(s) still in)", xch_hung ?
		    "a cross-call hung" : "threads did not end in time",
		    xch_left);
	}
	for (i = 0; i < ncallers; i++) {
		missed += xch_callers[i].missed;
		dup += xch_callers[i].dup;
		stray += xch_callers[i].stray;
		late += xch_callers[i].late;
		calls += xch_callers[i].calls;
	}
	printf("ktest: xcall_during_hotplug: %lu calls (%lu + %lu), %lu offline/online cycles in %llu ms; missed %lu, twice %lu, stray %lu, late %lu\n",
	    calls, xch_callers[0].calls, xch_callers[1].calls, xch_cycles,
	    (unsigned long long)(xen_systime_ns() - start) / NS_PER_MS, missed,
	    dup, stray, late);
	printf("ktest: xcall_during_hotplug: slowest offline %llu ms, online %llu ms\n",
	    (unsigned long long)xch_slowest_ns[0] / NS_PER_MS,
	    (unsigned long long)xch_slowest_ns[1] / NS_PER_MS);
	/*
	 * In all, not per caller: xc_lock hands nothing over, so one
	 * caller can take it back again and again before a woken rival
	 * gets to run.
	 */
	KT_CHECK(calls >= XCH_MIN_CALLS);
	KT_CHECK_EQ(missed, 0);
	KT_CHECK_EQ(dup, 0);
	KT_CHECK_EQ(stray, 0);
	KT_CHECK_EQ(late, 0);
	KT_CHECK_EQ(xch_setstate_errors, 0);
	/* The race was run, not avoided. */
	KT_CHECK(xch_cycles >= XCH_MIN_CYCLES);
	KT_CHECK_EQ(ncpuonline, ncpu);
}

/* ---- cpu_setstate from several threads at once ------------------------ */

#define CSS_THREADS	3
#define CSS_ROUNDS	8

static struct cpu_info *css_target;
static volatile int css_left, css_errors, css_last_error;

static void
css_thread(void *arg)
{
	int me = (int)(uintptr_t)arg, i, error;

	for (i = 0; i < CSS_ROUNDS; i++) {
		/* Neighbours ask for opposite states at the same time. */
		error = cpu_setstate(css_target, ((i + me) & 1) != 0);
		if (error != 0) {
			css_last_error = error;
			__atomic_fetch_add(&css_errors, 1, __ATOMIC_SEQ_CST);
		}
	}
	__atomic_fetch_sub(&css_left, 1, __ATOMIC_SEQ_CST);
}

/* Flags, Xen and ncpuonline agree on who runs; the count that runs. */
static int
hp_count_consistent(struct ktest *kt)
{
	struct cpu_info *ci;
	int i, up, running = 0, bad = 0;

	for (i = 0; i < ncpu; i++) {
		ci = cpu_infos[i];
		up = HYPERVISOR_vcpu_op(VCPUOP_is_up, ci->ci_vcpuid, NULL);
		if (hp_running(ci))
			running++;
		if (hp_running(ci) != (up > 0)) {
			printf("ktest: cpu%d: flags %#x but VCPUOP_is_up %d\n",
			    i, ci->ci_flags, up);
			bad++;
		}
	}
	if (running != ncpuonline) {
		printf("ktest: %d CPUs flagged running, ncpuonline %d\n",
		    running, ncpuonline);
		bad++;
	}
	KT_CHECK_EQ(bad, 0);
	return running;
}

KTEST_CASE(cpu_setstate_concurrent, "threads taking one AP offline and online at once: every request succeeds, the state stays consistent")
{
	int i;

	if (ncpuonline < 2)
		KT_SKIP("one vCPU");
	css_target = cpu_infos[ncpu - 1];
	KT_REQUIRE(hp_running(css_target));
	css_left = CSS_THREADS;
	css_errors = css_last_error = 0;
	for (i = 0; i < CSS_THREADS; i++)
		KT_REQUIRE_EQ(kthread_create(PRI_NONE, NULL, css_thread,
		    (void *)(uintptr_t)i, NULL, "kcss%d", i), 0);
	if (!hp_wait_threads(&css_left, 60000))
		KT_FAIL("cpu_setstate callers still in after 60 s");
	if (css_errors != 0)
		printf("ktest: cpu_setstate_concurrent: %d of %d requests failed, last error %d\n",
		    css_errors, CSS_THREADS * CSS_ROUNDS, css_last_error);
	KT_CHECK_EQ(css_errors, 0);
	KT_CHECK_EQ(cpu_setstate(css_target, true), 0);
	KT_CHECK_EQ(hp_count_consistent(kt), ncpu);
}

/* ---- after boot: who runs is what the count says ---------------------- */

static volatile unsigned int sc_hits[MAXCPUS];

static void
sc_count(void *a1, void *a2)
{
	(void)a1;
	(void)a2;
	__atomic_fetch_add(&sc_hits[cpu_number()], 1, __ATOMIC_SEQ_CST);
}

KTEST_CASE(smp_running_consistent, "the CPUs flagged running are those Xen runs, ncpuonline counts them, each answers a cross-call")
{
	int i, running, bad = 0;

	running = hp_count_consistent(kt);
	for (i = 0; i < ncpu; i++)
		sc_hits[i] = 0;
	KT_REQUIRE_EQ(xc_wait_timed(xc_broadcast(0, sc_count, NULL, NULL),
	    XCH_WAIT_NS), 0);
	for (i = 0; i < ncpu; i++)
		if (sc_hits[i] != (hp_running(cpu_infos[i]) ? 1 : 0))
			bad++;
	printf("ktest: smp_running_consistent: %d running, ncpuonline %d, %d attached\n",
	    running, ncpuonline, ncpu);
	KT_CHECK_EQ(bad, 0);
}

/* ---- the TLB of a vCPU that was down ---------------------------------- */

#define TLB_MAGIC_A	0x0a0a0a0a5a5a5a5aULL
#define TLB_MAGIC_B	0x0b0b0b0b5b5b5b5bULL

static volatile uint64_t tlb_read;

static void
tlb_read_va(void *a1, void *a2)
{
	(void)a2;
	tlb_read = *(volatile uint64_t *)a1;
}

KTEST_CASE(tlb_after_online, "a kernel mapping changed while an AP was down reads right on that AP once it is back")
{
	struct cpu_info *ap;
	paddr_t pa, pb;
	vaddr_t va;
	int i, round, stale = 0;

	if (ncpuonline < 2)
		KT_SKIP("one vCPU");
	ap = cpu_infos[ncpu - 1];
	KT_REQUIRE(hp_running(ap));
	/*
	 * The other APs offline meanwhile: with fewer physical CPUs than
	 * vCPUs, another vCPU run where ap was would reload the page
	 * table and hide a missing flush.
	 */
	for (i = 1; i < ncpu - 1; i++)
		KT_REQUIRE_EQ(cpu_setstate(cpu_infos[i], false), 0);
	va = uvm_km_alloc(PAGE_SIZE, UVM_KMF_VAONLY);
	KT_REQUIRE(va != 0);
	pa = uvm_pagealloc_pa();
	pb = uvm_pagealloc_pa();
	KT_REQUIRE(pa != UVM_NOPAGE && pb != UVM_NOPAGE);
	*(uint64_t *)PMAP_DIRECT_VA(pa) = TLB_MAGIC_A;
	*(uint64_t *)PMAP_DIRECT_VA(pb) = TLB_MAGIC_B;
	for (round = 0; round < 4; round++) {
		pmap_kenter_pa(va, pa, VM_PROT_READ | VM_PROT_WRITE);
		pmap_update();
		tlb_read = 0;
		KT_REQUIRE_EQ(xc_wait_timed(xc_unicast(0, tlb_read_va,
		    (void *)va, NULL, ap), XCH_WAIT_NS), 0);
		KT_REQUIRE_EQ(tlb_read, TLB_MAGIC_A);	/* A in its TLB */
		KT_REQUIRE_EQ(cpu_setstate(ap, false), 0);
		pmap_kenter_pa(va, pb, VM_PROT_READ | VM_PROT_WRITE);
		pmap_update();		/* the down AP is not flushed */
		KT_REQUIRE_EQ(cpu_setstate(ap, true), 0);
		tlb_read = 0;
		KT_REQUIRE_EQ(xc_wait_timed(xc_unicast(0, tlb_read_va,
		    (void *)va, NULL, ap), XCH_WAIT_NS), 0);
		if (tlb_read != TLB_MAGIC_B) {
			printf("ktest: tlb_after_online: round %d: cpu%d read %#llx, not page B's %#llx\n",
			    round, ap->ci_index, (unsigned long long)tlb_read,
			    (unsigned long long)TLB_MAGIC_B);
			stale++;
		}
	}
	for (i = 1; i < ncpu - 1; i++)
		KT_CHECK_EQ(cpu_setstate(cpu_infos[i], true), 0);
	KT_CHECK_EQ(stale, 0);
	pmap_kremove(va, PAGE_SIZE);
	pmap_update();
	uvm_pagefree_pa(pa);
	uvm_pagefree_pa(pb);
	uvm_km_free(va, PAGE_SIZE, UVM_KMF_VAONLY);
}

/* ---- wakeups while vCPUs go down -------------------------------------- */

#define WK_SLEEPERS	6
#define WK_CYCLES	16
#define WK_WINDOW_MS	5000	/* a stranded thread never moves */

static volatile unsigned long wk_progress[WK_SLEEPERS];
static volatile bool wk_stop;
static volatile int wk_left;
static int wk_chan[WK_SLEEPERS];
static struct cpu_info *volatile wk_home;	/* the AP to go down next */

static void
wk_sleeper(void *arg)
{
	struct cpu_info *home;
	int me = (int)(uintptr_t)arg;

	while (!wk_stop) {
		wk_progress[me]++;
		/* Sleep on the AP about to go down, so its wakeups race. */
		home = wk_home;
		if (home != NULL && home != curcpu() && hp_running(home))
			lwp_migrate(curlwp, home);
		/* Wake the next one, so wakeups come from every CPU. */
		wakeup(&wk_chan[(me + 1) % WK_SLEEPERS]);
		(void)tsleep(&wk_chan[me], "ktwk", 1);
	}
	__atomic_fetch_sub(&wk_left, 1, __ATOMIC_SEQ_CST);
}

static void
wk_waker(void *arg)
{
	int i;

	(void)arg;
	while (!wk_stop) {
		for (i = 0; i < WK_SLEEPERS; i++)
			wakeup(&wk_chan[i]);
		yield();
	}
	__atomic_fetch_sub(&wk_left, 1, __ATOMIC_SEQ_CST);
}

/*
 * Explicit-only (./build.sh soak runs it): an i386 boot once hung
 * silently in it, cause not found yet, and a hang would stop the whole
 * tests=all boot.
 */
KTEST_CASE_EXPLICIT(wakeup_during_offline, "threads woken while APs go offline are never left on a down vCPU: each keeps making progress")
{
	/*
	 * Long on purpose: a cycle takes a vCPU down, watches every
	 * thread move and brings the vCPU back; its steps share ap and
	 * before[], and a failure in any of them ends the cycles.
	 */
	unsigned long before[WK_SLEEPERS];
	struct cpu_info *ap;
	uint64_t deadline;
	int cycle, i, stalled = 0;

	if (ncpuonline < 2)
		KT_SKIP("one vCPU");
	wk_stop = false;
	wk_home = NULL;
	wk_left = WK_SLEEPERS + 1;
	for (i = 0; i < WK_SLEEPERS; i++) {
		wk_progress[i] = 0;
		KT_REQUIRE_EQ(kthread_create(PRI_NONE, NULL, wk_sleeper,
		    (void *)(uintptr_t)i, NULL, "ktwk%d", i), 0);
	}
	KT_REQUIRE_EQ(kthread_create(PRI_NONE, NULL, wk_waker, NULL, NULL,
	    "ktwaker"), 0);
	for (cycle = 0; cycle < WK_CYCLES; cycle++) {
		ap = cpu_infos[1 + cycle % (ncpu - 1)];
		/* Some there, some on their way as it goes. */
		wk_home = ap;
		(void)kpause("ktwkgo", false, 1, NULL);
		if (cpu_setstate(ap, false) != 0) {
			ktest_fail(kt, __FILE__, __LINE__, "cycle %d: cpu%d would not go offline",
			    cycle, ap->ci_index);
			break;
		}
		/*
		 * While it is down every thread must run: one left on the
		 * down vCPU never does.  A slow host only delays them, so
		 * wait until all moved, up to WK_WINDOW_MS.
		 */
		for (i = 0; i < WK_SLEEPERS; i++)
			before[i] = wk_progress[i];
		deadline = xen_systime_ns() + WK_WINDOW_MS * NS_PER_MS;
		do {
			(void)kpause("ktwkdn", false, 1, NULL);
			for (i = 0; i < WK_SLEEPERS; i++)
				if (wk_progress[i] == before[i])
					break;
		} while (i < WK_SLEEPERS && xen_systime_ns() < deadline);
		for (i = 0; i < WK_SLEEPERS; i++)
			if (wk_progress[i] == before[i]) {
				printf("ktest: wakeup_during_offline: cycle %d: ktwk%d made no progress in %d ms while cpu%d was down\n",
				    cycle, i, WK_WINDOW_MS, ap->ci_index);
				stalled++;
			}
		if (cpu_setstate(ap, true) != 0) {
			ktest_fail(kt, __FILE__, __LINE__, "cycle %d: cpu%d would not come back",
			    cycle, ap->ci_index);
			break;
		}
	}
	wk_stop = true;
	wk_home = NULL;
	for (i = 0; i < WK_SLEEPERS; i++)
		wakeup(&wk_chan[i]);
	if (!hp_wait_threads(&wk_left, 10000))
		KT_FAIL("%d thread(s) did not end", wk_left);
	KT_CHECK_EQ(stalled, 0);
	for (i = 0; i < WK_SLEEPERS; i++)
		KT_CHECK(wk_progress[i] > WK_CYCLES);
}

/* ---- a thread sleeping with a timeout on a vCPU going down ------------ */

#define OTS_SLEEP_S	3		/* the sleeper's timeout */
#define OTS_WAKE_MIN_NS	(2900 * NS_PER_MS)
#define OTS_WAKE_MAX_NS	(4500 * NS_PER_MS)
#define OTS_OFFLINE_NS	(1000 * NS_PER_MS)	/* cpu_setstate's share */
#define OTS_APS		2		/* rounds: one AP each */

struct ots_sleeper {
	struct cpu_info	*os_ap;		/* where it sleeps */
	struct cpu_info	*volatile os_slept_on, *volatile os_woke_on;
	volatile uint64_t os_slept_ns, os_woke_ns;
	volatile bool	 os_asleep, os_done, os_ap_was_down;
	volatile int	 os_error;
	int		 os_chan;	/* nobody wakes it: the timeout does */
};

/* Not on the stack: a sleeper left behind must not write to it later. */
static struct ots_sleeper ots_sleepers[OTS_APS];

static void
ots_sleeper(void *arg)
{
	struct ots_sleeper *os = arg;

	lwp_migrate(curlwp, os->os_ap);
	os->os_slept_on = curcpu();
	os->os_slept_ns = xen_systime_ns();
	os->os_asleep = true;
	os->os_error = tsleep(&os->os_chan, "ktots", hz * OTS_SLEEP_S);
	os->os_woke_ns = xen_systime_ns();
	os->os_woke_on = curcpu();
	os->os_ap_was_down = !hp_running(os->os_ap);
	__atomic_store_n(&os->os_done, true, __ATOMIC_RELEASE);
	kthread_exit(0);
}

/* Bounded waits of one round; false (and a message) if one ran out. */
static bool
ots_wait(struct ots_sleeper *os, struct lwp *l, bool asleep, uint64_t ms)
{
	uint64_t deadline = xen_systime_ns() + ms * NS_PER_MS;

	while (asleep ? !(os->os_asleep && l->l_stat == LSSLEEP &&
	    l->l_wchan == &os->os_chan) : !os->os_done) {
		if (xen_systime_ns() > deadline) {
			printf("ktest: offline_timed_sleep: sleeper not %s "
			    "after %llu ms\n", asleep ? "asleep" : "awake",
			    (unsigned long long)ms);
			return false;
		}
		(void)kpause("ktotsw", false, 1, NULL);
	}
	return true;
}

/* One round on ap; failures are recorded, ap is left online. */
static void
ots_round(struct ktest *kt, struct cpu_info *ap, struct ots_sleeper *os)
{
	struct lwp *l;
	uint64_t t0, t1, slept;
	int error;

	memset(os, 0, sizeof(*os));
	os->os_ap = ap;
	KT_REQUIRE_EQ(kthread_create(PRI_NONE | KTHREAD_MUSTJOIN_PRI, NULL,
	    ots_sleeper, os, &l, "ktots"), 0);
	if (!ots_wait(os, l, true, 2000))
		ktest_fail(kt, __FILE__, __LINE__, "sleeper not asleep");
	(void)kpause("ktotsgo", false, 2, NULL);  /* well into its sleep */
	/* Ask from elsewhere (a woken thread may land on any CPU). */
	lwp_migrate(curlwp, &cpu_info_primary);
	KT_CHECK(curcpu() != ap);
	t0 = xen_systime_ns();
	error = cpu_setstate(ap, false);
	t1 = xen_systime_ns();
	printf("ktest: offline_timed_sleep: cpu%d offline: error %d in %llu "
	    "ms, sleeper on cpu%d %s\n", ap->ci_index, error,
	    (unsigned long long)(t1 - t0) / NS_PER_MS,
	    os->os_slept_on != NULL ? os->os_slept_on->ci_index : -1,
	    os->os_done ? "awake" : "asleep");
	KT_CHECK_EQ(error, 0);
	KT_CHECK(t1 - t0 < OTS_OFFLINE_NS);
	KT_CHECK(!os->os_done);		/* down before the timeout, not after */
	KT_CHECK(error != 0 || HYPERVISOR_vcpu_op(VCPUOP_is_up,
	    ap->ci_vcpuid, NULL) == 0);
	/* The timeout must fire while ap stays down. */
	if (ots_wait(os, l, false, OTS_SLEEP_S * 1000 + 3000)) {
		slept = os->os_woke_ns - os->os_slept_ns;
		printf("ktest: offline_timed_sleep: woke after %llu ms on "
		    "cpu%d, error %d\n", (unsigned long long)slept / NS_PER_MS,
		    os->os_woke_on->ci_index, os->os_error);
		KT_CHECK_EQ(os->os_error, ETIMEDOUT);
		KT_CHECK(slept >= OTS_WAKE_MIN_NS && slept <= OTS_WAKE_MAX_NS);
		KT_CHECK(os->os_slept_on == ap);
		KT_CHECK(os->os_woke_on != ap);
		KT_CHECK(error != 0 || os->os_ap_was_down);
	} else
		ktest_fail(kt, __FILE__, __LINE__, "sleeper did not wake");
	KT_CHECK_EQ(cpu_setstate(ap, true), 0);
	KT_CHECK(hp_running(ap));
	/* A sleeper stranded on ap runs now that ap is back; else leak. */
	if (os->os_done || ots_wait(os, l, false, 5000))
		(void)kthread_join(l);
	else
		KT_FAIL("sleeper never ended: leaving it");
}

KTEST_CASE(offline_timed_sleep, "an AP with a thread in a 3 s timed "
    "sleep goes offline within 1 s; the sleep times out on time elsewhere")
{
	struct cpu_info *ap;
	int i, rounds = 0;

	if (ncpuonline < 2)
		KT_SKIP("one vCPU");
	for (i = 1; i < ncpu && rounds < OTS_APS; i++) {
		ap = cpu_infos[i];
		if (!hp_running(ap))
			continue;
		ots_round(kt, ap, &ots_sleepers[rounds]);
		rounds++;
	}
	KT_CHECK(rounds > 0);
	KT_CHECK_EQ(ncpuonline, ncpu);
}
