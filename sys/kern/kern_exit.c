/*	Petrel: kern/kern_exit.c -- the end of a process, and wait(2).
 *
 * An exiting process gives back its files and address space at once,
 * hands its children to init, and stays a zombie with its wait status
 * until its parent reaps it; its LWP ends as a kernel thread does.  A
 * process whose parent is gone and that has no init to inherit it is
 * reaped by its own exit.
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/cpu.h>
#include <sys/condvar.h>
#include <sys/file.h>
#include <sys/kmem.h>
#include <sys/proc.h>
#include <sys/syscallargs.h>

#include <machine/pmap.h>
#include <uvm/uvm_map.h>

static kcondvar_t proc_waitcv;	/* a child changed state: parents look */

void
proc_exit_init(void)
{
	cv_init(&proc_waitcv, "wait");
}

/*
 * Children of p go to init, or to nobody when p is init: those
 * already zombies are then freed here (nobody will reap them), and the
 * others by their own exit.  Under proc_lock; the freeing is the
 * caller's, once the lock is dropped (zombies: their list).
 */
static void
proc_reparent_children(struct proc *p, struct proclist *zombies)
{
	struct proc *c;

	while ((c = TAILQ_FIRST(&p->p_children)) != NULL) {
		TAILQ_REMOVE(&p->p_children, c, p_sibling);
		c->p_pptr = initproc != p ? initproc : NULL;
		if (c->p_pptr != NULL)
			TAILQ_INSERT_TAIL(&initproc->p_children, c, p_sibling);
		else if (c->p_stat == SZOMB)
			TAILQ_INSERT_TAIL(zombies, c, p_sibling);
	}
}

void
exit1(struct lwp *l, int xstat)
{
	struct proc *p = l->l_proc;
	struct vmspace *vm = p->p_vmspace;
	struct proclist zombies = TAILQ_HEAD_INITIALIZER(zombies);
	struct proc *c;
	bool orphan, was_init;

	fd_closeall(p);
	/* Off this CPU's MMU, then freed everywhere (pmap_destroy). */
	pmap_bind_lwp(NULL);
	p->p_vmspace = NULL;
	uvmspace_free(vm);

	mutex_enter(&proc_lock);
	proc_reparent_children(p, &zombies);
	/*
	 * Once init is gone (proc0 reaps and frees it), orphans have no
	 * parent: a process that exits after init must not hand its
	 * children to it (seen at xl shutdown: sh exiting after init put
	 * them on the freed init's list).
	 */
	was_init = p == initproc;
	if (was_init)
		initproc = NULL;
	p->p_xstat = xstat;
	p->p_stat = SZOMB;
	orphan = p->p_pptr == NULL;
	l->l_proc = NULL;
	cv_broadcast(&proc_waitcv);
	mutex_exit(&proc_lock);
	if (was_init)
		printf("init exited (status %#x)\n", xstat);
	while ((c = TAILQ_FIRST(&zombies)) != NULL) {
		TAILQ_REMOVE(&zombies, c, p_sibling);
		proc_free(c);
	}
	/* From here on p is the parent's to free. */
	if (orphan)
		proc_free(p);
	kthread_exit(0);
}

/* A zombie child of parent matching pid (-1: any), and whether any match. */
static struct proc *
proc_find_zombie(struct proc *parent, pid_t pid, bool *any)
{
	struct proc *c;

	*any = false;
	TAILQ_FOREACH(c, &parent->p_children, p_sibling) {
		if (pid != -1 && c->p_pid != pid)
			continue;
		*any = true;
		if (c->p_stat == SZOMB)
			return c;
	}
	return NULL;
}

/*
 * Reap a child of parent: pid (-1: any).  *statusp gets its wait
 * status and *rpid its pid (0 with WNOHANG when none has exited yet).
 * A signal for parent ends the wait with EINTR.
 */
int
proc_wait(struct proc *parent, pid_t pid, int *statusp, int options,
    pid_t *rpid)
{
	struct proc *c;
	bool any;
	int error;

	if (pid == 0 || pid < -1)
		return EINVAL;	/* no process groups */
	mutex_enter(&proc_lock);
	for (;;) {
		c = proc_find_zombie(parent, pid, &any);
		if (c != NULL || !any || (options & WNOHANG) != 0)
			break;
		if ((error = cv_wait_sig(&proc_waitcv, &proc_lock)) != 0) {
			mutex_exit(&proc_lock);
			return error;
		}
	}
	mutex_exit(&proc_lock);
	if (!any)
		return ECHILD;
	*rpid = 0;
	if (c == NULL)
		return 0;
	*rpid = c->p_pid;
	*statusp = c->p_xstat;
	/* Its LWP may still be on its way out: kthread reaping waits. */
	proc_free(c);
	return 0;
}

int
sys_exit(struct lwp *l, const struct sys_exit_args *uap, register_t *retval)
{
	exit1(l, W_EXITCODE(SCARG(uap, rval) & 0xff, 0));
}

int
sys___wait450(struct lwp *l, const struct sys___wait450_args *uap,
    register_t *retval)
{
	pid_t rpid;
	int status = 0, error;

	if ((SCARG(uap, options) & ~WNOHANG) != 0)
		return EINVAL;
	error = proc_wait(l->l_proc, SCARG(uap, pid), &status,
	    SCARG(uap, options), &rpid);
	if (error != 0)
		return error;
	if (rpid != 0 && SCARG(uap, status) != NULL &&
	    (error = copyout(&status, (vaddr_t)SCARG(uap, status),
	    sizeof(status))) != 0)
		return error;
	retval[0] = rpid;
	return 0;
}
