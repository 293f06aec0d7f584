/*	Petrel: kern/kern_fork.c -- fork(2).
 *
 * The child gets a copy of every page of the parent's address space at
 * once (uvmspace_fork: no copy-on-write), the parent's open files, and
 * an LWP that returns from the call with the parent's registers.  It
 * starts on the parent's CPU, and stays there if the parent is pinned.
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/file.h>
#include <sys/proc.h>
#include <sys/syscallargs.h>

#include <uvm/uvm_map.h>

static void
fork_child_start(void *arg)
{
	cpu_user_return(curlwp);
}

int
fork1(struct lwp *l1, struct proc **childp)
{
	struct proc *p1 = l1->l_proc, *p2;
	struct lwp *l2;
	int error;

	if ((p2 = proc_alloc(p1)) == NULL)
		return EAGAIN;
	if ((p2->p_vmspace = uvmspace_fork(p1->p_vmspace)) == NULL) {
		proc_abort(p2);
		return ENOMEM;
	}
	error = kthread_create(PRI_NONE | KTHREAD_NOSTART,
	    (l1->l_flag & LW_BOUND) != 0 ? l1->l_cpu : NULL,
	    fork_child_start, p2, &l2, "%s", p1->p_comm);
	if (error != 0) {
		uvmspace_free(p2->p_vmspace);
		proc_abort(p2);
		return error;
	}
	strlcpy(p2->p_comm, p1->p_comm, sizeof(p2->p_comm));
	fd_share(p1, p2);
	cpu_lwp_fork(l1, l2, p1->p_pid);
	l2->l_proc = p2;
	l2->l_pmap = p2->p_vmspace->vm_pmap;
	p2->p_lwp = l2;
	proc_activate(p2);
	*childp = p2;
	return 0;
}

int
sys_fork(struct lwp *l, const void *v, register_t *retval)
{
	struct proc *p2;
	int error;

	if ((error = fork1(l, &p2)) != 0)
		return error;
	retval[0] = p2->p_pid;
	retval[1] = 0;
	return 0;
}
