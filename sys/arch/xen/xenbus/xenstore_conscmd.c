/*	Petrel: xen/xenbus/xenstore_conscmd.c -- the console commands of
 *	the Xen port (sys/conscmd.h): the store, read by hand, and vCPU
 *	hotplug in a loop (to race an xl save against it).
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/conscmd.h>
#include <sys/cpu.h>
#include <sys/lwp.h>
#include <sys/sched.h>

#include <xen/xen_clock.h>
#include <xen/xenstore.h>

/*
 * xs read PATH: one xenstore request from this thread, to see what the
 * store answers (or that a store that does not answer is given up on).
 */
static void
cmd_xs(const char *args)
{
	static char value[256];		/* one command at a time */
	const char *path;
	int error;

	if (strncmp(args, "read", 4) != 0 ||
	    (args[4] != ' ' && args[4] != '\t')) {
		printf("usage: xs read PATH\n");
		return;
	}
	for (path = args + 4; *path == ' ' || *path == '\t'; path++)
		continue;
	error = xenstore_read(XS_TX_NONE, path, value, sizeof(value));
	if (error == 0)
		printf("xs: %s = \"%s\"\n", path, value);
	else
		printf("xs: %s: %s (error %d)\n", path,
		    xenstore_strerror(error), error);
}

/*
 * hotplug SECS: a thread takes the last vCPU offline and online again
 * with cpu_setstate(), back to back, for SECS seconds (at most
 * HOTPLUG_MAX_SECS) or until "hotplug stop", so that an xl save
 * meanwhile finds a change under way (xen_suspend() waits for it:
 * cpu_state_hold).  Between two cycles it sleeps a tick, or a suspend
 * waiting for the lock could wait for the whole loop.  It prints a line
 * every HOTPLUG_REPORT cycles, and at the end "hotplug: vcpuN: C cycles
 * in S ms, E errors".  One loop at a time.
 */
#define HOTPLUG_MAX_SECS	600
#define HOTPLUG_REPORT		10

static volatile int hotplug_busy;
static volatile int hotplug_stop;
static unsigned int hotplug_secs;

static void
hotplug_thread(void *arg)
{
	struct cpu_info *ci = arg;
	uint64_t t0 = xen_systime_ns(), end;
	unsigned int cycles = 0, errors = 0;

	end = t0 + hotplug_secs * 1000000000ULL;
	while (xen_systime_ns() < end &&
	    !__atomic_load_n(&hotplug_stop, __ATOMIC_ACQUIRE)) {
		if (cpu_setstate(ci, false) != 0)
			errors++;
		if (cpu_setstate(ci, true) != 0)
			errors++;
		if (++cycles % HOTPLUG_REPORT == 0)
			printf("hotplug: vcpu%u: %u cycles\n", ci->ci_vcpuid,
			    cycles);
		(void)kpause("hotplug", false, 1, NULL);
	}
	printf("hotplug: vcpu%u: %u cycles in %llu ms, %u errors\n",
	    ci->ci_vcpuid, cycles,
	    (unsigned long long)(xen_systime_ns() - t0) / 1000000, errors);
	__atomic_store_n(&hotplug_busy, 0, __ATOMIC_RELEASE);
	kthread_exit(0);
}

static void
cmd_hotplug(const char *args)
{
	struct cpu_info *ci = ncpu > 1 ? cpu_infos[ncpu - 1] : NULL;
	unsigned long secs = 0;

	if (strcmp(args, "stop") == 0) {
		__atomic_store_n(&hotplug_stop, 1, __ATOMIC_RELEASE);
		return;
	}
	for (; *args >= '0' && *args <= '9'; args++)
		secs = secs * 10 + (unsigned long)(*args - '0');
	if (*args != '\0' || secs == 0 || secs > HOTPLUG_MAX_SECS) {
		printf("usage: hotplug SECS (1..%d)\n", HOTPLUG_MAX_SECS);
		return;
	}
	if (ci == NULL || (ci->ci_flags & CPUF_RUNNING) == 0) {
		printf("hotplug: the last vCPU is not running\n");
		return;
	}
	if (__atomic_exchange_n(&hotplug_busy, 1, __ATOMIC_ACQUIRE)) {
		printf("hotplug: a loop runs already\n");
		return;
	}
	hotplug_secs = (unsigned int)secs;
	hotplug_stop = 0;
	if (kthread_create(PRI_NONE, NULL, hotplug_thread, ci, NULL,
	    "hotplug") != 0) {
		printf("hotplug: no thread\n");
		__atomic_store_n(&hotplug_busy, 0, __ATOMIC_RELEASE);
		return;
	}
	printf("hotplug: vcpu%u off and on for %lu s\n", ci->ci_vcpuid, secs);
}

const struct conscmd cpu_conscmds[] = {
	{ "xs",	cmd_xs,	true,
	    "  xs read P read key P of our xenstore directory\n" },
	{ "hotplug", cmd_hotplug, true,
	    "  hotplug S take the last vCPU offline and online for S s\n"
	    "  hotplug stop  end that loop\n" },
};
const size_t cpu_nconscmds = __arraycount(cpu_conscmds);
