/*	Petrel: kern/subr_xcall.c -- cross-calls.
 *
 * One cross-call at a time (xc_lock): the caller posts func/args, marks
 * the target CPUs, sends them an IPI and runs the function itself if it
 * is a target.  Each target runs it from its IPI handler and counts
 * down; xc_wait() waits until the count is zero, giving its vCPU's
 * time to the others at each turn (cpu_wait_relax): a target that is
 * not running in the hypervisor (preempted, or woken by our IPI and not
 * yet scheduled: vcpu_is_running) may be waiting for the very physical
 * CPU the caller waits on.
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

/*
 * Run the call on ci, this CPU.  ci_xc_running tells waiters it is at
 * it (and may be preempted at it); cleared before the count-down, after
 * which the next call may be posted.
 */
static void
xc_run_here(struct cpu_info *ci)
{
	__atomic_store_n(&ci->ci_xc_running, 1, __ATOMIC_SEQ_CST);
	(*xc.func)(xc.arg1, xc.arg2);
	__atomic_store_n(&ci->ci_xc_running, 0, __ATOMIC_SEQ_CST);
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
		xc_run_here(ci);
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
		xc_run_here(self);
	}
	splx(s);
	if (__atomic_sub_fetch(&xc.pending, 1, __ATOMIC_SEQ_CST) == 0)
		__atomic_store_n(&xc.done, xc.ticket, __ATOMIC_RELEASE);
	return xc.ticket;
}

/*
 * One turn of a wait for the targets: give the physical CPU back.  A
 * turn where a target that has the call still to run, or is running
 * it, is not running in the hypervisor is counted (ci_npreempt_yields,
 * the "cpus" table).  Spinning instead while every target runs was
 * measured: 10^5 cross-calls took 5 times as long on the 2-CPU test
 * host (a physical CPU of its own is not what a running vCPU has).
 */
static void
xc_wait_turn(void)
{
	struct cpu_info *self = curcpu(), *ci;
	int i;

	for (i = 0; i < ncpu; i++) {
		ci = cpu_infos[i];
		if (ci != NULL && ci != self && (ci->ci_xc_pending ||
		    ci->ci_xc_running) && !vcpu_is_running(ci)) {
			self->ci_npreempt_yields++;
			break;
		}
	}
	cpu_wait_relax();
}

#define XC_STUCK_NS	2000000000ULL	/* xc_wait() reports after 2 s */

void
xc_wait(uint64_t ticket)
{
	uint64_t next = cpu_uptime_ns() + XC_STUCK_NS, now;
	unsigned long spins = 0;

	while ((int)((unsigned int)ticket -
	    __atomic_load_n(&xc.done, __ATOMIC_ACQUIRE)) > 0) {
		xc_wait_turn();
		if (++spins % 1024 == 0 && (now = cpu_uptime_ns()) > next) {
			xc_stuck_report();
			next = now + XC_STUCK_NS;
		}
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
		xc_wait_turn();
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
