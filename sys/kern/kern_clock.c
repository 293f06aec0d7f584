/*	Petrel: kern/kern_clock.c -- the clock tick.
 *
 * Time is counted in ticks of a system-wide grid: tick k falls k/hz
 * seconds after boot (getticks(), from the port's clock, so it is
 * right on every CPU whether or not that CPU's clock interrupt runs).
 * A busy CPU's clock driver calls hardclock() on each tick of the
 * grid; an idle CPU's stops ticking and sets its timer for the tick of
 * its first callout (callout_next_tick()), or for nothing at all.
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/cpu.h>
#include <sys/callout.h>
#include <sys/sched.h>

#define HZ_MIN		10
#define HZ_MAX		1000

#define NS_PER_SEC	1000000000ULL

int hz = HZ;
static volatile int hz_state;	/* 0 to do, 1 being done, 2 done */

/*
 * hz: HZ, or hz=N from the command line within limits.  Settled once,
 * by the first clock to start: application CPUs start theirs during
 * autoconfiguration, before initclocks(), and all must agree.
 */
void
clock_hz_init(void)
{
	const char *arg;
	unsigned long v;
	char *end;
	int expect = 0;

	if (__atomic_load_n(&hz_state, __ATOMIC_ACQUIRE) == 2)
		return;
	if (!__atomic_compare_exchange_n(&hz_state, &expect, 1, false,
	    __ATOMIC_ACQUIRE, __ATOMIC_ACQUIRE)) {
		while (hz_state != 2)
			cpu_spinwait();
		return;
	}
	arg = boot_arg_value("hz");
	if (arg != NULL) {
		v = strtoul(arg, &end, 10);
		/* strtoul() wraps: a long string of digits is out of range. */
		if (*arg < '0' || *arg > '9' || *end != '\0' ||
		    end - arg > 4 || v < HZ_MIN || v > HZ_MAX) {
			printf("clock: hz=%s is not a number in %d..%d, keeping %d\n",
			    arg, HZ_MIN, HZ_MAX, hz);
		} else if ((int)v != hz) {
			hz = (int)v;
			printf("clock: hz=%d\n", hz);
		}
	}
	__atomic_store_n(&hz_state, 2, __ATOMIC_RELEASE);
}

void
initclocks(void)
{
	clock_hz_init();
	cpu_initclocks();
}

/* The length of a tick, in ns; hz is settled on first use. */
uint64_t
tick_nsec(void)
{
	clock_hz_init();
	return NS_PER_SEC / hz;
}

/* Ticks of the grid since boot: never goes back, the same on all CPUs. */
uint64_t
getticks64(void)
{
	return cpu_uptime_ns() / tick_nsec();
}

int
getticks(void)
{
	return (int)getticks64();	/* wraps after months, as ticks do */
}

/*
 * A tick of ci's clock, from its clock interrupt (IPL_SCHED), ci being
 * this CPU: run the callouts now due and give the scheduler its tick.
 */
void
hardclock(struct cpu_info *ci)
{
	ci->ci_nhardclock++;
	callout_hardclock(ci);
	sched_tick(ci);
}
