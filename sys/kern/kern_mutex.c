/*	Petrel: kern/kern_mutex.c -- mutex(9).
 *
 * Spin mutexes raise the IPL, then busy-wait; the IPL to return to is
 * kept per CPU (the first spin mutex taken saves it, the last released
 * restores it), so spin mutexes nest and may be released by a
 * different LWP on the same CPU, as the scheduler does across a switch.
 *
 * Adaptive mutexes: the owner word is the owning LWP, with MUTEX_WAITERS
 * set once someone sleeps.  A contender spins while the owner is running
 * on another CPU, else sleeps on the mutex; mutex_exit() wakes them.
 * "Running" means its vCPU runs too: an owner whose vCPU the hypervisor
 * has descheduled (vcpu_is_preempted) will not release soon, so the
 * contender sleeps rather than spin out a time slice for it.
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/cpu.h>
#include <sys/lwp.h>
#include <sys/mutex.h>

void
mutex_init(kmutex_t *m, kmutex_type_t type, int ipl)
{
	memset(m, 0, sizeof(*m));
	/* As in NetBSD, a mutex at an interrupt level must spin. */
	if (type == MUTEX_SPIN || (type == MUTEX_DEFAULT && ipl > IPL_NONE))
		m->mtx_type = MUTEX_SPIN;
	else
		m->mtx_type = MUTEX_ADAPTIVE;
	m->mtx_ipl = ipl;
}

void
mutex_destroy(kmutex_t *m)
{
	KASSERTMSG(m->mtx_owner == 0, "mutex %p destroyed while held", m);
}

/*
 * Spins of a spin mutex's waiter before it blocks in the hypervisor:
 * long enough for a short section on a running owner.
 */
#define MUTEX_SPIN_BOUND	1024

/* Wait for ticket t of m to be served: spin a while, then block. */
static void
mutex_spin_wait(kmutex_t *m, uint16_t t)
{
	int spins;

	for (spins = 0; spins < MUTEX_SPIN_BOUND; spins++) {
		if (__atomic_load_n(&m->mtx_serving, __ATOMIC_ACQUIRE) == t)
			return;
		cpu_spinwait();
	}
	while (__atomic_load_n(&m->mtx_serving, __ATOMIC_ACQUIRE) != t)
		if (!cpu_pvlock_wait(m, t))
			cpu_spinwait();
}

/* The lock, when nobody holds or waits for a ticket. */
static bool
mutex_spin_try(kmutex_t *m)
{
	uint32_t old = __atomic_load_n(&m->mtx_tickets, __ATOMIC_RELAXED);

	return (uint16_t)old == (uint16_t)(old >> 16) &&
	    __atomic_compare_exchange_n(&m->mtx_tickets, &old,
	    old + MUTEX_TICKET_NEXT, false, __ATOMIC_ACQUIRE,
	    __ATOMIC_RELAXED);
}

void
mutex_spin_enter(kmutex_t *m)
{
	struct cpu_info *ci;
	uint32_t old;
	int s;

	s = splraise(m->mtx_ipl);
	ci = curcpu();
	if (ci->ci_mtx_count++ == 0)
		ci->ci_mtx_oldspl = s;
	KASSERTMSG(m->mtx_owner != ((uintptr_t)ci | 1),
	    "spin mutex %p: locking against myself", m);
	if (!cpu_pvlock_on()) {
		/*
		 * Plain spinning, whoever gets it first when free (the
		 * default; pvlock=1 for the ticket lock below).
		 */
		while (!mutex_spin_try(m))
			cpu_spinwait();
	} else {
		old = __atomic_fetch_add(&m->mtx_tickets, MUTEX_TICKET_NEXT,
		    __ATOMIC_ACQUIRE);
		if ((uint16_t)old != (uint16_t)(old >> 16))
			mutex_spin_wait(m, (uint16_t)(old >> 16));
	}
	__atomic_store_n(&m->mtx_owner, (uintptr_t)ci | 1, __ATOMIC_RELAXED);
}

void
mutex_spin_exit(kmutex_t *m)
{
	struct cpu_info *ci = curcpu();
	uint16_t next;

	KASSERTMSG(m->mtx_owner == ((uintptr_t)ci | 1),
	    "spin mutex %p: not held by this CPU", m);
	__atomic_store_n(&m->mtx_owner, 0, __ATOMIC_RELAXED);
	/* Only the holder moves mtx_serving: a plain increment. */
	next = m->mtx_serving + 1;
	__atomic_store_n(&m->mtx_serving, next, __ATOMIC_RELEASE);
	/* Against a waiter that counts itself, then looks (pvlock wait). */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (__atomic_load_n(&m->mtx_pvwaiters, __ATOMIC_RELAXED) != 0)
		cpu_pvlock_kick(m, next);
	if (--ci->ci_mtx_count == 0)
		splx(ci->ci_mtx_oldspl);
}

static void
ilock_enter(kmutex_t *m)
{
	while (__atomic_exchange_n(&m->mtx_ilock, 1, __ATOMIC_ACQUIRE))
		cpu_spinwait();
}

static void
ilock_exit(kmutex_t *m)
{
	__atomic_store_n(&m->mtx_ilock, 0, __ATOMIC_RELEASE);
}

/* Is the LWP that owns v running right now on some (running) CPU? */
static bool
owner_running(uintptr_t v)
{
	struct lwp *l = (struct lwp *)(v & ~MUTEX_WAITERS);

	if (l == NULL || l->l_stat != LSONPROC)
		return false;
	if (vcpu_is_preempted(l->l_cpu)) {
		curcpu()->ci_nmutex_preempt_sleeps++;
		return false;
	}
	return true;
}

void
mutex_enter(kmutex_t *m)
{
	struct lwp *l = curlwp;
	struct sleepq_bucket *sq;
	uintptr_t v;
	int spins;

	if (m->mtx_type == MUTEX_SPIN) {
		mutex_spin_enter(m);
		return;
	}
	KASSERTMSG(curcpu()->ci_mtx_count == 0 || cold,
	    "adaptive mutex %p taken while holding a spin mutex", m);
	KASSERTMSG((m->mtx_owner & ~MUTEX_WAITERS) != (uintptr_t)l,
	    "mutex %p: locking against myself", m);
	for (;;) {
		v = 0;
		if (__atomic_compare_exchange_n(&m->mtx_owner, &v,
		    (uintptr_t)l, false, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
			return;
		/* Held: spin a while if the owner is busy elsewhere. */
		for (spins = 0; spins < 1000 && owner_running(m->mtx_owner) &&
		    m->mtx_owner != 0; spins++)
			cpu_spinwait();
		if (m->mtx_owner == 0)
			continue;
		/* Sleep: flag the waiter under the sleep-queue lock. */
		sq = sleepq_lock(m);
		ilock_enter(m);
		v = m->mtx_owner;
		if (v == 0 || !__atomic_compare_exchange_n(&m->mtx_owner, &v,
		    v | MUTEX_WAITERS, false, __ATOMIC_SEQ_CST,
		    __ATOMIC_RELAXED)) {
			ilock_exit(m);
			sleepq_unlock(sq);
			continue;
		}
		ilock_exit(m);
		(void)sleepq_block(sq, m, "mutex", 0);
	}
}

bool
mutex_tryenter(kmutex_t *m)
{
	uintptr_t v = 0;

	if (m->mtx_type == MUTEX_SPIN) {
		struct cpu_info *ci;
		int s = splraise(m->mtx_ipl);

		ci = curcpu();
		if (mutex_spin_try(m)) {
			__atomic_store_n(&m->mtx_owner, (uintptr_t)ci | 1,
			    __ATOMIC_RELAXED);
			if (ci->ci_mtx_count++ == 0)
				ci->ci_mtx_oldspl = s;
			return true;
		}
		splx(s);
		return false;
	}
	return __atomic_compare_exchange_n(&m->mtx_owner, &v,
	    (uintptr_t)curlwp, false, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}

void
mutex_exit(kmutex_t *m)
{
	struct sleepq_bucket *sq;
	uintptr_t v;

	if (m->mtx_type == MUTEX_SPIN) {
		mutex_spin_exit(m);
		return;
	}
	v = (uintptr_t)curlwp;
	KASSERTMSG((m->mtx_owner & ~MUTEX_WAITERS) == v,
	    "mutex %p: not owned by this LWP", m);
	if (__atomic_compare_exchange_n(&m->mtx_owner, &v, 0, false,
	    __ATOMIC_RELEASE, __ATOMIC_RELAXED))
		return;
	/* Waiters: release and wake them under the sleep-queue lock. */
	sq = sleepq_lock(m);
	ilock_enter(m);
	__atomic_store_n(&m->mtx_owner, 0, __ATOMIC_RELEASE);
	ilock_exit(m);
	sleepq_unlock(sq);
	wakeup(m);
}

bool
mutex_owned(const kmutex_t *m)
{
	if (m->mtx_type == MUTEX_SPIN)
		return m->mtx_owner == ((uintptr_t)curcpu() | 1);
	return (m->mtx_owner & ~MUTEX_WAITERS) == (uintptr_t)curlwp;
}
