/*	Petrel: kern/kern_timeout.c -- callout(9).
 *
 * Each CPU keeps its pending callouts on one list sorted by expiry
 * time (a tick of the system-wide grid, getticks64()), guarded by a
 * spin mutex at IPL_SCHED, the level its clock interrupt runs at.
 * An idle CPU's clock sleeps until the tick of the head of its list
 * (callout_next_tick()).  Callouts with the
 * same expiry run in the order they were scheduled.  The list is
 * linear: the kernel has few callouts at a time.
 *
 * A callout belongs to the CPU that initialised it until that CPU goes
 * offline: then its pending callouts move to another CPU
 * (callout_cpu_migrate()), so that a thread sleeping with a timeout
 * does not hold a vCPU up, nor wait for it to come back.  A callout
 * scheduled while its CPU is down goes to the boot CPU, which never
 * goes offline.  So c_cc may change: it is changed only with both
 * CPUs' locks held, and read, then locked, then checked again
 * (callout_lock()).  Its function is called with the lock dropped, so
 * it may take other locks and reschedule, stop or free its callout.
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/cpu.h>
#include <sys/mutex.h>
#include <sys/callout.h>
#include <sys/lwp.h>

#define CALLOUT_MAGIC	0x436c6f75U	/* initialised and not destroyed */

/* c_flags */
#define C_PENDING	0x0001		/* on its CPU's list */
#define C_FIRED		0x0002		/* called since last scheduled */

struct callout_cpu {
	kmutex_t	 cc_lock;
	callout_t	*cc_head;	/* pending, soonest first */
	callout_t	*volatile cc_running;	/* being called now */
	struct cpu_info	*cc_cpu;
	bool		 cc_ready;
} __aligned(CACHE_LINE_SIZE);

static struct callout_cpu callout_cpus[MAXCPUS];

/*
 * This CPU's callout state, set up on first use.  Only the CPU itself
 * sets up its own, at splhigh: neither its clock interrupt nor a
 * migration can come in between.
 */
static struct callout_cpu *
callout_cpu_self(void)
{
	struct callout_cpu *cc;
	struct cpu_info *ci;
	int s;

	s = splhigh();
	ci = curcpu();
	cc = &callout_cpus[cpu_index(ci)];
	if (!cc->cc_ready) {
		mutex_init(&cc->cc_lock, MUTEX_SPIN, IPL_SCHED);
		cc->cc_cpu = ci;
		__atomic_store_n(&cc->cc_ready, true, __ATOMIC_RELEASE);
	}
	splx(s);
	return cc;
}

static inline void
callout_check(const callout_t *c)
{
	KASSERTMSG(c->c_magic == CALLOUT_MAGIC,
	    "callout %p not initialised (magic 0x%x)", c, c->c_magic);
}

/*
 * Lock c's CPU state.  Until that lock is held c may move (its CPU
 * going offline hands it over), so look at c_cc again once locked.
 */
static struct callout_cpu *
callout_lock(callout_t *c)
{
	struct callout_cpu *cc;

	for (;;) {
		cc = __atomic_load_n(&c->c_cc, __ATOMIC_ACQUIRE);
		mutex_spin_enter(&cc->cc_lock);
		if (__atomic_load_n(&c->c_cc, __ATOMIC_RELAXED) == cc)
			return cc;
		mutex_spin_exit(&cc->cc_lock);
	}
}

/*
 * Two CPUs' locks, in the order of their index (their place in
 * callout_cpus): every taker of two uses it, so none deadlocks.
 */
static void
callout_lock_pair(struct callout_cpu *a, struct callout_cpu *b)
{
	KASSERT(a != b);
	if (a > b) {
		mutex_spin_enter(&b->cc_lock);
		mutex_spin_enter(&a->cc_lock);
	} else {
		mutex_spin_enter(&a->cc_lock);
		mutex_spin_enter(&b->cc_lock);
	}
}

static void
callout_unlock_pair(struct callout_cpu *a, struct callout_cpu *b)
{
	mutex_spin_exit(&a->cc_lock);
	mutex_spin_exit(&b->cc_lock);
}

/* The boot CPU's: it never goes offline, so it takes orphans. */
static struct callout_cpu *
callout_cpu_boot(void)
{
	struct callout_cpu *cc = &callout_cpus[cpu_index(&cpu_info_primary)];

	/* Its clock set it up before any other CPU started. */
	KASSERT(cc->cc_ready);
	return cc;
}

/*
 * Insert after every callout due no later: equal expiries stay FIFO.
 * Returns true if c is now the first due.
 */
static bool
callout_enqueue(struct callout_cpu *cc, callout_t *c)
{
	callout_t **pp, *n;

	for (pp = &cc->cc_head; (n = *pp) != NULL && n->c_time <= c->c_time;
	    pp = &n->c_next)
		;
	c->c_next = n;
	c->c_prevp = pp;
	if (n != NULL)
		n->c_prevp = &c->c_next;
	*pp = c;
	c->c_flags |= C_PENDING;
	return pp == &cc->cc_head;
}

/*
 * A callout now first on another CPU's list: that CPU may be idle with
 * its timer set for a later tick, or for none; wake it so that it sets
 * the timer again before it blocks.
 */
static void
callout_wake(struct callout_cpu *cc)
{
	if (cc->cc_cpu != curcpu())
		cpu_kick(cc->cc_cpu);
}

static void
callout_dequeue(callout_t *c)
{
	if (c->c_next != NULL)
		c->c_next->c_prevp = c->c_prevp;
	*c->c_prevp = c->c_next;
	c->c_next = NULL;
	c->c_prevp = NULL;
	c->c_flags &= ~C_PENDING;
}

void
callout_init(callout_t *c, unsigned int flags)
{
	(void)flags;
	memset(c, 0, sizeof(*c));
	c->c_cc = callout_cpu_self();
	c->c_magic = CALLOUT_MAGIC;
}

void
callout_destroy(callout_t *c)
{
	struct callout_cpu *cc;

	callout_check(c);
	cc = callout_lock(c);
	KASSERTMSG((c->c_flags & C_PENDING) == 0,
	    "callout %p destroyed while pending", c);
	/* Its own function may destroy it; nobody else while it runs. */
	KASSERTMSG(cc->cc_running != c || cc->cc_cpu == curcpu(),
	    "callout %p destroyed while running", c);
	c->c_magic = ~CALLOUT_MAGIC;
	mutex_spin_exit(&cc->cc_lock);
}

void
callout_setfunc(callout_t *c, void (*func)(void *), void *arg)
{
	struct callout_cpu *cc;

	callout_check(c);
	cc = callout_lock(c);
	c->c_func = func;
	c->c_arg = arg;
	mutex_spin_exit(&cc->cc_lock);
}

/*
 * Lock c's CPU state to schedule c there.  A CPU that is down would
 * not run c before it came back: then c moves to the boot CPU first.
 * A CPU that leaves after we looked takes c along when it hands over
 * its list (callout_cpu_migrate(), under this lock, after it left the
 * running set).
 */
static struct callout_cpu *
callout_lock_running(callout_t *c)
{
	struct callout_cpu *cc, *boot = callout_cpu_boot();

	for (;;) {
		cc = callout_lock(c);
		if (cc == boot || (cc->cc_cpu->ci_flags & CPUF_RUNNING) != 0)
			return cc;
		mutex_spin_exit(&cc->cc_lock);
		callout_lock_pair(boot, cc);
		if (c->c_cc == cc) {
			/* Its CPU is down: nothing runs it there. */
			KASSERT(cc->cc_running != c);
			if ((c->c_flags & C_PENDING) != 0)
				callout_dequeue(c);
			__atomic_store_n(&c->c_cc, boot, __ATOMIC_RELEASE);
			mutex_spin_exit(&cc->cc_lock);
			return boot;
		}
		callout_unlock_pair(boot, cc);	/* it moved: look again */
	}
}

/*
 * (Re)schedule c for the to_ticks-th tick from now (at least the next
 * one); a pending callout is moved.  func, when given, replaces its
 * function under the lock.
 */
static void
callout_arm(callout_t *c, int to_ticks, void (*func)(void *), void *arg)
{
	struct callout_cpu *cc;
	bool first;

	callout_check(c);
	KASSERTMSG(func != NULL || c->c_func != NULL,
	    "callout %p has no function", c);
	if (to_ticks < 1)
		to_ticks = 1;
	cc = callout_lock_running(c);
	if ((c->c_flags & C_PENDING) != 0)
		callout_dequeue(c);
	if (func != NULL) {
		c->c_func = func;
		c->c_arg = arg;
	}
	c->c_flags &= ~C_FIRED;
	c->c_time = getticks64() + (unsigned int)to_ticks;
	first = callout_enqueue(cc, c);
	mutex_spin_exit(&cc->cc_lock);
	if (first)
		callout_wake(cc);
}

void
callout_schedule(callout_t *c, int to_ticks)
{
	callout_arm(c, to_ticks, NULL, NULL);
}

void
callout_reset(callout_t *c, int to_ticks, void (*func)(void *), void *arg)
{
	KASSERT(func != NULL);
	callout_arm(c, to_ticks, func, arg);
}

/*
 * Cancel a pending call.  Does not wait for a call in progress (see
 * callout_halt()).  Returns true if the function was already called,
 * or is being called, since the callout was last scheduled.
 */
bool
callout_stop(callout_t *c)
{
	struct callout_cpu *cc;
	bool expired;

	callout_check(c);
	cc = callout_lock(c);
	expired = (c->c_flags & C_FIRED) != 0;
	if ((c->c_flags & C_PENDING) != 0)
		callout_dequeue(c);
	mutex_spin_exit(&cc->cc_lock);
	return expired;
}

/*
 * Cancel, and wait until the function is not running, unless it is the
 * function itself that asks (it would wait for itself).  The interlock,
 * if any, is held by the caller and released while waiting, since the
 * function may need it.  The call runs at interrupt level and cannot
 * sleep, so the wait is a short spin.  Returns as callout_stop().
 */
bool
callout_halt(callout_t *c, struct kmutex *interlock)
{
	struct callout_cpu *cc;
	bool expired;

	callout_check(c);
	cc = callout_lock(c);
	expired = (c->c_flags & C_FIRED) != 0;
	for (;;) {
		if ((c->c_flags & C_PENDING) != 0)
			callout_dequeue(c);
		if (cc->cc_running != c || cc->cc_cpu == curcpu())
			break;
		/*
		 * Running on its CPU: let it finish, then look again,
		 * wherever c is by then (it may reschedule itself, and
		 * its CPU may go offline once the call returned).
		 */
		mutex_spin_exit(&cc->cc_lock);
		if (interlock != NULL)
			mutex_exit(interlock);
		while (cc->cc_running == c)
			cpu_spinwait();
		if (interlock != NULL)
			mutex_enter(interlock);
		cc = callout_lock(c);
	}
	mutex_spin_exit(&cc->cc_lock);
	return expired;
}

bool
callout_pending(const callout_t *c)
{
	callout_check(c);
	return (c->c_flags & C_PENDING) != 0;
}

bool
callout_expired(const callout_t *c)
{
	callout_check(c);
	return (c->c_flags & C_FIRED) != 0;
}

/*
 * A tick of ci's clock, ci being this CPU: call, soonest first, every
 * callout now due.  One that reschedules itself lands on a later tick,
 * so the loop ends; so does one scheduled for a tick that came while
 * the loop ran.
 */
void
callout_hardclock(struct cpu_info *ci)
{
	struct callout_cpu *cc = &callout_cpus[cpu_index(ci)];
	void (*func)(void *);
	callout_t *c;
	uint64_t now;
	void *arg;

	KASSERT(ci == curcpu());
	if (!cc->cc_ready)
		cc = callout_cpu_self();
	now = getticks64();
	mutex_spin_enter(&cc->cc_lock);
	while ((c = cc->cc_head) != NULL && c->c_time <= now) {
		callout_dequeue(c);
		c->c_flags |= C_FIRED;
		func = c->c_func;
		arg = c->c_arg;
		cc->cc_running = c;
		mutex_spin_exit(&cc->cc_lock);
		(*func)(arg);
		/* c may be gone by now: only the CPU's state is touched. */
		mutex_spin_enter(&cc->cc_lock);
		cc->cc_running = NULL;
	}
	mutex_spin_exit(&cc->cc_lock);
}

/*
 * from, this CPU, is going offline: it left the running set and is at
 * splhigh, outside its clock interrupt, so none of its callouts is
 * being called.  Hand its pending ones to "to", soonest first so that
 * their order holds, and wake "to" if its first one is now earlier.
 * From now on callout_lock_running() sends new ones to the boot CPU.
 */
void
callout_cpu_migrate(struct cpu_info *from, struct cpu_info *to)
{
	struct callout_cpu *src = &callout_cpus[cpu_index(from)];
	struct callout_cpu *dst = &callout_cpus[cpu_index(to)];
	callout_t *c;
	bool first = false;

	KASSERT(from == curcpu() && from != to);
	KASSERT((from->ci_flags & CPUF_RUNNING) == 0);
	if (!src->cc_ready)
		return;		/* never had a callout */
	KASSERT(dst->cc_ready);
	callout_lock_pair(src, dst);
	KASSERT(src->cc_running == NULL);
	while ((c = src->cc_head) != NULL) {
		callout_dequeue(c);
		if (callout_enqueue(dst, c))
			first = true;
		__atomic_store_n(&c->c_cc, dst, __ATOMIC_RELEASE);
	}
	callout_unlock_pair(src, dst);
	if (first)
		callout_wake(dst);
}

/*
 * The tick of ci's first pending callout, for an idle CPU's timer:
 * false if it has none.  A callout that becomes first later wakes ci
 * (callout_wake()), which then asks again.
 */
bool
callout_next_tick(struct cpu_info *ci, uint64_t *tickp)
{
	struct callout_cpu *cc = &callout_cpus[cpu_index(ci)];
	bool any = false;

	if (!cc->cc_ready)
		return false;
	mutex_spin_enter(&cc->cc_lock);
	if (cc->cc_head != NULL) {
		*tickp = cc->cc_head->c_time;
		any = true;
	}
	mutex_spin_exit(&cc->cc_lock);
	return any;
}
