/*	Petrel: xen/evtchn.h -- event channels.
 *
 * Every event channel the kernel listens on is bound through one of the
 * bind_* functions below, which make the hypercall, record the source
 * (kind, vCPU, name, handler) and leave the port masked: the caller
 * unmasks it once it is ready for events.  The matching unbind_* undoes
 * a binding (vCPU offline, save/restore).  Each returns 0 or an errno;
 * a failed hypercall has been reported with its code.
 */
#ifndef _XEN_EVTCHN_H_
#define _XEN_EVTCHN_H_

#include <sys/types.h>

struct cpu_info;

typedef int (*evtchn_handler_t)(void *);

#define NR_EVENT_CHANNELS_2L	(sizeof(xen_ulong_t) * sizeof(xen_ulong_t) * 64)

/* What a port is bound to. */
enum evtchn_kind {
	EVTCHN_KIND_NONE,	/* not bound by us */
	EVTCHN_KIND_IPI,	/* EVTCHNOP_bind_ipi: a vCPU's IPIs */
	EVTCHN_KIND_VIRQ,	/* EVTCHNOP_bind_virq: a per-vCPU VIRQ */
	EVTCHN_KIND_PORT,	/* a port Xen gave us (start_info) */
	EVTCHN_KIND_UNBOUND	/* ours, offered to another domain */
};

/* One binding as the table holds it, for the console and tests. */
struct evtchn_binding {
	unsigned int	 eb_port;
	enum evtchn_kind eb_kind;
	int		 eb_virq;	/* EVTCHN_KIND_VIRQ, else -1 */
	int		 eb_cpu;	/* cpu_index of the vCPU it goes to */
	unsigned long	 eb_count;	/* events dispatched */
	char		 eb_name[16];
};

int	bind_vcpu_to_evtch(struct cpu_info *, evtchn_handler_t, void *,
	    int ipl, const char *name, unsigned int *portp);
int	bind_virq_to_evtch(int virq, struct cpu_info *, evtchn_handler_t,
	    void *, int ipl, const char *name, unsigned int *portp);
int	bind_port_to_evtch(unsigned int port, struct cpu_info *,
	    evtchn_handler_t, void *, int ipl, const char *name);
int	bind_unbound_to_evtch(unsigned int remote, struct cpu_info *,
	    evtchn_handler_t, void *, int ipl, const char *name,
	    unsigned int *portp);
int	unbind_vcpu_from_evtch(unsigned int port);
int	unbind_virq_from_evtch(unsigned int port);
int	unbind_port_from_evtch(unsigned int port);
int	unbind_unbound_from_evtch(unsigned int port);

int	evtchn_binding_get(unsigned int port, struct evtchn_binding *);
void	evtchn_resume_forget(void);	/* restored in a new domain */

void	hypervisor_mask_event(unsigned int);
void	hypervisor_unmask_event(unsigned int);
void	hypervisor_clear_event(unsigned int);
void	hypervisor_force_callback(void);
void	hypervisor_send_event(unsigned int);
void	evtchn_run_deferred(struct cpu_info *, int);	/* from splx() */
extern unsigned long evtchn_spurious;

#endif
