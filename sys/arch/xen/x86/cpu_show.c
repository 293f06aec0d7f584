/*	Petrel: xen/x86/cpu_show.c -- the "show cpus" table.
 *
 * What the console's "cpus" command and the boot report print about
 * each vCPU, kept beside the CPU code rather than in the IPI code whose
 * counters are only one of its columns.
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/cpu.h>
#include <sys/lwp.h>

#include <xen/xen.h>
#include <xen/xen_clock.h>

/*
 * A "show cpus" table: who runs, with which flags, IPIs taken, on what;
 * "clamps" counts reads of system time that another CPU's later
 * reading held back (xen_systime_ns()); "steal-ms" the time Xen kept
 * the vCPU from running while it wanted to (xen_runstate.c), "stolen"
 * the ticks not charged to a thread for it, and "pyield" the waits
 * that yielded to a preempted vCPU or slept on a preempted owner.
 */
void
cpu_show_all(void)
{
	struct cpu_info *ci;
	int i;

	printf("%-4s %-5s %-6s %-10s %-8s %-8s %-8s %-8s %-9s %-7s %-7s %s\n",
	    "cpu", "vcpu", "flags", "ipis", "switches", "ticks", "blocks",
	    "clamps", "steal-ms", "stolen", "pyield", "curlwp");
	for (i = 0; i < ncpu; i++) {
		ci = cpu_infos[i];
		if (ci == NULL)
			continue;
		printf("%-4d %-5u %c%c%c%c   %-10lu %-8lu %-8lu %-8lu %-8lu %-9llu %-7lu %-7lu %s\n",
		    i, ci->ci_vcpuid, (ci->ci_flags & CPUF_BSP) ? 'B' : 'A',
		    (ci->ci_flags & CPUF_PRESENT) ? 'P' : '-',
		    (ci->ci_flags & CPUF_RUNNING) ? 'R' : '-',
		    (ci->ci_flags & CPUF_GAVEUP) ? 'X' : '-', ci->ci_nipis,
		    ci->ci_nswitch, ci->ci_nhardclock, ci->ci_nblocks,
		    xen_clock_clamped(ci),
		    (unsigned long long)xen_runstate_steal_ns(ci) / 1000000,
		    ci->ci_nstolen_ticks, ci->ci_npreempt_yields +
		    ci->ci_nmutex_preempt_sleeps,
		    ci->ci_curlwp != NULL ? ci->ci_curlwp->l_name : "-");
	}
}
