/*	Petrel: xen/x86/ktest_stress.c -- long stress of cross-calls and
 *	vCPU hotplug.
 *
 * The suite runs the short forms: xcall_count (10^5 cross-calls) and
 * hotplug_kmem_balance (100 cycles).  The long ones are explicit-only,
 * for ./build.sh soak: stress_xcall (10^6 cross-calls over every vCPU,
 * counted per CPU) and stress_hotplug (1000 offline/online cycles of
 * every AP, kernel memory use the same before and after).
 * stress_rounds=N on the command line scales both.
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/cpu.h>
#include <sys/kmem.h>
#include <sys/ktest.h>
#include <sys/lwp.h>
#include <sys/xcall.h>

#include <uvm/uvm_extern.h>

#define STRESS_XCALLS		1000000
#define SUITE_XCALLS		100000
#define STRESS_HOTPLUG_CYCLES	1000
#define SUITE_HOTPLUG_CYCLES	100

static unsigned long stress_hits[MAXCPUS];

static bool
stress_cpu_running(struct cpu_info *ci)
{
	return ci != NULL && (ci->ci_flags & CPUF_RUNNING) != 0;
}

/* The round count: stress_rounds=N if given, else dflt. */
static unsigned long
stress_rounds(unsigned long dflt)
{
	const char *v = boot_arg_value("stress_rounds");
	unsigned long n;

	if (v == NULL)
		return dflt;
	n = strtoul(v, NULL, 10);
	return n > 0 ? n : dflt;
}

static void
stress_count(void *a1, void *a2)
{
	(void)a1;
	(void)a2;
	__atomic_fetch_add(&stress_hits[cpu_index(curcpu())], 1,
	    __ATOMIC_RELAXED);
}

/*
 * Broadcasts and unicasts to each running CPU in turn, n in all; each
 * CPU must have run exactly the calls aimed at it.  No hotplug meanwhile:
 * the set of running CPUs is fixed.  Returns the CPUs that did not.
 */
static int
xcall_count_run(struct ktest *kt, unsigned long n)
{
	static unsigned long want[MAXCPUS];
	struct cpu_info *ci;
	unsigned long r;
	int i, bad = 0, next = 0;

	for (i = 0; i < MAXCPUS; i++)
		stress_hits[i] = want[i] = 0;
	for (r = 0; r < n; r++) {
		if (r % 2 == 0) {
			xc_wait(xc_broadcast(0, stress_count, NULL, NULL));
			for (i = 0; i < ncpu; i++)
				if (stress_cpu_running(cpu_infos[i]))
					want[i]++;
			continue;
		}
		/* The next running CPU, round robin. */
		do
			next = (next + 1) % ncpu;
		while (!stress_cpu_running(cpu_infos[next]));
		ci = cpu_infos[next];
		xc_wait(xc_unicast(0, stress_count, NULL, NULL, ci));
		want[next]++;
	}
	for (i = 0; i < ncpu; i++) {
		printf("ktest: %s: cpu%d ran %lu of %lu\n",
		    kt->kt_case->kc_name, i, stress_hits[i], want[i]);
		if (stress_hits[i] != want[i])
			bad++;
	}
	return bad;
}

KTEST_CASE(xcall_count, "10^5 cross-calls over every vCPU, none lost (counted per CPU)")
{
	KT_REQUIRE(ncpuonline >= 2);
	KT_CHECK_EQ(xcall_count_run(kt, SUITE_XCALLS), 0);
}

KTEST_CASE_EXPLICIT(stress_xcall, "10^6 cross-calls over every vCPU, none lost (counted per CPU)")
{
	KT_REQUIRE(ncpuonline >= 2);
	KT_CHECK_EQ(xcall_count_run(kt, stress_rounds(STRESS_XCALLS)), 0);
}

/* Kernel memory in use: kmem's objects and pages, and free pages. */
/*
 * cycles offline/online cycles of every AP in turn, each checked by
 * Xen (VCPUOP_is_up, through cpu_setstate) and by the running count;
 * kernel memory use must be the same before and after.  0 if all went
 * well, else the number of failures (reported).
 */
static int
hotplug_cycles(struct ktest *kt, unsigned long cycles)
{
	struct ktest_mem_use before, after;
	struct cpu_info *ci;
	unsigned long c;
	int i, error, running = ncpuonline, aps = 0, fails = 0;

	for (i = 1; i < ncpu; i++)
		if (stress_cpu_running(cpu_infos[i]))
			aps++;
	if (aps == 0) {
		ktest_fail(kt, __FILE__, __LINE__, "no AP running");
		return 1;
	}
	ktest_mem_use_get(&before);
	for (c = 0; c < cycles && fails == 0; c++) {
		for (i = 1; i < ncpu && fails == 0; i++) {
			ci = cpu_infos[i];
			if ((ci->ci_flags & CPUF_PRESENT) == 0 ||
			    (ci->ci_flags & CPUF_GAVEUP) != 0)
				continue;
			if ((error = cpu_setstate(ci, false)) != 0 ||
			    stress_cpu_running(ci) ||
			    ncpuonline != running - 1) {
				ktest_fail(kt, __FILE__, __LINE__, "cycle %lu: cpu%d offline: error %d, %d running",
				    c, i, error, ncpuonline);
				fails++;
			}
			if ((error = cpu_setstate(ci, true)) != 0 ||
			    !stress_cpu_running(ci) ||
			    ncpuonline != running) {
				ktest_fail(kt, __FILE__, __LINE__, "cycle %lu: cpu%d online: error %d, %d running",
				    c, i, error, ncpuonline);
				fails++;
			}
		}
	}
	ktest_mem_use_get(&after);
	printf("ktest: %s: %lu cycles of %d APs; kmem objects %lu -> %lu, pages %lu -> %lu, free pages %lu -> %lu\n",
	    kt->kt_case->kc_name, c, aps, before.kmu_objects, after.kmu_objects,
	    before.kmu_pages, after.kmu_pages, before.kmu_free, after.kmu_free);
	if (after.kmu_objects != before.kmu_objects ||
	    after.kmu_pages != before.kmu_pages ||
	    after.kmu_free != before.kmu_free) {
		ktest_fail(kt, __FILE__, __LINE__, "kernel memory use changed over %lu hotplug cycles",
		    c);
		fails++;
	}
	return fails;
}

KTEST_CASE(hotplug_kmem_balance, "100 offline/online cycles of every AP leave kernel memory use as it was")
{
	KT_REQUIRE(ncpuonline >= 2);
	(void)hotplug_cycles(kt, SUITE_HOTPLUG_CYCLES);
}

KTEST_CASE_EXPLICIT(stress_hotplug, "1000 offline/online cycles of every AP leave kernel memory use as it was")
{
	KT_REQUIRE(ncpuonline >= 2);
	(void)hotplug_cycles(kt, stress_rounds(STRESS_HOTPLUG_CYCLES));
}
