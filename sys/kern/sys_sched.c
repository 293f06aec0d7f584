/*	Petrel: kern/sys_sched.c -- sched_yield(2) and CPU affinity.	*/

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/cpu.h>
#include <sys/lwp.h>
#include <sys/proc.h>
#include <sys/sched.h>
#include <sys/syscallargs.h>

int
sys_sched_yield(struct lwp *l, const void *v, register_t *retval)
{
	yield();
	return 0;
}

/*
 * Affinity: a bitmap of CPUs, bit N for CPU index N, size bytes.  This
 * scheduler binds a thread to one CPU or to none: a set with every
 * online CPU unbinds the process, any other binds it to the first
 * online CPU in the set (and moves it there).  A process sets only its
 * own affinity (pid 0 or its pid) and reads any process's.  A set may
 * be longer than the CPUs need (libc's cpuset_t has room for 256): it
 * is read up to CPUSET_BYTES, bits for CPUs that do not exist count for
 * nothing, and a set read back is zero past them, as Linux does; the
 * bound CPUSET_USER_MAX keeps the zero fill short.
 */
#define CPUSET_BYTES	256
#define CPUSET_USER_MAX	1024
CTASSERT(CPUSET_BYTES * NBBY >= MAXCPUS);

static int
cpuset_copyout_padded(const uint8_t *set, vaddr_t uaddr, size_t size)
{
	static const uint8_t zeros[CPUSET_BYTES];
	size_t done, n;
	int error;

	for (done = 0; done < size; done += n) {
		n = MIN(size - done, CPUSET_BYTES);
		error = copyout(done == 0 ? set : zeros, uaddr + done, n);
		if (error != 0)
			return error;
	}
	return 0;
}

static bool
cpuset_isset(const uint8_t *set, int i)
{
	return (set[i / NBBY] & (1 << (i % NBBY))) != 0;
}

int
sys__sched_setaffinity(struct lwp *l,
    const struct sys__sched_setaffinity_args *uap, register_t *retval)
{
	uint8_t set[CPUSET_BYTES];
	struct cpu_info *target = NULL;
	int i, nonline = 0, nset = 0, error;

	if (SCARG(uap, pid) != 0 && SCARG(uap, pid) != l->l_proc->p_pid)
		return EPERM;
	if (SCARG(uap, size) == 0 || SCARG(uap, size) > CPUSET_USER_MAX)
		return EINVAL;
	memset(set, 0, sizeof(set));
	if ((error = copyin((vaddr_t)SCARG(uap, cpuset), set,
	    MIN(SCARG(uap, size), sizeof(set)))) != 0)
		return error;
	for (i = 0; i < ncpu; i++) {
		if ((cpu_lookup(i)->ci_flags & CPUF_RUNNING) == 0)
			continue;
		nonline++;
		if (!cpuset_isset(set, i))
			continue;
		nset++;
		if (target == NULL)
			target = cpu_lookup(i);
	}
	if (target == NULL)
		return EINVAL;		/* no online CPU in the set */
	if (nset == nonline) {
		l->l_flag &= ~LW_BOUND;
		return 0;
	}
	l->l_flag |= LW_BOUND;
	lwp_migrate(l, target);
	return 0;
}

int
sys__sched_getaffinity(struct lwp *l,
    const struct sys__sched_getaffinity_args *uap, register_t *retval)
{
	uint8_t set[CPUSET_BYTES];
	struct proc *p;
	struct lwp *t;
	int i;

	if (SCARG(uap, size) == 0 || SCARG(uap, size) > CPUSET_USER_MAX)
		return EINVAL;
	memset(set, 0, sizeof(set));
	mutex_enter(&proc_lock);
	p = SCARG(uap, pid) == 0 ? l->l_proc : proc_find(SCARG(uap, pid));
	if (p == NULL || p->p_stat != SACTIVE) {
		mutex_exit(&proc_lock);
		return ESRCH;
	}
	t = p->p_lwp;
	for (i = 0; i < ncpu; i++) {
		if ((t->l_flag & LW_BOUND) ? t->l_cpu == cpu_lookup(i) :
		    (cpu_lookup(i)->ci_flags & CPUF_RUNNING) != 0)
			set[i / NBBY] |= 1 << (i % NBBY);
	}
	mutex_exit(&proc_lock);
	return cpuset_copyout_padded(set, (vaddr_t)SCARG(uap, cpuset),
	    SCARG(uap, size));
}
