/*	Petrel: xen/x86/ktest_smp.c -- tests of the vCPUs working together.	*/

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/cpu.h>
#include <sys/ktest.h>
#include <sys/lwp.h>
#include <sys/sched.h>
#include <sys/xcall.h>

#include <xen/hypervisor.h>
#include <xen/intrdefs.h>
#include <xen/xen.h>
#include <xen/xen_clock.h>
#include <xen/xenpmap.h>
#include <machine/pmap.h>
#include <x86/probe.h>
#include <x86/trap.h>
#include <uvm/uvm_extern.h>

static bool
cpu_running(struct cpu_info *ci)
{
	return ci != NULL && (ci->ci_flags & CPUF_RUNNING) != 0;
}

KTEST_CASE(smp_all_running, "every vCPU Xen reports is running")
{
	int i, present = 0, running = 0;

	for (i = 0; i < ncpu; i++) {
		if (cpu_infos[i]->ci_flags & (CPUF_PRESENT | CPUF_BSP))
			present++;
		if (cpu_running(cpu_infos[i]))
			running++;
	}
	printf("ktest: smp_all_running: %d attached, %d present, %d running\n",
	    ncpu, present, running);
	KT_CHECK_EQ(running, ncpu);
	KT_CHECK_EQ(ncpuonline, ncpu);
}

/* Run on CPU i: ping every other CPU and wait for each answer. */
static volatile int ping_lost;

static void
ping_others(void *a1, void *a2)
{
	struct cpu_info *self = curcpu(), *ci;
	unsigned long before;
	uint64_t deadline;
	int j;

	(void)a1;
	(void)a2;
	for (j = 0; j < ncpu; j++) {
		ci = cpu_infos[j];
		if (ci == self || !cpu_running(ci))
			continue;
		before = ci->ci_npings;
		if (xen_send_ipi(ci, XEN_IPI_PING) != 0) {
			ping_lost++;
			continue;
		}
		deadline = xen_systime_ns() + 2000000000ULL;
		while (ci->ci_npings == before && xen_systime_ns() < deadline)
			cpu_spinwait();
		if (ci->ci_npings == before)
			ping_lost++;
	}
}

KTEST_CASE(ipi_pingpong, "an IPI from every CPU to every other is answered")
{
	int i;

	if (ncpuonline < 2)
		KT_SKIP("one vCPU");
	ping_lost = 0;
	for (i = 0; i < ncpu; i++)
		if (cpu_running(cpu_infos[i]))
			xc_wait(xc_unicast(0, ping_others, NULL, NULL,
			    cpu_infos[i]));
	KT_CHECK_EQ(ping_lost, 0);
}

static volatile unsigned long xc_hits[MAXCPUS];

static void
xc_count(void *a1, void *a2)
{
	(void)a1;
	(void)a2;
	xc_hits[cpu_number()]++;
}

KTEST_CASE(xcall_broadcast, "xc_broadcast reaches every CPU 10^4 times")
{
	int i, rounds = 10000, bad = 0;

	for (i = 0; i < MAXCPUS; i++)
		xc_hits[i] = 0;
	for (i = 0; i < rounds; i++)
		xc_wait(xc_broadcast(0, xc_count, NULL, NULL));
	for (i = 0; i < ncpu; i++)
		if (cpu_running(cpu_infos[i]) && xc_hits[i] != (unsigned long)
		    rounds) {
			printf("ktest: xcall_broadcast: cpu%d ran %lu of %d\n",
			    i, xc_hits[i], rounds);
			bad++;
		}
	KT_CHECK_EQ(bad, 0);
}

KTEST_CASE(ipi_offline_refused, "an IPI to a CPU that is not running is refused")
{
	struct cpu_info fake;

	memset(&fake, 0, sizeof(fake));
	fake.ci_self = &fake;
	fake.ci_ipi_port = 1;
	KT_CHECK_EQ(xen_send_ipi(&fake, XEN_IPI_KICK), ENXIO);
}

KTEST_CASE(tsc_freq_all_cpus, "every CPU computed the same TSC frequency")
{
	uint64_t f0 = cpu_info_primary.ci_tsc_freq, f, lo = f0, hi = f0;
	int i;

	/*
	 * Xen rescales each pCPU's TSC about once a second unless it marks
	 * the TSC stable, so vCPUs that read their scale at different
	 * moments may differ a little: 1% is allowed, and shown.
	 */
	for (i = 0; i < ncpu; i++) {
		if (!cpu_running(cpu_infos[i]))
			continue;
		f = cpu_infos[i]->ci_tsc_freq;
		KT_CHECK(f != 0);
		lo = MIN(lo, f);
		hi = MAX(hi, f);
	}
	printf("ktest: tsc_freq_all_cpus: %llu..%llu Hz over %d CPUs\n",
	    (unsigned long long)lo, (unsigned long long)hi, ncpuonline);
	KT_CHECK(hi - lo <= f0 / 100);
}

/*
 * Every other vCPU, the boot vCPU included, idles tickless too: over
 * 2 s each runs at most 0.33 % of the time by Xen's count.
 */
#define IDLE_WINDOW_NS	2000000000ULL
#define IDLE_MAX_RUN_NS	(IDLE_WINDOW_NS / 300)

KTEST_CASE(idle_aps_blocked, "idle vCPUs block in Xen: over 2 s each runs at most 0.33 % of the time")
{
	static struct vcpu_runstate_info a[MAXCPUS];
	struct vcpu_runstate_info b;
	struct cpu_info *self = curcpu(), *ci;
	uint64_t ran, blocked;
	int i, bad = 0, checked = 0;

	KT_REQUIRE(ncpuonline >= 2);
	for (i = 0; i < ncpu; i++)
		KT_REQUIRE_EQ(HYPERVISOR_vcpu_op(VCPUOP_get_runstate_info,
		    cpu_infos[i]->ci_vcpuid, &a[i]), 0);
	(void)kpause("ktidle", false, hz * 2, NULL);
	for (i = 0; i < ncpu; i++) {
		ci = cpu_infos[i];
		/* Our own vCPU woke to run this: idle_blocks judges it. */
		if (ci == self || !cpu_running(ci))
			continue;
		KT_REQUIRE_EQ(HYPERVISOR_vcpu_op(VCPUOP_get_runstate_info,
		    ci->ci_vcpuid, &b), 0);
		ran = b.time[RUNSTATE_running] - a[i].time[RUNSTATE_running];
		blocked = b.time[RUNSTATE_blocked] -
		    a[i].time[RUNSTATE_blocked];
		checked++;
		printf("ktest: idle_aps_blocked: vcpu%d over 2 s: running %llu us, blocked %llu us\n",
		    ci->ci_vcpuid, (unsigned long long)ran / 1000,
		    (unsigned long long)blocked / 1000);
		if (blocked < IDLE_WINDOW_NS * 9 / 10 ||
		    ran > IDLE_MAX_RUN_NS)
			bad++;
	}
	KT_CHECK_EQ(checked, ncpuonline - 1);
	KT_CHECK_EQ(bad, 0);
}


/* Touch va on every CPU: count who faulted. */
static volatile int touch_faults, touch_cpus;

static void
touch_va(void *a1, void *a2)
{
	vaddr_t va = (vaddr_t)a1;

	(void)a2;
	__atomic_fetch_add(&touch_cpus, 1, __ATOMIC_SEQ_CST);
	if (x86_probe(va, false, NULL, NULL) != 0)
		__atomic_fetch_add(&touch_faults, 1, __ATOMIC_SEQ_CST);
}

static void
touch_everywhere(vaddr_t va)
{
	touch_faults = touch_cpus = 0;
	xc_wait(xc_broadcast(0, touch_va, (void *)va, NULL));
}

KTEST_CASE(tlb_shootdown, "a page unmapped on one CPU faults on every CPU afterwards")
{
	vaddr_t va;
	paddr_t pa;

	va = uvm_km_alloc(PAGE_SIZE, UVM_KMF_VAONLY);
	KT_REQUIRE(va != 0);
	pa = uvm_pagealloc_pa();
	KT_REQUIRE(pa != UVM_NOPAGE);
	pmap_kenter_pa(va, pa, VM_PROT_READ | VM_PROT_WRITE);
	pmap_update();
	touch_everywhere(va);		/* now in every CPU's TLB */
	KT_CHECK_EQ(touch_faults, 0);
	KT_CHECK_EQ(touch_cpus, ncpuonline);
	pmap_kremove(va, PAGE_SIZE);
	pmap_update();
	touch_everywhere(va);
	KT_CHECK_EQ(touch_faults, ncpuonline);
	uvm_pagefree_pa(pa);
	uvm_km_free(va, PAGE_SIZE, UVM_KMF_VAONLY);
}

/* How many CPUs' copies of va's entry differ from the kernel's. */
static int
kpm_copies_differ(vaddr_t va)
{
	struct cpu_info *ci;
	int i, differ = 0;

	for (i = 0; i < ncpu; i++) {
		ci = cpu_infos[i];
		if (ci == NULL || ci->ci_kpm_pdir == NULL)
			continue;	/* the boot vCPU uses the kernel's */
		if (pmap_kpm_entry(ci, va) != pmap_kpm_entry(NULL, va)) {
			printf("ktest: kpm_shadows_sync: cpu%d has %#llx for va %#lx, the kernel %#llx\n",
			    i, (unsigned long long)pmap_kpm_entry(ci, va),
			    (unsigned long)va,
			    (unsigned long long)pmap_kpm_entry(NULL, va));
			differ++;
		}
	}
	return differ;
}

/*
 * The test window (PMAP_KPM_TEST_VA) has no entry at PMAP_KPM_LEVEL at
 * boot: mapping a page there through pmap_kenter_pa() makes one in the
 * kernel's table, which pmap_kpm_sync() must copy into every CPU's.
 * Each running CPU then reads the page; taking the tables down again
 * must clear every copy, and then every CPU faults.
 */
KTEST_CASE(kpm_shadows_sync, "a new top-level kernel entry (PAE: kernel L2 entry) reaches every CPU's own table")
{
	const vaddr_t va = PMAP_KPM_TEST_VA;
	int i, shadows = 0;
	paddr_t pa;

	if (ncpuonline < 2)
		KT_SKIP("one vCPU");
	KT_REQUIRE(pl_i(va + PMAP_KPM_TEST_SIZE - 1, PMAP_KPM_LEVEL) <
	    pmap_kpm_slot_end());
	for (i = 0; i < ncpu; i++)
		if (cpu_infos[i]->ci_kpm_pdir != NULL)
			shadows++;
	KT_CHECK_EQ(shadows, ncpu - 1);
	/* A fresh entry: none at boot, none left by an earlier run. */
	KT_REQUIRE_EQ(pmap_kpm_entry(NULL, va), 0);
	KT_REQUIRE_EQ(kpm_copies_differ(va), 0);

	pa = uvm_pagealloc_pa();
	KT_REQUIRE(pa != UVM_NOPAGE);
	pmap_kenter_pa(va, pa, VM_PROT_READ | VM_PROT_WRITE);
	pmap_update();
	KT_CHECK((pmap_kpm_entry(NULL, va) & PG_V) != 0);
	KT_CHECK_EQ(kpm_copies_differ(va), 0);
	touch_everywhere(va);
	KT_CHECK_EQ(touch_cpus, ncpuonline);
	KT_CHECK_EQ(touch_faults, 0);

	pmap_kremove(va, PMAP_KPM_TEST_SIZE);
	pmap_update();
	KT_CHECK_EQ(pmap_kva_tables_free(va, PMAP_KPM_LEVEL), 0);
	KT_CHECK_EQ(pmap_kpm_entry(NULL, va), 0);
	KT_CHECK_EQ(kpm_copies_differ(va), 0);
	touch_everywhere(va);
	KT_CHECK_EQ(touch_cpus, ncpuonline);
	KT_CHECK_EQ(touch_faults, ncpuonline);
	uvm_pagefree_pa(pa);
}


/*
 * A thread's queued page-table writes go with it: they sit in its
 * CPU's MMU queue until pmap_update(), and if the thread moves to
 * another CPU first, the switch sends them (pmap_activate()), so the
 * pmap_update() it then calls on the other CPU sees them done.
 */
KTEST_CASE(mmu_queue_follows_thread, "kernel PTE writes queued on one CPU are done after pmap_update() on another")
{
	struct cpu_info *home = curcpu(), *other = NULL;
	volatile uint32_t *p;
	vaddr_t va;
	paddr_t pa;
	int i, trapno = -1;

	for (i = 0; i < ncpu && other == NULL; i++)
		if (cpu_infos[i] != home && cpu_running(cpu_infos[i]))
			other = cpu_infos[i];
	if (other == NULL)
		KT_SKIP("one vCPU");
	va = uvm_km_alloc(PAGE_SIZE, UVM_KMF_VAONLY);
	pa = uvm_pagealloc_pa();
	KT_REQUIRE(va != 0 && pa != UVM_NOPAGE);
	*(volatile uint32_t *)PMAP_DIRECT_VA(pa) = 0x5eed1e55;

	pmap_kenter_pa(va, pa, VM_PROT_READ | VM_PROT_WRITE);
	lwp_migrate(curlwp, other);
	KT_CHECK(curcpu() == other);
	pmap_update();
	p = (volatile uint32_t *)va;
	KT_CHECK_EQ(x86_probe(va, false, &trapno, NULL), 0);
	if (trapno == -1)
		KT_CHECK_EQ(p[0], 0x5eed1e55);

	/* And back: the removal, queued over there, is done here. */
	pmap_kremove(va, PAGE_SIZE);
	lwp_migrate(curlwp, home);
	KT_CHECK(curcpu() == home);
	pmap_update();
	KT_CHECK_EQ(pmap_pte_get(va), 0);
	trapno = -1;
	KT_CHECK_EQ(x86_probe(va, false, &trapno, NULL), -1);
	KT_CHECK_EQ(trapno, T_PAGEFLT);

	/* Unmapped for sure (if a write was lost above: now, from here). */
	pmap_kremove(va, PAGE_SIZE);
	pmap_update();
	uvm_pagefree_pa(pa);
	uvm_km_free(va, PAGE_SIZE, UVM_KMF_VAONLY);
}

/* Workers that keep running while a vCPU goes and comes. */
static volatile bool work_stop;
static volatile unsigned long work_done[4];
static volatile int workers_left;

static void
worker(void *arg)
{
	int me = (int)(uintptr_t)arg;

	while (!work_stop) {
		work_done[me]++;
		if ((work_done[me] & 63) == 0)
			yield();
	}
	__atomic_fetch_sub(&workers_left, 1, __ATOMIC_SEQ_CST);
}

/*
 * One cycle of cpu_offline_online: target down, checked to run nothing
 * (every tenth cycle it stays down for two ticks), and up again; false
 * if it could not be taken down or brought back.  *ran_while_down
 * counts cycles it ran something while down.
 */
static bool
offline_online_cycle(struct ktest *kt, struct cpu_info *target, int cycle,
    int running, int *ran_while_down)
{
	unsigned long switches, blocks, ipis;
	int error;

	error = cpu_setstate(target, false);
	if (error != 0) {
		ktest_fail(kt, __FILE__, __LINE__, "cycle %d: offline: error %d",
		    cycle, error);
		return false;
	}
	KT_CHECK(!cpu_running(target));
	KT_CHECK_EQ(ncpuonline, running - 1);
	/* Down: nothing runs there, not even its idle loop. */
	switches = target->ci_nswitch;
	blocks = target->ci_nblocks;
	ipis = target->ci_nipis;
	if (cycle % 10 == 0)
		(void)kpause("ktdown", false, 2, NULL);
	if (target->ci_nswitch != switches ||
	    target->ci_nblocks != blocks || target->ci_nipis != ipis) {
		printf("ktest: cpu_offline_online: cycle %d: cpu%d down, yet switches +%lu, blocks +%lu, IPIs +%lu\n",
		    cycle, target->ci_index, target->ci_nswitch - switches,
		    target->ci_nblocks - blocks, target->ci_nipis - ipis);
		(*ran_while_down)++;
	}
	error = cpu_setstate(target, true);
	if (error != 0) {
		ktest_fail(kt, __FILE__, __LINE__, "cycle %d: online: error %d",
		    cycle, error);
		return false;
	}
	KT_CHECK(cpu_running(target));
	return true;
}

KTEST_CASE(cpu_offline_online, "100 offline/online cycles of one vCPU while threads run")
{
	struct cpu_info *target = NULL;
	unsigned long before;
	int i, running, ran_while_down = 0;

	for (i = ncpu - 1; i > 0; i--)
		if (cpu_running(cpu_infos[i])) {
			target = cpu_infos[i];
			break;
		}
	if (target == NULL)
		KT_SKIP("one vCPU");
	running = ncpuonline;
	before = target->ci_noffline;
	work_stop = false;
	workers_left = 4;
	for (i = 0; i < 4; i++) {
		work_done[i] = 0;
		KT_REQUIRE_EQ(kthread_create(PRI_NONE, NULL, worker,
		    (void *)(uintptr_t)i, NULL, "worker%d", i), 0);
	}
	for (i = 0; i < 100; i++)
		if (!offline_online_cycle(kt, target, i, running,
		    &ran_while_down))
			break;
	work_stop = true;
	while (workers_left > 0)
		(void)kpause("ktwork", false, 1, NULL);
	KT_CHECK_EQ(ran_while_down, 0);
	KT_CHECK_EQ(target->ci_noffline - before, 100);
	KT_CHECK_EQ(ncpuonline, running);
	for (i = 0; i < 4; i++)
		KT_CHECK(work_done[i] > 0);
	/* And it works afterwards: an IPI round and a cross-call. */
	touch_everywhere((vaddr_t)&work_stop);
	KT_CHECK_EQ(touch_cpus, ncpuonline);
}

/*
 * Threads on different CPUs, each bound to its own user pmap, write and
 * read the same user address: each must only ever see its own page.
 */
#define UPMAP_VA	0x10000000UL
#define UPMAP_ROUNDS	500
static volatile int upmap_bad, upmap_left;

static void
upmap_user(void *arg)
{
	struct pmap *pm = arg;
	uint64_t mine = (uintptr_t)pm, got;
	int i;

	pmap_bind_lwp(pm);
	for (i = 0; i < UPMAP_ROUNDS; i++) {
		if (copyout(&mine, UPMAP_VA, sizeof(mine)) != 0)
			upmap_bad++;
		yield();
		if (copyin(UPMAP_VA, &got, sizeof(got)) != 0 || got != mine)
			upmap_bad++;
		mine += 1;
	}
	__atomic_fetch_sub(&upmap_left, 1, __ATOMIC_SEQ_CST);
}

KTEST_CASE(user_pmap_isolation, "threads in different user pmaps see only their own pages at the same address, on different CPUs and on one")
{
	struct pmap *pm[4];
	struct cpu_info *where[4];
	paddr_t pa[4];
	int i, n = 0;

	for (i = 0; i < ncpu && n < 2; i++)
		if (cpu_running(cpu_infos[i]))
			where[n++] = cpu_infos[i];
	if (n < 2)
		where[1] = where[0];
	where[2] = where[0];		/* two pmaps on one CPU as well */
	where[3] = where[0];
	for (i = 0; i < 4; i++) {
		pm[i] = pmap_create();
		KT_REQUIRE(pm[i] != NULL);
		pa[i] = uvm_pagealloc_pa();
		KT_REQUIRE(pa[i] != UVM_NOPAGE);
		KT_REQUIRE_EQ(pmap_enter_user(pm[i], UPMAP_VA, pa[i],
		    VM_PROT_READ | VM_PROT_WRITE), 0);
	}
	upmap_bad = 0;
	upmap_left = 4;
	for (i = 0; i < 4; i++)
		KT_REQUIRE_EQ(kthread_create(PRI_NONE, where[i], upmap_user,
		    pm[i], NULL, "upmap%d", i), 0);
	while (upmap_left > 0)
		(void)kpause("ktupmap", false, 1, NULL);
	KT_CHECK_EQ(upmap_bad, 0);
	/* Each page holds what its own thread wrote last. */
	for (i = 0; i < 4; i++)
		KT_CHECK(*(uint64_t *)PMAP_DIRECT_VA(pa[i]) ==
		    (uintptr_t)pm[i] + UPMAP_ROUNDS - 1);
}

/*
 * Back-to-back NMIs: each is sent as soon as the last one was counted,
 * so the target is often on its way back into SCHEDOP_block when the
 * next one lands (the case xen_send_nmi's wake-up event is for).
 */
#define NMI_ROUNDS	20

KTEST_CASE(nmi_delivered, "NMIs sent with VCPUOP_send_nmi reach each CPU, back to back, each within 1 s")
{
	struct cpu_info *ci;
	unsigned long before;
	uint64_t deadline;
	int i, round, lost = 0;

	for (i = 0; i < ncpu; i++) {
		ci = cpu_infos[i];
		if (!cpu_running(ci) || ci == curcpu())
			continue;
		for (round = 0; round < NMI_ROUNDS; round++) {
			before = ci->ci_nnmis;
			KT_REQUIRE_EQ(xen_send_nmi(ci), 0);
			deadline = xen_systime_ns() + 1000000000ULL;
			while (ci->ci_nnmis == before &&
			    xen_systime_ns() < deadline)
				(void)HYPERVISOR_yield();
			if (ci->ci_nnmis == before) {
				printf("ktest: nmi %d to cpu%d not taken in 1 s\n",
				    round, ci->ci_index);
				lost++;
			}
		}
	}
	KT_CHECK_EQ(lost, 0);
}
