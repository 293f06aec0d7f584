/*	Petrel: xen/x86/ktest_time.c -- Xen's raw per-vCPU time, read on
 *	every vCPU at once.
 *
 * xen_systime_ns() clamps against the latest time any CPU handed out,
 * so it cannot go back whatever Xen gives: tests of it say nothing of
 * Xen's time.  This one reads each vCPU's own time info unclamped
 * (xen_systime_raw_ns()) on all running vCPUs together, from a
 * thread bound to each, and checks
 * - on one CPU, between two reads from the same time info (Xen did
 *   not rewrite it: same version): never a step back.  Same stamp,
 *   base and scale, and the TSC of one pCPU: a step back here is our
 *   reading gone wrong, or the pCPU's TSC set back under the time
 *   info (we think by Xen's once-a-second TSC rendezvous, when the
 *   host stalled that pCPU in it): seen up to 13 ms, a few times a
 *   run on a loaded host, never on a quiet one;
 * - on one CPU, across a rewrite of the time info (Xen's calibration
 *   of the pCPU, which may set its clock back to the platform time,
 *   or the vCPU run on another pCPU, whose clock Xen copies in), and
 *   across CPUs (a read behind one that another CPU published before
 *   it): at most RAW_SKEW_NS back;
 * - forward: no step over RAW_JUMP_NS unless Xen ran the vCPU again
 *   within it (its runstate entry time moved);
 * - the clamp: whenever xen_systime_ns() returned more than the raw
 *   read right after it on the same CPU, it must have held the raw
 *   time back, and that CPU's clamp counter must show it.
 * Counts and the largest steps are printed: the goal for all of them
 * is 0, the bounds are what Xen can be held to here.  The host may
 * stop a vCPU without Xen knowing, in Xen's TSC rendezvous too: a
 * round with a jump, a step back on a running vCPU or a skew over
 * RAW_SKEW_NS is done again, and RAW_ROUNDS rounds must be clean out
 * of RAW_TRIES.  A mistake of ours shows in every round; a step back
 * by more than RAW_SANE_NS fails at once.
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/cpu.h>
#include <sys/ktest.h>
#include <sys/lwp.h>
#include <sys/sched.h>

#include <x86/cpufunc.h>
#include <xen/hypervisor.h>
#include <xen/xen_clock.h>

#define NS_PER_US	1000ULL
#define NS_PER_MS	1000000ULL
#define NS_PER_SEC	1000000000ULL

#define RAW_ROUNDS	5		/* clean rounds wanted */
#define RAW_TRIES	20		/* rounds at most */
#define RAW_ROUND_NS	(200 * NS_PER_MS)	/* reading, per round */
#define RAW_MAX_READS	1000000		/* per CPU and round: a stuck clock */
#define RAW_JUMP_NS	(50 * NS_PER_MS)
#define RAW_HICCUP_NS	NS_PER_MS	/* a step worth asking Xen about */
/*
 * Xen extrapolates each pCPU's time from its own stamp and scale and
 * pulls it back to the platform timer once per 1 s epoch, all pCPUs
 * taking their stamps together.  On hardware they then agree to some
 * microseconds; measured here on a quiet host 49 to 76 us.  Under
 * emulation a pCPU is a host thread that the host may stop, in that
 * rendezvous too, and its clock is then off by as much for the epoch
 * (up to 57 ms seen on a loaded host, with stalls of 700 ms).  A
 * round is clean with no stall over RAW_JUMP_NS, and then the skew
 * is held to that too.  A torn 64-bit read (2^32 ns) or a wrong
 * scale is beyond RAW_SANE_NS whatever the host does.
 */
#define RAW_SKEW_NS	RAW_JUMP_NS
#define RAW_SANE_NS	NS_PER_SEC

/* What one CPU saw over the rounds. */
struct raw_stats {
	uint64_t	 rs_reads;	/* raw reads */
	uint64_t	 rs_back;	/* back, same time info */
	uint64_t	 rs_back_max;
	uint64_t	 rs_rback;	/* back, time info rewritten */
	uint64_t	 rs_rback_max;
	uint64_t	 rs_xback;	/* behind another CPU's earlier read */
	uint64_t	 rs_xback_max;
	uint64_t	 rs_round_back;	/* largest step back this round */
	uint64_t	 rs_gap_max;	/* largest step forward */
	uint64_t	 rs_desched;	/* jumps the runstate explains */
	uint64_t	 rs_jumps;	/* jumps it does not explain */
	uint64_t	 rs_calls;	/* xen_systime_ns() calls */
	uint64_t	 rs_heldback;	/* ... that were ahead of raw time */
	uint64_t	 rs_clamped;	/* the CPU's clamp counter moved */
	uint64_t	 rs_updates;	/* times Xen rewrote the time info */
	uint64_t	 rs_resched;	/* times Xen ran the vCPU again */
	uint64_t	 rs_rounds;	/* rounds taken part in */
	uint64_t	 rs_short;	/* rounds the clock did not move */
	bool		 rs_stable;	/* Xen said the TSC is stable */
} __aligned(CACHE_LINE_SIZE);

static struct raw_stats raw_stats[MAXCPUS];
static volatile uint64_t raw_published[MAXCPUS] __aligned(8);
static volatile int raw_arrived, raw_expected, raw_left;
static volatile unsigned int raw_round_jumps;	/* 32 bits: i386 */
static volatile unsigned int raw_round_backs;

/* The latest raw time another CPU published. */
static uint64_t
raw_others_latest(int self)
{
	uint64_t latest = 0, t;
	int i;

	for (i = 0; i < ncpu; i++) {
		if (i == self)
			continue;
		t = atomic_load64(&raw_published[i]);
		if (t > latest)
			latest = t;
	}
	return latest;
}

static bool
raw_cpu_running(struct cpu_info *ci)
{
	return ci != NULL && (ci->ci_flags & CPUF_RUNNING) != 0;
}

/* When Xen last put this vCPU on a pCPU; 0 if it cannot say. */
static uint64_t
raw_running_since(struct cpu_info *ci)
{
	struct vcpu_runstate_info rs;
	int error;

	error = HYPERVISOR_vcpu_op(VCPUOP_get_runstate_info, ci->ci_vcpuid,
	    &rs);
	if (error != 0) {
		printf("ktest: systime_raw_all_cpus: get_runstate_info: %s\n",
		    xen_strerror(error));
		return 0;
	}
	return rs.state_entry_time & ~XEN_RUNSTATE_UPDATE;
}

/* Wait for every CPU of the round, at most 1 s, then go anyway. */
static void
raw_barrier(void)
{
	uint64_t limit = xen_systime_raw_ns() + NS_PER_SEC;

	__atomic_add_fetch(&raw_arrived, 1, __ATOMIC_SEQ_CST);
	while (raw_arrived < raw_expected && xen_systime_raw_ns() < limit)
		(void)HYPERVISOR_yield();	/* the others may need our pCPU */
}

/*
 * One round on one CPU, from a thread bound there, at splhigh.
 *
 * Long on purpose: the loop is the measurement.  Each read is judged
 * against the one before, the time info's version and the vCPU's entry
 * time, all state of the loop, and the time between two reads is what
 * is measured; split, a helper would take eight of its locals by
 * pointer, and what one read costs would be harder to see.
 */
static void
raw_round(void *arg)
{
	struct cpu_info *ci = curcpu();
	int me = cpu_index(ci), s;
	struct raw_stats *st = &raw_stats[me];
	uint64_t prev, now, end, other, clamped, step, entry, e, reads = 0;
	uint32_t version, v;
	unsigned long k0;
	bool rewritten, resched;

	(void)arg;
	s = splhigh();		/* nothing runs between two reads */
	raw_barrier();
	k0 = xen_clock_clamped(ci);
	if (ci->ci_vcpu->time.flags & XEN_PVCLOCK_TSC_STABLE_BIT)
		st->rs_stable = true;
	prev = xen_systime_raw_ns();
	version = ci->ci_vcpu->time.version;
	entry = raw_running_since(ci);
	atomic_store64(&raw_published[me], prev);
	end = prev + RAW_ROUND_NS;
	while (prev < end && reads < RAW_MAX_READS) {
		other = raw_others_latest(me);
		clamped = xen_systime_ns();
		now = xen_systime_raw_ns();
		/*
		 * Did Xen rewrite the time info (version read after the
		 * time: an update just before it is seen), or run the vCPU
		 * again (its entry time moved; looked at when time moved
		 * on by more than a hiccup)?
		 */
		v = ci->ci_vcpu->time.version;
		rewritten = v != version;
		version = v;
		resched = false;
		if (rewritten || now - prev > RAW_HICCUP_NS) {
			e = raw_running_since(ci);
			resched = e != entry;
			entry = e;
		}
		st->rs_updates += rewritten;
		st->rs_resched += resched;
		reads++;
		st->rs_reads++;
		st->rs_calls++;
		/* clamped's own raw read came before now's. */
		if (clamped > now)
			st->rs_heldback++;
		if (now < other) {
			st->rs_xback++;
			st->rs_xback_max = MAX(st->rs_xback_max, other - now);
			st->rs_round_back = MAX(st->rs_round_back,
			    other - now);
		}
		if (now < prev && rewritten) {
			st->rs_rback++;
			st->rs_rback_max = MAX(st->rs_rback_max, prev - now);
			st->rs_round_back = MAX(st->rs_round_back, prev - now);
		} else if (now < prev) {
			st->rs_back++;
			st->rs_back_max = MAX(st->rs_back_max, prev - now);
			st->rs_round_back = MAX(st->rs_round_back, prev - now);
			__atomic_add_fetch(&raw_round_backs, 1,
			    __ATOMIC_SEQ_CST);
		} else {
			step = now - prev;
			st->rs_gap_max = MAX(st->rs_gap_max, step);
			if (step > RAW_JUMP_NS) {
				if (resched)
					st->rs_desched++;
				else {
					st->rs_jumps++;
					__atomic_add_fetch(&raw_round_jumps,
					    1, __ATOMIC_SEQ_CST);
				}
			}
		}
		atomic_store64(&raw_published[me], now);
		prev = now;
	}
	if (prev < end)
		st->rs_short++;
	st->rs_rounds++;
	st->rs_clamped += xen_clock_clamped(ci) - k0;
	splx(s);
	__atomic_sub_fetch(&raw_left, 1, __ATOMIC_SEQ_CST);
}

/* A round on every running CPU; false if it did not end in 20 s. */
static bool
raw_round_all(void)
{
	struct cpu_info *ci;
	uint64_t limit;
	int i, n = 0;

	for (i = 0; i < MAXCPUS; i++)
		atomic_store64(&raw_published[i], 0);
	raw_arrived = 0;
	raw_round_jumps = raw_round_backs = 0;
	for (i = 0; i < MAXCPUS; i++)
		raw_stats[i].rs_round_back = 0;
	for (i = 0; i < ncpu; i++)
		n += raw_cpu_running(cpu_infos[i]);
	raw_expected = raw_left = n;
	for (i = 0; i < ncpu; i++) {
		ci = cpu_infos[i];
		if (!raw_cpu_running(ci))
			continue;
		if (kthread_create(PRI_NONE, ci, raw_round, NULL, NULL,
		    "rawtime%d", i) != 0) {
			printf("ktest: systime_raw_all_cpus: no thread for cpu%d\n",
			    i);
			__atomic_sub_fetch(&raw_expected, 1, __ATOMIC_SEQ_CST);
			__atomic_sub_fetch(&raw_left, 1, __ATOMIC_SEQ_CST);
		}
	}
	limit = xen_systime_ns() + 20 * NS_PER_SEC;
	while (raw_left > 0 && xen_systime_ns() < limit)
		(void)kpause("rawtime", false, 1, NULL);
	if (raw_left == 0)
		return true;
	for (i = 0; i < ncpu; i++)
		if (raw_cpu_running(cpu_infos[i]))
			printf("ktest: systime_raw_all_cpus: cpu%d: %d rounds, %llu reads, last %llu ns\n",
			    i, (int)raw_stats[i].rs_rounds,
			    (unsigned long long)raw_stats[i].rs_reads,
			    (unsigned long long)atomic_load64(
			    &raw_published[i]));
	return false;
}

/*
 * Rounds on every running CPU until RAW_ROUNDS clean ones (no jump, no
 * step back on a running vCPU, skew within RAW_SKEW_NS) or RAW_TRIES;
 * *triesp: how many ran.  Returns the clean ones, -1 if a round did not
 * end.
 */
static int
raw_rounds(int *triesp)
{
	uint64_t round_back;
	int i, tries, clean = 0;

	for (tries = 0; tries < RAW_TRIES && clean < RAW_ROUNDS; tries++) {
		if (!raw_round_all()) {
			*triesp = tries;
			return -1;
		}
		round_back = 0;
		for (i = 0; i < ncpu; i++)
			round_back = MAX(round_back, raw_stats[i].rs_round_back);
		if (raw_round_jumps == 0 && raw_round_backs == 0 &&
		    round_back <= RAW_SKEW_NS)
			clean++;
		else
			printf("ktest: systime_raw_all_cpus: round %d: %u jumps over %llu ms, %u steps back on a running vCPU, skew %llu us (the host stalled?): again\n",
			    tries, raw_round_jumps,
			    (unsigned long long)(RAW_JUMP_NS / NS_PER_MS),
			    raw_round_backs,
			    (unsigned long long)(round_back / NS_PER_US));
	}
	*triesp = tries;
	return clean;
}

/* What cpu i saw over all rounds, one line. */
static void
raw_print_cpu(int i, const struct raw_stats *st)
{
	printf("ktest: systime_raw_all_cpus: cpu%d: %llu reads, back %llu (max %llu ns) same time info, %llu (max %llu ns) rewritten, behind others %llu (max %llu ns), max step %llu us, %llu updates, %llu reschedules, %llu descheduled, %llu jumps, clamp %llu of %llu calls (%llu seen)%s\n",
	    i,
	    (unsigned long long)st->rs_reads,
	    (unsigned long long)st->rs_back,
	    (unsigned long long)st->rs_back_max,
	    (unsigned long long)st->rs_rback,
	    (unsigned long long)st->rs_rback_max,
	    (unsigned long long)st->rs_xback,
	    (unsigned long long)st->rs_xback_max,
	    (unsigned long long)st->rs_gap_max / NS_PER_US,
	    (unsigned long long)st->rs_updates,
	    (unsigned long long)st->rs_resched,
	    (unsigned long long)st->rs_desched,
	    (unsigned long long)st->rs_jumps,
	    (unsigned long long)st->rs_clamped,
	    (unsigned long long)st->rs_calls,
	    (unsigned long long)st->rs_heldback,
	    st->rs_stable ? ", TSC stable" : "");
}

KTEST_CASE(systime_raw_all_cpus, "Xen's raw time on every vCPU at once: not back on a running vCPU, skew between pCPUs bounded, no jump unless descheduled, the clamp counted")
{
	struct raw_stats *st;
	uint64_t back = 0, back_max = 0, rback = 0, xback = 0, skew_max = 0;
	uint64_t calls = 0;
	uint64_t heldback = 0, clamped = 0;
	int i, n = 0, clean = 0, tries;

	memset(raw_stats, 0, sizeof(raw_stats));
	for (i = 0; i < ncpu; i++)
		n += raw_cpu_running(cpu_infos[i]);
	clean = raw_rounds(&tries);
	if (clean < 0)
		KT_FAIL("round %d did not end in 20 s", tries);
	for (i = 0; i < ncpu; i++) {
		if (!raw_cpu_running(cpu_infos[i]))
			continue;
		st = &raw_stats[i];
		raw_print_cpu(i, st);
		back += st->rs_back;
		back_max = MAX(back_max, st->rs_back_max);
		rback += st->rs_rback;
		xback += st->rs_xback;
		skew_max = MAX(skew_max, MAX(st->rs_xback_max,
		    st->rs_rback_max));
		calls += st->rs_calls;
		heldback += st->rs_heldback;
		clamped += st->rs_clamped;
		/* Every CPU took part, and its clock moved each round. */
		KT_CHECK_EQ(st->rs_rounds, tries);
		KT_CHECK_EQ(st->rs_short, 0);
		/* Each held-back call was counted, and no more than made. */
		if (st->rs_clamped < st->rs_heldback ||
		    st->rs_clamped > st->rs_calls)
			ktest_fail(kt, __FILE__, __LINE__, "cpu%d: clamp counted %llu times, seen %llu times in %llu calls",
			    i, (unsigned long long)st->rs_clamped,
			    (unsigned long long)st->rs_heldback,
			    (unsigned long long)st->rs_calls);
	}
	printf("ktest: systime_raw_all_cpus: %d CPUs, %d rounds of %llu ms (%d clean): %llu back with the same time info, %llu across a rewrite, %llu behind another CPU (skew max %llu ns), clamp fired %llu times in %llu calls\n",
	    n, tries,
	    (unsigned long long)(RAW_ROUND_NS / NS_PER_MS), clean,
	    (unsigned long long)back, (unsigned long long)rback,
	    (unsigned long long)xback, (unsigned long long)skew_max,
	    (unsigned long long)clamped, (unsigned long long)calls);
	skew_max = MAX(skew_max, back_max);
	if (skew_max > RAW_SANE_NS)
		ktest_fail(kt, __FILE__, __LINE__, "a read %llu ns behind an earlier one",
		    (unsigned long long)skew_max);
	if (clean < RAW_ROUNDS)
		ktest_fail(kt, __FILE__, __LINE__, "%d of %d rounds without a jump, a step back on a running vCPU or a skew over %llu ms",
		    clean, tries,
		    (unsigned long long)(RAW_SKEW_NS / NS_PER_MS));
}
