/*	Petrel: kern/kern_synch.c -- the scheduler and sleep queues.
 *
 * Each CPU has a run queue guarded by its spin mutex (spc_mutex, at
 * IPL_SCHED).  An LWP's state changes under the run-queue lock of the
 * CPU it is on; mi_switch() is entered with the current CPU's lock held
 * and whoever runs next releases it.  Sleep queues hash on the wait
 * channel; a sleeper takes its bucket's lock, then its CPU's run-queue
 * lock, and only then gives up the bucket, so a wakeup can't be lost.
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/cpu.h>
#include <sys/lwp.h>
#include <sys/mutex.h>
#include <sys/proc.h>
#include <sys/sched.h>
#include <sys/callout.h>
#include <machine/pmap.h>

struct schedstate {
	kmutex_t	 spc_mutex;
	TAILQ_HEAD(, lwp) spc_runq;
	int		 spc_count;	/* LWPs on the run queue */
};

static struct schedstate schedstate[MAXCPUS];

struct sleepq_bucket {
	kmutex_t	 sq_mutex;
	TAILQ_HEAD(, lwp) sq_lwps;
};

#define SLEEPTAB_SIZE	64
static struct sleepq_bucket sleeptab[SLEEPTAB_SIZE];

#define SCHED_QUANTUM	(hz / 10 > 0 ? hz / 10 : 1)	/* 100 ms */

static inline struct schedstate *
spc_of(struct cpu_info *ci)
{
	return ci->ci_schedstate;
}

void
sched_init(void)
{
	int i;

	for (i = 0; i < SLEEPTAB_SIZE; i++) {
		mutex_init(&sleeptab[i].sq_mutex, MUTEX_SPIN, IPL_SCHED);
		TAILQ_INIT(&sleeptab[i].sq_lwps);
	}
}

void
sched_cpu_attach(struct cpu_info *ci)
{
	struct schedstate *spc = &schedstate[ci->ci_index];

	mutex_init(&spc->spc_mutex, MUTEX_SPIN, IPL_SCHED);
	TAILQ_INIT(&spc->spc_runq);
	ci->ci_schedstate = spc;
}

/* Put l on its CPU's run queue; that CPU's lock is held. */
static void
runq_enqueue(struct lwp *l)
{
	struct schedstate *spc = spc_of(l->l_cpu);

	KASSERT(mutex_owned(&spc->spc_mutex));
	l->l_stat = LSRUN;
	TAILQ_INSERT_TAIL(&spc->spc_runq, l, l_runq);
	spc->spc_count++;
}

/* The least loaded CPU that is running, for an unbound LWP. */
static struct cpu_info *
sched_pick_cpu(struct lwp *l)
{
	struct cpu_info *ci, *best = l->l_cpu;
	int i;

	/* Bound: stay, unless that CPU went offline. */
	if (((l->l_flag & LW_BOUND) != 0 || ncpuonline == 1) &&
	    (best->ci_flags & CPUF_RUNNING) != 0)
		return best;
	for (i = 0; i < ncpu; i++) {
		ci = cpu_infos[i];
		if (ci == NULL || (ci->ci_flags & CPUF_RUNNING) == 0 ||
		    ci->ci_schedstate == NULL)
			continue;
		if ((best->ci_flags & CPUF_RUNNING) == 0 ||
		    spc_of(ci)->spc_count < spc_of(best)->spc_count)
			best = ci;
	}
	return best;
}

/* Make a sleeping or new LWP runnable, on the CPU that suits it. */
void
setrunnable(struct lwp *l)
{
	struct cpu_info *ci;
	struct schedstate *spc;

	spc = spc_of(l->l_cpu);
	mutex_spin_enter(&spc->spc_mutex);
	if (l->l_stat != LSSLEEP && l->l_stat != LSIDL) {
		mutex_spin_exit(&spc->spc_mutex);
		return;
	}
	for (;;) {
		ci = sched_pick_cpu(l);
		if (ci != l->l_cpu) {
			/* Move it: not running, its old lock covers it. */
			mutex_spin_exit(&spc->spc_mutex);
			spc = spc_of(ci);
			mutex_spin_enter(&spc->spc_mutex);
			l->l_cpu = ci;
		}
		/*
		 * Still running, under its lock: a CPU leaves under that
		 * lock before it drains its queue, so l will not be
		 * stranded there.  Else it left meanwhile: choose again.
		 */
		if ((ci->ci_flags & CPUF_RUNNING) != 0)
			break;
	}
	l->l_wchan = NULL;
	runq_enqueue(l);
	mutex_spin_exit(&spc->spc_mutex);
	cpu_need_resched(ci, ci == curcpu() ? 0 : RESCHED_REMOTE);
}

/*
 * Switch away from curlwp, whose state was set by the caller, with this
 * CPU's run-queue lock held.  Returns when curlwp runs again, with the
 * lock released.
 */
static void sched_switch_done(struct lwp *);

static void
mi_switch(void)
{
	struct cpu_info *ci = curcpu();
	struct schedstate *spc = spc_of(ci);
	struct lwp *cur = ci->ci_curlwp, *next;

	KASSERT(mutex_owned(&spc->spc_mutex));
	next = TAILQ_FIRST(&spc->spc_runq);
	if (ci->ci_want_offline && cur != ci->ci_idlelwp)
		next = NULL;	/* the idle thread takes the CPU down */
	if (next != NULL) {
		TAILQ_REMOVE(&spc->spc_runq, next, l_runq);
		spc->spc_count--;
	} else
		next = ci->ci_idlelwp;
	ci->ci_want_resched = 0;
	if (next == cur) {
		cur->l_stat = LSONPROC;
		mutex_spin_exit(&spc->spc_mutex);
		return;
	}
	next->l_stat = LSONPROC;
	next->l_cpu = ci;
	next->l_ticks = 0;
	ci->ci_nswitch++;
	cur->l_nswitch++;
	cpu_lwp_activate(next);
	sched_switch_done(cpu_switchto(cur, next));
}

/*
 * The tail of every switch, in the LWP now running: release this CPU's
 * run-queue lock, and if the LWP we switched away from is moving to
 * another CPU, queue it there now that it is off this CPU's stack.
 */
static void
sched_switch_done(struct lwp *prev)
{
	struct cpu_info *target = prev != NULL ? prev->l_target : NULL;
	struct schedstate *spc;

	mutex_spin_exit(&spc_of(curcpu())->spc_mutex);
	if (target == NULL)
		return;
	prev->l_target = NULL;
	spc = spc_of(target);
	mutex_spin_enter(&spc->spc_mutex);
	if ((target->ci_flags & CPUF_RUNNING) == 0) {
		/* It went offline meanwhile: prev (LSIDL) goes elsewhere. */
		mutex_spin_exit(&spc->spc_mutex);
		setrunnable(prev);
		return;
	}
	prev->l_cpu = target;
	runq_enqueue(prev);
	mutex_spin_exit(&spc->spc_mutex);
	cpu_need_resched(target, RESCHED_REMOTE);
}

/*
 * ci's run-queue lock, for MD code changing ci's CPUF_RUNNING: see
 * setrunnable().
 */
void
sched_cpu_lock(struct cpu_info *ci)
{
	mutex_spin_enter(&spc_of(ci)->spc_mutex);
}

void
sched_cpu_unlock(struct cpu_info *ci)
{
	mutex_spin_exit(&spc_of(ci)->spc_mutex);
}

/*
 * ci (this CPU) is going offline: hand every thread on its run queue
 * to the other CPUs.  It cleared CPUF_RUNNING under its run-queue lock
 * (sched_cpu_lock), and setrunnable() checks that flag under the same
 * lock, so nothing new is queued here.
 */
void
sched_cpu_drain(struct cpu_info *ci)
{
	struct schedstate *spc = spc_of(ci);
	struct lwp *l;

	for (;;) {
		mutex_spin_enter(&spc->spc_mutex);
		l = TAILQ_FIRST(&spc->spc_runq);
		if (l == NULL) {
			mutex_spin_exit(&spc->spc_mutex);
			return;
		}
		TAILQ_REMOVE(&spc->spc_runq, l, l_runq);
		spc->spc_count--;
		l->l_stat = LSIDL;	/* not queued anywhere: setrunnable */
		mutex_spin_exit(&spc->spc_mutex);
		setrunnable(l);
	}
}

/* Exiting: become a zombie and never run again. */
void
sched_exit(struct lwp *l)
{
	struct sleepq_bucket *sq = sleepq_lock(l);
	struct schedstate *spc = spc_of(l->l_cpu);

	mutex_spin_enter(&spc->spc_mutex);
	l->l_stat = LSZOMB;
	sleepq_unlock(sq);
	mi_switch();
	panic("zombie %s ran again", l->l_name);
}

/* Give the CPU to another runnable LWP, if any. */
void
yield(void)
{
	struct lwp *l = curlwp;
	struct schedstate *spc = spc_of(l->l_cpu);

	mutex_spin_enter(&spc->spc_mutex);
	if ((l->l_flag & LW_IDLE) == 0)
		runq_enqueue(l);
	mi_switch();
}

void
preempt(void)
{
	yield();
}

/* A new LWP's first moments: release what mi_switch() held. */
void
lwp_startup(struct lwp *prev, struct lwp *new)
{
	(void)new;
	sched_switch_done(prev);
	KASSERT(curcpu()->ci_mtx_count == 0);
	spl0();
}

/* Each tick: end the current LWP's quantum when others wait. */
void
sched_tick(struct cpu_info *ci)
{
	struct lwp *l = ci->ci_curlwp;

	if (l == NULL || (l->l_flag & LW_IDLE) != 0) {
		if (spc_of(ci) != NULL && spc_of(ci)->spc_count > 0)
			ci->ci_want_resched = 1;
		return;
	}
	/* Time the hypervisor gave to others is not this LWP's. */
	if (cpu_tick_stolen(ci))
		return;
	if (++l->l_ticks >= SCHED_QUANTUM && spc_of(ci)->spc_count > 0)
		ci->ci_want_resched = 1;
}

/*
 * Ask ci to look at its run queue.  Another CPU is woken by an IPI,
 * which also brings an idle vCPU out of its block in Xen.
 */
void
cpu_need_resched(struct cpu_info *ci, int flags)
{
	ci->ci_want_resched = 1;
	if ((flags & RESCHED_REMOTE) != 0 && ci != curcpu())
		cpu_kick(ci);
}

/* Sleep queues ------------------------------------------------------- */

static inline struct sleepq_bucket *
sleepq_hash(const void *wchan)
{
	uintptr_t h = (uintptr_t)wchan;

	return &sleeptab[((h >> 4) ^ (h >> 10)) % SLEEPTAB_SIZE];
}

struct sleepq_bucket *
sleepq_lock(const void *wchan)
{
	struct sleepq_bucket *sq = sleepq_hash(wchan);

	mutex_spin_enter(&sq->sq_mutex);
	return sq;
}

void
sleepq_unlock(struct sleepq_bucket *sq)
{
	mutex_spin_exit(&sq->sq_mutex);
}

static void
sleepq_timeout(void *arg)
{
	struct lwp *l = arg;
	struct sleepq_bucket *sq;
	const void *wchan = l->l_wchan;

	if (wchan == NULL)
		return;
	sq = sleepq_lock(wchan);
	if (l->l_wchan == wchan && l->l_stat == LSSLEEP) {
		TAILQ_REMOVE(&sq->sq_lwps, l, l_runq);
		l->l_timedout = 1;
		setrunnable(l);
	}
	sleepq_unlock(sq);
}

/*
 * Sleep on wchan; the bucket is locked by the caller (sleepq_lock) and
 * released here.  timo is in ticks, 0 for no limit.  Returns 0 when
 * woken, ETIMEDOUT when the time ran out.
 */
int
sleepq_block(struct sleepq_bucket *sq, const void *wchan, const char *wmesg,
    int timo)
{
	struct lwp *l = curlwp;
	struct schedstate *spc;
	struct callout co;

	KASSERT((l->l_flag & LW_IDLE) == 0);
	__atomic_store_n(&l->l_wchan, wchan, __ATOMIC_SEQ_CST);
	l->l_wmesg = wmesg;
	l->l_timedout = 0;
	/* A signal posted before l_wchan was set: proc_kill saw nothing. */
	if ((l->l_flag & LW_SINTR) != 0 && l->l_proc != NULL &&
	    __atomic_load_n(&l->l_proc->p_siglist, __ATOMIC_SEQ_CST) != 0) {
		l->l_wchan = NULL;
		sleepq_unlock(sq);
		return EINTR;
	}
	TAILQ_INSERT_TAIL(&sq->sq_lwps, l, l_runq);
	if (timo > 0) {
		callout_init(&co, 0);
		callout_reset(&co, timo, sleepq_timeout, l);
	}
	spc = spc_of(l->l_cpu);
	mutex_spin_enter(&spc->spc_mutex);
	l->l_stat = LSSLEEP;
	sleepq_unlock(sq);
	mi_switch();
	if (timo > 0) {
		callout_halt(&co, NULL);
		callout_destroy(&co);
	}
	l->l_wchan = NULL;
	if (l->l_timedout == SLEEP_INTERRUPTED)
		return EINTR;
	return l->l_timedout ? ETIMEDOUT : 0;
}

/*
 * A signal for l: end its sleep if the sleep may be interrupted
 * (LW_SINTR); sleepq_block() then returns EINTR.
 */
void
sleepq_abort(struct lwp *l)
{
	const void *wchan = __atomic_load_n(&l->l_wchan, __ATOMIC_SEQ_CST);
	struct sleepq_bucket *sq;

	if (wchan == NULL)
		return;
	sq = sleepq_lock(wchan);
	if (l->l_wchan == wchan && l->l_stat == LSSLEEP &&
	    (l->l_flag & LW_SINTR) != 0) {
		TAILQ_REMOVE(&sq->sq_lwps, l, l_runq);
		l->l_timedout = SLEEP_INTERRUPTED;
		setrunnable(l);
	}
	sleepq_unlock(sq);
}

int
tsleep(const void *wchan, const char *wmesg, int timo)
{
	return sleepq_block(sleepq_lock(wchan), wchan, wmesg, timo);
}

static void
wakeup_common(const void *wchan, bool all)
{
	struct sleepq_bucket *sq = sleepq_lock(wchan);
	struct lwp *l, *next;

	for (l = TAILQ_FIRST(&sq->sq_lwps); l != NULL; l = next) {
		next = TAILQ_NEXT(l, l_runq);
		if (l->l_wchan != wchan)
			continue;
		TAILQ_REMOVE(&sq->sq_lwps, l, l_runq);
		setrunnable(l);
		if (!all)
			break;
	}
	sleepq_unlock(sq);
}

void
wakeup(const void *wchan)
{
	wakeup_common(wchan, true);
}

void
wakeup_one(const void *wchan)
{
	wakeup_common(wchan, false);
}

/* Sleep for timo ticks (at least one). */
int
kpause(const char *wmesg, bool intr, int timo, void *mtx)
{
	int error;

	(void)intr;
	(void)mtx;
	if (timo <= 0)
		timo = 1;
	/* A channel nobody wakes: only the timeout ends this sleep. */
	error = tsleep(&curlwp->l_timedout, wmesg, timo);
	return error == ETIMEDOUT ? 0 : error;
}

/* Move l to ci: it must be this CPU's current LWP. */
void
lwp_migrate(struct lwp *l, struct cpu_info *ci)
{
	struct schedstate *spc;

	KASSERT(l == curlwp);
	if (ci == l->l_cpu)
		return;
	spc = spc_of(l->l_cpu);
	mutex_spin_enter(&spc->spc_mutex);
	/* Queued on ci only once this CPU is off its stack. */
	l->l_target = ci;
	l->l_stat = LSIDL;
	mi_switch();
}

/*
 * The idle loop: run whatever is queued, else block in Xen until an
 * event arrives.  Xen's block checks for pending events atomically
 * with unmasking them, so a wakeup between our check and the block
 * is not lost.
 */
void
sched_idle(void)
{
	struct cpu_info *ci = curcpu();
	struct schedstate *spc = spc_of(ci);

	for (;;) {
		if (ci->ci_want_offline)
			cpu_offline_self();
		if (spc->spc_count > 0 || ci->ci_want_resched) {
			if (spc->spc_count > 0)
				cpu_idle_leave();
			mutex_spin_enter(&spc->spc_mutex);
			mi_switch();
			continue;
		}
		(void)splhigh();
		if (spc->spc_count == 0 && !ci->ci_want_resched)
			cpu_idle_block();
		spl0();
	}
}
