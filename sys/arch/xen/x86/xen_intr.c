/*	Petrel: xen/x86/xen_intr.c -- spl(9) on top of the event mask.
 *
 * IPL_HIGH masks the vCPU's event upcall.  Below that, ci_ilevel says
 * which handlers may run: an event whose handler's level is at or below
 * the current level stays pending in ci_ipending and runs when splx()
 * drops under it.
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/cpu.h>

#include <xen/hypervisor.h>
#include <xen/evtchn.h>

int
splraise(int nlevel)
{
	struct cpu_info *ci = curcpu();
	int olevel = ci->ci_ilevel;

	if (nlevel > olevel) {
		if (nlevel == IPL_HIGH)
			ci->ci_vcpu->evtchn_upcall_mask = 1;
		__insn_barrier();
		ci->ci_ilevel = nlevel;
	}
	return olevel;
}

void
splx(int nlevel)
{
	struct cpu_info *ci = curcpu();

	if (nlevel >= ci->ci_ilevel) {
		ci->ci_ilevel = nlevel;
		return;
	}
	/* Handlers may defer more while the deferred ones run: loop. */
	while (ci->ci_ipending & ~((2U << nlevel) - 1))
		evtchn_run_deferred(ci, nlevel);
	ci->ci_ilevel = nlevel;
	__insn_barrier();
	if (nlevel < IPL_HIGH) {
		ci->ci_vcpu->evtchn_upcall_mask = 0;
		__insn_barrier();
		/* An event that came while masked: take it now. */
		if (ci->ci_vcpu->evtchn_upcall_pending)
			hypervisor_force_callback();
	}
}
