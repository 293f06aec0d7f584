/*	Petrel: amd64/machdep.c -- amd64-specific set-up.	*/

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/cpu.h>

#include <xen/hypervisor.h>
#include <xen/xen.h>

/*
 * Per-CPU data through %gs: Xen keeps a kernel GS base per vCPU, set
 * by hypercall (an AP gets it from its vcpu_guest_context instead).
 */
void
xen_cpu_init_first(struct cpu_info *ci)
{
	ci->ci_self = ci;
	if (HYPERVISOR_set_segment_base(SEGBASE_GS_KERNEL,
	    (unsigned long)ci) != 0)
		for (;;)	/* no console yet: nothing to say it with */
			(void)HYPERVISOR_shutdown(SHUTDOWN_crash);
}
