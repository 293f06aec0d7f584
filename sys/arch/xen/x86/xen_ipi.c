/*	Petrel: xen/x86/xen_ipi.c -- inter-processor interrupts.
 *
 * Each vCPU has one event channel bound to it (bind_vcpu_to_evtch) and a
 * word of pending IPI kinds (ci_ipis).  A sender sets its bit and
 * signals the channel; the handler swaps the word to zero and acts on
 * each bit.  An NMI goes through VCPUOP_send_nmi instead.  In kernels
 * with tests or benchmarks (options KTEST, KBENCH) a ping (xen_ping) is
 * answered by the target's handler with a pong back to the sender, whose
 * own handler counts it: a full round trip.
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/cpu.h>
#include <sys/errno.h>
#include <sys/xcall.h>
#include <sys/lwp.h>

#include <xen/evtchn.h>
#include <xen/hypervisor.h>
#include <xen/intrdefs.h>
#include <xen/xen.h>

static int	xen_ipi_handler(void *);
#ifdef XEN_IPI_PING
static void	xen_ipi_answer_pings(struct cpu_info *);
#endif

/*
 * Bind ci's IPI channel; called for each vCPU before it is marked
 * running, so nobody can send it an IPI it would not see.
 */
int
xen_ipi_init(struct cpu_info *ci)
{
	unsigned int port;
	int error;

	error = bind_vcpu_to_evtch(ci, xen_ipi_handler, ci, IPL_HIGH - 1,
	    "ipi", &port);
	if (error != 0)
		return error;
	ci->ci_ipi_port = port;
	hypervisor_unmask_event(port);
	/* Without it, ci's spin mutex waiters only spin. */
	(void)xen_pvlock_init(ci);
	return 0;
}

/*
 * Restored in a new domain (xen_suspend.c, on the boot vCPU): ci's IPI
 * channel again, masked until ci itself has its vcpu_info back and
 * unmasks it; 0 if ci is not running.
 */
int
xen_ipi_rebind(struct cpu_info *ci, bool running)
{
	unsigned int port;
	int error;

	ci->ci_ipi_port = 0;
	ci->ci_pvlock_port = 0;	/* the old domain's: waiters spin */
	if (!running)
		return 0;
	error = bind_vcpu_to_evtch(ci, xen_ipi_handler, ci, IPL_HIGH - 1,
	    "ipi", &port);
	if (error == 0) {
		ci->ci_ipi_port = port;
		(void)xen_pvlock_init(ci);	/* its poll channel too */
	}
	return error;
}

/*
 * Send IPI kind(s) to ci: 0, or ENXIO for an offline CPU (refused, not
 * queued), or the failed EVTCHNOP_send's error, negated.
 */
int
xen_send_ipi(struct cpu_info *ci, uint32_t kinds)
{
	struct evtchn_send op;

	if ((ci->ci_flags & CPUF_RUNNING) == 0 || ci->ci_ipi_port == 0)
		return ENXIO;
	__atomic_fetch_or(&ci->ci_ipis, kinds, __ATOMIC_SEQ_CST);
	op.port = ci->ci_ipi_port;
	return -HYPERVISOR_event_channel_op(EVTCHNOP_send, &op);
}

#ifdef XEN_IPI_PING
/*
 * Ping "to" and ask for an answer: its handler sends XEN_IPI_PONG back
 * to "from", whose ci_npongs then grows.  "from" asks first, so the
 * handler that takes the ping sees who to answer.
 */
int
xen_ping(struct cpu_info *from, struct cpu_info *to)
{
	unsigned int i = from->ci_index;

	__atomic_fetch_or(&to->ci_ping_from[i / 32], 1U << (i % 32),
	    __ATOMIC_SEQ_CST);
	return xen_send_ipi(to, XEN_IPI_PING);
}

/* Answer every CPU that asked: a pong each; a failure is counted. */
static void
xen_ipi_answer_pings(struct cpu_info *ci)
{
	uint32_t asked;
	unsigned int w, b;

	for (w = 0; w < __arraycount(ci->ci_ping_from); w++) {
		if (ci->ci_ping_from[w] == 0)
			continue;
		asked = __atomic_exchange_n(&ci->ci_ping_from[w], 0,
		    __ATOMIC_SEQ_CST);
		for (b = 0; b < 32; b++) {
			if ((asked & (1U << b)) == 0)
				continue;
			if (w * 32 + b >= (unsigned int)ncpu ||
			    xen_send_ipi(cpu_infos[w * 32 + b],
			    XEN_IPI_PONG) != 0)
				__atomic_fetch_add(&ci->ci_pong_errors, 1,
				    __ATOMIC_SEQ_CST);
		}
	}
}
#endif /* XEN_IPI_PING */

/* Send to every running CPU but this one. */
void
xen_broadcast_ipi(uint32_t kinds)
{
	struct cpu_info *self = curcpu();
	int i;

	for (i = 0; i < ncpu; i++)
		if (cpu_infos[i] != NULL && cpu_infos[i] != self)
			(void)xen_send_ipi(cpu_infos[i], kinds);
}

/*
 * An NMI to ci, through Xen.  Xen's SCHEDOP_block only looks at event
 * channels when it decides to sleep: an NMI that lands while the target
 * is on its way into SCHEDOP_block stays pending until the target's next
 * event, which a tickless idle vCPU may not have for seconds.  So the
 * NMI is followed by an empty IPI (no kinds): the target wakes, and Xen
 * delivers the pending NMI on its way back to the guest.
 */
int
xen_send_nmi(struct cpu_info *ci)
{
	int error;

	if ((ci->ci_flags & CPUF_RUNNING) == 0)
		return ENXIO;
	error = HYPERVISOR_vcpu_op(VCPUOP_send_nmi, ci->ci_vcpuid, NULL);
	if (error != 0)
		return -error;
	return xen_send_ipi(ci, 0);
}

static int
xen_ipi_handler(void *arg)
{
	struct cpu_info *ci = arg;
	uint32_t kinds;

	kinds = __atomic_exchange_n(&ci->ci_ipis, 0, __ATOMIC_SEQ_CST);
	ci->ci_nipis++;
	if (kinds & XEN_IPI_XCALL)
		xc_ipi_handler();
#ifdef XEN_IPI_PING
	if (kinds & XEN_IPI_PING) {
		__atomic_fetch_add(&ci->ci_npings, 1, __ATOMIC_SEQ_CST);
		xen_ipi_answer_pings(ci);
	}
	if (kinds & XEN_IPI_PONG)
		__atomic_fetch_add(&ci->ci_npongs, 1, __ATOMIC_SEQ_CST);
#endif
	if (kinds & XEN_IPI_DDB)
		printf("cpu%d: debugger IPI: curlwp %s, ilevel %d\n",
		    ci->ci_index, ci->ci_curlwp ? ci->ci_curlwp->l_name : "-",
		    ci->ci_ilevel);
	if (kinds & XEN_IPI_HALT) {
		printf("cpu%d: halted by IPI\n", ci->ci_index);
		cpu_halt_self();
	}
	/* XEN_IPI_KICK: waking up was the whole point. */
	return 1;
}

int
xc_send_ipi(struct cpu_info *ci)
{
	int error;

	error = xen_send_ipi(ci, XEN_IPI_XCALL);
	if (error != 0 && error != ENXIO)
		printf("cpu%d: cross-call IPI: EVTCHNOP_send: %s\n",
		    ci->ci_index, xen_strerror(-error));
	return error;
}

/*
 * One turn of a spin-wait for other CPUs: hand the physical CPU back
 * to Xen, which may have the vCPUs we wait for queued behind us.
 */
void
cpu_wait_relax(void)
{
	(void)HYPERVISOR_yield();
}

/* Wake ci so it looks at its run queue. */
void
cpu_kick(struct cpu_info *ci)
{
	if (ci != curcpu())
		(void)xen_send_ipi(ci, XEN_IPI_KICK);
}

/* Stop every other CPU (panic, poweroff). */
void
cpu_broadcast_halt(void)
{
	xen_broadcast_ipi(XEN_IPI_HALT);
}

/* One line of a CPU's interrupt state, for stuck-CPU reports. */
void
cpu_debug_dump(struct cpu_info *ci)
{
	shared_info_t *sh = HYPERVISOR_shared_info;
	unsigned int p = ci->ci_ipi_port;
	unsigned int bpw = sizeof(xen_ulong_t) * 8;

	printf("cpu%d: vcpu %u flags %#x ilevel %d ipending %#x ipis %#x ipi port %u pending %d masked %d upcall mask %d pending %d sel %#lx nipis %lu curlwp %s\n",
	    ci->ci_index, ci->ci_vcpuid, ci->ci_flags, ci->ci_ilevel,
	    ci->ci_ipending, ci->ci_ipis, p,
	    (int)((sh->evtchn_pending[p / bpw] >> (p % bpw)) & 1),
	    (int)((sh->evtchn_mask[p / bpw] >> (p % bpw)) & 1),
	    ci->ci_vcpu->evtchn_upcall_mask, ci->ci_vcpu->evtchn_upcall_pending,
	    (unsigned long)ci->ci_vcpu->evtchn_pending_sel, ci->ci_nipis,
	    ci->ci_curlwp != NULL ? ci->ci_curlwp->l_name : "-");
}
