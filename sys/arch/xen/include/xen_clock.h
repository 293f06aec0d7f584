/*	Petrel: xen/xen_clock.h -- time from Xen: system time, TSC, wall
 *	clock and the per-CPU one-shot timer that drives hardclock().
 */
#ifndef _XEN_XEN_CLOCK_H_
#define _XEN_XEN_CLOCK_H_

#include <sys/types.h>

struct cpu_info;

/* A broken-down UTC date, for messages. */
struct xen_clock_date {
	unsigned int	 xcd_year;	/* e.g. 2026 */
	unsigned int	 xcd_month;	/* 1..12 */
	unsigned int	 xcd_day;	/* 1..31 */
	unsigned int	 xcd_hour, xcd_min, xcd_sec;
};

uint64_t xen_systime_ns(void);		/* Xen's + restore offset, monotonic */
uint64_t xen_systime_raw_ns(void);	/* this vCPU's, not clamped */
uint64_t xen_tsc_freq(struct cpu_info *);	/* Hz, Xen's scale now */
void	xen_cpu_tsc_freq(struct cpu_info *);	/* sets ci_tsc_freq */
void	xen_cpu_clock_attach(struct cpu_info *);	/* the above, printed */
void	xen_wallclock(uint64_t *, uint32_t *);	/* UTC now: s, ns */
void	xen_clock_date(uint64_t, struct xen_clock_date *);
void	xen_initclocks(void);			/* the boot CPU */
void	xen_cpu_initclocks(struct cpu_info *);	/* on that CPU itself */
bool	xen_clock_idle_stop(struct cpu_info *);	/* idle: tickless */
void	xen_clock_idle_resume(struct cpu_info *);	/* busy: tick */
void	xen_clock_stop(struct cpu_info *);		/* going offline */
void	xen_clock_restart(struct cpu_info *);	/* back online */
unsigned long xen_clock_events(struct cpu_info *);	/* VIRQ_TIMERs */
unsigned long xen_clock_clamped(struct cpu_info *);	/* clamp fired */
/* Save and restore (xen_suspend.c). */
void	xen_clock_suspend_cpu(struct cpu_info *);	/* on that CPU */
void	xen_clock_suspend_time(void);
void	xen_clock_resume_time(void);	/* boot vCPU, new domain */
void	xen_clock_rebind(struct cpu_info *, bool);	/* new domain */
void	xen_clock_resume_cpu(struct cpu_info *, bool);	/* that CPU */

#endif /* _XEN_XEN_CLOCK_H_ */
