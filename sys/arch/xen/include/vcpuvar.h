/*	Petrel: xen/vcpuvar.h -- attach arguments for vCPUs.	*/
#ifndef _XEN_VCPUVAR_H_
#define _XEN_VCPUVAR_H_

struct vcpu_attach_args {
	const char	*vcaa_name;	/* "vcpu" */
	int		 vcaa_vcpuid;	/* Xen's vCPU id */
	int		 vcaa_role;	/* CPU_ROLE_BP or CPU_ROLE_AP */
};
#define CPU_ROLE_BP	0
#define CPU_ROLE_AP	1

struct hypervisor_attach_args {
	const char	*haa_busname;
};

struct cpu_info;

/* vCPU hotplug (xenbus_vcpu.c): the toolstack's cpu/N/availability. */
bool	xenbus_vcpu_wanted(struct cpu_info *);
void	xenbus_vcpu_init(void);
void	vcpu_report_count(const char *);

/* From the hypervisor's attach: the vCPUs (cpu.c), dom0's pCPUs
 * (xen_phycpu.c). */
struct device;
void	vcpu_attach_all(struct device *);
void	phycpu_attach_all(struct device *);

/* An AP's Xen pages and first context (xen_vcpuctx.c). */
int	cpu_vcpu_info_register(struct cpu_info *);
int	cpu_gdt_build(struct cpu_info *);
int	cpu_vcpu_initialise(struct cpu_info *, bool);
void	cpu_hatch(struct cpu_info *) __dead;	/* where an AP starts */
/* Save and restore: no vCPU changes state from hold to release. */
void	cpu_state_hold(void);
void	cpu_state_release(void);

#endif
