/*	Petrel: kern/kern_time.c -- clock_gettime(2) and nanosleep(2).	*/

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/lwp.h>
#include <sys/proc.h>
#include <sys/time.h>
#include <sys/syscallargs.h>

int
sys___clock_gettime50(struct lwp *l,
    const struct sys___clock_gettime50_args *uap, register_t *retval)
{
	struct timespec ts;
	uint64_t ns, sec;
	uint32_t nsec;

	switch (SCARG(uap, clock_id)) {
	case CLOCK_MONOTONIC:
		ns = cpu_uptime_ns();
		ts.tv_sec = ns / NS_PER_SEC;
		ts.tv_nsec = ns % NS_PER_SEC;
		break;
	case CLOCK_REALTIME:
		cpu_wallclock(&sec, &nsec);
		ts.tv_sec = sec;
		ts.tv_nsec = nsec;
		break;
	default:
		return EINVAL;
	}
	return copyout(&ts, (vaddr_t)SCARG(uap, tp), sizeof(ts));
}

/*
 * Sleep at least the time asked, in whole ticks (a signal ends it with
 * EINTR); the time left goes to rmtp if asked.
 */
int
sys___nanosleep50(struct lwp *l, const struct sys___nanosleep50_args *uap,
    register_t *retval)
{
	struct timespec ts, left;
	uint64_t ns, t0, ticks, done;
	int error;

	if ((error = copyin((vaddr_t)SCARG(uap, rqtp), &ts, sizeof(ts))) != 0)
		return error;
	if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= (long)NS_PER_SEC)
		return EINVAL;
	/* A year at most: no overflow below, and no tick count wraps. */
	if (ts.tv_sec > 365 * 24 * 3600)
		ts.tv_sec = 365 * 24 * 3600;
	ns = ts.tv_sec * NS_PER_SEC + ts.tv_nsec;
	if (ns == 0)
		return 0;
	/* One tick more: the current one is partly gone. */
	ticks = howmany(ns, tick_nsec()) + 1;
	t0 = cpu_uptime_ns();
	l->l_flag |= LW_SINTR;
	error = tsleep(&l->l_timedout, "nanoslp", (int)MIN(ticks, INT32_MAX));
	l->l_flag &= ~LW_SINTR;
	if (error == ETIMEDOUT || error == 0)
		return 0;
	done = cpu_uptime_ns() - t0;
	if (SCARG(uap, rmtp) != NULL) {
		ns = done < ns ? ns - done : 0;
		left.tv_sec = ns / NS_PER_SEC;
		left.tv_nsec = ns % NS_PER_SEC;
		(void)copyout(&left, (vaddr_t)SCARG(uap, rmtp), sizeof(left));
	}
	return error;
}
