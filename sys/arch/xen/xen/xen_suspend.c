/*	Petrel: xen/xen/xen_suspend.c -- xl save, xl restore, xl save -c.
 *
 * The toolstack asks for a suspend through control/shutdown
 * (shutdown_xenbus.c), then saves the domain's memory and vCPUs and
 * either destroys it (xl save), builds a new domain from the save (xl
 * restore, a migration's other end) or lets it go on (xl save -c, a
 * failed save).  Here the guest's part:
 *
 * - Every other running vCPU is parked: a cross-call whose function
 *   masks events, stops that CPU's timer, counts itself parked and
 *   spins until the boot vCPU says how it ended.  vCPUs that are
 *   offline stay so; no vCPU changes state meanwhile (cpu_state_hold).
 * - The boot vCPU (whose saved registers carry the suspend record)
 *   waits, bounded, for all of them, quiesces xenstore (no request in
 *   flight) and the console (drained), publishes the P2M as a frame
 *   list the toolstack can walk, puts start_info's store and console
 *   frames in PFN form, unmaps shared_info and suspends.
 * - Resumed in a new domain (0): Xen kept nothing of ours.  shared_info
 *   is mapped again, the P2M frame list rebuilt, the boot vCPU's
 *   vcpu_info registered again, every event channel bound again (each
 *   running vCPU's IPI and VIRQ_TIMER, the console's and xenstore's from
 *   the new start_info); then the parked vCPUs are let go, and each
 *   registers its own vcpu_info (Xen allows that only for oneself or an
 *   offline vCPU), unmasks its channels and re-arms its timer.  Offline
 *   vCPUs are left uninitialised by the restore: they get their
 *   vcpu_info again here and a fresh context when started.
 * - Cancelled (1), or refused by Xen: the same domain, with all Xen
 *   kept; only what we undid is redone (mappings, frame numbers,
 *   timers).
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/cpu.h>
#include <sys/xcall.h>

#include <dev/cons.h>

#include <machine/pmap.h>
#include <xen/hypervisor.h>
#include <xen/evtchn.h>
#include <xen/vcpuvar.h>
#include <xen/xen.h>
#include <xen/xen_clock.h>
#include <xen/xenpmap.h>
#include <xen/xenstore.h>
#include <uvm/uvm_extern.h>

#include "../xenbus/xenstore_comms.h"

/* How a suspend ended, as the parked vCPUs learn it. */
enum xen_suspend_state {
	XSUSP_PARKING,		/* parking; the boot vCPU suspends */
	XSUSP_NEW_DOMAIN,	/* resumed in a new domain */
	XSUSP_SAME_DOMAIN,	/* cancelled, refused or given up */
};

static struct {
	volatile int	 state;		/* enum xen_suspend_state */
	volatile int	 parked;	/* vCPUs in the parking loop */
	volatile int	 resumed;	/* of them, those done resuming */
	int		 expected;	/* running vCPUs to park */
	int		 result;	/* the hypercall's, or an errno */
	uint64_t	 request_ns;	/* the request seen */
	uint64_t	 suspend_ns;	/* request to hypercall */
	uint64_t	 resume_ns;	/* hypercall back to all running */
	uint64_t	 down_ns;	/* hypercall made to returned */
} xsusp;

/* Bounds of the boot vCPU's waits for the others (emulated machines). */
#define XSUSP_PARK_NS	5000000000ULL
#define XSUSP_RESUME_NS	5000000000ULL
/* A wait for a vCPU state change worth a console line. */
#define XSUSP_HOLD_REPORT_NS	1000000ULL

/*
 * The P2M as the toolstack reads it: shared_info's arch.max_pfn and a
 * three-level list of machine frames (a frame list list, pointing at
 * frame lists, pointing at the P2M's own pages).
 */
#define P2M_PER_PAGE	(PAGE_SIZE / sizeof(unsigned long))
#define P2M_FL_MAX	8	/* 8 frame lists: 8 GiB (amd64) and up */

static unsigned long p2m_npfn;		/* entries, from the boot */
static unsigned int p2m_nfl;		/* frame lists in use */
static paddr_t p2m_fll_pa;
static paddr_t p2m_fl_pa[P2M_FL_MAX];

static unsigned long
pa_to_mfn(paddr_t pa)
{
	return xpmap_ptom(pa) >> PAGE_SHIFT;
}

/* Fill the frame lists from the P2M as it is now, and publish them. */
static void
xen_p2m_publish(void)
{
	unsigned long *p2m = xpmap_phys_to_machine_mapping;
	unsigned long *fll, *fl, nleaves, leaf;
	unsigned int f, i;

	if (p2m_fll_pa == 0)
		return;
	nleaves = howmany(p2m_npfn, P2M_PER_PAGE);
	fll = (unsigned long *)PMAP_DIRECT_VA(p2m_fll_pa);
	for (f = 0; f < p2m_nfl; f++) {
		fl = (unsigned long *)PMAP_DIRECT_VA(p2m_fl_pa[f]);
		for (i = 0; i < P2M_PER_PAGE; i++) {
			leaf = f * P2M_PER_PAGE + i;
			fl[i] = leaf < nleaves ? pa_to_mfn(PMAP_DIRECT_PA(
			    &p2m[leaf * P2M_PER_PAGE])) : 0;
		}
		fll[f] = pa_to_mfn(p2m_fl_pa[f]);
	}
	HYPERVISOR_shared_info->arch.max_pfn = p2m_npfn;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	HYPERVISOR_shared_info->arch.pfn_to_mfn_frame_list_list =
	    pa_to_mfn(p2m_fll_pa);
}

/* At xenbus attach: the frame list pages, and the first publication. */
void
xen_suspend_init(void)
{
	unsigned int f;

	if (xendomain_is_dom0 || p2m_fll_pa != 0)
		return;
	p2m_npfn = xen_start_info->nr_pages;
	p2m_nfl = howmany(howmany(p2m_npfn, P2M_PER_PAGE), P2M_PER_PAGE);
	if (p2m_nfl > P2M_FL_MAX) {
		printf("xen: %lu pages are too many for the P2M frame list: xl save will fail\n",
		    p2m_npfn);
		return;
	}
	for (f = 0; f < p2m_nfl; f++)
		if ((p2m_fl_pa[f] = pmap_page_zalloc()) == UVM_NOPAGE)
			goto nomem;
	if ((p2m_fll_pa = pmap_page_zalloc()) == UVM_NOPAGE)
		goto nomem;
	xen_p2m_publish();
	return;
nomem:
	printf("xen: no memory for the P2M frame list: xl save will fail\n");
	p2m_fll_pa = 0;
}

/* start_info's store and console frames: to PFNs and back. */
static void
xen_start_info_frames(bool to_pfn)
{
	start_info_t *si = xen_start_info;

	if (xendomain_is_dom0)
		return;
	if (to_pfn) {
		si->store_mfn = xpmap_mtop(ptoa((paddr_t)si->store_mfn)) >>
		    PAGE_SHIFT;
		si->console.domU.mfn = xpmap_mtop(ptoa((paddr_t)
		    si->console.domU.mfn)) >> PAGE_SHIFT;
	} else {
		si->store_mfn = pa_to_mfn(ptoa((paddr_t)si->store_mfn));
		si->console.domU.mfn = pa_to_mfn(ptoa((paddr_t)
		    si->console.domU.mfn));
	}
}

/* Wait, bounded, until *count reaches want; false on timeout. */
static bool
xsusp_wait_count(volatile int *count, int want, uint64_t ns)
{
	uint64_t deadline = xen_systime_ns() + ns;

	while (__atomic_load_n(count, __ATOMIC_ACQUIRE) < want) {
		if (xen_systime_ns() > deadline)
			return false;
		(void)HYPERVISOR_yield();
	}
	return true;
}

/*
 * Resumed in a new domain, on the boot vCPU, the others parked: what
 * Xen forgot, as far as the boot vCPU can redo it for everyone.
 */
static void
xen_resume_new_domain(struct cpu_info *self)
{
	struct cpu_info *ci;
	unsigned int i;
	bool running;

	xen_shared_info_map();
	/*
	 * Until each vCPU has its own vcpu_info again, Xen uses its slot
	 * here, with the save's stale contents: masked, no upcall goes to
	 * a vCPU that cannot take it.
	 */
	for (i = 0; i < XEN_LEGACY_MAX_VCPUS; i++)
		HYPERVISOR_shared_info->vcpu_info[i].evtchn_upcall_mask = 1;
	if (cpu_vcpu_info_register(self) != 0)
		printf("cpu0: vcpu_info stays in shared_info\n");
	self->ci_vcpu->evtchn_upcall_mask = 1;
	/* Time first: everything after reads the clock. */
	xen_clock_resume_time();
	pmap_kernel_pdir_ma = xpmap_ptom(PMAP_DIRECT_PA(pmap_kernel_pdir));
	xen_p2m_publish();

	evtchn_resume_forget();
	xencons_resume();
	for (i = 0; i < (unsigned int)ncpu; i++) {
		ci = cpu_infos[i];
		if (ci == NULL)
			continue;
		running = (ci->ci_flags & CPUF_RUNNING) != 0;
		if (xen_ipi_rebind(ci, running) != 0)
			printf("cpu%u: no IPIs after the restore\n", i);
		/* A new domain keeps no runstate area: steal time's source. */
		if ((ci->ci_flags & CPUF_PRESENT) != 0)
			(void)xen_runstate_register(ci);
		xen_clock_rebind(ci, running);
		if (running || (ci->ci_flags & CPUF_PRESENT) == 0 ||
		    (ci->ci_flags & CPUF_GAVEUP) != 0)
			continue;
		/*
		 * Offline: the restore left it without a context.  Starting
		 * it gives it a new one (cpu_ap_start); its vcpu_info can be
		 * registered now, from here, as Xen allows for an offline
		 * vCPU, and must be before that context (ids >= 32).
		 */
		__atomic_fetch_and(&ci->ci_flags, ~CPUF_GO, __ATOMIC_SEQ_CST);
		if (cpu_vcpu_info_register(ci) != 0)
			printf("cpu%u: offline, and cannot be started again\n",
			    i);
	}
	xs_comms_rebind();
	if (self->ci_ipi_port != 0)
		hypervisor_unmask_event(self->ci_ipi_port);
}

/*
 * The boot vCPU's part, with events masked: wait for the others, then
 * suspend and resume.  Returns the hypercall's result, or an errno if
 * it was not made.
 */
static int
xen_suspend_leader(struct cpu_info *self)
{
	unsigned long si_mfn;
	uint64_t t0 = xen_systime_ns();
	int result;

	if (!xsusp_wait_count(&xsusp.parked, xsusp.expected,
	    XSUSP_PARK_NS)) {
		printf("xen: suspend given up: %d of %d vCPUs parked within %llu ms\n",
		    xsusp.parked, xsusp.expected,
		    (unsigned long long)XSUSP_PARK_NS / 1000000);
		result = ETIMEDOUT;
		goto same;
	}
	printf("xen: suspending (%d other vCPU%s parked)\n", xsusp.expected,
	    xsusp.expected == 1 ? "" : "s");
	xen_clock_suspend_cpu(self);
	xen_clock_suspend_time();
	cndrain();
	si_mfn = pa_to_mfn(PMAP_DIRECT_PA(xen_start_info));
	xen_start_info_frames(true);
	xen_shared_info_unmap();
	xsusp.suspend_ns = xen_systime_ns() - xsusp.request_ns;

	result = HYPERVISOR_suspend(si_mfn);

	t0 = xen_systime_ns();	/* our own vcpu_info: still valid */
	if (result == 0) {
		xen_resume_new_domain(self);
		t0 = xen_systime_ns();
		/*
		 * Guest time, read again in the new domain: on the same
		 * host the time the domain was away, 0 where Xen's time
		 * is behind the save's (xen_clock_resume_time).
		 */
		xsusp.down_ns = t0 - (xsusp.request_ns + xsusp.suspend_ns);
		__atomic_store_n(&xsusp.state, XSUSP_NEW_DOMAIN,
		    __ATOMIC_RELEASE);
		if (!xsusp_wait_count(&xsusp.resumed, xsusp.expected,
		    XSUSP_RESUME_NS))
			printf("xen: only %d of %d vCPUs resumed within %llu ms\n",
			    xsusp.resumed, xsusp.expected,
			    (unsigned long long)XSUSP_RESUME_NS / 1000000);
		xen_clock_resume_cpu(self, true);
		xsusp.resume_ns = xen_systime_ns() - t0;
		return 0;
	}
	if (result != 1)
		printf("xen: SCHEDOP_shutdown(suspend): %s; going on\n",
		    xen_strerror(result));
	xen_start_info_frames(false);
	xen_shared_info_map();
same:
	__atomic_store_n(&xsusp.state, XSUSP_SAME_DOMAIN, __ATOMIC_RELEASE);
	(void)xsusp_wait_count(&xsusp.resumed, xsusp.parked, XSUSP_RESUME_NS);
	xen_clock_resume_cpu(self, false);
	xsusp.resume_ns = xen_systime_ns() - t0;
	return result;
}

/*
 * Every running vCPU runs this (a cross-call): the boot vCPU leads,
 * the others park.  A parked vCPU reads no clock until the boot vCPU
 * says how the suspend ended: in a new domain its time info is
 * elsewhere until it has registered its vcpu_info again.  Its wait is
 * bounded by the boot vCPU's, which always ends it.
 */
static void
xen_suspend_xc(void *arg1, void *arg2)
{
	struct cpu_info *ci = curcpu();
	uint8_t mask = ci->ci_vcpu->evtchn_upcall_mask;
	int state;

	(void)arg1;
	(void)arg2;
	ci->ci_vcpu->evtchn_upcall_mask = 1;
	__insn_barrier();
	if (ci == &cpu_info_primary) {
		xsusp.result = xen_suspend_leader(ci);
		ci->ci_vcpu->evtchn_upcall_mask = mask;
		return;
	}
	xen_clock_suspend_cpu(ci);
	__atomic_fetch_add(&xsusp.parked, 1, __ATOMIC_SEQ_CST);
	while ((state = __atomic_load_n(&xsusp.state, __ATOMIC_ACQUIRE)) ==
	    XSUSP_PARKING)
		(void)HYPERVISOR_yield();
	if (state == XSUSP_NEW_DOMAIN) {
		if (cpu_vcpu_info_register(ci) != 0)
			printf("cpu%d: vcpu_info stays in shared_info\n",
			    ci->ci_index);
		ci->ci_vcpu->evtchn_upcall_mask = 1;
		if (ci->ci_ipi_port != 0)
			hypervisor_unmask_event(ci->ci_ipi_port);
	}
	xen_clock_resume_cpu(ci, state == XSUSP_NEW_DOMAIN);
	__atomic_fetch_add(&xsusp.resumed, 1, __ATOMIC_SEQ_CST);
	ci->ci_vcpu->evtchn_upcall_mask = mask;
}

/*
 * The toolstack's suspend request, acknowledged (shutdown_xenbus.c):
 * suspend and resume.  Returns 0 if resumed in a new domain, 1 if in
 * the same one (cancelled), or an errno if it could not suspend.
 */
int
xen_suspend(void)
{
	struct cpu_info *ci;
	uint64_t t0, held;
	int i, failed;

	if (p2m_fll_pa == 0) {
		printf("xen: no P2M frame list: cannot suspend\n");
		return ENOMEM;
	}
	/*
	 * A vCPU going offline or online is seen through first (bounded:
	 * cpu_setstate() gives up after 2 s); none starts after this.
	 */
	t0 = xen_systime_ns();
	cpu_state_hold();
	held = xen_systime_ns() - t0;
	if (held >= XSUSP_HOLD_REPORT_NS)
		printf("xen: suspend waited %llu us for a vCPU state change\n",
		    (unsigned long long)held / 1000);
	/* No address space half torn down in the save (xen_upmap.c). */
	if (!pmap_teardown_hold(XSUSP_PARK_NS)) {
		printf("xen: suspend given up: an address space still being freed after %llu ms\n",
		    (unsigned long long)XSUSP_PARK_NS / 1000000);
		pmap_teardown_release();
		cpu_state_release();
		return ETIMEDOUT;
	}
	xs_comms_suspend();
	xsusp.request_ns = xen_systime_ns();
	xsusp.expected = 0;
	for (i = 0; i < ncpu; i++) {
		ci = cpu_infos[i];
		if (ci != NULL && ci != &cpu_info_primary &&
		    (ci->ci_flags & CPUF_RUNNING) != 0)
			xsusp.expected++;
	}
	xsusp.parked = xsusp.resumed = 0;
	xsusp.state = XSUSP_PARKING;
	xc_wait(xc_broadcast(0, xen_suspend_xc, NULL, NULL));
	xs_comms_suspend_end();

	if (xsusp.result == 0) {
		printf("xen: resumed in a new domain (suspend %llu us, resume %llu us, away %llu ms)\n",
		    (unsigned long long)xsusp.suspend_ns / 1000,
		    (unsigned long long)xsusp.resume_ns / 1000,
		    (unsigned long long)xsusp.down_ns / 1000000);
		failed = xenstore_resume_watches();
		if (failed != 0)
			printf("xen: %d xenstore watch%s lost\n", failed,
			    failed == 1 ? "" : "es");
	} else if (xsusp.result == 1)
		printf("xen: suspend cancelled, resumed in the same domain (resume %llu us)\n",
		    (unsigned long long)xsusp.resume_ns / 1000);
	/* Whatever was asked of a vCPU before, it looks again. */
	for (i = 0; i < ncpu; i++) {
		ci = cpu_infos[i];
		if (ci != NULL && ci != curcpu())
			(void)xen_send_ipi(ci, 0);
	}
	pmap_teardown_release();
	cpu_state_release();
	vcpu_report_count("xen: ");
	return xsusp.result;
}
