/*	Petrel: xen/xen/evtchn.c -- event channel binding and dispatch
 *	(2-level ABI).
 *
 * Pending and mask bits live in shared_info, one bit per port, with a
 * per-vCPU selector word saying which words to look at.  Each port has
 * at most one handler, bound to one CPU and one IPL.  Ports are bound
 * here only (bind_*), so the table below knows every source the kernel
 * listens on: what it is, where it goes and how many events it took.
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/cpu.h>
#include <sys/errno.h>

#include <machine/frame.h>
#include <machine/intr.h>
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
	enum evtchn_kind es_kind;
	int		 es_virq;
	char		 es_name[16];
};

static struct evtsource evtsource[NPORTS];
static volatile xen_ulong_t evt_deferred[NPORTS / BPW];	/* per port */
unsigned long evtchn_spurious;

static const char *const evtchn_kind_names[] = {
	[EVTCHN_KIND_NONE] = "-",
	[EVTCHN_KIND_IPI] = "ipi",
	[EVTCHN_KIND_VIRQ] = "virq",
	[EVTCHN_KIND_PORT] = "port",
	[EVTCHN_KIND_UNBOUND] = "unbound",
};

/*
 * Record a source for a port Xen gave us; it stays masked.  The handler
 * is published last, so the dispatcher never sees it half set up.
 */
static int
evtchn_source_set(unsigned int port, enum evtchn_kind kind, int virq,
    struct cpu_info *ci, evtchn_handler_t fn, void *arg, int ipl,
    const char *name)
{
	struct evtsource *es;

	if (port >= NPORTS) {
		printf("evtchn: %s: port %u out of range\n", name, port);
		return EINVAL;
	}
	es = &evtsource[port];
	if (es->es_kind != EVTCHN_KIND_NONE) {
		printf("evtchn: %s: port %u already bound to %s\n", name, port,
		    es->es_name);
		return EBUSY;
	}
	hypervisor_mask_event(port);
	es->es_kind = kind;
	es->es_virq = virq;
	es->es_arg = arg;
	es->es_ipl = ipl;
	es->es_cpu = ci;
	es->es_count = 0;
	strlcpy(es->es_name, name, sizeof(es->es_name));
	__atomic_store_n(&es->es_handler, fn, __ATOMIC_RELEASE);
	return 0;
}

/* EVTCHNOP_close: 0, or the failure reported and returned as an errno. */
static int
evtchn_close(unsigned int port, const char *name)
{
	struct evtchn_close op = { .port = port };
	int error;

	error = HYPERVISOR_event_channel_op(EVTCHNOP_close, &op);
	if (error != 0) {
		printf("evtchn: %s: close port %u: %s\n", name, port,
		    xen_strerror(error));
		return -error;
	}
	return 0;
}

/*
 * A port just bound by a hypercall: record it, or close it again when
 * it cannot be recorded, so no binding is left that nobody knows of.
 */
static int
evtchn_bound(unsigned int port, enum evtchn_kind kind, int virq,
    struct cpu_info *ci, evtchn_handler_t fn, void *arg, int ipl,
    const char *name)
{
	int error;

	error = evtchn_source_set(port, kind, virq, ci, fn, arg, ipl, name);
	if (error != 0)
		(void)evtchn_close(port, name);
	return error;
}

/* ci's IPI channel (EVTCHNOP_bind_ipi). */
int
bind_vcpu_to_evtch(struct cpu_info *ci, evtchn_handler_t fn, void *arg,
    int ipl, const char *name, unsigned int *portp)
{
	struct evtchn_bind_ipi op = { .vcpu = ci->ci_vcpuid };
	int error;

	error = HYPERVISOR_event_channel_op(EVTCHNOP_bind_ipi, &op);
	if (error != 0) {
		printf("cpu%d: %s: bind_ipi: %s\n", ci->ci_index, name,
		    xen_strerror(error));
		return -error;
	}
	error = evtchn_bound(op.port, EVTCHN_KIND_IPI, -1, ci, fn, arg, ipl,
	    name);
	if (error == 0)
		*portp = op.port;
	return error;
}

/*
 * A VIRQ on ci (EVTCHNOP_bind_virq).  A per-vCPU VIRQ (VIRQ_TIMER) has
 * one binding per vCPU; a global one is bound once, on vCPU 0.
 */
int
bind_virq_to_evtch(int virq, struct cpu_info *ci, evtchn_handler_t fn,
    void *arg, int ipl, const char *name, unsigned int *portp)
{
	struct evtchn_bind_virq op = { .virq = virq, .vcpu = ci->ci_vcpuid };
	int error;

	error = HYPERVISOR_event_channel_op(EVTCHNOP_bind_virq, &op);
	if (error != 0) {
		printf("cpu%d: %s: bind_virq %d: %s\n", ci->ci_index, name,
		    virq, xen_strerror(error));
		return -error;
	}
	error = evtchn_bound(op.port, EVTCHN_KIND_VIRQ, virq, ci, fn, arg,
	    ipl, name);
	if (error == 0)
		*portp = op.port;
	return error;
}

/*
 * A port that already exists (the console's and xenstore's, from
 * start_info): its notifications are moved to ci (EVTCHNOP_bind_vcpu).
 */
int
bind_port_to_evtch(unsigned int port, struct cpu_info *ci,
    evtchn_handler_t fn, void *arg, int ipl, const char *name)
{
	struct evtchn_bind_vcpu op = { .port = port, .vcpu = ci->ci_vcpuid };
	int error;

	error = HYPERVISOR_event_channel_op(EVTCHNOP_bind_vcpu, &op);
	if (error != 0) {
		printf("cpu%d: %s: bind_vcpu port %u: %s\n", ci->ci_index,
		    name, port, xen_strerror(error));
		return -error;
	}
	return evtchn_source_set(port, EVTCHN_KIND_PORT, -1, ci, fn, arg, ipl,
	    name);
}

/*
 * A new port of ours that domain "remote" may bind to
 * (EVTCHNOP_alloc_unbound), its events going to ci: the suspend event
 * channel, which the toolstack binds to at each save.
 */
int
bind_unbound_to_evtch(unsigned int remote, struct cpu_info *ci,
    evtchn_handler_t fn, void *arg, int ipl, const char *name,
    unsigned int *portp)
{
	struct evtchn_alloc_unbound op = {
		.dom = DOMID_SELF,
		.remote_dom = remote,
	};
	int error;

	error = HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &op);
	if (error != 0) {
		printf("cpu%d: %s: alloc_unbound for domain %u: %s\n",
		    ci->ci_index, name, remote, xen_strerror(error));
		return -error;
	}
	/* A new port is bound to vCPU 0; move it where it is wanted. */
	if (ci->ci_vcpuid != 0) {
		struct evtchn_bind_vcpu bv = {
			.port = op.port,
			.vcpu = ci->ci_vcpuid,
		};

		error = HYPERVISOR_event_channel_op(EVTCHNOP_bind_vcpu, &bv);
		if (error != 0) {
			printf("cpu%d: %s: bind_vcpu port %u: %s\n",
			    ci->ci_index, name, op.port, xen_strerror(error));
			(void)evtchn_close(op.port, name);
			return -error;
		}
	}
	error = evtchn_bound(op.port, EVTCHN_KIND_UNBOUND, -1, ci, fn, arg,
	    ipl, name);
	if (error == 0)
		*portp = op.port;
	return error;
}

/*
 * Undo a binding of the given kind: mask the port, close it when it is
 * ours to close, and forget the source.  The caller makes sure no
 * handler of it is running elsewhere (it runs on the port's vCPU, or
 * that vCPU is stopped).  A close that fails leaves the source in the
 * table, masked, and returns the error.
 */
static int
evtchn_unbind(unsigned int port, enum evtchn_kind kind, bool close)
{
	struct evtsource *es;
	int error;

	if (port >= NPORTS || evtsource[port].es_kind != kind) {
		printf("evtchn: unbind port %u: not bound as %s\n", port,
		    evtchn_kind_names[kind]);
		return ENOENT;
	}
	es = &evtsource[port];
	hypervisor_mask_event(port);
	if (close && (error = evtchn_close(port, es->es_name)) != 0)
		return error;
	__atomic_store_n(&es->es_handler, NULL, __ATOMIC_RELEASE);
	__atomic_fetch_and(&evt_deferred[port / BPW],
	    ~((xen_ulong_t)1 << (port % BPW)), __ATOMIC_SEQ_CST);
	hypervisor_clear_event(port);
	es->es_cpu = NULL;
	es->es_kind = EVTCHN_KIND_NONE;
	return 0;
}

int
unbind_vcpu_from_evtch(unsigned int port)
{
	return evtchn_unbind(port, EVTCHN_KIND_IPI, true);
}

int
unbind_virq_from_evtch(unsigned int port)
{
	return evtchn_unbind(port, EVTCHN_KIND_VIRQ, true);
}

/*
 * A port from start_info is the toolstack's: closing it would cut the
 * other end's channel, so it is only masked and forgotten.
 */
int
unbind_port_from_evtch(unsigned int port)
{
	return evtchn_unbind(port, EVTCHN_KIND_PORT, false);
}

int
unbind_unbound_from_evtch(unsigned int port)
{
	return evtchn_unbind(port, EVTCHN_KIND_UNBOUND, true);
}

/*
 * Restored in a new domain: Xen has none of our bindings any more (the
 * toolstack masked every port and cleared what was pending), so the
 * table forgets them all without closing anything; each owner binds
 * again (xen_suspend.c).  Every other vCPU is parked meanwhile.
 */
void
evtchn_resume_forget(void)
{
	struct evtsource *es;
	unsigned int port;

	for (port = 0; port < NPORTS; port++) {
		es = &evtsource[port];
		if (es->es_kind == EVTCHN_KIND_NONE)
			continue;
		__atomic_store_n(&es->es_handler, NULL, __ATOMIC_RELEASE);
		es->es_cpu = NULL;
		es->es_kind = EVTCHN_KIND_NONE;
	}
	for (port = 0; port < NPORTS / BPW; port++)
		evt_deferred[port] = 0;
}

/* A snapshot of port's binding: 0, or ENOENT when it has none. */
int
evtchn_binding_get(unsigned int port, struct evtchn_binding *eb)
{
	struct evtsource *es;

	if (port >= NPORTS || evtsource[port].es_kind == EVTCHN_KIND_NONE)
		return ENOENT;
	es = &evtsource[port];
	eb->eb_port = port;
	eb->eb_kind = es->es_kind;
	eb->eb_virq = es->es_virq;
	eb->eb_cpu = es->es_cpu != NULL ? cpu_index(es->es_cpu) : -1;
	eb->eb_count = __atomic_load_n(&es->es_count, __ATOMIC_RELAXED);
	strlcpy(eb->eb_name, es->es_name, sizeof(eb->eb_name));
	return 0;
}

/*
 * The console's "evtchn" table, in the shape of vmstat -i: one line per
 * bound port, then the total and the events that found no handler.
 */
void
intr_show_all(void)
{
	struct evtchn_binding eb;
	unsigned long total = 0;
	unsigned int port, nbound = 0;
	char kind[12];

	printf("%-5s %-8s %-4s %-16s %s\n", "port", "kind", "cpu", "name",
	    "count");
	for (port = 0; port < NPORTS; port++) {
		if (evtchn_binding_get(port, &eb) != 0)
			continue;
		if (eb.eb_kind == EVTCHN_KIND_VIRQ)
			snprintf(kind, sizeof(kind), "virq%d", eb.eb_virq);
		else
			strlcpy(kind, evtchn_kind_names[eb.eb_kind],
			    sizeof(kind));
		printf("%-5u %-8s %-4d %-16s %lu\n", port, kind, eb.eb_cpu,
		    eb.eb_name, eb.eb_count);
		total += eb.eb_count;
		nbound++;
	}
	printf("evtchn: %u ports bound, %lu events, %lu spurious\n", nbound,
	    total, evtchn_spurious);
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
