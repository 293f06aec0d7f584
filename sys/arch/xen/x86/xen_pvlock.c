/*	Petrel: xen/x86/xen_pvlock.c -- spin mutex waiters that block in Xen.
 *
 * A spin mutex (kern_mutex.c) is a ticket lock.  A waiter that spun
 * MUTEX_SPIN_BOUND turns without its ticket being served calls
 * cpu_pvlock_wait(): it writes (lock, ticket) into a slot of its CPU,
 * counts itself in the lock's mtx_pvwaiters, looks once more, and
 * blocks in SCHEDOP_poll on its CPU's poll channel -- an event channel
 * bound to the vCPU and kept masked, so that an event on it wakes the
 * poll and nothing else.  The releaser, seeing waiters counted, looks
 * for the slot holding the next ticket and sends that channel an event
 * (EVTCHNOP_send): the next waiter in ticket order, and only it, wakes.
 * A holder whose vCPU Xen preempted, or that waits in Xen itself, no
 * longer has every waiter burn a physical CPU for it.
 *
 * Each poll has a bound (PVLOCK_POLL_NS), after which the waiter looks
 * again: a kick lost is a delay, never a hang.  Other events still wake
 * the poll (their handlers run, at their levels, and may wait for a
 * lock in the next slot).
 *
 * Off by default (boot option pvlock=1 turns it on, pvlock=0 off): the
 * strict ticket order hands the lock to a waiter Xen must first wake
 * and schedule, a few ms a hand-off on the 2-CPU test host, where plain
 * spinning lets the releasing vCPU take it again at once.  Measured
 * (ktest pvlock_exclusion, 2 x 10^4 acquisitions, dom0): 4 vCPUs on 2
 * CPUs 199-760 ms against 47 ms; 8 vCPUs 41826 ms against 13 ms.  It
 * wins where a holder is preempted or blocks in Xen (ktest
 * pvlock_holder_blocked: the waiter's vCPU runs 2 % of the wait, not
 * 100 %), and stays fair.
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/cpu.h>
#include <sys/mutex.h>

#include <xen/evtchn.h>
#include <xen/hypervisor.h>
#include <xen/xen.h>
#include <xen/xen_clock.h>

#define PVLOCK_POLL_NS	20000000ULL	/* 20 ms a poll at most */

volatile bool xen_pvlock_on = false;

/* Never called: the channel stays masked. */
static int
xen_pvlock_intr(void *arg)
{
	(void)arg;
	return 1;
}

/*
 * Bind ci's poll channel (before ci runs threads: until then its
 * waiters spin).  The boot CPU reads pvlock= first.  0 or an errno.
 */
int
xen_pvlock_init(struct cpu_info *ci)
{
	const char *v;
	unsigned int port;
	int error;

	if (ci == &cpu_info_primary && (v = boot_arg_value("pvlock")) != NULL)
		xen_pvlock_on = strcmp(v, "1") == 0;
	ci->ci_pvlock_port = 0;
	error = bind_vcpu_to_evtch(ci, xen_pvlock_intr, ci, IPL_HIGH,
	    "pvlock", &port);
	if (error != 0)
		return error;
	hypervisor_mask_event(port);
	ci->ci_pvlock_port = port;
	return 0;
}

bool
cpu_pvlock_on(void)
{
	return xen_pvlock_on;
}

bool
cpu_pvlock_wait(kmutex_t *m, unsigned int ticket)
{
	struct cpu_info *ci = curcpu();
	struct cpu_pvlock_wait *w;
	evtchn_port_t port = ci->ci_pvlock_port;
	int error;

	if (!xen_pvlock_on || port == 0 ||
	    ci->ci_pvlock_depth >= CPU_PVLOCK_NEST)
		return false;
	w = &ci->ci_pvlock_wait[ci->ci_pvlock_depth++];
	/* A kick for an earlier wait must not end this one at once. */
	hypervisor_clear_event(port);
	w->pw_ticket = ticket;
	__atomic_store_n(&w->pw_lock, m, __ATOMIC_SEQ_CST);
	__atomic_fetch_add(&m->mtx_pvwaiters, 1, __ATOMIC_SEQ_CST);
	/* Served since we last looked: the releaser may not have seen us. */
	if (__atomic_load_n(&m->mtx_serving, __ATOMIC_SEQ_CST) !=
	    (uint16_t)ticket) {
		ci->ci_pvlock_polls++;
		error = HYPERVISOR_poll(&port, 1,
		    xen_systime_ns() + PVLOCK_POLL_NS);
		if (error != 0 && error != -ETIMEDOUT)
			printf("cpu%d: pvlock: SCHEDOP_poll: %s\n",
			    ci->ci_index, xen_strerror(error));
	}
	__atomic_fetch_sub(&m->mtx_pvwaiters, 1, __ATOMIC_SEQ_CST);
	__atomic_store_n(&w->pw_lock, NULL, __ATOMIC_SEQ_CST);
	ci->ci_pvlock_depth--;
	return true;
}

void
cpu_pvlock_kick(kmutex_t *m, unsigned int ticket)
{
	struct cpu_info *ci;
	struct evtchn_send op;
	int i, j, error;

	for (i = 0; i < ncpu; i++) {
		ci = cpu_infos[i];
		if (ci == NULL || ci->ci_pvlock_port == 0)
			continue;
		for (j = 0; j < CPU_PVLOCK_NEST; j++) {
			if (__atomic_load_n(&ci->ci_pvlock_wait[j].pw_lock,
			    __ATOMIC_SEQ_CST) != m ||
			    (uint16_t)ci->ci_pvlock_wait[j].pw_ticket !=
			    (uint16_t)ticket)
				continue;
			op.port = ci->ci_pvlock_port;
			error = HYPERVISOR_event_channel_op(EVTCHNOP_send, &op);
			if (error != 0)
				printf("cpu%d: pvlock: EVTCHNOP_send: %s\n",
				    ci->ci_index, xen_strerror(error));
			curcpu()->ci_pvlock_kicks++;
			return;		/* one ticket, one waiter */
		}
	}
}
