/*	Petrel: xen/xen/xen_clock.c -- time from Xen.
 *
 * Xen keeps a system time (ns since the host booted) per vCPU in its
 * vcpu_time_info: a base value, the TSC reading it was taken at, and a
 * scale from TSC cycles to ns.  Between Xen's updates the guest
 * extrapolates with the TSC.  The wall clock is shared_info's wc_*
 * (UTC at system time 0) plus system time.
 *
 * Each CPU's clock is Xen's one-shot timer on that vCPU.  While the CPU
 * is busy it is set for each tick of the system-wide grid (tick k at
 * k/hz s after boot), whose VIRQ_TIMER event calls hardclock().  An
 * idle CPU is tickless: before it blocks, its timer is set for the
 * tick of its first callout, or stopped if it has none, so that it
 * stays blocked in Xen until something is due or an event comes.
 * Xen's periodic timer is stopped: its 10 ms period would not follow
 * hz and would only add events.
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/cpu.h>
#include <sys/device.h>
#include <sys/callout.h>

#include <x86/cpufunc.h>
#include <xen/hypervisor.h>
#include <xen/evtchn.h>
#include <xen/xen_clock.h>

#define NS_PER_SEC	1000000000ULL

/*
 * Per-CPU timer state; only its own CPU touches it, at IPL_SCHED+,
 * but for xc_clamped (atomic, see xen_systime_ns()).
 */
struct xen_clock_cpu {
	uint64_t	 xc_deadline;	/* the timer is set for this; 0: not */
	int		 xc_port;	/* VIRQ_TIMER event channel */
	bool		 xc_running;	/* bound and started */
	bool		 xc_idle;	/* tickless: xen_clock_idle_stop() */
	unsigned long	 xc_events;	/* VIRQ_TIMER events */
	unsigned long	 xc_errors;	/* failed timer hypercalls */
	unsigned long	 xc_clamped;	/* xen_systime_ns(): raw time behind */
} __aligned(CACHE_LINE_SIZE);

static struct xen_clock_cpu xen_clock_cpu[MAXCPUS];
static volatile uint64_t xen_boot_ns __aligned(8);	/* uptime 0 */

/*
 * The latest system time handed out, so that time never goes back:
 * each vCPU extrapolates from its own copy and TSC, and copies taken
 * on different CPUs (or before and after an update) may disagree by a
 * little.  Not needed when Xen says the TSC is stable across CPUs.
 * Under QEMU the vCPUs' raw times differ by 50 us to some ms (the
 * ktest systime_raw_all_cpus), and a vCPU that Xen moves to another
 * pCPU can go back by as much: each CPU counts how often the clamp
 * held its raw time back (xen_clock_clamped(), "cpus").
 */
static volatile uint64_t xen_systime_last __aligned(8);

/*
 * Guest time is Xen's system time plus this offset.  It is 0 until a
 * restore finds Xen's time behind the time of the save (another host,
 * or this one rebooted): the offset then makes guest time go on from
 * where the save left it.  Changed only with every other vCPU parked
 * (xen_clock_resume_time()).  Xen's own interfaces (timer deadlines,
 * the wall clock's base) take Xen's time: see xen_timer_set().
 */
static volatile uint64_t xen_time_offset __aligned(8);
static uint64_t xen_suspend_guest_ns;	/* guest time at the last save */

/*
 * (delta << shift) * mul >> 32 without a 128-bit type: the 64-bit
 * delta times the 32-bit multiplier is a 96-bit product, made of two
 * 32x32->64 products of its halves.
 */
static inline uint64_t
tsc_scale(uint64_t delta, uint32_t mul, int8_t shift)
{
	uint64_t lo, hi;

	if (shift < 0)
		delta >>= -shift;
	else
		delta <<= shift;
	lo = (uint64_t)(uint32_t)delta * mul;
	hi = (uint64_t)(uint32_t)(delta >> 32) * mul;
	return hi + (lo >> 32);
}

/*
 * Xen makes a version odd while it rewrites the fields it guards (a
 * vCPU's time info, shared_info's wall clock), and even again after:
 * a read of those fields between xen_version_enter() and a
 * xen_version_exit() that says true saw one consistent copy of them;
 * otherwise it is done again.  Every reader of those fields goes
 * through this pair.
 */
static inline uint32_t
xen_version_enter(volatile uint32_t *versionp)
{
	uint32_t version = *versionp;

	__insn_barrier();
	return version;
}

static inline bool
xen_version_exit(volatile uint32_t *versionp, uint32_t version)
{
	__insn_barrier();
	return (version & 1) == 0 && version == *versionp;
}

/*
 * System time from one vCPU's time info, read in one version.  The
 * TSC is read inside that window so that it belongs to the same epoch
 * as the fields.
 */
static uint64_t
vcpu_systime(volatile struct vcpu_time_info *t, uint8_t *flagsp)
{
	uint32_t version, mul;
	uint64_t stamp, base, tsc;
	int8_t shift;
	uint8_t flags;

	do {
		version = xen_version_enter(&t->version);
		stamp = t->tsc_timestamp;
		base = t->system_time;
		mul = t->tsc_to_system_mul;
		shift = t->tsc_shift;
		flags = t->flags;
		x86_lfence();		/* no rdtsc ahead of the loads */
		tsc = rdtsc();
	} while (!xen_version_exit(&t->version, version));

	*flagsp = flags;
	/*
	 * A domU's TSC is offset from the machine's, and the stamp may be
	 * from before the domain's TSC zero, so "negative": compare the
	 * difference, not the values.
	 */
	if ((int64_t)(tsc - stamp) <= 0)
		return base + xen_time_offset;
	return base + tsc_scale(tsc - stamp, mul, shift) + xen_time_offset;
}

/*
 * This vCPU's own Xen system time, as its time info and TSC give it,
 * without the clamp against other CPUs' readings below: what tests of
 * Xen's time measure.  The caller that wants to know which CPU it was
 * must not be preemptible itself.
 */
uint64_t
xen_systime_raw_ns(void)
{
	uint64_t now;
	uint8_t flags;
	int s;

	/* Not preemptible, so the TSC and time info are the same vCPU's. */
	s = splraise(IPL_SOFTCLOCK);
	now = vcpu_systime(&curcpu()->ci_vcpu->time, &flags);
	splx(s);
	return now;
}

uint64_t
xen_systime_ns(void)
{
	struct cpu_info *ci;
	uint64_t now, last, prev;
	uint8_t flags;
	int s;

	/* Not preemptible, so the TSC and time info are the same vCPU's. */
	s = splraise(IPL_SOFTCLOCK);
	ci = curcpu();
	now = vcpu_systime(&ci->ci_vcpu->time, &flags);
	splx(s);
	if ((flags & XEN_PVCLOCK_TSC_STABLE_BIT) != 0)
		return now;

	last = atomic_load64(&xen_systime_last);
	for (;;) {
		if (now <= last)
			break;
		prev = __sync_val_compare_and_swap(&xen_systime_last, last,
		    now);
		if (prev == last)
			return now;
		last = prev;		/* someone moved it: compare again */
	}
	/*
	 * The clamp fired: ci's raw time was behind what was already
	 * handed out.  Counted for the reading CPU; atomically, since we
	 * may run elsewhere by now and its handlers read the clock too.
	 */
	if (now < last)
		__atomic_fetch_add(&xen_clock_cpu[cpu_index(ci)].xc_clamped,
		    1, __ATOMIC_RELAXED);
	return last;
}

/*
 * A CPU's TSC frequency, from the scale Xen gives for system time: ns
 * per cycle is mul * 2^shift / 2^32.  Xen recalibrates the scale every
 * second or so; this is the current one.  A read that races with an
 * update is retried a bounded number of times, never waiting for the
 * next update.  0 if unknown.
 */
uint64_t
xen_tsc_freq(struct cpu_info *ci)
{
	volatile struct vcpu_time_info *t = &ci->ci_vcpu->time;
	uint32_t version, mul = 0;
	int8_t shift = 0;
	uint64_t freq;
	int tries;

	for (tries = 0; tries < 1000; tries++) {
		version = xen_version_enter(&t->version);
		mul = t->tsc_to_system_mul;
		shift = t->tsc_shift;
		if (xen_version_exit(&t->version, version))
			break;
		cpu_spinwait();
	}
	if (tries == 1000 || mul == 0)
		return 0;
	freq = (NS_PER_SEC << 32) / mul;
	if (shift < 0)
		freq <<= -shift;
	else
		freq >>= shift;
	return freq;
}

void
xen_cpu_tsc_freq(struct cpu_info *ci)
{
	ci->ci_tsc_freq = xen_tsc_freq(ci);
}

/* At vCPU attach: find and report the TSC frequency. */
void
xen_cpu_clock_attach(struct cpu_info *ci)
{
	uint64_t khz;

	xen_cpu_tsc_freq(ci);
	if (ci->ci_tsc_freq == 0) {
		aprint_error_dev(ci->ci_dev, "TSC frequency unknown\n");
		return;
	}
	khz = (ci->ci_tsc_freq + 500) / 1000;
	aprint_normal_dev(ci->ci_dev, "TSC frequency %llu.%03llu MHz\n",
	    (unsigned long long)(khz / 1000),
	    (unsigned long long)(khz % 1000));
}

/* UTC now: Xen's wall clock at system time 0, plus system time. */
void
xen_wallclock(uint64_t *secp, uint32_t *nsecp)
{
	volatile shared_info_t *sh = HYPERVISOR_shared_info;
	uint32_t version, nsec;
	uint64_t sec, now;

	do {
		version = xen_version_enter(&sh->wc_version);
		sec = sh->wc_sec | (uint64_t)sh->xen_wc_sec_hi << 32;
		nsec = sh->wc_nsec;
	} while (!xen_version_exit(&sh->wc_version, version));

	/* Xen's wall clock is UTC at Xen's system time 0, not ours. */
	now = xen_systime_ns() - xen_time_offset;
	sec += now / NS_PER_SEC;
	nsec += now % NS_PER_SEC;	/* < 2 * 10^9: fits */
	if (nsec >= NS_PER_SEC) {
		nsec -= NS_PER_SEC;
		sec++;
	}
	*secp = sec;
	*nsecp = nsec;
}

/* The MI kernel's wall clock (clock_gettime(CLOCK_REALTIME)). */
void
cpu_wallclock(uint64_t *secp, uint32_t *nsecp)
{
	xen_wallclock(secp, nsecp);
}

static bool
leap_year(uint64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Seconds since 1970 to a UTC date (proleptic Gregorian). */
void
xen_clock_date(uint64_t secs, struct xen_clock_date *d)
{
	static const uint8_t mdays[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};
	uint64_t days = secs / 86400, year = 1970;
	uint32_t rem = secs % 86400;
	unsigned int mon, len;

	/* Any 400 years hold 146097 days: keeps the loop below short. */
	year += 400 * (days / 146097);
	days %= 146097;
	for (;;) {
		len = leap_year(year) ? 366 : 365;
		if (days < len)
			break;
		days -= len;
		year++;
	}
	for (mon = 0; mon < 11; mon++) {
		len = mdays[mon] + (mon == 1 && leap_year(year));
		if (days < len)
			break;
		days -= len;
	}
	d->xcd_year = year;
	d->xcd_month = mon + 1;
	d->xcd_day = days + 1;
	d->xcd_hour = rem / 3600;
	d->xcd_min = rem / 60 % 60;
	d->xcd_sec = rem % 60;
}

/*
 * The MI clock's time: ns since the first look (early in boot).  Every
 * CPU's ticks are counted on this one grid.
 */
uint64_t
cpu_uptime_ns(void)
{
	uint64_t now = xen_systime_ns(), boot = atomic_load64(&xen_boot_ns);

	if (boot == 0) {
		(void)__sync_val_compare_and_swap(&xen_boot_ns, 0, now);
		boot = atomic_load64(&xen_boot_ns);
	}
	/* Another CPU's raw time may be a little behind the first look. */
	return now > boot ? now - boot : 0;
}

/* System time of tick k of the grid. */
static uint64_t
tick_systime(uint64_t k)
{
	(void)cpu_uptime_ns();		/* the grid is placed on first use */
	return atomic_load64(&xen_boot_ns) + k * tick_nsec();
}

/*
 * Set ci's one-shot timer (ci being this CPU) for system time
 * "deadline", or stop it if 0; a past deadline fires at once.  Not done
 * again when already set so: an idle CPU woken by an event looks
 * again before it blocks, and usually wants the same.
 */
static int
xen_timer_set(struct cpu_info *ci, uint64_t deadline)
{
	struct xen_clock_cpu *xc = &xen_clock_cpu[cpu_index(ci)];
	struct vcpu_set_singleshot_timer t = {
		/* Xen counts in its own time; a deadline before it: now. */
		.timeout_abs_ns = deadline > xen_time_offset ?
		    deadline - xen_time_offset : 1,
		.flags = 0,
	};
	int error;

	if (deadline == xc->xc_deadline)
		return 0;
	if (deadline == 0)
		error = HYPERVISOR_vcpu_op(VCPUOP_stop_singleshot_timer,
		    ci->ci_vcpuid, NULL);
	else
		error = HYPERVISOR_vcpu_op(VCPUOP_set_singleshot_timer,
		    ci->ci_vcpuid, &t);
	if (error != 0) {
		if (xc->xc_errors++ < 5)
			printf("%s: cannot %s the timer: %s\n",
			    device_xname(ci->ci_dev), deadline ? "set" : "stop",
			    xen_strerror(error));
		xc->xc_deadline = 0;	/* unknown: set it next time */
		return error;
	}
	xc->xc_deadline = deadline;
	return 0;
}

/* A busy CPU's next tick: the next one of the grid. */
static int
xen_timer_set_tick(struct cpu_info *ci)
{
	return xen_timer_set(ci, tick_systime(getticks64() + 1));
}

/*
 * VIRQ_TIMER: the tick (or an idle CPU's callout) is due.  hardclock()
 * runs every callout due by now, however many ticks passed since the
 * last event.  A busy CPU's timer is set for the next tick; an idle
 * one's is set by the idle loop before it blocks again.
 */
static int
xen_timer_intr(void *arg)
{
	struct cpu_info *ci = arg;
	struct xen_clock_cpu *xc = &xen_clock_cpu[cpu_index(ci)];

	xc->xc_deadline = 0;		/* fired: nothing set */
	xc->xc_events++;
	hardclock(ci);
	if (xc->xc_idle)
		return 1;
	/*
	 * Set with upcalls masked (the dispatcher masks them again after
	 * us anyway).  A deadline already past makes Xen raise the event
	 * at once: taken here it would only nest, to be deferred at our
	 * own level.  Masked, it stays pending and the upcall loop takes
	 * it as soon as we return.
	 */
	ci->ci_vcpu->evtchn_upcall_mask = 1;
	__insn_barrier();
	(void)xen_timer_set_tick(ci);
	return 1;
}

/*
 * Start the clock of ci, which must be the CPU running this: Xen's
 * one-shot timer is per vCPU and can only be set by the vCPU itself.
 */
void
xen_cpu_initclocks(struct cpu_info *ci)
{
	struct xen_clock_cpu *xc = &xen_clock_cpu[cpu_index(ci)];
	unsigned int port;
	const char *xname = device_xname(ci->ci_dev);
	int error, s;

	KASSERT(ci == curcpu());
	if (xc->xc_running)
		return;
	/* APs start theirs during autoconfiguration, before initclocks(). */
	clock_hz_init();

	s = splhigh();
	error = HYPERVISOR_vcpu_op(VCPUOP_stop_periodic_timer, ci->ci_vcpuid,
	    NULL);
	if (error != 0)
		printf("%s: cannot stop the periodic timer: %s\n", xname,
		    xen_strerror(error));

	/* bind_virq_to_evtch() reports why it failed. */
	if (bind_virq_to_evtch(VIRQ_TIMER, ci, xen_timer_intr, ci, IPL_SCHED,
	    "clock", &port) != 0) {
		printf("%s: no clock\n", xname);
		splx(s);
		return;
	}
	xc->xc_port = port;

	xc->xc_idle = false;
	(void)xen_timer_set_tick(ci);
	xc->xc_running = true;
	hypervisor_unmask_event(xc->xc_port);
	splx(s);
}

/* The boot CPU: say what time it is, then start its clock. */
void
xen_initclocks(void)
{
	struct xen_clock_date d;
	uint64_t sec;
	uint32_t nsec;

	xen_wallclock(&sec, &nsec);
	xen_clock_date(sec, &d);
	printf("xen_clock: wall clock %04u-%02u-%02u %02u:%02u:%02u UTC\n",
	    d.xcd_year, d.xcd_month, d.xcd_day, d.xcd_hour, d.xcd_min,
	    d.xcd_sec);
	xen_cpu_initclocks(curcpu());
}

/* The MI initclocks() hook. */
void
cpu_initclocks(void)
{
	xen_initclocks();
}

/*
 * Busy-wait at least us microseconds.  Needs only the time info, so
 * it works before the clocks are started and with events masked.
 */
void
delay(unsigned int us)
{
	uint64_t end;

	end = xen_systime_ns() + (uint64_t)us * 1000;
	while (xen_systime_ns() < end)
		cpu_spinwait();
}

/*
 * ci (this CPU, at splhigh) is about to block in Xen: stop its tick.
 * Its timer is set for the tick of its first callout, or stopped if
 * there is none.  False if Xen refused (the error is printed): the
 * CPU then still blocks, and any event wakes it.
 */
bool
xen_clock_idle_stop(struct cpu_info *ci)
{
	struct xen_clock_cpu *xc = &xen_clock_cpu[cpu_index(ci)];
	uint64_t tick, deadline = 0;

	if (!xc->xc_running)
		return true;
	xc->xc_idle = true;
	if (callout_next_tick(ci, &tick))
		deadline = tick_systime(tick);
	return xen_timer_set(ci, deadline) == 0;
}

/* ci (this CPU) has a thread to run: its tick starts again. */
void
xen_clock_idle_resume(struct cpu_info *ci)
{
	struct xen_clock_cpu *xc = &xen_clock_cpu[cpu_index(ci)];
	uint64_t next;
	int s;

	if (!xc->xc_idle)
		return;
	s = splhigh();		/* not under our own timer's handler */
	xc->xc_idle = false;
	next = tick_systime(getticks64() + 1);
	/* A callout's deadline before the next tick stays as it is. */
	if (xc->xc_deadline == 0 || xc->xc_deadline > next)
		(void)xen_timer_set(ci, next);
	splx(s);
}

/* Back from VCPUOP_down: the timer was stopped; tick again. */
void
xen_clock_restart(struct cpu_info *ci)
{
	struct xen_clock_cpu *xc = &xen_clock_cpu[cpu_index(ci)];

	xc->xc_deadline = 0;
	xc->xc_idle = true;
	xen_clock_idle_resume(ci);
}

/* Going down: no timer events for a vCPU that is not there. */
void
xen_clock_stop(struct cpu_info *ci)
{
	(void)xen_timer_set(ci, 0);
}

/* For the "show cpus" table and tests: ci's timer events. */
unsigned long
xen_clock_events(struct cpu_info *ci)
{
	return xen_clock_cpu[cpu_index(ci)].xc_events;
}

/*
 * For the "show cpus" table and tests: how often xen_systime_ns()
 * returned another CPU's later time instead of ci's raw one.
 */
unsigned long
xen_clock_clamped(struct cpu_info *ci)
{
	return __atomic_load_n(&xen_clock_cpu[cpu_index(ci)].xc_clamped,
	    __ATOMIC_RELAXED);
}

/* ---- save and restore (xen_suspend.c) ------------------------------ */

/* On each CPU itself, every other one parked: its timer stops. */
void
xen_clock_suspend_cpu(struct cpu_info *ci)
{
	(void)xen_timer_set(ci, 0);
}

/* On the boot vCPU, just before the suspend: the time of the save. */
void
xen_clock_suspend_time(void)
{
	xen_suspend_guest_ns = xen_systime_ns();
}

/*
 * On the boot vCPU in the new domain, its vcpu_info registered again:
 * if Xen's time now is behind the time of the save, guest time goes on
 * from the save (the offset grows); otherwise it follows Xen's, and
 * the time the domain was saved counts as time that passed.
 */
void
xen_clock_resume_time(void)
{
	uint64_t now;
	uint8_t flags;

	now = vcpu_systime(&curcpu()->ci_vcpu->time, &flags);
	if (now < xen_suspend_guest_ns) {
		xen_time_offset += xen_suspend_guest_ns - now;
		printf("xen_clock: Xen's time is %llu ms behind the save's: guest time goes on from the save\n",
		    (unsigned long long)(xen_suspend_guest_ns - now) / 1000000);
	}
}

/*
 * In a new domain, on the boot vCPU: ci's VIRQ_TIMER again (Xen
 * forgot every binding), masked until ci resumes its clock; a vCPU
 * that is not running binds it when it starts (xen_cpu_initclocks).
 */
void
xen_clock_rebind(struct cpu_info *ci, bool running)
{
	struct xen_clock_cpu *xc = &xen_clock_cpu[cpu_index(ci)];
	unsigned int port;

	xc->xc_running = false;
	xc->xc_deadline = 0;
	if (!running)
		return;
	if (bind_virq_to_evtch(VIRQ_TIMER, ci, xen_timer_intr, ci, IPL_SCHED,
	    "clock", &port) != 0) {
		printf("%s: no clock after the restore\n",
		    device_xname(ci->ci_dev));
		return;
	}
	xc->xc_port = port;
	xc->xc_running = true;
}

/*
 * On each CPU itself after the suspend: its one-shot timer again, in
 * the new time base.  In a new domain Xen's periodic timer is back
 * and the TSC may run at another rate.
 */
void
xen_clock_resume_cpu(struct cpu_info *ci, bool new_domain)
{
	struct xen_clock_cpu *xc = &xen_clock_cpu[cpu_index(ci)];
	int error;

	xc->xc_deadline = 0;
	if (new_domain) {
		error = HYPERVISOR_vcpu_op(VCPUOP_stop_periodic_timer,
		    ci->ci_vcpuid, NULL);
		if (error != 0)
			printf("%s: cannot stop the periodic timer: %s\n",
			    device_xname(ci->ci_dev), xen_strerror(error));
		xen_cpu_tsc_freq(ci);
	}
	if (!xc->xc_running)
		return;
	xc->xc_idle = false;
	(void)xen_timer_set_tick(ci);
	if (new_domain)
		hypervisor_unmask_event(xc->xc_port);
}
