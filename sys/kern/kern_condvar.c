/*	Petrel: kern/kern_condvar.c -- condition variables.
 *
 * A waiter takes the sleep-queue lock before it drops its mutex; a
 * signaller, holding that mutex or not, goes through the same sleep-
 * queue lock, so a signal can't slip between the two.
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/condvar.h>
#include <sys/lwp.h>

void
cv_init(kcondvar_t *cv, const char *wmesg)
{
	cv->cv_wmesg = wmesg;
}

void
cv_destroy(kcondvar_t *cv)
{
	(void)cv;
}

int
cv_timedwait(kcondvar_t *cv, kmutex_t *mtx, int timo)
{
	struct sleepq_bucket *sq;
	int error;

	KASSERT(mutex_owned(mtx));
	sq = sleepq_lock(cv);
	mutex_exit(mtx);
	error = sleepq_block(sq, cv, cv->cv_wmesg, timo);
	mutex_enter(mtx);
	return error;
}

void
cv_wait(kcondvar_t *cv, kmutex_t *mtx)
{
	(void)cv_timedwait(cv, mtx, 0);
}

void
cv_signal(kcondvar_t *cv)
{
	wakeup_one(cv);
}

void
cv_broadcast(kcondvar_t *cv)
{
	wakeup(cv);
}

/*
 * cv_timedwait, but a signal for the process ends the wait with EINTR
 * (timo 0: no time limit).
 */
int
cv_timedwait_sig(kcondvar_t *cv, kmutex_t *mtx, int timo)
{
	struct lwp *l = curlwp;
	int error;

	l->l_flag |= LW_SINTR;
	error = cv_timedwait(cv, mtx, timo);
	l->l_flag &= ~LW_SINTR;
	return error;
}

int
cv_wait_sig(kcondvar_t *cv, kmutex_t *mtx)
{
	return cv_timedwait_sig(cv, mtx, 0);
}
