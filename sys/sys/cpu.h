/*	Petrel: sys/cpu.h -- the MI view of CPUs.	*/
#ifndef _SYS_CPU_H_
#define _SYS_CPU_H_

#include <sys/types.h>
#include <machine/cpu.h>	/* struct cpu_info, curcpu() */

extern struct cpu_info *cpu_infos[MAXCPUS];	/* by cpu_index */
extern int ncpu;		/* CPUs attached */
extern int ncpuonline;		/* CPUs running */

#define cpu_index(ci)	((ci)->ci_index)
#define cpu_lookup(i)	(cpu_infos[(i)])
#define cpu_number()	(curcpu()->ci_index)

void	cpu_halt_self(void) __dead;	/* stop this CPU for good */
void	cpu_panic_stop(void) __dead;	/* end of panic: report and crash */
void	cpu_debug_dump(struct cpu_info *);	/* MD: one CPU's state */
void	cpu_wait_relax(void);	/* MD: in a spin-wait, let others run */
void	cpu_show_all(void);		/* MD: the "show cpus" table */
#ifdef KBENCH
void	cpu_bench(void);		/* MD: bench=all measurements */
#endif
void	cpu_idle_block(void);		/* MD: block until an event */
void	cpu_idle_leave(void);		/* MD: idle is over on this CPU */
void	cpu_offline_self(void);		/* MD: this CPU leaves, comes back */
int	cpu_setstate(struct cpu_info *, bool);	/* MD: offline/online */
void	cpu_kick(struct cpu_info *);	/* MD: wake ci (IPI) */
/* MD: the hypervisor descheduled ci while it wanted to run. */
bool	vcpu_is_preempted(struct cpu_info *);
bool	vcpu_is_running(struct cpu_info *);	/* MD: ci runs right now */
bool	cpu_tick_stolen(struct cpu_info *);	/* MD: don't charge this tick */

#endif
