/*	Petrel: kern/kern_kthread.c -- kernel threads.
 *
 * An LWP is a struct lwp (kmem) and a kernel stack (uvm_km, with a
 * guard page below).  A thread that exits becomes a zombie; its memory
 * is freed by kthread_join(), or by the next kthread_create() for
 * threads nobody joins (a thread can't free the stack it runs on).
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/cpu.h>
#include <sys/kmem.h>
#include <sys/lwp.h>
#include <sys/mutex.h>
#include <sys/sched.h>
#include <uvm/uvm_extern.h>

struct lwp lwp0 = {
	.l_cpu = &cpu_info_primary,
	.l_stat = LSONPROC,
	.l_name = "lwp0",
};

static kmutex_t lwp_list_lock;
static TAILQ_HEAD(, lwp) zombies = TAILQ_HEAD_INITIALIZER(zombies);
static int nlwps;

#define STACK_SIZE	(STACK_PAGES * PAGE_SIZE)

void
kthread_init(void)
{
	mutex_init(&lwp_list_lock, MUTEX_SPIN, IPL_SCHED);
	nlwps = 1;
}

static void
lwp_free(struct lwp *l)
{
	uvm_km_free(l->l_stack, STACK_SIZE, UVM_KMF_WIRED | UVM_KMF_GUARD);
	kmem_free(l, sizeof(*l));
}

/*
 * Free zombies that nobody will join.  Returns how many of those are
 * left: still on their CPU.
 */
int
kthread_reap(void)
{
	struct lwp *l;
	int left;

	for (;;) {
		left = 0;
		mutex_spin_enter(&lwp_list_lock);
		TAILQ_FOREACH(l, &zombies, l_list) {
			if ((l->l_flag & LW_MUSTJOIN) == 0 &&
			    l->l_stat == LSZOMB && l->l_cpu->ci_curlwp != l)
				break;
			if ((l->l_flag & LW_MUSTJOIN) == 0)
				left++;
		}
		if (l != NULL)
			TAILQ_REMOVE(&zombies, l, l_list);
		mutex_spin_exit(&lwp_list_lock);
		if (l == NULL)
			return left;
		lwp_free(l);
	}
}

/*
 * Start func(arg) in a new thread; on ci if given (and bound there),
 * else where the scheduler likes.
 */
int
kthread_create(int pri, struct cpu_info *ci, void (*func)(void *),
    void *arg, struct lwp **lp, const char *fmt, ...)
{
	struct lwp *l;
	va_list ap;

	(void)pri;
	(void)kthread_reap();
	l = kmem_zalloc(sizeof(*l), KM_SLEEP);
	l->l_stack = uvm_km_alloc(STACK_SIZE, UVM_KMF_WIRED | UVM_KMF_ZERO |
	    UVM_KMF_GUARD);
	if (l->l_stack == 0) {
		kmem_free(l, sizeof(*l));
		return ENOMEM;
	}
	va_start(ap, fmt);
	vsnprintf(l->l_name, sizeof(l->l_name), fmt, ap);
	va_end(ap);
	l->l_func = func;
	l->l_arg = arg;
	l->l_stat = LSIDL;
	l->l_cpu = ci != NULL ? ci : curcpu();
	if (ci != NULL)
		l->l_flag |= LW_BOUND;
	if (pri == PRI_IDLE)
		l->l_flag |= LW_IDLE | LW_BOUND;
	if (lp != NULL && (pri & KTHREAD_MUSTJOIN_PRI) != 0)
		l->l_flag |= LW_MUSTJOIN;
	cpu_lwp_setup(l, func, arg);
	mutex_spin_enter(&lwp_list_lock);
	nlwps++;
	mutex_spin_exit(&lwp_list_lock);
	if (lp != NULL)
		*lp = l;
	if ((l->l_flag & LW_IDLE) == 0 && (pri & KTHREAD_NOSTART) == 0)
		setrunnable(l);
	return 0;
}

/* Free a thread made with KTHREAD_NOSTART that never ran. */
void
kthread_abort(struct lwp *l)
{
	KASSERT(l->l_stat == LSIDL);
	mutex_spin_enter(&lwp_list_lock);
	nlwps--;
	mutex_spin_exit(&lwp_list_lock);
	lwp_free(l);
}

/* The end of a thread: never returns. */
void
kthread_exit(int error)
{
	struct lwp *l = curlwp;

	(void)error;
	mutex_spin_enter(&lwp_list_lock);
	TAILQ_INSERT_TAIL(&zombies, l, l_list);
	nlwps--;
	mutex_spin_exit(&lwp_list_lock);
	sched_exit(l);	/* LSZOMB; kthread_join() polls for it */
}

/* Wait for a thread created with KTHREAD_MUSTJOIN, and free it. */
int
kthread_join(struct lwp *l)
{
	struct sleepq_bucket *sq;

	for (;;) {
		sq = sleepq_lock(l);
		if (l->l_stat == LSZOMB && l->l_cpu->ci_curlwp != l) {
			sleepq_unlock(sq);
			break;
		}
		(void)sleepq_block(sq, l, "kthjoin", 1);
	}
	mutex_spin_enter(&lwp_list_lock);
	TAILQ_REMOVE(&zombies, l, l_list);
	mutex_spin_exit(&lwp_list_lock);
	lwp_free(l);
	return 0;
}

int
kthread_count(void)
{
	return nlwps;
}
