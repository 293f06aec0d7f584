/*	Petrel: xen/xen/xen_clock.c -- time from Xen.
 *
 * Xen keeps a system time (ns since the host booted) per vCPU in its
 * vcpu_time_info: a base value, the TSC reading it was taken at, and a
 * scale from TSC cycles to ns.  Between Xen's updates the guest
 * extrapolates with the TSC.  The wall clock is shared_info's wc_*
 * (UTC at system time 0) plus system time.
 *
 * Each CPU's clock is Xen's one-shot timer on that vCPU: the VIRQ_TIMER
 * event calls hardclock() once per tick that has passed, then re-arms
 * for the next tick.  Xen's periodic timer is stopped: its 10 ms period
 * would not follow hz and would only add events.
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

/* Per-CPU timer state; only its own CPU touches it, at IPL_SCHED. */
struct xen_clock_cpu {
	uint64_t	 xc_next;	/* system time of the next tick */
	bool		 xc_slow;	/* idle: 1 s tick, xen_clock_idle_stop */
	int		 xc_port;	/* VIRQ_TIMER event channel */
	bool		 xc_running;
	unsigned long	 xc_ticks;	/* hardclock() calls */
	unsigned long	 xc_dropped;	/* ticks given up when far behind */
	unsigned long	 xc_errors;	/* failed re-arms */
} __aligned(CACHE_LINE_SIZE);

static struct xen_clock_cpu xen_clock_cpu[MAXCPUS];
static uint64_t xen_tick_ns;		/* 10^9 / hz */

/*
 * The latest system time handed out, so that time never goes back:
 * each vCPU extrapolates from its own copy and TSC, and copies taken
 * on different CPUs (or before and after an update) may disagree by a
 * little.  Not needed when Xen says the TSC is stable across CPUs.
 */
static volatile uint64_t xen_systime_last __aligned(8);

/*
 * 64-bit atomics.  With -mgeneral-regs-only GCC turns __atomic_* on a
 * uint64_t into calls to libatomic on i386; the __sync builtins give
 * an inline cmpxchg8b there (and cmpxchg on amd64).
 */
static inline uint64_t
systime_last_load(void)
{
#ifdef __x86_64__
	return __atomic_load_n(&xen_systime_last, __ATOMIC_RELAXED);
#else
	return __sync_val_compare_and_swap(&xen_systime_last, 0, 0);
#endif
}

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
 * System time from one vCPU's time info.  Xen makes the version odd
 * while it rewrites the fields: retry until a read saw the same even
 * version before and after.  The TSC is read inside that window so
 * that it belongs to the same epoch as the fields.
 */
static uint64_t
vcpu_systime(volatile struct vcpu_time_info *t, uint8_t *flagsp)
{
	uint32_t version, mul;
	uint64_t stamp, base, tsc;
	int8_t shift;
	uint8_t flags;

	do {
		version = t->version;
		__insn_barrier();
		stamp = t->tsc_timestamp;
		base = t->system_time;
		mul = t->tsc_to_system_mul;
		shift = t->tsc_shift;
		flags = t->flags;
		x86_lfence();		/* no rdtsc ahead of the loads */
		tsc = rdtsc();
		__insn_barrier();
	} while ((version & 1) != 0 || version != t->version);

	*flagsp = flags;
	/*
	 * A domU's TSC is offset from the machine's, and the stamp may be
	 * from before the domain's TSC zero, so "negative": compare the
	 * difference, not the values.
	 */
	if ((int64_t)(tsc - stamp) <= 0)
		return base;
	return base + tsc_scale(tsc - stamp, mul, shift);
}

uint64_t
xen_systime_ns(void)
{
	uint64_t now, last, prev;
	uint8_t flags;
	int s;

	/* Not preemptible, so the TSC and time info are the same vCPU's. */
	s = splraise(IPL_SOFTCLOCK);
	now = vcpu_systime(&curcpu()->ci_vcpu->time, &flags);
	splx(s);
	if ((flags & XEN_PVCLOCK_TSC_STABLE_BIT) != 0)
		return now;

	last = systime_last_load();
	for (;;) {
		if (now <= last)
			return last;
		prev = __sync_val_compare_and_swap(&xen_systime_last, last,
		    now);
		if (prev == last)
			return now;
		last = prev;		/* someone moved it: compare again */
	}
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
		version = t->version;
		__insn_barrier();
		mul = t->tsc_to_system_mul;
		shift = t->tsc_shift;
		__insn_barrier();
		if ((version & 1) == 0 && version == t->version)
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
		version = sh->wc_version;
		__insn_barrier();
		sec = sh->wc_sec | (uint64_t)sh->xen_wc_sec_hi << 32;
		nsec = sh->wc_nsec;
		__insn_barrier();
	} while ((version & 1) != 0 || version != sh->wc_version);

	now = xen_systime_ns();
	sec += now / NS_PER_SEC;
	nsec += now % NS_PER_SEC;	/* < 2 * 10^9: fits */
	if (nsec >= NS_PER_SEC) {
		nsec -= NS_PER_SEC;
		sec++;
	}
	*secp = sec;
	*nsecp = nsec;
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

uint64_t
xen_clock_tick_ns(void)
{
	return xen_tick_ns;
}

/* Ask Xen for one VIRQ_TIMER event at system time "deadline". */
static int
xen_timer_arm(struct cpu_info *ci, uint64_t deadline)
{
	struct vcpu_set_singleshot_timer t = {
		.timeout_abs_ns = deadline,
		.flags = 0,		/* a past deadline fires at once */
	};

	return HYPERVISOR_vcpu_op(VCPUOP_set_singleshot_timer, ci->ci_vcpuid,
	    &t);
}

/*
 * VIRQ_TIMER: one hardclock() per tick that has passed, so that ticks
 * keep pace with system time when events come late.  After a long
 * absence (the vCPU was not scheduled) at most a second's worth is
 * run, to keep one interrupt short; the rest is dropped, the ticks
 * staying on their grid.
 */
static int
xen_timer_intr(void *arg)
{
	struct cpu_info *ci = arg;
	struct xen_clock_cpu *xc = &xen_clock_cpu[cpu_index(ci)];
	uint64_t now, behind;
	int n, error;

	now = xen_systime_ns();
	if (xc->xc_slow) {
		/* Idle with nothing to time: only the safety-net tick. */
		xc->xc_ticks++;
		hardclock(ci);
		ci->ci_vcpu->evtchn_upcall_mask = 1;	/* as below */
		__insn_barrier();
		(void)xen_timer_arm(ci, now + NS_PER_SEC);
		return 1;
	}
	for (n = 0; now >= xc->xc_next; n++) {
		if (n >= hz) {
			behind = (now - xc->xc_next) / xen_tick_ns + 1;
			xc->xc_dropped += behind;
			xc->xc_next += behind * xen_tick_ns;
			break;
		}
		xc->xc_next += xen_tick_ns;
		xc->xc_ticks++;
		hardclock(ci);
	}
	/*
	 * Re-arm with upcalls masked (the dispatcher masks them again
	 * after us anyway).  A deadline already past makes Xen raise the
	 * event at once: taken here it would only nest, to be deferred at
	 * our own level.  Masked, it stays pending and the upcall loop
	 * takes it as soon as we return.
	 */
	ci->ci_vcpu->evtchn_upcall_mask = 1;
	__insn_barrier();
	error = xen_timer_arm(ci, xc->xc_next);
	if (error != 0 && xc->xc_errors++ < 5)
		printf("%s: cannot arm the timer: %s\n",
		    device_xname(ci->ci_dev), xen_strerror(error));
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
	struct evtchn_bind_virq bind = {
		.virq = VIRQ_TIMER,
		.vcpu = ci->ci_vcpuid,
	};
	const char *xname = device_xname(ci->ci_dev);
	int error, s;

	KASSERT(ci == curcpu());
	if (xc->xc_running)
		return;
	/* APs start theirs during autoconfiguration, before initclocks(). */
	clock_hz_init();
	xen_tick_ns = NS_PER_SEC / hz;	/* the same for all: races benign */

	s = splhigh();
	error = HYPERVISOR_vcpu_op(VCPUOP_stop_periodic_timer, ci->ci_vcpuid,
	    NULL);
	if (error != 0)
		printf("%s: cannot stop the periodic timer: %s\n", xname,
		    xen_strerror(error));

	error = HYPERVISOR_event_channel_op(EVTCHNOP_bind_virq, &bind);
	if (error != 0) {
		printf("%s: cannot bind VIRQ_TIMER: %s; no clock\n", xname,
		    xen_strerror(error));
		splx(s);
		return;
	}
	xc->xc_port = bind.port;
	if (event_set_handler(xc->xc_port, xen_timer_intr, ci, IPL_SCHED,
	    "clock", ci) != 0) {
		printf("%s: timer event channel %d out of range; no clock\n",
		    xname, xc->xc_port);
		splx(s);
		return;
	}

	xc->xc_next = xen_systime_ns() + xen_tick_ns;
	error = xen_timer_arm(ci, xc->xc_next);
	if (error != 0)
		printf("%s: cannot arm the timer: %s\n", xname,
		    xen_strerror(error));
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
 * An idle application vCPU with nothing to time slows its tick, so it
 * stays blocked in Xen instead of waking HZ times a second; the tick
 * resumes on its grid when something wakes the vCPU.  The boot vCPU
 * keeps ticking: it keeps the global tick count.
 */
bool
xen_clock_idle_stop(struct cpu_info *ci)
{
	struct xen_clock_cpu *xc = &xen_clock_cpu[cpu_index(ci)];

	if ((ci->ci_flags & CPUF_BSP) != 0)
		return false;
	if (!callout_cpu_idle(ci)) {
		/* A callout came meanwhile (callout_wake() woke us). */
		xen_clock_idle_resume(ci);
		return false;
	}
	if (xc->xc_slow)
		return true;
	/* Not stopped outright: a slow tick (1 s) as a safety net. */
	xc->xc_slow = true;
	return xen_timer_arm(ci, xen_systime_ns() + NS_PER_SEC) == 0;
}

/* Work to do again on ci (this CPU): back to the normal tick. */
void
xen_clock_idle_resume(struct cpu_info *ci)
{
	struct xen_clock_cpu *xc = &xen_clock_cpu[cpu_index(ci)];
	uint64_t now;
	int s;

	if (!xc->xc_slow)
		return;
	s = splhigh();		/* not under our own timer's handler */
	xc->xc_slow = false;
	now = xen_systime_ns();
	/* Skip the ticks slept through: nothing was waiting for them. */
	if (xc->xc_next < now)
		xc->xc_next += ((now - xc->xc_next) / xen_tick_ns + 1) *
		    xen_tick_ns;
	(void)xen_timer_arm(ci, xc->xc_next);
	splx(s);
}

/* Back from VCPUOP_down: this CPU's tick starts again on its grid. */
void
xen_clock_restart(struct cpu_info *ci)
{
	xen_clock_cpu[cpu_index(ci)].xc_slow = true;
	xen_clock_idle_resume(ci);
}

/* Going down: no timer events for a vCPU that is not there. */
void
xen_clock_stop(struct cpu_info *ci)
{
	(void)HYPERVISOR_vcpu_op(VCPUOP_stop_singleshot_timer, ci->ci_vcpuid,
	    NULL);
}
