/*	Petrel: xen/xen.h -- the Xen port's internal interfaces.	*/
#ifndef _XEN_XEN_H_
#define _XEN_XEN_H_

#include <sys/types.h>

struct cpu_info;
struct trapframe;

extern bool xendomain_is_dom0;
extern int nphycpu;		/* dom0: physical CPUs (xen_phycpu.c) */
extern char xen_version_string[32];

void	xen_start(void *) __dead;		/* C entry from locore */
void	xen_set_trap_table(void);		/* this CPU */
void	xen_register_callbacks(void);		/* this CPU */
void	xen_cpu_init_first(struct cpu_info *);	/* per-CPU segment */
void	xencons_early_init(void);
void	hypervisor_callback(struct trapframe *);
void	xen_poweroff(void) __dead;
int	xen_ipi_init(struct cpu_info *);
int	xen_ipi_rebind(struct cpu_info *, bool);	/* new domain */
/* Save and restore (xen_suspend.c, xen_machdep.c). */
void	xen_suspend_init(void);
int	xen_suspend(void);
void	xen_shared_info_map(void);
void	xen_shared_info_unmap(void);
void	xencons_resume(void);
/* vCPU ids of the running CPUs, as Xen's MMUEXT_*_MULTI read them. */
extern unsigned long xen_vcpumask_running[];
void	xen_vcpumask_set(unsigned int, bool);
int	xen_send_ipi(struct cpu_info *, uint32_t);
#if defined(KTEST) || defined(KBENCH)
int	xen_ping(struct cpu_info *, struct cpu_info *);	/* xen_ipi.c */
#endif
void	xen_broadcast_ipi(uint32_t);
int	xen_send_nmi(struct cpu_info *);
void	cpu_broadcast_halt(void);
const struct trap_info *xen_trap_table(void);	/* for AP contexts */
/* Runstate areas and steal time (xen_runstate.c). */
struct vcpu_runstate_info;
int	xen_runstate_register(struct cpu_info *);
bool	xen_runstate_read(struct cpu_info *, struct vcpu_runstate_info *);
uint64_t xen_runstate_steal_ns(struct cpu_info *);
void	xen_runstate_offline_begin(struct cpu_info *);
void	xen_runstate_offline_end(struct cpu_info *);
/* Spin mutex waiters blocked in Xen (xen_pvlock.c). */
extern volatile bool xen_pvlock_on;
int	xen_pvlock_init(struct cpu_info *);

#endif
