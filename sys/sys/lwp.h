/*	Petrel: sys/lwp.h -- light-weight processes (kernel threads).	*/
#ifndef _SYS_LWP_H_
#define _SYS_LWP_H_

#include <sys/types.h>
#include <sys/queue.h>
#include <sys/cpu.h>
#include <machine/pcb.h>

struct lwp {
	struct pcb	 l_pcb;		/* first: locore.S knows its layout */
	TAILQ_ENTRY(lwp) l_runq;	/* run queue or sleep queue link */
	TAILQ_ENTRY(lwp) l_list;	/* all LWPs */
	struct cpu_info	*volatile l_cpu; /* CPU it runs or waits on */
	volatile int	 l_stat;	/* LSRUN, LSONPROC, ... */
#define LSIDL		1		/* being created */
#define LSRUN		2		/* on a run queue */
#define LSONPROC	3		/* running */
#define LSSLEEP		4		/* on a sleep queue */
#define LSZOMB		5		/* exited */
	int		 l_flag;
#define LW_IDLE		0x01		/* a CPU's idle LWP */
#define LW_BOUND	0x02		/* never migrates off l_cpu */
#define LW_SINTR	0x04		/* sleep may be interrupted */
#define LW_MUSTJOIN	0x08		/* freed by kthread_join() */
	const void	*volatile l_wchan; /* what it sleeps on */
	const char	*l_wmesg;
	int		 l_timedout;	/* sleep ended by its timeout (1) */
#define SLEEP_INTERRUPTED 2		/* ... or by a signal */
	unsigned long	 l_ticks;	/* ticks run in this quantum */
	struct cpu_info	*l_target;	/* migrating there */
	struct pmap	*l_pmap;	/* user address space, or NULL */
	struct proc	*l_proc;	/* the process it runs, or NULL */
	unsigned long	 l_nswitch;
	vaddr_t		 l_stack;	/* base of its kernel stack */
	void		(*l_func)(void *);
	void		*l_arg;
	char		 l_name[20];
};

typedef struct lwp lwp_t;

#define curlwp		(curcpu()->ci_curlwp)

extern struct lwp lwp0;

int	kthread_create(int, struct cpu_info *, void (*)(void *), void *,
	    struct lwp **, const char *, ...) __printflike(6, 7);
void	kthread_exit(int) __dead;
void	kthread_abort(struct lwp *);	/* KTHREAD_NOSTART, never run */
int	kthread_join(struct lwp *);
/* kthread_create() first argument: a priority, or these. */
#define PRI_NONE	0
#define PRI_IDLE	(-1)		/* a CPU's idle thread */
#define KTHREAD_MUSTJOIN_PRI 0x100	/* kthread_join() will free it */
#define KTHREAD_NOSTART	0x200	/* the caller sets it up, then setrunnable() */
int	kthread_count(void);
int	kthread_reap(void);	/* free zombies: how many are left */
void	kthread_init(void);
void	sched_exit(struct lwp *) __dead;

void	lwp_startup(struct lwp *, struct lwp *);
void	setrunnable(struct lwp *);
void	sched_init(void);
void	sched_cpu_attach(struct cpu_info *);
void	sched_idle(void) __dead;
void	lwp_migrate(struct lwp *, struct cpu_info *);
void	sched_cpu_drain(struct cpu_info *);
void	sched_cpu_lock(struct cpu_info *);	/* around a CPUF_RUNNING change */
void	sched_cpu_unlock(struct cpu_info *);

/* Sleep queues (kern_synch.c): the primitive under every wait. */
int	tsleep(const void *, const char *, int);	/* ticks, 0 = forever */
void	wakeup(const void *);
void	wakeup_one(const void *);
struct sleepq_bucket;
struct sleepq_bucket *sleepq_lock(const void *);
void	sleepq_unlock(struct sleepq_bucket *);
int	sleepq_block(struct sleepq_bucket *, const void *, const char *, int);
void	sleepq_abort(struct lwp *);	/* a signal: EINTR if LW_SINTR */

/* MD (vm_machdep.c, locore.S). */
void	cpu_lwp_setup(struct lwp *, void (*)(void *), void *);
void	cpu_lwp_activate(struct lwp *);		/* about to run it */
struct trapframe *lwp_trapframe(struct lwp *);	/* its user registers */
void	cpu_setregs(struct lwp *, vaddr_t, vaddr_t);	/* pc, sp */
void	cpu_lwp_fork(struct lwp *, struct lwp *, pid_t);
void	cpu_user_return(struct lwp *) __dead;
struct lwp *cpu_switchto(struct lwp *, struct lwp *);
void	fpu_init_template(void);

#endif
