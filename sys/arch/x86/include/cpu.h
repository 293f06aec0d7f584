/*	Petrel: x86/cpu.h -- struct cpu_info, the per-CPU hub.	*/
#ifndef _X86_CPU_H_
#define _X86_CPU_H_

#include <sys/types.h>
#include <sys/device.h>

#define CACHE_LINE_SIZE	64

struct vcpu_info;
struct vcpu_time_info;

struct cpu_info {
	struct cpu_info	*ci_self;	/* at offset 0: %gs:0 / %fs:0 */
	device_t	 ci_dev;
	int		 ci_index;	/* MI cpu_index() */
	uint32_t	 ci_vcpuid;	/* Xen's id for this vCPU */
	volatile int	 ci_flags;
#define CPUF_BSP	0x0001		/* the boot vCPU */
#define CPUF_AP		0x0002		/* an application vCPU */
#define CPUF_PRESENT	0x0004		/* attached */
#define CPUF_RUNNING	0x0008		/* in its idle loop / scheduler */
#define CPUF_GO		0x0010		/* released by the boot vCPU */
	volatile int	 ci_ilevel;	/* current interrupt priority level */
	volatile uint32_t ci_ipending;	/* IPL bits waiting for splx() */
	struct vcpu_info *ci_vcpu;	/* Xen's per-vCPU shared area */
	char		 ci_vendor[13];
	char		 ci_brand[49];
	uint32_t	 ci_signature;	/* CPUID 1 %eax */
	uint32_t	 ci_feat_edx, ci_feat_ecx;	/* CPUID 1 */
	uint32_t	 ci_efeat_edx, ci_efeat_ecx;	/* CPUID 0x80000001 */
	uint64_t	 ci_tsc_freq;	/* Hz, from vcpu_time_info */
	void		*ci_onfault;	/* test fault catcher, see trap.c */
	int		 ci_onfault_trapno;
	vaddr_t		 ci_onfault_va;
} __aligned(CACHE_LINE_SIZE);

extern struct cpu_info cpu_info_primary;

void	identifycpu(struct cpu_info *);
void	identifycpu_print(struct cpu_info *, const char *);

#endif /* _X86_CPU_H_ */
