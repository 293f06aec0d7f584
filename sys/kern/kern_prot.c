/*	Petrel: kern/kern_prot.c -- getpid(2), getppid(2).	*/

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/proc.h>
#include <sys/syscallargs.h>

static pid_t
proc_ppid(struct proc *p)
{
	pid_t ppid;

	mutex_enter(&proc_lock);
	ppid = p->p_pptr != NULL ? p->p_pptr->p_pid : 0;
	mutex_exit(&proc_lock);
	return ppid;
}

/* NetBSD's getpid returns the parent's pid in the second register. */
int
sys_getpid_with_ppid(struct lwp *l, const void *v, register_t *retval)
{
	retval[0] = l->l_proc->p_pid;
	retval[1] = proc_ppid(l->l_proc);
	return 0;
}

int
sys_getppid(struct lwp *l, const void *v, register_t *retval)
{
	retval[0] = proc_ppid(l->l_proc);
	return 0;
}
