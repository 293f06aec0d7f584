/*	Petrel: kern/kern_sig.c -- signals, with their default actions only.
 *
 * A signal is a bit in p_siglist.  Every signal this kernel delivers
 * ends the process (there is no sigaction yet): the LWP notices on its
 * way back to user mode (userret) or when its interruptible sleep ends
 * with EINTR, and exits with the signal as its wait status.
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/cpu.h>
#include <sys/proc.h>
#include <sys/sched.h>
#include <sys/syscallargs.h>

static const char *const signames[NSIG] = {
	[SIGHUP] = "hangup", [SIGINT] = "interrupt", [SIGQUIT] = "quit",
	[SIGILL] = "illegal instruction", [SIGTRAP] = "trace trap",
	[SIGABRT] = "abort", [SIGFPE] = "floating point exception",
	[SIGKILL] = "killed", [SIGBUS] = "bus error",
	[SIGSEGV] = "segmentation fault", [SIGSYS] = "bad system call",
	[SIGPIPE] = "broken pipe", [SIGALRM] = "alarm clock",
	[SIGTERM] = "terminated",
};

const char *
signame(int sig)
{
	if (sig <= 0 || sig >= NSIG || signames[sig] == NULL)
		return "signal";
	return signames[sig];
}

/*
 * Post sig to p (0: only check that it exists) and wake it to act on
 * it.  Under proc_lock, which keeps p from being reaped meanwhile.
 */
int
proc_kill(struct proc *p, int sig)
{
	struct lwp *l;

	KASSERT(mutex_owned(&proc_lock));
	if (sig < 0 || sig >= NSIG)
		return EINVAL;
	if (sig == 0 || p->p_stat != SACTIVE)
		return 0;	/* a zombie takes no signals */
	__atomic_fetch_or(&p->p_siglist, 1U << (sig - 1), __ATOMIC_SEQ_CST);
	l = p->p_lwp;
	sleepq_abort(l);
	/* Running elsewhere, maybe in user mode: make it enter the kernel. */
	if (l->l_stat == LSONPROC && l->l_cpu != curcpu())
		cpu_need_resched(l->l_cpu, RESCHED_REMOTE);
	return 0;
}

/* The end of a process by signal sig. */
void
sigexit(struct lwp *l, int sig)
{
	exit1(l, W_EXITCODE(0, sig));
}

/*
 * The last step back to user mode: give the CPU away if asked, and act
 * on a pending signal.
 */
void
userret(struct lwp *l)
{
	struct cpu_info *ci = curcpu();
	uint32_t pending;

	if (ci->ci_want_resched)
		preempt();
	pending = __atomic_load_n(&l->l_proc->p_siglist, __ATOMIC_SEQ_CST);
	if (pending != 0)
		sigexit(l, __builtin_ctz(pending) + 1);
}

int
sys_kill(struct lwp *l, const struct sys_kill_args *uap, register_t *retval)
{
	struct proc *p;
	int error = ESRCH;

	if (SCARG(uap, pid) <= 0)
		return ESRCH;	/* no process groups */
	mutex_enter(&proc_lock);
	if ((p = proc_find(SCARG(uap, pid))) != NULL)
		error = proc_kill(p, SCARG(uap, signum));
	mutex_exit(&proc_lock);
	return error;
}
