/*	Petrel: sys/proc.h -- user processes.
 *
 * A process is an address space (struct vmspace), open files and one
 * LWP that runs it, in user mode and in the kernel on its behalf.  The
 * LWP is a kernel thread (kern_kthread.c) whose stack ends with the
 * user registers (<machine/frame.h>); the scheduler runs it on any
 * online CPU unless the process is pinned (_sched_setaffinity).
 *
 * proc_lock guards the process tree, the states and the pid table.
 */
#ifndef _SYS_PROC_H_
#define _SYS_PROC_H_

#include <sys/types.h>
#include <sys/queue.h>
#include <sys/mutex.h>
#include <sys/lwp.h>
#include <sys/signal.h>

#define PID_MAX		30000	/* pids are 1 .. PID_MAX - 1 */
#define MAXCOMLEN	16	/* a command's name, as ps shows it */
#define NOFILE		32	/* open files per process */
#define MAXPATHLEN	1024	/* a path, with its NUL */

struct file;
struct vmspace;

struct proc {
	TAILQ_ENTRY(proc) p_list;	/* allproc */
	TAILQ_ENTRY(proc) p_sibling;	/* the parent's p_children */
	TAILQ_HEAD(, proc) p_children;
	struct proc	*p_pptr;	/* parent (initproc once orphaned) */
	pid_t		 p_pid;
	int		 p_stat;
#define SIDL		1		/* being made */
#define SACTIVE		2		/* running */
#define SZOMB		3		/* exited; the parent may reap it */
	int		 p_xstat;	/* wait(2) status, once SZOMB */
	volatile uint32_t p_siglist;	/* signals pending, as 1 << (n - 1) */
	struct lwp	*p_lwp;		/* its only LWP */
	struct vmspace	*p_vmspace;
	struct file	*p_fd[NOFILE];	/* open files, by descriptor */
	uint64_t	 p_start_ns;	/* when it was made (uptime) */
	unsigned long	 p_nsyscalls;	/* system calls made */
	char		 p_comm[MAXCOMLEN + 1];
};

extern kmutex_t proc_lock;
extern struct proc *initproc;		/* pid 1, the orphans' parent */
extern struct proc proc0;		/* the kernel: init's parent, never runs */
TAILQ_HEAD(proclist, proc);
extern struct proclist allproc;
extern int nprocs;

/* kern_proc.c */
void	procinit(void);
struct proc *proc_alloc(struct proc *);	/* SIDL, with a pid; NULL if full */
void	proc_free(struct proc *);		/* a reaped zombie */
void	proc_abort(struct proc *);		/* SIDL, never started */
void	proc_activate(struct proc *);		/* SIDL -> SACTIVE, runs */
void	proc_exit_init(void);
struct proc *proc_find(pid_t);		/* under proc_lock */
#define curproc		(curlwp->l_proc)

/* kern_exec.c, kern_fork.c, kern_exit.c, kern_sig.c */
int	proc_spawn(const char *, char *const *, struct proc *,
	    struct proc **);
int	proc_spawn_image(const char *, const void *, size_t, char *const *,
	    struct proc *, struct proc **);
int	fork1(struct lwp *, struct proc **);
void	exit1(struct lwp *, int) __dead;
int	proc_wait(struct proc *, pid_t, int *, int, pid_t *);
int	proc_kill(struct proc *, int);
void	userret(struct lwp *);
bool	proc_killall(void);			/* SIGKILL all but us */
extern int userland_howto;		/* reboot(2)'s wish, or -1 */
bool	userland_shutdown(int);		/* USERLAND_*: kill all, main ends */
#define USERLAND_POWEROFF	0
#define USERLAND_REBOOT		1
int	init_start(bool);			/* /sbin/init */
int	init_wait(void);			/* its end: status */
void	sigexit(struct lwp *, int) __dead;
const char *signame(int);

/* wait(2) status words, as NetBSD's <sys/wait.h> makes them. */
#define W_EXITCODE(ret, sig)	((ret) << 8 | (sig))
#define WNOHANG		0x00000001

#endif
