/*	Petrel: xen/x86/xen_bench.c -- measurements for ./build.sh bench.
 *
 * Boot argument bench=all.  Each figure is printed in nanoseconds and as
 * a multiple of a null hypercall measured in the same boot: absolute
 * times on emulated machines are noisy, ratios much less so.
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/cpu.h>
#include <sys/xcall.h>

#include <machine/pmap.h>
#include <xen/hypervisor.h>
#include <xen/intrdefs.h>
#include <xen/xen.h>
#include <xen/xen_clock.h>
#include <uvm/uvm_extern.h>

extern uint64_t cpu_boot_ap_ns;

static uint64_t bench_unit_ns;

static void
bench_report(const char *what, uint64_t total_ns, unsigned int n)
{
	uint64_t each = total_ns / (n ? n : 1);

	printf("bench: %-28s %10llu ns  %8llu.%02llu x null hypercall\n",
	    what, (unsigned long long)each,
	    (unsigned long long)(each / bench_unit_ns),
	    (unsigned long long)(each * 100 / bench_unit_ns % 100));
}

static void
bench_nop(void *a1, void *a2)
{
	(void)a1;
	(void)a2;
}

void
cpu_bench(void)
{
	struct cpu_info *peer = NULL;
	struct mmuext_op op;
	uint64_t t0, t;
	unsigned long before;
	unsigned int i, n;
	int aps = ncpuonline - 1;

	n = 20000;
	t0 = xen_systime_ns();
	for (i = 0; i < n; i++)
		(void)HYPERVISOR_xen_version(XENVER_version, NULL);
	bench_unit_ns = (xen_systime_ns() - t0) / n;
	if (bench_unit_ns == 0)
		bench_unit_ns = 1;
	printf("bench: %d vCPUs running\n", ncpuonline);
	bench_report("null hypercall (the unit)", bench_unit_ns, 1);
	if (aps > 0) {
		bench_report("AP bring-up, all", cpu_boot_ap_ns, 1);
		bench_report("AP bring-up, per vCPU", cpu_boot_ap_ns, aps);
	}

	for (i = 1; i < (unsigned int)ncpu && peer == NULL; i++)
		if (cpu_infos[i]->ci_flags & CPUF_RUNNING)
			peer = cpu_infos[i];
	if (peer != NULL) {
		n = 500;
		t0 = xen_systime_ns();
		for (i = 0; i < n; i++) {
			before = peer->ci_npings;
			(void)xen_send_ipi(peer, XEN_IPI_PING);
			while (peer->ci_npings == before)
				cpu_spinwait();
		}
		bench_report("IPI round trip", xen_systime_ns() - t0, n);
	}

	n = ncpuonline > 16 ? 50 : 500;
	t0 = xen_systime_ns();
	for (i = 0; i < n; i++)
		xc_wait(xc_broadcast(0, bench_nop, NULL, NULL));
	bench_report("xc_broadcast", xen_systime_ns() - t0, n);

	/* One page, flushed from every running vCPU's TLB. */
	memset(&op, 0, sizeof(op));
	op.cmd = ncpuonline > 1 ? MMUEXT_INVLPG_MULTI : MMUEXT_INVLPG_LOCAL;
	op.arg1.linear_addr = (vaddr_t)&bench_unit_ns;
	set_xen_guest_handle(op.arg2.vcpumask, xen_vcpumask_running);
	n = 2000;
	t0 = xen_systime_ns();
	for (i = 0; i < n; i++)
		(void)HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF);
	t = xen_systime_ns() - t0;
	bench_report("TLB flush, 1 page, all CPUs", t, n);
}
