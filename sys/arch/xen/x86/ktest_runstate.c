/*	Petrel: xen/x86/ktest_runstate.c -- tests of the runstate areas,
 *	steal time and vcpu_is_preempted().
 *
 * Time here is Xen's system time, the clock the runstate times are
 * kept in.  A busy vCPU is, at every moment, running or runnable (or
 * offline, paused): over a window its running and steal times add up
 * to the window, which bounds steal time from both sides.
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/cpu.h>
#include <sys/ktest.h>
#include <sys/lwp.h>
#include <sys/mutex.h>
#include <sys/sched.h>

#include <xen/hypervisor.h>
#include <xen/xen.h>
#include <xen/xen_clock.h>

#define MS	1000000ULL

static bool
rs_cpu_running(struct cpu_info *ci)
{
	return ci != NULL && (ci->ci_flags & CPUF_RUNNING) != 0;
}

static uint64_t
rs_diff(uint64_t a, uint64_t b)
{
	return a > b ? a - b : b - a;
}

/*
 * The area against Xen's own answer (VCPUOP_get_runstate_info, times
 * up to now): for this vCPU and every other, each time within 2 ms.
 * An area Xen does not write (or one read torn) is far off.
 */
KTEST_CASE(runstate_area_matches, "each vCPU's runstate area agrees with VCPUOP_get_runstate_info within 2 ms, its times adding up to a life between uptime and Xen's time")
{
	struct vcpu_runstate_info area, hc;
	struct cpu_info *ci;
	uint64_t sum;
	int i, j, s, error, bad = 0;

	for (i = 0; i < ncpu; i++) {
		ci = cpu_infos[i];
		if (!rs_cpu_running(ci))
			continue;
		KT_REQUIRE(ci->ci_runstate_on);
		s = splhigh();	/* both readings close together */
		error = HYPERVISOR_vcpu_op(VCPUOP_get_runstate_info,
		    ci->ci_vcpuid, &hc);
		(void)xen_runstate_read(ci, &area);
		splx(s);
		KT_REQUIRE_EQ(error, 0);
		for (j = 0; j < 4; j++) {
			hc.time[j] += ci->ci_rs_base[j];
			if (rs_diff(area.time[j], hc.time[j]) > 2 * MS) {
				printf("ktest: runstate_area_matches: cpu%d time[%d] area %llu Xen %llu\n",
				    i, j, (unsigned long long)area.time[j],
				    (unsigned long long)hc.time[j]);
				bad++;
			}
		}
		/*
		 * The sum is the vCPU's life: it was made with the domain,
		 * before this kernel counted uptime, and after Xen started.
		 */
		sum = area.time[0] + area.time[1] + area.time[2] +
		    area.time[3];
		KT_CHECK(sum + 10 * MS >= cpu_uptime_ns());
		KT_CHECK(sum <= xen_systime_ns() + 10 * MS);
	}
	KT_CHECK_EQ(bad, 0);
}

/* One busy vCPU's window: running and steal deltas, in ns. */
struct rs_window {
	uint64_t	 w_wall, w_running, w_steal;
	unsigned long	 w_stolen_ticks;
};

static void
rs_busy(struct rs_window *w, uint64_t ns)
{
	struct cpu_info *ci = curcpu();
	struct vcpu_runstate_info a, b;
	uint64_t t0, t1, s0, s1;
	unsigned long k0;

	k0 = ci->ci_nstolen_ticks;
	t0 = xen_systime_ns();
	(void)xen_runstate_read(ci, &a);
	s0 = xen_runstate_steal_ns(ci);
	while (xen_systime_ns() - t0 < ns)
		cpu_spinwait();
	s1 = xen_runstate_steal_ns(ci);
	(void)xen_runstate_read(ci, &b);
	t1 = xen_systime_ns();
	w->w_wall = t1 - t0;
	w->w_running = b.time[RUNSTATE_running] - a.time[RUNSTATE_running];
	w->w_steal = s1 - s0;
	w->w_stolen_ticks = ci->ci_nstolen_ticks - k0;
}

/* running + steal is the window (within 5 % and 2 ms). */
static bool
rs_window_whole(const struct rs_window *w)
{
	uint64_t sum = w->w_running + w->w_steal;

	return rs_diff(sum, w->w_wall) <= w->w_wall / 20 + 2 * MS;
}

KTEST_CASE(steal_lone_busy, "a lone busy vCPU (the others idle) has steal time near 0: < 10 % of 300 ms, running + steal = the window")
{
	struct rs_window w;
	int attempt;

	for (attempt = 0; attempt < KTEST_ATTEMPTS; attempt++) {
		rs_busy(&w, 300 * MS);
		printf("ktest: steal_lone_busy: wall %llu us, running %llu us, steal %llu us, stolen ticks %lu\n",
		    (unsigned long long)w.w_wall / 1000,
		    (unsigned long long)w.w_running / 1000,
		    (unsigned long long)w.w_steal / 1000, w.w_stolen_ticks);
		KT_REQUIRE(rs_window_whole(&w));
		/* Another domain (xl's dom0) may take a slice: try again. */
		if (w.w_steal < w.w_wall / 10)
			break;
	}
	KT_CHECK(w.w_steal < w.w_wall / 10);
	KT_CHECK(w.w_running > w.w_wall * 9 / 10);
}

/* The overcommitted run: every vCPU busy at once. */
static struct {
	volatile int	 ready, go;
	uint64_t	 ns;
	struct rs_window w[MAXCPUS];
} rs_all;

static void
rs_all_busy(void *arg)
{
	struct cpu_info *ci = arg;
	uint64_t deadline = xen_systime_ns() + 5000 * MS;

	__atomic_fetch_add(&rs_all.ready, 1, __ATOMIC_SEQ_CST);
	while (!rs_all.go && xen_systime_ns() < deadline)
		cpu_spinwait();
	rs_busy(&rs_all.w[cpu_index(ci)], rs_all.ns);
	kthread_exit(0);
}

KTEST_CASE(steal_overcommit, "every vCPU busy for 400 ms: each one's running + steal is the window, and steal is at least half of what the vCPUs beyond the physical CPUs must wait")
{
	struct lwp *l[MAXCPUS];
	struct cpu_info *ci;
	uint64_t run = 0, steal = 0, wall = 0, deadline, want;
	unsigned long ticks = 0;
	int i, n = 0, bad = 0, pcpus;

	memset(&rs_all, 0, sizeof(rs_all));
	rs_all.ns = 400 * MS;
	for (i = 0; i < ncpu; i++) {
		l[i] = NULL;
		ci = cpu_infos[i];
		if (!rs_cpu_running(ci))
			continue;
		KT_REQUIRE_EQ(kthread_create(PRI_NONE | KTHREAD_MUSTJOIN_PRI,
		    ci, rs_all_busy, ci, &l[i], "rsbusy/%d", i), 0);
		n++;
	}
	deadline = xen_systime_ns() + 5000 * MS;
	while (rs_all.ready < n && xen_systime_ns() < deadline)
		(void)kpause("rsready", false, 1, NULL);
	rs_all.go = 1;
	for (i = 0; i < ncpu; i++)
		if (l[i] != NULL)
			(void)kthread_join(l[i]);
	KT_REQUIRE_EQ(rs_all.ready, n);
	for (i = 0; i < ncpu; i++) {
		if (l[i] == NULL)
			continue;
		printf("ktest: steal_overcommit: cpu%d wall %llu us, running %llu us, steal %llu us, stolen ticks %lu\n",
		    i, (unsigned long long)rs_all.w[i].w_wall / 1000,
		    (unsigned long long)rs_all.w[i].w_running / 1000,
		    (unsigned long long)rs_all.w[i].w_steal / 1000,
		    rs_all.w[i].w_stolen_ticks);
		if (!rs_window_whole(&rs_all.w[i]))
			bad++;
		run += rs_all.w[i].w_running;
		steal += rs_all.w[i].w_steal;
		wall += rs_all.w[i].w_wall;
		ticks += rs_all.w[i].w_stolen_ticks;
	}
	KT_CHECK_EQ(bad, 0);
	/*
	 * The physical CPUs: dom0 knows them; a domU counts how many of
	 * its vCPUs ran at once on average (rounded up).
	 */
	pcpus = xendomain_is_dom0 && nphycpu > 0 ? nphycpu :
	    (int)((run + rs_all.ns - 1) / rs_all.ns);
	printf("ktest: steal_overcommit: %d vCPUs on %d physical CPUs: running %llu ms, steal %llu ms, stolen ticks %lu\n",
	    n, pcpus, (unsigned long long)run / MS,
	    (unsigned long long)steal / MS, ticks);
	if (n <= pcpus)
		KT_SKIP("%d vCPUs on %d physical CPUs: not overcommitted", n,
		    pcpus);
	want = (uint64_t)(n - pcpus) * rs_all.ns;
	KT_CHECK(steal >= want / 2);
	KT_CHECK(steal <= wall);
	/* Those stolen slices were not charged to the busy threads. */
	KT_CHECK(ticks > 0);
}

/*
 * An AP taken offline for 300 ms and brought back: its offline time
 * grew by about that, its steal time did not (the guest asked for the
 * down time), and its area is kept again (re-registered when it came
 * back, and agreeing with Xen).
 */
KTEST_CASE(steal_not_offline, "300 ms offline on our request is not steal time, and the area is kept after the vCPU comes back")
{
	struct vcpu_runstate_info a, b, hc;
	struct cpu_info *ci = NULL;
	uint64_t s0, s1;
	int i, error;

	for (i = 1; i < ncpu; i++)
		if (rs_cpu_running(cpu_infos[i])) {
			ci = cpu_infos[i];
			break;
		}
	if (ci == NULL)
		KT_SKIP("no AP running");
	KT_REQUIRE(xen_runstate_read(ci, &a));
	s0 = xen_runstate_steal_ns(ci);
	KT_REQUIRE_EQ(cpu_setstate(ci, false), 0);
	(void)kpause("rsdown", false, hz * 3 / 10 + 1, NULL);	/* 300 ms */
	KT_REQUIRE_EQ(cpu_setstate(ci, true), 0);
	KT_REQUIRE(xen_runstate_read(ci, &b));
	s1 = xen_runstate_steal_ns(ci);
	printf("ktest: steal_not_offline: cpu%d offline %llu us more, steal %llu us more\n",
	    ci->ci_index, (unsigned long long)(b.time[RUNSTATE_offline] -
	    a.time[RUNSTATE_offline]) / 1000,
	    (unsigned long long)(s1 - s0) / 1000);
	KT_CHECK(b.time[RUNSTATE_offline] - a.time[RUNSTATE_offline] >=
	    250 * MS);
	KT_CHECK(b.time[RUNSTATE_offline] - a.time[RUNSTATE_offline] <=
	    5000 * MS);
	KT_CHECK(s1 - s0 < 100 * MS);
	error = HYPERVISOR_vcpu_op(VCPUOP_get_runstate_info, ci->ci_vcpuid,
	    &hc);
	KT_REQUIRE_EQ(error, 0);
	KT_REQUIRE(xen_runstate_read(ci, &b));
	KT_CHECK(rs_diff(b.time[RUNSTATE_offline],
	    hc.time[RUNSTATE_offline] + ci->ci_rs_base[RUNSTATE_offline]) <
	    2 * MS);
}

/*
 * vcpu_is_preempted() sampled 10^4 times over the other vCPUs: while
 * they are idle (blocked in SCHEDOP_block) it is almost never true and
 * their areas mostly read blocked; while every vCPU is busy on fewer
 * physical CPUs, the ones Xen has queued read preempted -- a good part
 * of the samples, never all of them (those running at that moment).
 */
static struct {
	volatile int	 ready, stop;
} rs_spin;

static void
rs_spinner(void *arg)
{
	uint64_t deadline = xen_systime_ns() + 10000 * MS;

	(void)arg;
	__atomic_fetch_add(&rs_spin.ready, 1, __ATOMIC_SEQ_CST);
	while (!rs_spin.stop && xen_systime_ns() < deadline)
		cpu_spinwait();
	kthread_exit(0);
}

/* Samples of every other running vCPU: how many preempted, blocked. */
static void
rs_sample(int rounds, int *total, int *preempted, int *blocked)
{
	struct cpu_info *self = curcpu(), *ci;
	int r, i;

	*total = *preempted = *blocked = 0;
	for (r = 0; r < rounds; r++) {
		for (i = 0; i < ncpu; i++) {
			ci = cpu_infos[i];
			if (ci == self || !rs_cpu_running(ci))
				continue;
			(*total)++;
			if (vcpu_is_preempted(ci))
				(*preempted)++;
			if (ci->ci_runstate.state == RUNSTATE_blocked)
				(*blocked)++;
		}
		delay(20);
	}
}

/* On the boot CPU, bound: sample while the APs spin, then stop them. */
static struct {
	int		 n, total, pre, blk;
} rs_busy_sample;

static void
rs_sampler(void *arg)
{
	uint64_t deadline = xen_systime_ns() + 5000 * MS;
	int s;

	(void)arg;
	while (rs_spin.ready < rs_busy_sample.n && xen_systime_ns() < deadline)
		cpu_spinwait();
	s = splsched();
	rs_sample(8000, &rs_busy_sample.total, &rs_busy_sample.pre,
	    &rs_busy_sample.blk);
	splx(s);
	rs_spin.stop = 1;
	kthread_exit(0);
}

KTEST_CASE(vcpu_preempted, "vcpu_is_preempted: false for idle vCPUs blocked in Xen (< 5 % of samples), true for busy ones Xen queued (20 % to 95 % when overcommitted)")
{
	struct lwp *l[MAXCPUS], *sampler;
	struct cpu_info *ci;
	int i, n = 0, total, pre, blk, s;

	if (ncpuonline < 2)
		KT_SKIP("one vCPU");
	/* The others idle: blocked, not preempted. */
	s = splsched();		/* stay on this CPU while sampling */
	rs_sample(2000, &total, &pre, &blk);
	splx(s);
	printf("ktest: vcpu_preempted: idle: %d samples, %d preempted, %d blocked\n",
	    total, pre, blk);
	KT_CHECK(pre * 20 < total);
	KT_CHECK(blk * 2 > total);

	/* Every AP busy, and the boot CPU: 4 on 2 CPUs in the suite. */
	memset(&rs_spin, 0, sizeof(rs_spin));
	memset(&rs_busy_sample, 0, sizeof(rs_busy_sample));
	for (i = 0; i < ncpu; i++) {
		l[i] = NULL;
		ci = cpu_infos[i];
		if (ci == &cpu_info_primary || !rs_cpu_running(ci))
			continue;
		n++;
	}
	rs_busy_sample.n = n;
	for (i = 0; i < ncpu; i++) {
		ci = cpu_infos[i];
		if (ci == &cpu_info_primary || !rs_cpu_running(ci))
			continue;
		KT_REQUIRE_EQ(kthread_create(PRI_NONE | KTHREAD_MUSTJOIN_PRI,
		    ci, rs_spinner, NULL, &l[i], "rsspin/%d", i), 0);
	}
	KT_REQUIRE_EQ(kthread_create(PRI_NONE | KTHREAD_MUSTJOIN_PRI,
	    &cpu_info_primary, rs_sampler, NULL, &sampler, "rssample"), 0);
	(void)kthread_join(sampler);
	rs_spin.stop = 1;
	for (i = 0; i < ncpu; i++)
		if (l[i] != NULL)
			(void)kthread_join(l[i]);
	KT_REQUIRE_EQ(rs_spin.ready, n);
	total = rs_busy_sample.total;
	pre = rs_busy_sample.pre;
	blk = rs_busy_sample.blk;
	printf("ktest: vcpu_preempted: %d busy: %d samples, %d preempted, %d blocked\n",
	    n + 1, total, pre, blk);
	if (xendomain_is_dom0 && nphycpu > 0 && n + 1 <= nphycpu)
		KT_SKIP("%d vCPUs on %d physical CPUs: not overcommitted",
		    n + 1, nphycpu);
	KT_CHECK(pre * 5 >= total);
	KT_CHECK(pre * 20 <= total * 19);
}

/*
 * An adaptive mutex contended by a thread on every vCPU, each holding
 * it 50 us at a time, 4 vCPUs on 2 CPUs: some owners are preempted by
 * Xen while they hold it, and their contenders then sleep instead of
 * spinning (ci_nmutex_preempt_sleeps); the count under the mutex comes
 * out exact.
 */
#define RS_MTX_ROUNDS	1000

static struct {
	kmutex_t	 lock;
	volatile int	 ready, go;
	unsigned long	 count;
} rs_mtx;

static void
rs_mtx_user(void *arg)
{
	uint64_t deadline = xen_systime_ns() + 5000 * MS;
	unsigned long c;
	int r;

	(void)arg;
	__atomic_fetch_add(&rs_mtx.ready, 1, __ATOMIC_SEQ_CST);
	while (!rs_mtx.go && xen_systime_ns() < deadline)
		cpu_spinwait();
	for (r = 0; r < RS_MTX_ROUNDS; r++) {
		mutex_enter(&rs_mtx.lock);
		c = rs_mtx.count;
		delay(50);
		rs_mtx.count = c + 1;
		mutex_exit(&rs_mtx.lock);
	}
	kthread_exit(0);
}

KTEST_CASE(mutex_preempted_owner, "adaptive mutex on every vCPU, overcommitted: contenders of an owner Xen preempted sleep instead of spinning, and the count is exact")
{
	struct lwp *l[MAXCPUS];
	struct cpu_info *ci;
	unsigned long sleeps0 = 0, sleeps = 0;
	uint64_t deadline;
	int i, n = 0;

	memset(&rs_mtx, 0, sizeof(rs_mtx));
	mutex_init(&rs_mtx.lock, MUTEX_DEFAULT, IPL_NONE);
	for (i = 0; i < ncpu; i++)
		if (cpu_infos[i] != NULL)
			sleeps0 += cpu_infos[i]->ci_nmutex_preempt_sleeps;
	for (i = 0; i < ncpu; i++) {
		l[i] = NULL;
		ci = cpu_infos[i];
		if (!rs_cpu_running(ci))
			continue;
		KT_REQUIRE_EQ(kthread_create(PRI_NONE | KTHREAD_MUSTJOIN_PRI,
		    ci, rs_mtx_user, NULL, &l[i], "rsmtx/%d", i), 0);
		n++;
	}
	deadline = xen_systime_ns() + 5000 * MS;
	while (rs_mtx.ready < n && xen_systime_ns() < deadline)
		(void)kpause("rsready", false, 1, NULL);
	rs_mtx.go = 1;
	for (i = 0; i < ncpu; i++)
		if (l[i] != NULL)
			(void)kthread_join(l[i]);
	for (i = 0; i < ncpu; i++)
		if (cpu_infos[i] != NULL)
			sleeps += cpu_infos[i]->ci_nmutex_preempt_sleeps;
	sleeps -= sleeps0;
	printf("ktest: mutex_preempted_owner: %d threads x %d: count %lu, %lu sleeps on a preempted owner\n",
	    n, RS_MTX_ROUNDS, rs_mtx.count, sleeps);
	KT_CHECK_EQ(rs_mtx.count, (unsigned long)n * RS_MTX_ROUNDS);
	if (xendomain_is_dom0 && nphycpu > 0 && n <= nphycpu)
		KT_SKIP("%d vCPUs on %d physical CPUs: not overcommitted", n,
		    nphycpu);
	KT_CHECK(sleeps > 0);
	KT_CHECK(sleeps <= (unsigned long)n * RS_MTX_ROUNDS * 2);
	mutex_destroy(&rs_mtx.lock);
}
