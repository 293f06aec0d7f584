/*	Petrel: xen/x86/xen_runstate.c -- each vCPU's runstate area and
 *	the steal time read from it.
 *
 * Xen keeps, in memory the guest registers per vCPU
 * (VCPUOP_register_runstate_memory_area: ci_runstate), the vCPU's
 * state (running, runnable, blocked, offline), when it entered it and
 * the total time spent in each, rewritten at each schedule change of
 * that vCPU.  With VMASST_TYPE_runstate_update_flag, Xen sets
 * XEN_RUNSTATE_UPDATE in state_entry_time while it rewrites the area:
 * a reader retries while the flag is up or the entry time changed
 * under it.
 *
 * Steal time is the time the vCPU wanted to run and did not: runnable
 * (Xen ran someone else) plus offline, less the offline time the guest
 * asked for (not started yet, or down through cpu_offline_self()).
 * It is not charged to the thread that was running: a tick mostly
 * stolen does not count against its quantum (cpu_tick_stolen()).
 *
 * vcpu_is_preempted(ci): Xen descheduled ci while it wanted to run
 * (runnable, or offline while the guest has it running).  A vCPU
 * blocked in SCHEDOP_block is idle by its own choice, not preempted.
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/cpu.h>

#include <x86/cpufunc.h>
#include <xen/hypervisor.h>
#include <xen/xen.h>
#include <xen/xen_clock.h>

/* XEN_RUNSTATE_UPDATE is reliable: Xen sets it while it writes. */
static bool xen_runstate_flag;

/* Tries of a consistent read before taking what was seen. */
#define RUNSTATE_READ_TRIES	1000000

/*
 * state_entry_time as one 64-bit value.  On i386 the halves are read
 * apart, high, low, high again until the high half held: the flag lives
 * in it, and the caller's retry catches any other change.
 */
static uint64_t
runstate_entry_time(const volatile struct vcpu_runstate_info *rs)
{
#ifdef __x86_64__
	return rs->state_entry_time;
#else
	const volatile uint32_t *w =
	    (const volatile uint32_t *)&rs->state_entry_time;
	uint32_t hi, lo;

	do {
		hi = w[1];
		__insn_barrier();
		lo = w[0];
		__insn_barrier();
	} while (w[1] != hi);
	return (uint64_t)hi << 32 | lo;
#endif
}

/*
 * A consistent copy of ci's area, times as Xen last wrote them (the
 * current state's time counts up to its entry only).  False if Xen
 * does not keep ci's area.
 */
static bool
runstate_snapshot(struct cpu_info *ci, struct vcpu_runstate_info *out)
{
	const volatile struct vcpu_runstate_info *rs = &ci->ci_runstate;
	uint64_t t;
	int i, tries = 0;

	if (!ci->ci_runstate_on)
		return false;
	do {
		t = runstate_entry_time(rs);
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		out->state = rs->state;
		for (i = 0; i < 4; i++)
			out->time[i] = rs->time[i];
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
	} while (((t & XEN_RUNSTATE_UPDATE) != 0 ||
	    runstate_entry_time(rs) != t) && ++tries < RUNSTATE_READ_TRIES);
	out->state_entry_time = t & ~XEN_RUNSTATE_UPDATE;
	return true;
}

/*
 * ci's times up to now: the snapshot, the current state's time since
 * its entry, and what earlier domains counted (a restore starts the
 * new domain's vCPUs from zero).
 */
bool
xen_runstate_read(struct cpu_info *ci, struct vcpu_runstate_info *out)
{
	uint64_t now;
	int i;

	if (!runstate_snapshot(ci, out))
		return false;
	now = xen_systime_ns();
	if (out->state >= 0 && out->state < 4 && now > out->state_entry_time)
		out->time[out->state] += now - out->state_entry_time;
	for (i = 0; i < 4; i++)
		out->time[i] += ci->ci_rs_base[i];
	return true;
}

/* Steal time of a reading, in ns. */
static uint64_t
runstate_steal(struct cpu_info *ci, const struct vcpu_runstate_info *rs)
{
	uint64_t steal, asked = ci->ci_rs_offline_asked;

	steal = rs->time[RUNSTATE_runnable] + rs->time[RUNSTATE_offline];
	/* Down on our request right now. */
	if (ci->ci_rs_down_at != 0 &&
	    rs->time[RUNSTATE_offline] > ci->ci_rs_down_at)
		asked += rs->time[RUNSTATE_offline] - ci->ci_rs_down_at;
	return steal > asked ? steal - asked : 0;
}

uint64_t
xen_runstate_steal_ns(struct cpu_info *ci)
{
	struct vcpu_runstate_info rs;

	if (!xen_runstate_read(ci, &rs))
		return 0;
	return runstate_steal(ci, &rs);
}

/* Offline since domain creation, or down on request, from here on. */
void
xen_runstate_offline_begin(struct cpu_info *ci)
{
	struct vcpu_runstate_info rs;

	if (xen_runstate_read(ci, &rs))
		ci->ci_rs_down_at = rs.time[RUNSTATE_offline] | 1;
}

/* ... up to here: that time was ours, not stolen. */
void
xen_runstate_offline_end(struct cpu_info *ci)
{
	struct vcpu_runstate_info rs;

	if (ci->ci_rs_down_at != 0 && xen_runstate_read(ci, &rs) &&
	    rs.time[RUNSTATE_offline] > ci->ci_rs_down_at)
		ci->ci_rs_offline_asked += rs.time[RUNSTATE_offline] -
		    ci->ci_rs_down_at;
	ci->ci_rs_down_at = 0;
}

/*
 * Have Xen keep ci's runstate area, for any vCPU (ours or another,
 * running or not): at attach, when a vCPU comes back online, and after
 * a restore, in the new domain, for every vCPU.  Times that went back
 * (a new domain's vCPU) are carried over from what the area last held.
 * Returns 0, or Xen's error (printed; steal time then reads 0).
 */
int
xen_runstate_register(struct cpu_info *ci)
{
	struct vcpu_register_runstate_memory_area area;
	struct vcpu_runstate_info old, now;
	bool had;
	int error, i;

	/* Again after a restore: a new domain's assists may be unset. */
	if (ci == &cpu_info_primary) {
		error = HYPERVISOR_vm_assist(VMASST_CMD_enable,
		    VMASST_TYPE_runstate_update_flag);
		if (error != 0)
			printf("cpu%d: VMASST_TYPE_runstate_update_flag: %s; runstate read by the entry time alone\n",
			    ci->ci_index, xen_strerror(error));
		xen_runstate_flag = error == 0;
	}
	had = runstate_snapshot(ci, &old);
	area.addr.v = &ci->ci_runstate;
	error = HYPERVISOR_vcpu_op(VCPUOP_register_runstate_memory_area,
	    ci->ci_vcpuid, &area);
	if (error != 0) {
		printf("cpu%d: VCPUOP_register_runstate_memory_area: %s\n",
		    ci->ci_index, xen_strerror(error));
		ci->ci_runstate_on = false;
		return error;
	}
	ci->ci_runstate_on = true;
	if (had && runstate_snapshot(ci, &now))
		for (i = 0; i < 4; i++)
			if (now.time[i] < old.time[i]) {
				/* A new domain: carry the old one's times. */
				for (i = 0; i < 4; i++)
					ci->ci_rs_base[i] += old.time[i];
				break;
			}
	return 0;
}

bool
vcpu_is_preempted(struct cpu_info *ci)
{
	int state;

	if (ci == NULL || ci == curcpu() || !ci->ci_runstate_on)
		return false;
	state = __atomic_load_n(&ci->ci_runstate.state, __ATOMIC_RELAXED);
	if (state == RUNSTATE_runnable)
		return true;
	/* Paused by the toolstack, say, while we count it as running. */
	return state == RUNSTATE_offline && ci->ci_rs_down_at == 0 &&
	    (ci->ci_flags & CPUF_RUNNING) != 0;
}

/*
 * Xen runs ci right now, by its area.  Unknown (no area) is false: a
 * waiter then yields, as it would without the area.  A vCPU woken from
 * SCHEDOP_block still reads blocked until Xen runs it: not running.
 */
bool
vcpu_is_running(struct cpu_info *ci)
{
	if (ci == curcpu())
		return true;
	if (ci == NULL || !ci->ci_runstate_on)
		return false;
	return __atomic_load_n(&ci->ci_runstate.state, __ATOMIC_RELAXED) ==
	    RUNSTATE_running;
}

/*
 * Called at each tick of this CPU, which runs a thread: true (and
 * counted) if more than half the time since the last tick was stolen,
 * so the tick is not charged to that thread's quantum -- but never two
 * ticks in a row, so that a quantum lasts at most twice as long and the
 * threads queued behind it (an idle thread asked to go offline among
 * them) are not starved on a vCPU Xen keeps waiting.
 */
bool
cpu_tick_stolen(struct cpu_info *ci)
{
	struct vcpu_runstate_info rs;
	uint64_t steal, last, wall, now;
	bool stolen;

	if (!xen_runstate_read(ci, &rs))
		return false;
	steal = runstate_steal(ci, &rs);
	now = xen_systime_ns();
	last = ci->ci_rs_tick_at;
	wall = now > last ? now - last : 0;
	stolen = last != 0 && steal - ci->ci_rs_tick_steal > wall / 2 &&
	    !ci->ci_rs_excused;
	ci->ci_rs_excused = stolen;
	ci->ci_rs_tick_steal = steal;
	ci->ci_rs_tick_at = now;
	if (stolen)
		ci->ci_nstolen_ticks++;
	return stolen;
}
