/*	Petrel: kern/ktest_clock.c -- tests of the tick and callouts.
 *
 * The tests that need the clock to tick open interrupts for their
 * duration (main() runs them at IPL_NONE anyway) and give up after a
 * bounded time measured in uptime, so a dead clock fails rather than
 * hangs.
 *
 * Under emulation the vCPU running a test may not run for a while
 * (the hypervisor or the host runs something else), and the
 * hypervisor's recalibration may step its time against the TSC.
 * Either delays everything by itself: the checks of an upper bound on
 * a delay are only made over a window in which neither happened by
 * more than a tick, and are tried again otherwise.  The window is
 * shared with the tests of the MD clock (ktest_window_*() in
 * <sys/ktest.h>).
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/cpu.h>
#include <sys/callout.h>
#include <sys/ktest.h>
#include <sys/lwp.h>
#include <sys/sched.h>

#include <x86/cpufunc.h>

#define NS_PER_MS	1000000ULL
#define NS_PER_SEC	1000000000ULL

/* Let clock interrupts in; returns what clock_close() restores. */
static int
clock_open(void)
{
	int s = splhigh();

	spl0();
	return s;
}

static void
clock_close(int s)
{
	(void)splhigh();
	splx(s);
}

/* Spin until the tick count moves on; false if it did not within 1 s. */
static bool
tick_edge(void)
{
	uint64_t limit = cpu_uptime_ns() + NS_PER_SEC;
	int t0 = getticks();

	while (getticks() == t0) {
		if (cpu_uptime_ns() > limit)
			return false;
		cpu_spinwait();
	}
	return true;
}

/*
 * Move to the boot CPU and stay there, so that the callouts scheduled
 * here and the test's own loop run on the same vCPU, and a stall of
 * that vCPU is seen by the loop.  Returns the CPU to go back to.
 */
static struct cpu_info *
boot_cpu_enter(void)
{
	struct cpu_info *ci = curcpu();

	lwp_migrate(curlwp, &cpu_info_primary);
	return ci;
}

static void
boot_cpu_leave(struct cpu_info *ci)
{
	lwp_migrate(curlwp, ci);
}

uint64_t
ktest_window_start(struct ktest_window *w)
{
	memset(w, 0, sizeof(*w));
	w->kw_tsc0 = w->kw_tsc = rdtsc();
	w->kw_sys0 = w->kw_sys = cpu_uptime_ns();
	return w->kw_sys0;
}

uint64_t
ktest_window_now(struct ktest_window *w)
{
	uint64_t now = cpu_uptime_ns();

	if (now - w->kw_sys > w->kw_gap)
		w->kw_gap = now - w->kw_sys;
	w->kw_sys = now;
	w->kw_tsc = rdtsc();
	return now;
}

/* Was the window disturbed by more than limit ns?  Says how, if so. */
bool
ktest_window_disturbed(const struct ktest_window *w, uint64_t limit,
    const char *who)
{
	uint64_t khz = curcpu()->ci_tsc_freq / 1000, sys, tsc, skew;

	sys = w->kw_sys - w->kw_sys0;
	tsc = khz == 0 ? sys : (w->kw_tsc - w->kw_tsc0) * 1000000 / khz;
	skew = sys > tsc ? sys - tsc : tsc - sys;
	if (w->kw_gap <= limit && skew <= limit)
		return false;
	printf("%s: vCPU stalled %llu us, time against TSC %llu us: again\n",
	    who, (unsigned long long)w->kw_gap / 1000,
	    (unsigned long long)skew / 1000);
	return true;
}

/*
 * The tick of a busy CPU: while this thread spins with interrupts open,
 * its CPU's clock must call hardclock() once per tick of the grid,
 * about hz/10 times in 100 ms (not counting ticks the hypervisor did
 * not run the vCPU for: such a window is tried again).
 */
KTEST_CASE(hardclock_ticks, "a busy CPU calls hardclock() hz/10 times in 100 ms")
{
	struct cpu_info *home, *ci;
	struct ktest_window w;
	uint64_t tick_ns = tick_nsec(), el = 0;
	unsigned long n0, n1 = 0;
	int s, attempt, lo = 0, hi = 0;

	KT_REQUIRE(tick_ns > 0);
	home = boot_cpu_enter();
	s = clock_open();
	for (attempt = 0; attempt < KTEST_ATTEMPTS; attempt++) {
		ci = curcpu();
		n0 = ci->ci_nhardclock;
		(void)ktest_window_start(&w);
		while ((el = ktest_window_now(&w) - w.kw_sys0) <
		    100 * NS_PER_MS)
			cpu_spinwait();
		n1 = ci->ci_nhardclock;
		if (ktest_window_disturbed(&w, tick_ns, "hardclock_ticks"))
			continue;
		lo = (int)(el / tick_ns) - 1;
		hi = (int)(el / tick_ns) + 1;
		if ((int)(n1 - n0) >= lo && (int)(n1 - n0) <= hi)
			break;
		printf("hardclock_ticks: %lu calls in %llu us, again\n",
		    n1 - n0, (unsigned long long)el / 1000);
	}
	clock_close(s);
	boot_cpu_leave(home);
	printf("hardclock_ticks: %lu hardclock() calls in %llu us at hz %d\n",
	    n1 - n0, (unsigned long long)el / 1000, hz);
	if (attempt == KTEST_ATTEMPTS)
		KT_FAIL("%lu hardclock() calls in %llu us at hz %d, not %d..%d",
		    n1 - n0, (unsigned long long)el / 1000, hz, lo, hi);
}

/* callout_order ---------------------------------------------------- */

struct co_rec {
	callout_t	 cr_co;
	int		 cr_delay;	/* ticks */
	int		 cr_seq;	/* order it fired in, -1: not yet */
	int		 cr_tick;	/* `ticks' when it fired */
	uint64_t	 cr_ns;		/* system time when it fired */
};

static volatile int co_nfired;

static void
co_fire(void *arg)
{
	struct co_rec *r = arg;

	r->cr_ns = cpu_uptime_ns();
	r->cr_tick = getticks();
	r->cr_seq = co_nfired++;
}

/*
 * Schedule the callouts just after a tick and wait for them all; false
 * if they did not all fire within 2 s.
 */
static bool
callout_order_run(struct co_rec *rec, const int *delays, int n,
    uint64_t *t0p, int *k0p, struct ktest_window *w)
{
	uint64_t t0;
	int i, s;

	if (!tick_edge())
		return false;
	/* All within one tick, just after its start. */
	s = splsched();
	co_nfired = 0;
	t0 = *t0p = ktest_window_start(w);
	*k0p = getticks();
	for (i = 0; i < n; i++) {
		rec[i].cr_delay = delays[i];
		rec[i].cr_seq = -1;
		callout_init(&rec[i].cr_co, 0);
		callout_reset(&rec[i].cr_co, delays[i], co_fire, &rec[i]);
	}
	splx(s);
	while (co_nfired < n && ktest_window_now(w) - t0 < 2 * NS_PER_SEC)
		cpu_spinwait();
	for (i = 0; i < n; i++) {
		(void)callout_halt(&rec[i].cr_co, NULL);
		callout_destroy(&rec[i].cr_co);
	}
	return co_nfired == n;
}

KTEST_CASE(callout_order, "callouts fire in expiry order, on time")
{
	/*
	 * Long on purpose: each attempt is judged in one place, so that
	 * when to try again (a disturbed window), to stop (a failure) or
	 * to judge the timing strictly reads as one decision over the
	 * attempt's t0, k0 and window.
	 */
	/* Expected order: by delay, and scheduling order for equal ones. */
	static const int delays[] = { 7, 1, 4, 2, 3, 5, 3 };
	static const int order[] = { 1, 3, 4, 6, 2, 5, 0 };
	const int n = __arraycount(delays);
	struct co_rec rec[__arraycount(delays)];
	uint64_t t0, tick_ns = tick_nsec(), el;
	struct cpu_info *home;
	struct ktest_window w;
	int s, k0, i, attempt;

	KT_REQUIRE(tick_ns > 0);
	home = boot_cpu_enter();
	s = clock_open();
	for (attempt = 0; attempt < KTEST_ATTEMPTS; attempt++) {
		if (!callout_order_run(rec, delays, n, &t0, &k0, &w)) {
			ktest_fail(kt, __FILE__, __LINE__, "%d of %d callouts fired in 2 s",
			    co_nfired, n);
			break;
		}
		for (i = 0; i < n; i++)
			KT_CHECK_EQ(rec[order[i]].cr_seq, i);
		for (i = 0; i < n; i++) {
			/* Never before its delay-th tick: delay - 1 periods. */
			el = rec[i].cr_ns - t0;
			if (rec[i].cr_tick - k0 < rec[i].cr_delay)
				ktest_fail(kt, __FILE__, __LINE__, "delay %d fired on tick %d",
				    rec[i].cr_delay, rec[i].cr_tick - k0);
			if (el < (uint64_t)(rec[i].cr_delay - 1) * tick_ns)
				ktest_fail(kt, __FILE__, __LINE__, "delay %d fired after only %llu us",
				    rec[i].cr_delay,
				    (unsigned long long)(el / 1000));
		}
		if (kt->kt_result == KTEST_FAILED)
			break;
		if (ktest_window_disturbed(&w, tick_ns, "callout_order"))
			continue;
		/*
		 * Undisturbed: on its tick (the next one if the event came
		 * as the grid moved on), and late by at most 10 ticks of
		 * time (an emulated, shared host).
		 */
		for (i = 0; i < n; i++) {
			if (rec[i].cr_tick - k0 > rec[i].cr_delay + 1)
				ktest_fail(kt, __FILE__, __LINE__, "delay %d fired on tick %d",
				    rec[i].cr_delay, rec[i].cr_tick - k0);
			el = rec[i].cr_ns - t0;
			if (el > (uint64_t)(rec[i].cr_delay + 10) * tick_ns)
				ktest_fail(kt, __FILE__, __LINE__, "delay %d fired after %llu us",
				    rec[i].cr_delay,
				    (unsigned long long)(el / 1000));
		}
		break;
	}
	clock_close(s);
	boot_cpu_leave(home);
	if (attempt == KTEST_ATTEMPTS)
		KT_SKIP("disturbed in each of %d attempts", KTEST_ATTEMPTS);
}

/* callout_resched_stop --------------------------------------------- */

struct co_self {
	callout_t	 cs_co;
	volatile int	 cs_count;
	int		 cs_limit;
	uint64_t	 cs_last_ns;	/* system time of the latest call */
};

static void
co_again(void *arg)
{
	struct co_self *cs = arg;

	cs->cs_last_ns = cpu_uptime_ns();
	if (++cs->cs_count < cs->cs_limit)
		callout_schedule(&cs->cs_co, 2);
}

/*
 * Measured in system time.  Only lower bounds on delays: a stall
 * cannot make them fail.
 */
KTEST_CASE(callout_resched_stop, "a callout reschedules itself; stop, halt")
{
	struct co_self cs = { .cs_limit = 4 };
	uint64_t t0, tick_ns = tick_nsec();
	int s;

	KT_REQUIRE(tick_ns > 0);
	s = clock_open();

	/* Rescheduling itself: 4 calls, on ticks 1, 3, 5 and 7. */
	callout_init(&cs.cs_co, 0);
	t0 = cpu_uptime_ns();
	callout_reset(&cs.cs_co, 1, co_again, &cs);
	while (cs.cs_count < cs.cs_limit &&
	    cpu_uptime_ns() - t0 < 2 * NS_PER_SEC)
		cpu_spinwait();
	KT_CHECK_EQ(cs.cs_count, cs.cs_limit);
	/* 6 periods from the first call, which came after the reset. */
	if (cs.cs_last_ns - t0 < 5 * tick_ns)
		ktest_fail(kt, __FILE__, __LINE__, "4th call after %llu us",
		    (unsigned long long)(cs.cs_last_ns - t0) / 1000);
	KT_CHECK(!callout_pending(&cs.cs_co));
	KT_CHECK(callout_expired(&cs.cs_co));

	/* Stopped while pending: never called; stop says not expired. */
	cs.cs_count = 0;
	cs.cs_limit = 1;
	callout_schedule(&cs.cs_co, 3);
	KT_CHECK(callout_pending(&cs.cs_co));
	KT_CHECK(!callout_expired(&cs.cs_co));
	KT_CHECK(!callout_stop(&cs.cs_co));
	KT_CHECK(!callout_pending(&cs.cs_co));
	t0 = cpu_uptime_ns();
	while (cpu_uptime_ns() - t0 < 6 * tick_ns)
		cpu_spinwait();
	KT_CHECK_EQ(cs.cs_count, 0);

	/* Once it ran, halt reports it expired and leaves it idle. */
	callout_schedule(&cs.cs_co, 1);
	t0 = cpu_uptime_ns();
	while (cs.cs_count == 0 && cpu_uptime_ns() - t0 < 2 * NS_PER_SEC)
		cpu_spinwait();
	KT_CHECK_EQ(cs.cs_count, 1);
	KT_CHECK(callout_halt(&cs.cs_co, NULL));
	KT_CHECK(!callout_pending(&cs.cs_co));
	callout_destroy(&cs.cs_co);
	clock_close(s);
}

/* callout_halt_waits ----------------------------------------------- */

struct co_slow {
	volatile int	 sl_entered;
	volatile int	 sl_done;
};

static void
co_slow_fire(void *arg)
{
	struct co_slow *sl = arg;

	sl->sl_entered = 1;
	delay(20000);
	sl->sl_done = 1;
}

/*
 * A callout initialised on another CPU, scheduled from here: that CPU
 * runs it (waking up for it if it idled without a tick), and halt from
 * here waits for the call to end.
 */
KTEST_CASE(callout_halt_waits, "callout_halt() waits for a call running on another CPU")
{
	struct cpu_info *home, *other = NULL, *ci;
	struct co_slow sl = { 0, 0 };
	callout_t co;
	uint64_t t0;
	int i, s;

	home = curcpu();
	for (i = 0; i < ncpu; i++) {
		ci = cpu_infos[i];
		if (ci != NULL && ci != home &&
		    (ci->ci_flags & CPUF_RUNNING) != 0)
			other = ci;
	}
	if (other == NULL)
		KT_SKIP("one vCPU");

	s = clock_open();
	/* A callout belongs to the CPU that initialises it. */
	lwp_migrate(curlwp, other);
	callout_init(&co, 0);
	lwp_migrate(curlwp, home);
	if (curcpu() == other) {
		callout_destroy(&co);
		clock_close(s);
		KT_SKIP("could not move off %s", device_xname(other->ci_dev));
	}
	callout_reset(&co, 1, co_slow_fire, &sl);
	t0 = cpu_uptime_ns();
	while (!sl.sl_entered && cpu_uptime_ns() - t0 < 2 * NS_PER_SEC)
		cpu_spinwait();
	KT_CHECK(sl.sl_entered);
	KT_CHECK(callout_halt(&co, NULL));
	KT_CHECK(sl.sl_done);
	callout_destroy(&co);
	clock_close(s);
}

/* callout_armed_while_offline -------------------------------------- */

#define CAO_TICKS	5

static struct cpu_info *volatile cao_fired_on;
static volatile uint64_t cao_fired_ns;

static void
cao_fire(void *arg)
{
	(void)arg;
	cao_fired_ns = cpu_uptime_ns();
	cao_fired_on = curcpu();
}

/*
 * A callout scheduled while the CPU that initialised it is down: left
 * on that CPU's list, it would wait for the CPU to come back.
 */
KTEST_CASE(callout_armed_while_offline, "a callout scheduled while the "
    "CPU that initialised it is offline fires on time on a running CPU")
{
	struct cpu_info *ap = NULL, *ci;
	callout_t co;
	uint64_t t0, dt, tick_ns = NS_PER_SEC / hz;
	int i;

	for (i = 1; i < ncpu; i++) {
		ci = cpu_infos[i];
		if (ci != NULL && (ci->ci_flags & CPUF_RUNNING) != 0)
			ap = ci;
	}
	if (ap == NULL)
		KT_SKIP("one vCPU");
	lwp_migrate(curlwp, ap);
	callout_init(&co, 0);		/* ap's */
	lwp_migrate(curlwp, &cpu_info_primary);
	KT_REQUIRE(curcpu() != ap);
	KT_REQUIRE_EQ(cpu_setstate(ap, false), 0);
	cao_fired_on = NULL;
	t0 = cpu_uptime_ns();
	callout_reset(&co, CAO_TICKS, cao_fire, NULL);
	while (cao_fired_on == NULL && cpu_uptime_ns() - t0 < 2 * NS_PER_SEC)
		(void)kpause("ktcao", false, 1, NULL);
	dt = cao_fired_ns - t0;
	printf("ktest: callout_armed_while_offline: cpu%d down; fired %s%d "
	    "after %llu us\n", ap->ci_index, cao_fired_on != NULL ? "on cpu" :
	    "never: ", cao_fired_on != NULL ? cao_fired_on->ci_index : -1,
	    cao_fired_on != NULL ? (unsigned long long)dt / 1000 : 0ULL);
	KT_CHECK(cao_fired_on != NULL && cao_fired_on != ap);
	KT_CHECK(cao_fired_on == NULL ||
	    (dt >= (CAO_TICKS - 1) * tick_ns && dt <= NS_PER_SEC));
	KT_CHECK_EQ(cpu_setstate(ap, true), 0);
	(void)callout_halt(&co, NULL);
	callout_destroy(&co);
}
