/*	Petrel: x86/cpu.h -- struct cpu_info, the per-CPU hub.	*/
#ifndef _X86_CPU_H_
#define _X86_CPU_H_

#include <sys/param.h>
#include <sys/device.h>

#define CACHE_LINE_SIZE	64

#include <xen/public/vcpu.h>	/* struct vcpu_runstate_info */

struct vcpu_info;
struct vcpu_time_info;

struct lwp;
struct schedstate;

struct cpu_info {
	struct cpu_info	*ci_self;	/* at offset 0: %gs:0 / %fs:0 */
	struct lwp	*ci_curlwp;	/* at offset CI_CURLWP: locore.S */
	device_t	 ci_dev;
	int		 ci_index;	/* MI cpu_index() */
	uint32_t	 ci_vcpuid;	/* Xen's id for this vCPU */
	volatile int	 ci_flags;
#define CPUF_BSP	0x0001		/* the boot vCPU */
#define CPUF_AP		0x0002		/* an application vCPU */
#define CPUF_PRESENT	0x0004		/* attached */
#define CPUF_RUNNING	0x0008		/* in its idle loop / scheduler */
#define CPUF_GO		0x0010		/* started by the boot vCPU */
#define CPUF_GAVEUP	0x0020		/* the boot vCPU gave up on it */
	volatile int	 ci_ilevel;	/* current interrupt priority level */
	volatile uint32_t ci_ipending;	/* IPL bits waiting for splx() */
	struct vcpu_info *ci_vcpu;	/* Xen's per-vCPU shared area */
	char		 ci_vendor[13];
	char		 ci_brand[49];
	uint32_t	 ci_signature;	/* CPUID 1 %eax */
	uint32_t	 ci_feat_edx, ci_feat_ecx;	/* CPUID 1 */
	uint32_t	 ci_efeat_edx, ci_efeat_ecx;	/* CPUID 0x80000001 */
	uint64_t	 ci_tsc_freq;	/* Hz, from vcpu_time_info */
	/* Scheduler (kern_synch.c). */
	struct lwp	*ci_idlelwp;
	volatile int	 ci_want_resched;
	volatile int	 ci_want_offline;	/* asked to go offline */
	unsigned long	 ci_noffline;		/* times it went offline */
	uint64_t	 ci_lastmod;	/* UTC s of its last offline/online */
	int		 ci_mtx_count;	/* spin mutexes held */
	int		 ci_mtx_oldspl;	/* level before the first of them */
	struct schedstate *ci_schedstate;
	unsigned long	 ci_nswitch;	/* context switches */
	unsigned long	 ci_nblocks;	/* idle blocks in Xen */
	unsigned long	 ci_nhardclock;	/* hardclock() calls */
	int		 ci_idepth;	/* nested upcalls */
	/* This CPU's own Xen pages (cpu.c). */
	paddr_t		 ci_xen_pa;	/* vcpu_info lives at offset 0 */
	paddr_t		 ci_gdt_pa;	/* GDT page, read-only */
	pt_entry_t	*ci_kpm_pdir;	/* top-level table: L4, or PAE L3 */
	paddr_t		 ci_kpm_pdirpa;
	pt_entry_t	*ci_kpm_l2;	/* PAE: its copy of the kernel's L2 */
	paddr_t		 ci_kpm_l2pa;
	volatile int	 ci_kpm_lock;	/* guards the copies above */
	struct pmap	*ci_pmap;	/* user pmap loaded here, or NULL */
	uint64_t	 ci_hatch_ns;	/* system time it reported in */
	/* AP bring-up, for bench=all (cpu_ap_prepare, cpu_ap_start). */
	uint64_t	 ci_ap_prep_start_ns;	/* its preparation began */
	uint64_t	 ci_ap_prep_ns;	/* the BP's time on its tables, context */
	uint64_t	 ci_ap_up_ns;	/* VCPUOP_up issued for it */
	unsigned long	 ci_ap_prep_hypercalls;	/* the BP issued for it */
	/* Hypercalls (hypervisor.c, once xen_hypercall_tally is on). */
	volatile unsigned long ci_nhypercalls;	/* issued on this CPU */
	volatile unsigned long ci_hatch_hypercalls; /* of them, not running */
	/* IPIs (xen_ipi.c) and cross-calls (subr_xcall.c). */
	unsigned int	 ci_ipi_port;	/* event channel bound to this vCPU */
	volatile uint32_t ci_ipis;	/* XEN_IPI_* waiting */
	volatile unsigned long ci_nipis; /* IPIs handled */
#if defined(KTEST) || defined(KBENCH)
	volatile unsigned long ci_npings;	/* XEN_IPI_PING taken */
	volatile unsigned long ci_npongs;	/* XEN_IPI_PONG taken */
	volatile unsigned long ci_pong_errors;	/* answers that failed */
	/* CPUs (by ci_index) whose ping wants an answer (xen_ping()). */
	volatile uint32_t ci_ping_from[howmany(MAXCPUS, 32)];
#endif
	volatile unsigned long ci_nnmis;	/* NMIs taken */
	volatile int	 ci_xc_pending;
	volatile int	 ci_xc_running;	/* in a cross-call */
	void		*ci_onfault;	/* fault catcher, see probe.c */
	int		 ci_onfault_trapno;
	vaddr_t		 ci_onfault_va;
	/*
	 * Runstate (xen_runstate.c): Xen writes ci_runstate at each of
	 * this vCPU's schedule changes, so it has a cache line of its own.
	 * The base counts carry the times of a domain before a restore
	 * (whose new vCPUs start from zero); the offline time the guest
	 * asked for (cpu_offline_self) is not stolen.
	 */
	struct vcpu_runstate_info ci_runstate __aligned(CACHE_LINE_SIZE);
	volatile bool	 ci_runstate_on;	/* Xen keeps ci_runstate */
	uint64_t	 ci_rs_base[4];	/* RUNSTATE_* ns, before */
	uint64_t	 ci_rs_offline_asked; /* ns down, asked */
	uint64_t	 ci_rs_down_at;	/* offline ns when down */
	uint64_t	 ci_rs_tick_steal; /* steal ns, last tick */
	uint64_t	 ci_rs_tick_at;	/* system ns, last tick */
	unsigned long	 ci_nstolen_ticks;	/* ticks not charged */
	bool		 ci_rs_excused;	/* the last tick was not */
	/* Preempted targets (xcall, TLB and mutex waits) yielded to. */
	volatile unsigned long ci_npreempt_yields;
	volatile unsigned long ci_nmutex_preempt_sleeps;
	/*
	 * Spin mutex waiters blocked in Xen (xen_pvlock.c): one slot per
	 * nesting level (an interrupt handler may wait for another lock
	 * while this CPU waits for one), polled on ci_pvlock_port, a
	 * channel that stays masked: only SCHEDOP_poll looks at it.
	 */
#define CPU_PVLOCK_NEST	4
	struct cpu_pvlock_wait {
		const void *volatile pw_lock;	/* kmutex_t, or NULL */
		volatile unsigned int pw_ticket;
	} ci_pvlock_wait[CPU_PVLOCK_NEST];
	int		 ci_pvlock_depth;
	unsigned int	 ci_pvlock_port;
	volatile unsigned long ci_pvlock_polls;	/* SCHEDOP_polls */
	volatile unsigned long ci_pvlock_kicks;	/* kicks sent */
} __aligned(CACHE_LINE_SIZE);

extern struct cpu_info cpu_info_primary;

void	identifycpu(struct cpu_info *);
void	identifycpu_print(struct cpu_info *, const char *);
unsigned long cpu_ram_pages(void);	/* pages of RAM the kernel has */

/*
 * This CPU's cpu_info: ci_self, read through the per-CPU segment based
 * at it -- %gs on amd64, on i386 %fs (a GDT data segment of its own).
 */
#ifdef __x86_64__
#define CURCPU_SELF_LOAD	"movq %%gs:%c1, %0"
#else
#define CURCPU_SELF_LOAD	"movl %%fs:%c1, %0"
#endif

static inline struct cpu_info *
curcpu(void)
{
	struct cpu_info *ci;

	__asm volatile(CURCPU_SELF_LOAD
	    : "=r"(ci) : "i"(__offsetof(struct cpu_info, ci_self)));
	return ci;
}

static inline void
cpu_spinwait(void)
{
	__asm volatile("pause" ::: "memory");
}

#endif /* _X86_CPU_H_ */
