/*	Petrel: xen/x86/ktest_pvlock.c -- tests of the spin mutexes whose
 *	waiters block in Xen (xen_pvlock.c), with pvlock on and off.
 *
 * The suite runs pvlock_exclusion (2 x 10^4 acquisitions a mode, a thread
 * per vCPU) and pvlock_holder_blocked; pvlock_exclusion_full (10^6 a
 * mode) is explicit-only, for ./build.sh soak.  Each case turns
 * xen_pvlock_on itself and puts back what the boot said: a waiter
 * blocked when it changes only looks again at the end of its poll.
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/cpu.h>
#include <sys/ktest.h>
#include <sys/lwp.h>
#include <sys/mutex.h>
#include <sys/sched.h>

#include <xen/evtchn.h>
#include <xen/hypervisor.h>
#include <xen/xen.h>
#include <xen/xen_clock.h>

#define MS	1000000ULL

static bool
pv_cpu_running(struct cpu_info *ci)
{
	return ci != NULL && (ci->ci_flags & CPUF_RUNNING) != 0;
}

static unsigned long
pv_polls(void)
{
	unsigned long n = 0;
	int i;

	for (i = 0; i < ncpu; i++)
		if (cpu_infos[i] != NULL)
			n += cpu_infos[i]->ci_pvlock_polls;
	return n;
}

/* Mutual exclusion: a count kept without atomics, under the lock. */
static struct {
	kmutex_t	 lock;
	volatile int	 ready, go;
	unsigned long	 rounds;
	volatile unsigned long count;
	volatile int	 inside;		/* holders at once: 1 */
	volatile int	 overlap;
} pv_ex;

static void
pv_ex_user(void *arg)
{
	uint64_t deadline = xen_systime_ns() + 5000 * MS;
	unsigned long r, c;

	(void)arg;
	__atomic_fetch_add(&pv_ex.ready, 1, __ATOMIC_SEQ_CST);
	while (!pv_ex.go && xen_systime_ns() < deadline)
		cpu_spinwait();
	for (r = 0; r < pv_ex.rounds; r++) {
		mutex_spin_enter(&pv_ex.lock);
		if (++pv_ex.inside != 1)
			pv_ex.overlap++;
		c = pv_ex.count;
		cpu_spinwait();
		pv_ex.count = c + 1;
		pv_ex.inside--;
		mutex_spin_exit(&pv_ex.lock);
	}
	kthread_exit(0);
}

/* total acquisitions from a thread per running vCPU; false on a fault */
static bool
pv_ex_run(struct ktest *kt, bool pv, unsigned long total)
{
	struct lwp *l[MAXCPUS];
	uint64_t t0, deadline;
	unsigned long polls0;
	int i, n = 0;

	memset(&pv_ex, 0, sizeof(pv_ex));
	mutex_init(&pv_ex.lock, MUTEX_SPIN, IPL_VM);
	for (i = 0; i < ncpu; i++)
		if (pv_cpu_running(cpu_infos[i]))
			n++;
	pv_ex.rounds = total / n;
	xen_pvlock_on = pv;
	polls0 = pv_polls();
	for (i = 0; i < ncpu; i++) {
		l[i] = NULL;
		if (!pv_cpu_running(cpu_infos[i]))
			continue;
		if (kthread_create(PRI_NONE | KTHREAD_MUSTJOIN_PRI,
		    cpu_infos[i], pv_ex_user, NULL, &l[i], "pvex/%d", i) != 0) {
			ktest_fail(kt, __FILE__, __LINE__, "kthread_create");
			return false;
		}
	}
	deadline = xen_systime_ns() + 5000 * MS;
	while (pv_ex.ready < n && xen_systime_ns() < deadline)
		(void)kpause("pvready", false, 1, NULL);
	t0 = xen_systime_ns();
	pv_ex.go = 1;
	for (i = 0; i < ncpu; i++)
		if (l[i] != NULL)
			(void)kthread_join(l[i]);
	printf("ktest: pvlock %s: %d vCPUs x %lu: count %lu, overlaps %d, %llu ms, %lu polls\n",
	    pv ? "on" : "off", n, pv_ex.rounds, pv_ex.count, pv_ex.overlap,
	    (unsigned long long)(xen_systime_ns() - t0) / MS,
	    pv_polls() - polls0);
	KT_CHECK_EQ(pv_ex.ready, n);
	KT_CHECK_EQ(pv_ex.count, pv_ex.rounds * n);
	KT_CHECK_EQ(pv_ex.overlap, 0);
	KT_CHECK_EQ(pv_ex.lock.mtx_serving, pv_ex.lock.mtx_next);
	KT_CHECK_EQ(pv_ex.lock.mtx_pvwaiters, 0);
	if (!pv)
		KT_CHECK_EQ(pv_polls() - polls0, 0);
	mutex_destroy(&pv_ex.lock);
	return true;
}

static void
pv_exclusion(struct ktest *kt, unsigned long total)
{
	bool was = xen_pvlock_on;

	if (ncpuonline < 2)
		KT_SKIP("one vCPU");
	if (pv_ex_run(kt, true, total))
		(void)pv_ex_run(kt, false, total);
	xen_pvlock_on = was;
}

KTEST_CASE(pvlock_exclusion, "one spin mutex, a thread per vCPU, 2 x 10^4 acquisitions with pvlock on and again off: the count is exact, never two holders")
{
	pv_exclusion(kt, 20000);
}

KTEST_CASE_EXPLICIT(pvlock_exclusion_full, "as pvlock_exclusion with 10^6 acquisitions a mode")
{
	pv_exclusion(kt, 1000000);
}

/*
 * A holder that blocks in Xen (SCHEDOP_poll with a timeout) for 300 ms
 * with the lock held, and a waiter on another vCPU: with pvlock on the
 * waiter's vCPU hardly runs while it waits (its Xen running time < 20 %
 * of the wait; up to KTEST_ATTEMPTS rounds, as another domain's work
 * can disturb one), with pvlock off it spins the whole time (> 40 %:
 * under xl, dom0 takes some of it).
 */
#define PV_HOLD_NS	(300 * MS)

static struct {
	kmutex_t	 lock;
	volatile int	 held;
	uint64_t	 wait_ns, run_ns;
	unsigned long	 polls;
} pv_hb;

static void
pv_hb_holder(void *arg)
{
	struct cpu_info *ci = curcpu();
	evtchn_port_t port = ci->ci_pvlock_port;
	uint64_t end;

	(void)arg;
	mutex_spin_enter(&pv_hb.lock);
	pv_hb.held = 1;
	end = xen_systime_ns() + PV_HOLD_NS;
	/* Other events end a poll early: poll again until the end. */
	while (xen_systime_ns() < end) {
		hypervisor_clear_event(port);
		(void)HYPERVISOR_poll(&port, 1, end);
	}
	mutex_spin_exit(&pv_hb.lock);
	kthread_exit(0);
}

static void
pv_hb_waiter(void *arg)
{
	struct cpu_info *ci = curcpu();
	struct vcpu_runstate_info a, b;
	uint64_t t0, deadline = xen_systime_ns() + 5000 * MS;

	(void)arg;
	while (!pv_hb.held && xen_systime_ns() < deadline)
		cpu_spinwait();
	t0 = xen_systime_ns();
	pv_hb.polls = ci->ci_pvlock_polls;
	(void)xen_runstate_read(ci, &a);
	mutex_spin_enter(&pv_hb.lock);
	(void)xen_runstate_read(ci, &b);
	pv_hb.polls = ci->ci_pvlock_polls - pv_hb.polls;
	pv_hb.wait_ns = xen_systime_ns() - t0;
	mutex_spin_exit(&pv_hb.lock);
	pv_hb.run_ns = b.time[RUNSTATE_running] - a.time[RUNSTATE_running];
	kthread_exit(0);
}

/* One holder/waiter round; true if the waiter's time was as pv wants. */
static bool
pv_hb_run(struct ktest *kt, bool pv, bool last)
{
	struct lwp *h, *w;
	bool ok;

	memset(&pv_hb, 0, sizeof(pv_hb));
	mutex_init(&pv_hb.lock, MUTEX_SPIN, IPL_VM);
	xen_pvlock_on = pv;
	if (kthread_create(PRI_NONE | KTHREAD_MUSTJOIN_PRI, cpu_infos[1],
	    pv_hb_holder, NULL, &h, "pvhold") != 0 ||
	    kthread_create(PRI_NONE | KTHREAD_MUSTJOIN_PRI, cpu_infos[2],
	    pv_hb_waiter, NULL, &w, "pvwait") != 0)
		panic("pvlock_holder_blocked: kthread_create");
	(void)kthread_join(h);
	(void)kthread_join(w);
	printf("ktest: pvlock_holder_blocked: pvlock %s: waited %llu us, its vCPU ran %llu us, %lu polls\n",
	    pv ? "on" : "off", (unsigned long long)pv_hb.wait_ns / 1000,
	    (unsigned long long)pv_hb.run_ns / 1000, pv_hb.polls);
	KT_CHECK(pv_hb.wait_ns >= PV_HOLD_NS / 2);
	KT_CHECK(pv_hb.wait_ns <= 10 * PV_HOLD_NS);
	mutex_destroy(&pv_hb.lock);
	ok = pv ? pv_hb.run_ns * 5 < pv_hb.wait_ns :
	    pv_hb.run_ns * 5 > pv_hb.wait_ns * 2;
	if (last && pv)
		KT_CHECK(pv_hb.run_ns * 5 < pv_hb.wait_ns);
	else if (last)
		KT_CHECK(pv_hb.run_ns * 5 > pv_hb.wait_ns * 2);
	return ok;
}

KTEST_CASE(pvlock_holder_blocked, "a holder blocked in Xen 300 ms: its waiter's vCPU runs < 20 % of the wait with pvlock on, > 40 % with it off")
{
	bool was = xen_pvlock_on;
	int i;

	if (ncpu < 3 || !pv_cpu_running(cpu_infos[1]) ||
	    !pv_cpu_running(cpu_infos[2]))
		KT_SKIP("needs 3 running vCPUs");
	if (cpu_infos[2]->ci_pvlock_port == 0)
		KT_FAIL("cpu2 has no poll channel");
	/* Another domain (xl's dom0) may disturb a round: try again. */
	for (i = 0; i < KTEST_ATTEMPTS; i++)
		if (pv_hb_run(kt, true, i == KTEST_ATTEMPTS - 1))
			break;
	(void)pv_hb_run(kt, false, true);
	xen_pvlock_on = was;
}
