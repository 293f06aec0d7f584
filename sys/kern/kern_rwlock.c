/*	Petrel: kern/kern_rwlock.c -- reader/writer locks.
 *
 * The sleep-queue lock of the rwlock's address guards its state, so
 * deciding to wait and starting to wait are one step.  Waiting writers
 * hold new readers off, so writers are not starved.
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/lwp.h>
#include <sys/rwlock.h>

void
rw_init(krwlock_t *rw)
{
	memset(rw, 0, sizeof(*rw));
}

void
rw_destroy(krwlock_t *rw)
{
	KASSERTMSG(rw->rw_writer == NULL && rw->rw_readers == 0,
	    "rwlock %p destroyed while held", rw);
}

static bool
rw_try_locked(krwlock_t *rw, krw_t op)
{
	if (op == RW_READER) {
		if (rw->rw_writer != NULL || rw->rw_wantwrite > 0)
			return false;
		rw->rw_readers++;
		return true;
	}
	if (rw->rw_writer != NULL || rw->rw_readers > 0)
		return false;
	rw->rw_writer = curlwp;
	return true;
}

void
rw_enter(krwlock_t *rw, krw_t op)
{
	struct sleepq_bucket *sq;

	KASSERTMSG(rw->rw_writer != curlwp, "rwlock %p: locking against myself",
	    rw);
	for (;;) {
		sq = sleepq_lock(rw);
		if (rw_try_locked(rw, op)) {
			sleepq_unlock(sq);
			return;
		}
		if (op == RW_WRITER)
			rw->rw_wantwrite++;
		(void)sleepq_block(sq, rw, "rwlock", 0);
		if (op == RW_WRITER) {
			sq = sleepq_lock(rw);
			rw->rw_wantwrite--;
			sleepq_unlock(sq);
		}
	}
}

bool
rw_tryenter(krwlock_t *rw, krw_t op)
{
	struct sleepq_bucket *sq = sleepq_lock(rw);
	bool ok = rw_try_locked(rw, op);

	sleepq_unlock(sq);
	return ok;
}

void
rw_exit(krwlock_t *rw)
{
	struct sleepq_bucket *sq = sleepq_lock(rw);

	if (rw->rw_writer != NULL) {
		KASSERTMSG(rw->rw_writer == curlwp, "rwlock %p: not the writer",
		    rw);
		rw->rw_writer = NULL;
	} else {
		KASSERTMSG(rw->rw_readers > 0, "rwlock %p: not held", rw);
		rw->rw_readers--;
	}
	sleepq_unlock(sq);
	wakeup(rw);
}

bool
rw_write_held(krwlock_t *rw)
{
	return rw->rw_writer == curlwp;
}

bool
rw_read_held(krwlock_t *rw)
{
	return rw->rw_readers > 0;
}
