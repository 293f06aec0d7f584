/*	Petrel: kern/kern_clock.c -- the clock tick.
 *
 * Each CPU's clock driver calls hardclock() hz times a second on that
 * CPU.  The boot CPU's ticks are the system's `ticks'; every CPU runs
 * its own due callouts and gives the scheduler its tick.
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/cpu.h>
#include <sys/callout.h>
#include <sys/sched.h>

#define HZ_MIN		10
#define HZ_MAX		1000

int hz = HZ;
volatile int ticks;

/*
 * hz: HZ, or hz=N from the command line within limits.  Settled once,
 * by the first clock to start: application CPUs start theirs during
 * autoconfiguration, before initclocks(), and all must agree.
 */
void
clock_hz_init(void)
{
	static volatile int state;	/* 0 to do, 1 being done, 2 done */
	const char *arg;
	unsigned long v;
	char *end;
	int expect = 0;

	if (!__atomic_compare_exchange_n(&state, &expect, 1, false,
	    __ATOMIC_ACQUIRE, __ATOMIC_ACQUIRE)) {
		while (state != 2)
			cpu_spinwait();
		return;
	}
	arg = boot_arg_value("hz");
	if (arg != NULL) {
		v = strtoul(arg, &end, 10);
		/* strtoul() wraps: a long string of digits is out of range. */
		if (*arg < '0' || *arg > '9' || *end != '\0' ||
		    end - arg > 4 || v < HZ_MIN || v > HZ_MAX) {
			printf("clock: hz=%s is not a number in %d..%d, "
			    "keeping %d\n", arg, HZ_MIN, HZ_MAX, hz);
		} else if ((int)v != hz) {
			hz = (int)v;
			printf("clock: hz=%d\n", hz);
		}
	}
	__atomic_store_n(&state, 2, __ATOMIC_RELEASE);
}

void
initclocks(void)
{
	clock_hz_init();
	cpu_initclocks();
}

/*
 * One tick of ci's clock, from its clock interrupt (IPL_SCHED).  Only
 * the boot CPU counts `ticks', so that it advances hz times a second
 * however many CPUs there are.
 */
void
hardclock(struct cpu_info *ci)
{
	if ((ci->ci_flags & CPUF_BSP) != 0) {
		/* Wraps after months: do it unsigned, no overflow. */
		ticks = (int)((unsigned int)ticks + 1);
	}
	callout_hardclock(ci);
	sched_tick(ci);
}
