/*	Petrel: kern/kern_proc.c -- the process table.
 *
 * Pids go round from 2 up (1 is init), skipping those in use; a zombie
 * keeps its pid until its parent reaps it.
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/cpu.h>
#include <sys/kmem.h>
#include <sys/proc.h>

kmutex_t proc_lock;
struct proclist allproc = TAILQ_HEAD_INITIALIZER(allproc);
struct proc *initproc;
struct proc proc0 = { .p_pid = 0, .p_stat = SACTIVE, .p_comm = "kernel" };
int nprocs;
static pid_t pid_next = 1;

void
procinit(void)
{
	mutex_init(&proc_lock, MUTEX_DEFAULT, IPL_NONE);
	TAILQ_INIT(&proc0.p_children);
}

struct proc *
proc_find(pid_t pid)
{
	struct proc *p;

	KASSERT(mutex_owned(&proc_lock));
	TAILQ_FOREACH(p, &allproc, p_list)
		if (p->p_pid == pid)
			return p;
	return NULL;
}

/* The next pid not in use; -1 if all are. */
static pid_t
proc_next_pid(void)
{
	pid_t pid;
	int tries;

	for (tries = 0; tries < PID_MAX; tries++) {
		pid = pid_next;
		pid_next = pid_next + 1 < PID_MAX ? pid_next + 1 : 2;
		if (proc_find(pid) == NULL)
			return pid;
	}
	return -1;
}

/* A new process, child of parent (NULL: the first), in state SIDL. */
struct proc *
proc_alloc(struct proc *parent)
{
	struct proc *p = kmem_zalloc(sizeof(*p), KM_SLEEP);

	TAILQ_INIT(&p->p_children);
	p->p_stat = SIDL;
	p->p_start_ns = cpu_uptime_ns();
	mutex_enter(&proc_lock);
	if ((p->p_pid = proc_next_pid()) < 0) {
		mutex_exit(&proc_lock);
		kmem_free(p, sizeof(*p));
		return NULL;
	}
	p->p_pptr = parent;
	if (parent != NULL)
		TAILQ_INSERT_TAIL(&parent->p_children, p, p_sibling);
	TAILQ_INSERT_TAIL(&allproc, p, p_list);
	nprocs++;
	mutex_exit(&proc_lock);
	return p;
}

/* A made process (SIDL) starts running: its LWP is set up. */
void
proc_activate(struct proc *p)
{
	mutex_enter(&proc_lock);
	p->p_stat = SACTIVE;
	mutex_exit(&proc_lock);
	setrunnable(p->p_lwp);
}

/* A process that failed to be made (SIDL, nothing of it to free). */
void
proc_abort(struct proc *p)
{
	KASSERT(p->p_stat == SIDL);
	p->p_stat = SZOMB;
	proc_free(p);
}

/* The end of a reaped zombie: out of the tables, and freed. */
void
proc_free(struct proc *p)
{
	mutex_enter(&proc_lock);
	KASSERT(p->p_stat == SZOMB);
	if (p->p_pptr != NULL)
		TAILQ_REMOVE(&p->p_pptr->p_children, p, p_sibling);
	TAILQ_REMOVE(&allproc, p, p_list);
	nprocs--;
	mutex_exit(&proc_lock);
	kmem_free(p, sizeof(*p));
}
