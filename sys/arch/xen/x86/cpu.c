/*	Petrel: xen/x86/cpu.c -- the vCPUs of a Xen PV domain.
 *
 * Each vCPU attaches as "vcpuN at hypervisor0" through the same driver:
 * the boot vCPU (BP) first, then each other vCPU Xen reports.  The BP's
 * cpu_info is static; an AP's is allocated when it attaches.
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/cpu.h>
#include <sys/device.h>
#include <sys/lwp.h>
#include <sys/sched.h>
#include <sys/kmem.h>
#include <sys/mutex.h>
#include <sys/callout.h>
#include <sys/xcall.h>

#include <x86/cpufunc.h>
#include <x86/xenmd.h>
#include <xen/hypervisor.h>
#include <xen/vcpuvar.h>
#include <xen/xen.h>
#include <machine/pmap.h>
#include <xen/xen_clock.h>

struct cpu_softc {
	device_t	 sc_dev;
	struct cpu_info	*sc_info;
};

static int	vcpu_match(device_t, cfdata_t, void *);
static void	cpu_sched_attach(struct cpu_info *);
static void	vcpu_attach_ap(device_t, struct vcpu_attach_args *);
static void	cpu_boot_secondary_processors(void);
static void	cpu_report_secondary_processors(void);
static bool	cpu_ap_prepare(struct cpu_info *);
#ifdef KTEST
static bool	cpu_inject(const char *, struct cpu_info *);
#else
/* Fault injection is test code: a production kernel never injects. */
#define cpu_inject(what, ci)	((void)(ci), false)
#endif
static void	idle_loop(void *);
static void	vcpu_attach(device_t, device_t, void *);

CFATTACH_DECL_NEW(vcpu, sizeof(struct cpu_softc), vcpu_match, vcpu_attach,
    NULL, NULL);

struct cpu_info cpu_info_primary __aligned(CACHE_LINE_SIZE) = {
	.ci_self = &cpu_info_primary,
	.ci_curlwp = &lwp0,
	.ci_ilevel = IPL_HIGH,		/* cold: events masked */
	.ci_flags = CPUF_BSP | CPUF_PRESENT | CPUF_RUNNING,
};

struct cpu_info *cpu_infos[MAXCPUS] = { &cpu_info_primary };
int ncpu = 1;
int ncpuonline = 1;

#define LONG_BITS	(sizeof(long) * 8)
unsigned long xen_vcpumask_running[howmany(MAXCPUS, LONG_BITS)] = { 1 };
uint64_t cpu_boot_ap_start_ns;	/* when the BP started the APs */
uint64_t cpu_boot_ap_ns;	/* how long until all had reported */

/*
 * Serialises vCPU state changes: cpu_setstate() (the xenwatch thread,
 * tests) and the boot's start of the APs, with the one static context
 * cpu_vcpu_initialise() fills.  Adaptive: its holders sleep while they
 * wait for a vCPU to change.
 */
static kmutex_t cpu_state_lock = { .mtx_type = MUTEX_ADAPTIVE };

static volatile bool cpu_boot_ap_waited;	/* the BP's wait for APs ended */

void
xen_vcpumask_set(unsigned int vcpuid, bool on)
{
	unsigned long bit = 1UL << (vcpuid % LONG_BITS);

	if (on)
		__atomic_fetch_or(&xen_vcpumask_running[vcpuid / LONG_BITS],
		    bit, __ATOMIC_SEQ_CST);
	else
		__atomic_fetch_and(&xen_vcpumask_running[vcpuid / LONG_BITS],
		    ~bit, __ATOMIC_SEQ_CST);
}

/*
 * Set bits in ci_flags unless one of the bits in unless is set, in one
 * atomic step; false if unless won.  An AP that reports in late and the
 * BP giving up on it both go through here (RUNNING unless GAVEUP,
 * GAVEUP unless RUNNING): exactly one of them wins.
 */
static bool
cpu_flags_claim(struct cpu_info *ci, int set, int unless)
{
	int old = ci->ci_flags;

	do {
		if (old & unless)
			return false;
	} while (!__atomic_compare_exchange_n(&ci->ci_flags, &old, old | set,
	    false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST));
	return true;
}

/*
 * ci (this CPU) joins (on) or leaves the running CPUs: its
 * CPUF_RUNNING, its bit in the vCPU mask the TLB shootdowns use and
 * ncpuonline change together, under ci's run-queue lock (no thread is
 * being queued on ci meanwhile: see setrunnable) and xc_cpu_lock (no
 * cross-call is choosing its targets).  Joining fails, changing nothing,
 * if the BP has given up on ci.
 */
static bool
cpu_set_running(struct cpu_info *ci, bool on)
{
	bool done = true;

	/* Run queue first, as setrunnable() and the drain take it. */
	sched_cpu_lock(ci);
	xc_cpu_lock();
	if (on) {
		done = cpu_flags_claim(ci, CPUF_RUNNING, CPUF_GAVEUP);
		if (done) {
			xen_vcpumask_set(ci->ci_vcpuid, true);
			__atomic_fetch_add(&ncpuonline, 1, __ATOMIC_SEQ_CST);
		}
	} else {
		__atomic_fetch_and(&ci->ci_flags, ~CPUF_RUNNING,
		    __ATOMIC_SEQ_CST);
		xen_vcpumask_set(ci->ci_vcpuid, false);
		__atomic_fetch_sub(&ncpuonline, 1, __ATOMIC_SEQ_CST);
	}
	xc_cpu_unlock();
	sched_cpu_unlock(ci);
	return done;
}

static int
vcpu_print(void *aux, const char *pnp)
{
	struct vcpu_attach_args *vcaa = aux;

	if (pnp != NULL)
		aprint_normal("vcpu %d at %s", vcaa->vcaa_vcpuid, pnp);
	return UNCONF;
}

/*
 * Is there a vCPU with this id?  Xen answers -ENOENT past the last one;
 * another error is reported and the vCPU left alone.
 */
static int
vcpu_probe(device_t hv, int vcpuid)
{
	struct vcpu_runstate_info rs;
	int error;

	error = HYPERVISOR_vcpu_op(VCPUOP_get_runstate_info, vcpuid, &rs);
	if (error != 0 && error != -ENOENT)
		aprint_error_dev(hv, "vcpu %d: get_runstate_info: %s, skipped\n",
		    vcpuid, xen_strerror(error));
	return error;
}

void
vcpu_attach_all(device_t hv)
{
	struct vcpu_attach_args vcaa = {
		.vcaa_name = "vcpu", .vcaa_vcpuid = 0,
		.vcaa_role = CPU_ROLE_BP,
	};
	int id, error;

	if (vcpu_probe(hv, 0) != 0 || config_found(hv, &vcaa, vcpu_print) ==
	    NULL)
		panic("the boot vCPU did not attach");

	/* Every other vCPU, until Xen says there is no such one. */
	vcaa.vcaa_role = CPU_ROLE_AP;
	for (id = 1; ; id++) {
		error = vcpu_probe(hv, id);
		if (error == -ENOENT)
			break;
		if (error != 0)
			continue;
		if (ncpu == MAXCPUS) {
			aprint_error_dev(hv, "vCPUs from %d on ignored: this kernel has MAXCPUS %d\n",
			    id, MAXCPUS);
			break;
		}
		vcaa.vcaa_vcpuid = id;
		(void)config_found(hv, &vcaa, vcpu_print);
	}
	cpu_boot_secondary_processors();
	cpu_report_secondary_processors();
	vcpu_report_count(NULL);
}

/*
 * "N vCPUs running[, M offline][ (APs up in U us)]": how many run, how
 * many wait ready to start, and at boot how long the APs took.
 */
void
vcpu_report_count(const char *prefix)
{
	struct cpu_info *ci;
	int i, offline = 0, running;

	/* One moment's picture: no vCPU joins or leaves meanwhile. */
	xc_cpu_lock();
	running = ncpuonline;
	for (i = 1; i < ncpu; i++) {
		ci = cpu_infos[i];
		if ((ci->ci_flags & (CPUF_PRESENT | CPUF_GAVEUP |
		    CPUF_RUNNING)) == CPUF_PRESENT)
			offline++;
	}
	xc_cpu_unlock();
	printf("%s%d vCPU%s running", prefix != NULL ? prefix : "",
	    running, running == 1 ? "" : "s");
	if (offline > 0)
		printf(", %d offline", offline);
	if (prefix == NULL && ncpu > 1)
		printf(" (APs up in %llu us)",
		    (unsigned long long)cpu_boot_ap_ns / 1000);
	printf("\n");
}

static int
vcpu_match(device_t parent, cfdata_t cf, void *aux)
{
	struct vcpu_attach_args *vcaa = aux;

	return strcmp(vcaa->vcaa_name, cf->cf_name) == 0;
}

static void
vcpu_attach(device_t parent, device_t self, void *aux)
{
	struct vcpu_attach_args *vcaa = aux;
	struct cpu_softc *sc = device_private(self);
	struct cpu_info *ci;

	if (vcaa->vcaa_role == CPU_ROLE_AP) {
		vcpu_attach_ap(self, vcaa);
		return;
	}
	ci = &cpu_info_primary;
	sc->sc_dev = self;
	sc->sc_info = ci;
	ci->ci_dev = self;
	ci->ci_vcpuid = vcaa->vcaa_vcpuid;
	aprint_normal(": Boot Processor\n");

	identifycpu(ci);
	identifycpu_print(ci, device_xname(self));
	xen_cpu_clock_attach(ci);
	cpu_sched_attach(ci);
	if (cpu_vcpu_info_register(ci) != 0)
		aprint_error_dev(self, "vcpu_info stays in shared_info\n");
	(void)xen_runstate_register(ci);
	(void)xen_ipi_init(ci);
}

/* An application vCPU: a cpu_info of its own, prepared to start. */
static void
vcpu_attach_ap(device_t self, struct vcpu_attach_args *vcaa)
{
	struct cpu_softc *sc = device_private(self);
	struct cpu_info *ci;

	aprint_normal(": Application Processor\n");
	ci = kmem_zalloc(sizeof(*ci), KM_SLEEP);
	KASSERT(((uintptr_t)ci & (CACHE_LINE_SIZE - 1)) == 0);
	ci->ci_self = ci;
	ci->ci_dev = self;
	ci->ci_vcpuid = vcaa->vcaa_vcpuid;
	ci->ci_ilevel = IPL_HIGH;
	ci->ci_flags = CPUF_AP;
	/* Until its own vcpu_info is registered, the legacy slot. */
	if (ci->ci_vcpuid < XEN_LEGACY_MAX_VCPUS)
		ci->ci_vcpu = &HYPERVISOR_shared_info->vcpu_info[ci->ci_vcpuid];
	ci->ci_index = ncpu;
	cpu_infos[ncpu++] = ci;
	sc->sc_dev = self;
	sc->sc_info = ci;
	cpu_sched_attach(ci);
	if (cpu_ap_prepare(ci))
		ci->ci_flags |= CPUF_PRESENT;
}

/* Give a CPU its run queue and its idle thread. */
static void
cpu_sched_attach(struct cpu_info *ci)
{
	struct lwp *l;
	int error;

	sched_cpu_attach(ci);
	error = kthread_create(PRI_IDLE, ci, idle_loop, NULL, &l, "idle/%d",
	    ci->ci_index);
	if (error != 0)
		panic("%s: no idle thread (error %d)", device_xname(ci->ci_dev),
		    error);
	ci->ci_idlelwp = l;
}

static void
idle_loop(void *arg)
{
	(void)arg;
	sched_idle();
}

/*
 * Block this vCPU in Xen until an event arrives.  Called with events
 * masked (splhigh): Xen unmasks and checks for pending events
 * atomically with blocking, so an event that came after the caller
 * last looked is not slept through.
 */
void
cpu_idle_block(void)
{
	struct cpu_info *ci = curcpu();

	ci->ci_nblocks++;
	(void)xen_clock_idle_stop(ci);
	(void)HYPERVISOR_block();
}

/* The idle thread is about to run a thread: the tick is needed again. */
void
cpu_idle_leave(void)
{
	xen_clock_idle_resume(curcpu());
}

/* ---- application vCPUs ------------------------------------------------ */

/*
 * Each AP gets, before Xen runs it: a cpu_info, an idle thread (whose
 * stack cpu_hatch() runs on), a page for its vcpu_info, a GDT page
 * (xen_vcpuctx.c) and its own top-level page table (xen_pmap.c).
 */

#ifdef KTEST
/*
 * Test hook (boot argument): inject=vcpu_init:N (Xen refuses vCPU N's
 * context: VCPUOP_initialise fails), inject=vcpu_up:N (vCPU N is not
 * given a context, so Xen refuses VCPUOP_up), inject=vcpu_hang:N
 * (vCPU N never reports in) or inject=vcpu_late:N (vCPU N reports in
 * just as the BP, its deadline passed, decides whether to give up on
 * it).  The hypercalls are real: the errors are Xen's.
 */
static bool
cpu_inject(const char *what, struct cpu_info *ci)
{
	const char *v = boot_arg_value("inject");
	size_t n = strlen(what);

	if (v == NULL || strncmp(v, what, n) != 0 || v[n] != ':')
		return false;
	return strtoul(v + n + 1, NULL, 10) == ci->ci_vcpuid;
}
#endif /* KTEST */

/*
 * Where an AP starts, on its idle thread's stack, events masked, with
 * its page table, GDT, trap table and per-CPU segment already loaded
 * from the context.  Everything that must work for others to talk to
 * it (IPI and timer channels) is set up before it says it is running.
 */
void
cpu_hatch(struct cpu_info *ci)
{
	struct lwp *idle = ci->ci_idlelwp;

	ci->ci_curlwp = idle;
	idle->l_stat = LSONPROC;
	idle->l_cpu = ci;

	if (cpu_inject("vcpu_hang", ci))
		while ((ci->ci_flags & CPUF_GAVEUP) == 0)
			HYPERVISOR_yield();
	if (ci->ci_flags & CPUF_GAVEUP)
		cpu_halt_self();	/* the BP gave up on us: stay out */

	identifycpu(ci);
	xen_register_callbacks();	/* the NMI one is not in the context */
	if (xen_ipi_init(ci) != 0)
		cpu_halt_self();
	xen_cpu_initclocks(ci);
	xen_cpu_tsc_freq(ci);
	/* Late on purpose: report in as the BP decides to give up. */
	if (cpu_inject("vcpu_late", ci))
		while (!cpu_boot_ap_waited)
			(void)HYPERVISOR_yield();
	xen_runstate_offline_end(ci);
	ci->ci_hatch_ns = xen_systime_ns();
	if (!cpu_set_running(ci, true)) {
		/* Too late: the BP gave up on us and takes us down. */
		xen_clock_stop(ci);
		cpu_halt_self();
	}
	pmap_tlb_flush_local(ci, "start");
	spl0();
	sched_idle();
}

/*
 * Prepare an AP's memory; false (with a message) if it can't be had.
 * The time and the hypercalls it takes are the AP's (bench=all).
 */
static bool
cpu_ap_prepare(struct cpu_info *ci)
{
	struct cpu_info *self = curcpu();
	unsigned long hc0;
	int error;

	xen_hypercall_tally = true;	/* curcpu() works on every CPU now */
	hc0 = self->ci_nhypercalls;
	ci->ci_ap_prep_start_ns = xen_systime_ns();
	error = cpu_vcpu_info_register(ci);
	/* Steal time counts once it runs: offline until then is ours. */
	if (error == 0 && xen_runstate_register(ci) == 0)
		xen_runstate_offline_begin(ci);
	if (error == 0)
		error = cpu_gdt_build(ci);
	if (error == 0)
		error = pmap_cpu_tables_build(ci);
	ci->ci_ap_prep_ns += xen_systime_ns() - ci->ci_ap_prep_start_ns;
	ci->ci_ap_prep_hypercalls += self->ci_nhypercalls - hc0;
	if (error != 0) {
		aprint_error_dev(ci->ci_dev, "cannot prepare (error %d), left offline\n",
		    error);
		return false;
	}
	return true;
}

/*
 * Give up on an AP that has not reported in: false, changing nothing,
 * if it has just done so (it is running, and counted).
 */
static bool
cpu_ap_giveup(struct cpu_info *ci, const char *why)
{
	int error;

	if (!cpu_flags_claim(ci, CPUF_GAVEUP, CPUF_RUNNING))
		return false;
	aprint_error_dev(ci->ci_dev, "%s; left offline\n", why);
	error = HYPERVISOR_vcpu_op(VCPUOP_down, ci->ci_vcpuid, NULL);
	if (error != 0)
		aprint_error_dev(ci->ci_dev, "VCPUOP_down: %s (it stops itself when it sees it was given up)\n",
		    xen_strerror(error));
	return true;
}

/*
 * Give a prepared AP its context and let it run into cpu_hatch();
 * 0, or an errno after saying why.  It then runs on its own: callers
 * wait for CPUF_RUNNING.
 */
static int
cpu_ap_start(struct cpu_info *ci)
{
	struct cpu_info *self = curcpu();
	unsigned long hc0 = self->ci_nhypercalls;
	uint64_t t0 = xen_systime_ns();
	char buf[40];
	int error;

	KASSERT(mutex_owned(&cpu_state_lock));
	/* Not initialised, VCPUOP_up must fail: Xen's -EINVAL. */
	error = cpu_inject("vcpu_up", ci) ? 0 :
	    cpu_vcpu_initialise(ci, cpu_inject("vcpu_init", ci));
	ci->ci_ap_prep_ns += xen_systime_ns() - t0;
	if (error != 0) {
		ci->ci_ap_prep_hypercalls += self->ci_nhypercalls - hc0;
		snprintf(buf, sizeof(buf), "VCPUOP_initialise: %s",
		    xen_strerror(error));
		(void)cpu_ap_giveup(ci, buf);
		return -error;
	}
	ci->ci_hatch_hypercalls = 0;	/* it has not run yet */
	ci->ci_ap_up_ns = xen_systime_ns();
	error = HYPERVISOR_vcpu_op(VCPUOP_up, ci->ci_vcpuid, NULL);
	ci->ci_ap_prep_hypercalls += self->ci_nhypercalls - hc0;
	if (error != 0) {
		snprintf(buf, sizeof(buf), "VCPUOP_up: %s",
		    xen_strerror(error));
		(void)cpu_ap_giveup(ci, buf);
		return -error;
	}
	__atomic_fetch_or(&ci->ci_flags, CPUF_GO, __ATOMIC_SEQ_CST);
	return 0;
}


/*
 * Start every prepared AP, then wait for all of them at once, each
 * within the same bounded time: one slow or broken vCPU delays the
 * boot by at most that, and never stops it.
 */
static void
cpu_boot_secondary_processors(void)
{
	struct cpu_info *ci;
	uint64_t start, deadline, now;
	int i, waiting = 0;
	char buf[80];

	mutex_enter(&cpu_state_lock);
	start = cpu_boot_ap_start_ns = xen_systime_ns();
	for (i = 1; i < ncpu; i++) {
		ci = cpu_infos[i];
		if (ci == NULL || (ci->ci_flags & CPUF_PRESENT) == 0)
			continue;
		if (!xenbus_vcpu_wanted(ci)) {
			aprint_normal_dev(ci->ci_dev, "offline (cpu/%u/availability), ready to start\n",
			    ci->ci_vcpuid);
			continue;
		}
		if (cpu_ap_start(ci) == 0)
			waiting++;
	}

	/* 2 s, plus 100 ms per AP for slow emulated machines. */
	deadline = start + 2000000000ULL + 100000000ULL * waiting;
	while (waiting > 0) {
		waiting = 0;
		for (i = 1; i < ncpu; i++) {
			ci = cpu_infos[i];
			if ((ci->ci_flags & (CPUF_GO | CPUF_RUNNING)) == CPUF_GO)
				waiting++;
		}
		now = xen_systime_ns();
		if (waiting == 0 || now > deadline)
			break;
		(void)HYPERVISOR_yield();
	}
	cpu_boot_ap_ns = xen_systime_ns() - start;
	cpu_boot_ap_waited = true;
	for (i = 1; i < ncpu; i++) {
		ci = cpu_infos[i];
		if ((ci->ci_flags & (CPUF_GO | CPUF_RUNNING)) == CPUF_GO) {
			snprintf(buf, sizeof(buf), "did not report in within %llu ms",
			    (unsigned long long)(deadline - start) / 1000000);
			if (!cpu_ap_giveup(ci, buf))
				aprint_normal_dev(ci->ci_dev, "reported in just after the deadline; kept\n");
		}
	}
	mutex_exit(&cpu_state_lock);
}

/* After the APs ran: their identification, as the BP prints it. */
static void
cpu_report_secondary_processors(void)
{
	struct cpu_info *ci;
	int i;

	for (i = 1; i < ncpu; i++) {
		ci = cpu_infos[i];
		if ((ci->ci_flags & CPUF_RUNNING) == 0)
			continue;
		identifycpu_print(ci, device_xname(ci->ci_dev));
		aprint_normal_dev(ci->ci_dev, "TSC frequency %llu.%03llu MHz, running %llu us after the start\n",
		    (unsigned long long)ci->ci_tsc_freq / 1000000,
		    (unsigned long long)(ci->ci_tsc_freq / 1000) % 1000,
		    (unsigned long long)(ci->ci_hatch_ns -
		    cpu_boot_ap_start_ns) / 1000);
	}
}

/* ---- offline and online ---------------------------------------------- */

/*
 * Called by this CPU's idle thread when asked to go offline: leave the
 * running set (no more IPIs, threads or TLB flushes are aimed here),
 * hand its queued threads to the others and stop in Xen.  VCPUOP_down
 * returns when someone brings the vCPU up again; it then rejoins as
 * cpu_hatch() does.  A CPU with callouts waiting stays until they ran.
 */
void
cpu_offline_self(void)
{
	struct cpu_info *ci = curcpu();
	int error, s;

	s = splhigh();
	(void)cpu_set_running(ci, false);
	/* A cross-call that chose us before we left: run it now. */
	xc_ipi_handler();
	sched_cpu_drain(ci);
	/*
	 * Our timeouts (a thread's timed sleep among them) fire on the
	 * boot CPU meanwhile, which never goes down: going down does not
	 * wait for them, nor they for us to come back.
	 */
	callout_cpu_migrate(ci, &cpu_info_primary);
	cpu_load_pmap(NULL);		/* down on kernel-only tables */
	xen_clock_stop(ci);
	ci->ci_noffline++;
	ci->ci_want_offline = 0;
	xen_runstate_offline_begin(ci);	/* our choice: not stolen */
	error = HYPERVISOR_vcpu_op(VCPUOP_down, ci->ci_vcpuid, NULL);
	if (error != 0)
		printf("cpu%d: VCPUOP_down: %s; staying up\n", ci->ci_index,
		    xen_strerror(error));
	/* Up again. */
	(void)xen_runstate_register(ci);
	xen_runstate_offline_end(ci);
	xen_clock_restart(ci);
	ci->ci_hatch_ns = xen_systime_ns();
	(void)cpu_set_running(ci, true);
	/*
	 * Shootdowns skipped us while we were down, and Xen may have kept
	 * our TLB (nothing else ran here): flush it, now that we are in
	 * the mask again and before anything runs here.
	 */
	pmap_tlb_flush_local(ci, "online");
	splx(s);
}

/*
 * Save and restore: no vCPU changes state while the domain suspends
 * (a cpu_setstate() under way is seen through first, one waits for the
 * other).
 */
void
cpu_state_hold(void)
{
	mutex_enter(&cpu_state_lock);
}

void
cpu_state_release(void)
{
	mutex_exit(&cpu_state_lock);
}

/*
 * How long a vCPU may take to go down or come up: it must be run by Xen
 * to do it, and a loaded host running many vCPUs under emulation has
 * been seen to leave one unscheduled for over 2 s.
 */
#define CPU_SETSTATE_NS	5000000000ULL

/* cpu_setstate()'s work, under cpu_state_lock. */
static int
cpu_setstate_locked(struct cpu_info *ci, bool online)
{
	uint64_t deadline = xen_systime_ns() + CPU_SETSTATE_NS;
	int error;

	KASSERT(mutex_owned(&cpu_state_lock));
	if ((ci->ci_flags & CPUF_PRESENT) == 0 ||
	    (ci->ci_flags & CPUF_GAVEUP) != 0)
		return ENXIO;
	if (online) {
		if (ci->ci_flags & CPUF_RUNNING)
			return 0;
		if ((ci->ci_flags & CPUF_GO) == 0) {
			/* Never started (offline at boot): start it now. */
			if ((error = cpu_ap_start(ci)) != 0)
				return error;
		} else if ((error = HYPERVISOR_vcpu_op(VCPUOP_up,
		    ci->ci_vcpuid, NULL)) != 0) {
			printf("cpu%d: VCPUOP_up: %s\n", ci->ci_index,
			    xen_strerror(error));
			return -error;
		}
		while ((ci->ci_flags & CPUF_RUNNING) == 0) {
			if (xen_systime_ns() > deadline)
				return ETIMEDOUT;
			(void)kpause("cpuup", false, 1, NULL);
		}
		return 0;
	}
	if ((ci->ci_flags & CPUF_RUNNING) == 0)
		return 0;
	ci->ci_want_offline = 1;
	cpu_need_resched(ci, RESCHED_REMOTE);
	/* Down when Xen says so, not merely when it stopped running. */
	while ((ci->ci_flags & CPUF_RUNNING) != 0 ||
	    HYPERVISOR_vcpu_op(VCPUOP_is_up, ci->ci_vcpuid, NULL) > 0) {
		if (xen_systime_ns() > deadline) {
			ci->ci_want_offline = 0;
			return ETIMEDOUT;
		}
		(void)kpause("cpudown", false, 1, NULL);
	}
	return 0;
}

/*
 * Take ci offline or bring it back; returns 0, or an errno.  Waits (a
 * bounded time) until the change is done; changes are serialised by
 * cpu_state_lock, so concurrent callers each see theirs complete.
 */
int
cpu_setstate(struct cpu_info *ci, bool online)
{
	bool was_online;
	uint32_t nsec;
	int error;

	if (ci == &cpu_info_primary)
		return online ? 0 : EBUSY;	/* the boot vCPU stays */
	/* One change at a time, each seen through to its end. */
	mutex_enter(&cpu_state_lock);
	was_online = (ci->ci_flags & CPUF_RUNNING) != 0;
	error = cpu_setstate_locked(ci, online);
	if (error == 0 && online != was_online)
		cpu_wallclock(&ci->ci_lastmod, &nsec);	/* cpuctl(8) shows it */
	mutex_exit(&cpu_state_lock);
	return error;
}
