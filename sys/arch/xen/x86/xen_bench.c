/*	Petrel: xen/x86/xen_bench.c -- measurements for ./build.sh bench.
 *
 * Boot argument bench=all, or bench=bringup for the unit and the AP
 * bring-up figures alone (tools/xl/bench.scn).  Each figure is printed in nanoseconds and as
 * a multiple of a null hypercall measured in the same boot: absolute
 * times on emulated machines are noisy, ratios much less so.  Every
 * hypercall in a timed loop is checked: a loop with a failed one (or
 * an answer that did not come in time) prints why and no figure.
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/cpu.h>
#include <sys/errno.h>
#include <sys/xcall.h>

#include <machine/pmap.h>
#include <xen/hypervisor.h>
#include <xen/intrdefs.h>
#include <xen/xen.h>
#include <xen/xen_clock.h>
#include <uvm/uvm_extern.h>

/* How long one IPI answer may take before the loop gives up. */
#define BENCH_ANSWER_NS	1000000000ULL

static uint64_t bench_unit_ns;

/* What went wrong in one timed loop. */
struct bench_errors {
	unsigned int	be_failed;	/* hypercalls that failed */
	int		be_first;	/* the first one's (Xen) error */
	unsigned int	be_lost;	/* answers not seen in time */
	unsigned int	be_unanswered;	/* answers the peer failed to send */
};

static void
bench_check(struct bench_errors *be, int xen_error)
{
	if (xen_error < 0 && be->be_failed++ == 0)
		be->be_first = xen_error;
}

static void
bench_report(const char *what, uint64_t total_ns, unsigned int n)
{
	uint64_t each = total_ns / (n ? n : 1);

	printf("bench: %-34s %10llu ns  %8llu.%02llu x null hypercall\n",
	    what, (unsigned long long)each,
	    (unsigned long long)(each / bench_unit_ns),
	    (unsigned long long)(each * 100 / bench_unit_ns % 100));
}

/* The figure of a loop of n, or why there is none. */
static void
bench_result(const char *what, uint64_t total_ns, unsigned int n,
    const struct bench_errors *be)
{
	if (be->be_failed > 0)
		printf("bench: %s: %u of %u hypercalls failed (first: %s); no figure\n",
		    what, be->be_failed, n, xen_strerror(be->be_first));
	else if (be->be_unanswered > 0)
		printf("bench: %s: the peer failed to send %u answers; no figure\n",
		    what, be->be_unanswered);
	else if (be->be_lost > 0)
		printf("bench: %s: an answer not seen within %llu ms; no figure\n",
		    what, (unsigned long long)BENCH_ANSWER_NS / 1000000);
	else
		bench_report(what, total_ns, n);
}

static void
bench_nop(void *a1, void *a2)
{
	(void)a1;
	(void)a2;
}

/* Wait, events open, until self's handler counted a pong after "seen". */
static bool
bench_wait_pong(struct cpu_info *self, unsigned long seen)
{
	uint64_t deadline = xen_systime_ns() + BENCH_ANSWER_NS;

	while (self->ci_npongs == seen) {
		if (xen_systime_ns() > deadline)
			return false;
		cpu_spinwait();
	}
	return true;
}

/*
 * n rounds of one IPI from self that ends in a pong counted by self's
 * handler: a pong to self when peer is NULL, else a ping to peer, whose
 * handler answers.  Stops at the first failed send or lost answer (in
 * be); returns the time the rounds took.
 */
static uint64_t
bench_pong_rounds(struct cpu_info *self, struct cpu_info *peer,
    unsigned int n, struct bench_errors *be)
{
	unsigned long seen;
	uint64_t t0;
	unsigned int i;
	int error;

	t0 = xen_systime_ns();
	for (i = 0; i < n; i++) {
		seen = self->ci_npongs;
		if (peer == NULL)
			error = xen_send_ipi(self, XEN_IPI_PONG);
		else
			error = xen_ping(self, peer);
		bench_check(be, -error);
		if (be->be_failed > 0)
			break;
		if (!bench_wait_pong(self, seen)) {
			be->be_lost++;
			break;
		}
	}
	return xen_systime_ns() - t0;
}

/*
 * The floor: an IPI to oneself, on this vCPU's own port.  Each round is
 * one EVTCHNOP_send, the upcall Xen delivers on its way back, and the
 * handler counting the pong.
 */
static void
bench_ipi_self(struct cpu_info *self, unsigned int n)
{
	struct bench_errors be = { 0 };
	uint64_t t;

	t = bench_pong_rounds(self, NULL, n, &be);
	bench_result("IPI to self (send + upcall)", t, n, &be);
}

/*
 * A real round trip: self pings the peer, the peer's handler sends a
 * pong back, self's handler counts it.  The peer may be blocked in Xen
 * (idle): waking it is part of the trip.
 */
static void
bench_ipi_pingpong(struct cpu_info *self, struct cpu_info *peer,
    unsigned int n)
{
	struct bench_errors be = { 0 };
	unsigned long peer_errors = peer->ci_pong_errors;
	uint64_t t;

	t = bench_pong_rounds(self, peer, n, &be);
	be.be_unanswered = peer->ci_pong_errors - peer_errors;
	bench_result("IPI round trip (ping, pong)", t, n, &be);
}

/*
 * AP bring-up from the timestamps cpu.c took: the boot vCPU's serial
 * work for each AP (tables, GDT, vcpu_info, context), the parallel
 * start (first VCPUOP_up to the last AP running), the whole window
 * (first AP's preparation to the last AP running, which is what
 * Linux's "smp: Bringing up" to "Brought up" spans) and the
 * hypercalls counted for each AP.
 */
static void
bench_ap_bringup(void)
{
	struct cpu_info *ci;
	uint64_t prep = 0, first_prep = UINT64_MAX, first_up = UINT64_MAX;
	uint64_t last_run = 0;
	unsigned long bp_min = ~0UL, bp_max = 0;
	unsigned long ap_min = ~0UL, ap_max = 0;
	unsigned int aps = 0;
	int i;

	for (i = 1; i < ncpu; i++) {
		ci = cpu_infos[i];
		/* Started at boot and running, never offline since. */
		if (ci == NULL || (ci->ci_flags & CPUF_RUNNING) == 0 ||
		    ci->ci_ap_up_ns == 0 || ci->ci_noffline != 0)
			continue;
		aps++;
		prep += ci->ci_ap_prep_ns;
		first_prep = MIN(first_prep, ci->ci_ap_prep_start_ns);
		first_up = MIN(first_up, ci->ci_ap_up_ns);
		last_run = MAX(last_run, ci->ci_hatch_ns);
		bp_min = MIN(bp_min, ci->ci_ap_prep_hypercalls);
		bp_max = MAX(bp_max, ci->ci_ap_prep_hypercalls);
		ap_min = MIN(ap_min, ci->ci_hatch_hypercalls);
		ap_max = MAX(ap_max, ci->ci_hatch_hypercalls);
	}
	if (aps == 0)
		return;
	printf("bench: AP bring-up of %u APs\n", aps);
	bench_report("AP prepare, serial, per AP", prep, aps);
	bench_report("AP start, parallel, all APs", last_run - first_up, 1);
	bench_report("AP window, prepare to running", last_run - first_prep,
	    1);
	printf("bench: AP hypercalls, per AP: %lu", bp_min);
	if (bp_max != bp_min)
		printf("-%lu", bp_max);
	printf(" by the boot vCPU (prepare, context, up), %lu", ap_min);
	if (ap_max != ap_min)
		printf("-%lu", ap_max);
	printf(" by the AP before it runs\n");
}

/*
 * One page, flushed from every running vCPU's TLB; with one vCPU that
 * is a local flush, and labelled so.
 */
static void
bench_tlb_flush(void)
{
	struct bench_errors be = { 0 };
	struct mmuext_op op;
	const char *what;
	uint64_t t0;
	unsigned int i, n = 2000;

	memset(&op, 0, sizeof(op));
	if (ncpuonline > 1) {
		op.cmd = MMUEXT_INVLPG_MULTI;
		what = "TLB flush, 1 page, all vCPUs";
	} else {
		op.cmd = MMUEXT_INVLPG_LOCAL;
		what = "TLB flush, 1 page, local (1 vCPU)";
	}
	op.arg1.linear_addr = (vaddr_t)&bench_unit_ns;
	set_xen_guest_handle(op.arg2.vcpumask, xen_vcpumask_running);
	t0 = xen_systime_ns();
	for (i = 0; i < n; i++)
		bench_check(&be, HYPERVISOR_mmuext_op(&op, 1, NULL,
		    DOMID_SELF));
	bench_result(what, xen_systime_ns() - t0, n, &be);
}

void
cpu_bench(void)
{
	struct cpu_info *self = curcpu(), *peer = NULL;
	struct bench_errors be = { 0 };
	uint64_t t0;
	unsigned int i, n;

	n = 20000;
	t0 = xen_systime_ns();
	for (i = 0; i < n; i++)
		bench_check(&be, HYPERVISOR_xen_version(XENVER_version, NULL));
	bench_unit_ns = (xen_systime_ns() - t0) / n;
	if (bench_unit_ns == 0)
		bench_unit_ns = 1;
	printf("bench: %d vCPUs running\n", ncpuonline);
	bench_result("null hypercall (the unit)", bench_unit_ns, 1, &be);
	if (be.be_failed > 0)
		return;		/* no unit, no ratios */
	bench_ap_bringup();
	if (strcmp(boot_arg_value("bench"), "bringup") == 0)
		return;

	if (self->ci_ilevel != IPL_NONE) {
		printf("bench: IPIs: events closed here (ilevel %d); no figures\n",
		    self->ci_ilevel);
	} else {
		bench_ipi_self(self, 500);
		for (i = 0; i < (unsigned int)ncpu && peer == NULL; i++)
			if (cpu_infos[i] != self &&
			    (cpu_infos[i]->ci_flags & CPUF_RUNNING))
				peer = cpu_infos[i];
		if (peer != NULL)
			bench_ipi_pingpong(self, peer, 500);
	}

	bench_tlb_flush();

	/* Last: xc_wait() has no bound of its own. */
	n = ncpuonline > 16 ? 50 : 500;
	t0 = xen_systime_ns();
	for (i = 0; i < n; i++)
		xc_wait(xc_broadcast(0, bench_nop, NULL, NULL));
	bench_report("xc_broadcast", xen_systime_ns() - t0, n);
}
