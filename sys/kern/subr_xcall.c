/*	Petrel: kern/subr_xcall.c -- cross-calls.
 *
 * One cross-call at a time (xc_lock): the caller posts func/args, marks
 * the target CPUs, sends them an IPI and runs the function itself if it
 * is a target.  Each target runs it from its IPI handler and counts
 * down; xc_wait() spins (yielding) until the count is zero.  A CPU that
 * is offline is not a target.
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/cpu.h>
#include <sys/mutex.h>
#include <sys/sched.h>
#include <sys/xcall.h>

static kmutex_t xc_lock;
static bool xc_inited;
static struct {
	xcfunc_t	 func;
	void		*arg1, *arg2;
	volatile int	 pending;	/* targets still to run it */
	volatile unsigned int done;	/* ticket of the last finished call */
	unsigned int	 ticket;	/* 32 bits: atomic on i386 too */
} xc;

static void
xc_init(void)
{
	mutex_init(&xc_lock, MUTEX_DEFAULT, IPL_NONE);
	xc_inited = true;
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
	int i, n = 0, s;
	bool mine = false;

	if (!xc_inited)
		xc_init();
	mutex_enter(&xc_lock);
	xc.func = func;
	xc.arg1 = arg1;
	xc.arg2 = arg2;
	xc.ticket++;
	/* Count the targets first, so no early finisher sees zero. */
	for (i = 0; i < ncpu; i++) {
		ci = cpu_infos[i];
		if (ci != NULL && (ci->ci_flags & CPUF_RUNNING) &&
		    (only == NULL || ci == only))
			n++;
	}
	xc.pending = n + 1;	/* +1: ours, dropped below */
	s = splsched();		/* stay on this CPU while posting */
	self = curcpu();
	for (i = 0; i < ncpu; i++) {
		ci = cpu_infos[i];
		if (ci == NULL || (ci->ci_flags & CPUF_RUNNING) == 0 ||
		    (only != NULL && ci != only))
			continue;
		if (ci == self) {
			mine = true;
			continue;
		}
		ci->ci_xc_pending = 1;
		if (xc_send_ipi(ci) != 0) {
			/* Went offline meanwhile: nothing to wait for. */
			if (__atomic_exchange_n(&ci->ci_xc_pending, 0,
			    __ATOMIC_SEQ_CST))
				__atomic_sub_fetch(&xc.pending, 1,
				    __ATOMIC_SEQ_CST);
		}
	}
	if (mine)
		xc_run_here();
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
		cpu_spinwait();
		if (++spins % 100000000UL == 0)
			xc_stuck_report();
	}
	if (mutex_owned(&xc_lock))
		mutex_exit(&xc_lock);
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
