/*	Petrel: xen/xen/evtchn.c -- event channel dispatch (2-level ABI).
 *
 * Pending and mask bits live in shared_info, one bit per port, with a
 * per-vCPU selector word saying which words to look at.  Each port has
 * at most one handler, bound to one CPU and one IPL.
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/cpu.h>

#include <machine/frame.h>
#include <xen/hypervisor.h>
#include <xen/evtchn.h>
#include <xen/xen.h>

#define NPORTS	NR_EVENT_CHANNELS_2L
#define BPW	(sizeof(xen_ulong_t) * 8)

struct evtsource {
	evtchn_handler_t es_handler;
	void		*es_arg;
	int		 es_ipl;
	struct cpu_info	*es_cpu;
	unsigned long	 es_count;
	char		 es_name[16];
};

static struct evtsource evtsource[NPORTS];
static volatile xen_ulong_t evt_deferred[NPORTS / BPW];	/* per port */
unsigned long evtchn_spurious;

int
event_set_handler(int port, evtchn_handler_t fn, void *arg, int ipl,
    const char *name, struct cpu_info *ci)
{
	struct evtsource *es;

	if (port < 0 || port >= (int)NPORTS)
		return -1;
	es = &evtsource[port];
	es->es_arg = arg;
	es->es_ipl = ipl;
	es->es_cpu = ci;
	strlcpy(es->es_name, name, sizeof(es->es_name));
	__atomic_store_n(&es->es_handler, fn, __ATOMIC_RELEASE);
	return 0;
}

void
hypervisor_mask_event(unsigned int port)
{
	__atomic_fetch_or(&HYPERVISOR_shared_info->evtchn_mask[port / BPW],
	    (xen_ulong_t)1 << (port % BPW), __ATOMIC_SEQ_CST);
}

void
hypervisor_clear_event(unsigned int port)
{
	__atomic_fetch_and(&HYPERVISOR_shared_info->evtchn_pending[port / BPW],
	    ~((xen_ulong_t)1 << (port % BPW)), __ATOMIC_SEQ_CST);
}

/*
 * Unmasking goes through Xen: it then re-raises a pending event on the
 * vCPU the port is bound to, whichever vCPU that is.
 */
void
hypervisor_unmask_event(unsigned int port)
{
	struct evtchn_unmask op = { .port = port };
	int error;

	error = HYPERVISOR_event_channel_op(EVTCHNOP_unmask, &op);
	if (error != 0)
		printf("evtchn: unmask port %u: %s\n", port,
		    xen_strerror(error));
}

void
hypervisor_send_event(unsigned int port)
{
	struct evtchn_send op = { .port = port };

	(void)HYPERVISOR_event_channel_op(EVTCHNOP_send, &op);
}

/* Any hypercall makes Xen deliver a pending upcall on its way out. */
void
hypervisor_force_callback(void)
{
	(void)HYPERVISOR_xen_version(XENVER_version, NULL);
}

static void
evtchn_dispatch(struct cpu_info *ci, unsigned int port)
{
	struct evtsource *es = &evtsource[port];
	evtchn_handler_t fn;
	int s;

	fn = __atomic_load_n(&es->es_handler, __ATOMIC_ACQUIRE);
	if (fn == NULL) {
		evtchn_spurious++;
		return;
	}
	if (es->es_ipl <= ci->ci_ilevel) {
		/* Too low for now: splx() runs it. */
		__atomic_fetch_or(&evt_deferred[port / BPW],
		    (xen_ulong_t)1 << (port % BPW), __ATOMIC_SEQ_CST);
		__atomic_fetch_or(&ci->ci_ipending, 1U << es->es_ipl,
		    __ATOMIC_SEQ_CST);
		return;
	}
	s = ci->ci_ilevel;
	ci->ci_ilevel = es->es_ipl;
	es->es_count++;
	ci->ci_vcpu->evtchn_upcall_mask = 0;	/* higher levels may nest */
	(*fn)(es->es_arg);
	ci->ci_vcpu->evtchn_upcall_mask = 1;
	ci->ci_ilevel = s;
}

/* Run handlers deferred above "level"; called by splx(). */
void
evtchn_run_deferred(struct cpu_info *ci, int level)
{
	unsigned int w, port;
	xen_ulong_t bits;
	int s;

	s = splhigh();
	__atomic_store_n(&ci->ci_ipending, 0, __ATOMIC_SEQ_CST);
	for (w = 0; w < NPORTS / BPW; w++) {
		bits = __atomic_load_n(&evt_deferred[w], __ATOMIC_RELAXED);
		while (bits != 0) {
			port = w * BPW + __builtin_ctzl(bits);
			bits &= bits - 1;
			if (evtsource[port].es_cpu != ci)
				continue;
			if (evtsource[port].es_ipl <= level) {
				__atomic_fetch_or(&ci->ci_ipending,
				    1U << evtsource[port].es_ipl,
				    __ATOMIC_SEQ_CST);
				continue;
			}
			__atomic_fetch_and(&evt_deferred[w],
			    ~((xen_ulong_t)1 << (port % BPW)),
			    __ATOMIC_SEQ_CST);
			ci->ci_ilevel = level;
			evtchn_dispatch(ci, port);
		}
	}
	(void)s;
}

/*
 * The upcall: Xen entered with this vCPU's events masked.  Scan the
 * selector, clear and dispatch each pending, unmasked port, and loop
 * while new events arrived meanwhile.
 */
void
hypervisor_callback(struct trapframe *tf)
{
	struct cpu_info *ci = curcpu();
	struct vcpu_info *vi = ci->ci_vcpu;
	shared_info_t *sh = HYPERVISOR_shared_info;
	xen_ulong_t sel, bits;
	unsigned int w, port;

	(void)tf;
again:
	while (__atomic_exchange_n(&vi->evtchn_upcall_pending, 0,
	    __ATOMIC_SEQ_CST) != 0) {
		sel = __atomic_exchange_n(&vi->evtchn_pending_sel, 0,
		    __ATOMIC_SEQ_CST);
		while (sel != 0) {
			w = __builtin_ctzl(sel);
			sel &= sel - 1;
			bits = sh->evtchn_pending[w] & ~sh->evtchn_mask[w];
			while (bits != 0) {
				port = w * BPW + __builtin_ctzl(bits);
				bits &= bits - 1;
				if (evtsource[port].es_cpu != NULL &&
				    evtsource[port].es_cpu != ci)
					continue;
				hypervisor_clear_event(port);
				evtchn_dispatch(ci, port);
			}
		}
	}
	/*
	 * Handlers deferred meanwhile that the interrupted level allows
	 * run now: the interrupted code may spin without ever calling
	 * splx() (waiting for a cross-call, say).
	 */
	if (ci->ci_ipending & ~((2U << ci->ci_ilevel) - 1)) {
		int level = ci->ci_ilevel;

		evtchn_run_deferred(ci, level);
		ci->ci_ilevel = level;
		goto again;
	}
	/*
	 * Back to the interrupted code, which had events enabled.  An
	 * event that lands after this check makes Xen upcall again at
	 * once, nested on this stack.
	 */
	vi->evtchn_upcall_mask = 0;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (vi->evtchn_upcall_pending) {
		vi->evtchn_upcall_mask = 1;
		goto again;
	}
}
