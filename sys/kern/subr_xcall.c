/*	Petrel: kern/subr_xcall.c -- cross-calls.
 *
 * One cross-call at a time (xc_lock): the caller posts func/args, marks
 * the target CPUs, sends them an IPI and runs the function itself if it
 * is a target.  Each target runs it from its IPI handler and counts
 * down; xc_wait() spins until the count is zero, giving its vCPU's
 * time to the others (cpu_wait_relax): the targets may be waiting for
 * the very physical CPU the caller spins on.
 *
 * The targets are decided once, under xc_cpu_lock: they are the CPUs
 * running at that moment, each marked and counted in the same pass.  A
 * CPU joins or leaves the running set only under that lock too
 * (xc_cpu_lock/xc_cpu_unlock, around its CPUF_RUNNING change), so no
 * call is sent to a CPU it did not count, nor counts one it will not
 * reach.  A CPU that leaves runs, right after, any call it was marked
 * for (cpu_offline_self calls xc_ipi_handler), and nothing is posted
 * to it once it has left.
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/cpu.h>
#include <sys/mutex.h>
#include <sys/sched.h>
#include <sys/xcall.h>

static kmutex_t xc_lock = { .mtx_type = MUTEX_ADAPTIVE };
/* Orders target choice against CPUs joining or leaving: see above. */
static kmutex_t xc_cpu_mutex = { .mtx_type = MUTEX_SPIN,
    .mtx_ipl = IPL_HIGH };
static struct {
	xcfunc_t	 func;
	void		*arg1, *arg2;
	volatile int	 pending;	/* targets still to run it */
	volatile unsigned int done;	/* ticket of the last finished call */
	unsigned int	 ticket;	/* 32 bits: atomic on i386 too */
} xc;

/*
 * Held by MD code while it sets or clears a CPU's CPUF_RUNNING: no
 * cross-call chooses its targets meanwhile.  A spin lock at IPL_HIGH,
 * since a CPU going down takes it with events masked.
 */
void
xc_cpu_lock(void)
{
	mutex_spin_enter(&xc_cpu_mutex);
}

void
xc_cpu_unlock(void)
{
	mutex_spin_exit(&xc_cpu_mutex);
}

static void
xc_run_here(void)
{
	(*xc.func)(xc.arg1, xc.arg2);
	if (__atomic_sub_fetch(&xc.pending, 1, __ATOMIC_SEQ_CST) == 0)
		__atomic_store_n(&xc.done, xc.ticket, __ATOMIC_RELEASE);
}

/* A cross-call that takes forever: say who has not run it. */
static void
xc_stuck_report(void)
{
	struct cpu_info *ci;
	int i;

	printf("xcall: ticket %u still waits for %d CPU(s):\n", xc.ticket,
	    xc.pending);
	for (i = 0; i < ncpu; i++) {
		ci = cpu_infos[i];
		if (ci != NULL && ci->ci_xc_pending)
			cpu_debug_dump(ci);
	}
}

void
xc_ipi_handler(void)
{
	struct cpu_info *ci = curcpu();

	if (__atomic_exchange_n(&ci->ci_xc_pending, 0, __ATOMIC_SEQ_CST))
		xc_run_here();
}

static uint64_t
xc_post(xcfunc_t func, void *arg1, void *arg2, struct cpu_info *only)
{
	struct cpu_info *self, *ci;
	int i, s;
	bool mine = false;

	mutex_enter(&xc_lock);
	xc.func = func;
	xc.arg1 = arg1;
	xc.arg2 = arg2;
	xc.ticket++;
	/* Ours, dropped below: no early finisher sees zero meanwhile. */
	xc.pending = 1;
	s = splsched();		/* stay on this CPU while posting */
	self = curcpu();
	/* Mark, count and signal in one pass that no CPU joins or leaves. */
	xc_cpu_lock();
	for (i = 0; i < ncpu; i++) {
		ci = cpu_infos[i];
		if (ci == NULL || (ci->ci_flags & CPUF_RUNNING) == 0 ||
		    (only != NULL && ci != only))
			continue;
		if (ci == self) {
			mine = true;
			continue;
		}
		__atomic_fetch_add(&xc.pending, 1, __ATOMIC_SEQ_CST);
		__atomic_store_n(&ci->ci_xc_pending, 1, __ATOMIC_SEQ_CST);
		if (xc_send_ipi(ci) != 0) {
			/* Running, yet no IPI channel: should not be. */
			printf("xcall: cpu%d refused its IPI\n", ci->ci_index);
			if (__atomic_exchange_n(&ci->ci_xc_pending, 0,
			    __ATOMIC_SEQ_CST))
				__atomic_sub_fetch(&xc.pending, 1,
				    __ATOMIC_SEQ_CST);
		}
	}
	xc_cpu_unlock();
	if (mine) {
		__atomic_fetch_add(&xc.pending, 1, __ATOMIC_SEQ_CST);
		xc_run_here();
	}
	splx(s);
	if (__atomic_sub_fetch(&xc.pending, 1, __ATOMIC_SEQ_CST) == 0)
		__atomic_store_n(&xc.done, xc.ticket, __ATOMIC_RELEASE);
	return xc.ticket;
}

void
xc_wait(uint64_t ticket)
{
	unsigned long spins = 0;

	while ((int)((unsigned int)ticket -
	    __atomic_load_n(&xc.done, __ATOMIC_ACQUIRE)) > 0) {
		cpu_wait_relax();
		if (++spins % 1000000UL == 0)
			xc_stuck_report();
	}
	if (mutex_owned(&xc_lock))
		mutex_exit(&xc_lock);
}

/*
 * xc_wait() with a bound: 0 once the call finished (the next may then
 * start), ETIMEDOUT after ns nanoseconds with the stuck CPUs reported;
 * the call is then still under way and must be waited for again.
 */
int
xc_wait_timed(uint64_t ticket, uint64_t ns)
{
	uint64_t deadline = cpu_uptime_ns() + ns;

	while ((int)((unsigned int)ticket -
	    __atomic_load_n(&xc.done, __ATOMIC_ACQUIRE)) > 0) {
		if (cpu_uptime_ns() > deadline) {
			xc_stuck_report();
			return ETIMEDOUT;
		}
		cpu_wait_relax();
	}
	if (mutex_owned(&xc_lock))
		mutex_exit(&xc_lock);
	return 0;
}

uint64_t
xc_broadcast(unsigned int flags, xcfunc_t func, void *arg1, void *arg2)
{
	(void)flags;
	return xc_post(func, arg1, arg2, NULL);
}

uint64_t
xc_unicast(unsigned int flags, xcfunc_t func, void *arg1, void *arg2,
    struct cpu_info *ci)
{
	(void)flags;
	return xc_post(func, arg1, arg2, ci);
}
