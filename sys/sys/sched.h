/*	Petrel: sys/sched.h -- the scheduler's hooks for the rest of the kernel.	*/
#ifndef _SYS_SCHED_H_
#define _SYS_SCHED_H_

struct cpu_info;

void	sched_tick(struct cpu_info *);	/* from hardclock, each tick */
void	preempt(void);
void	yield(void);
int	kpause(const char *, bool, int, void *);
void	cpu_need_resched(struct cpu_info *, int);
#define RESCHED_IMMED	0x01		/* run it on the next occasion */
#define RESCHED_REMOTE	0x02		/* another CPU: send it an IPI */

#endif
