/*	Petrel: xen/evtchn.h -- event channels.	*/
#ifndef _XEN_EVTCHN_H_
#define _XEN_EVTCHN_H_

#include <sys/types.h>

struct cpu_info;

typedef int (*evtchn_handler_t)(void *);

#define NR_EVENT_CHANNELS_2L	(sizeof(xen_ulong_t) * sizeof(xen_ulong_t) * 64)

int	event_set_handler(int port, evtchn_handler_t, void *, int ipl,
	    const char *name, struct cpu_info *);
void	hypervisor_mask_event(unsigned int);
void	hypervisor_unmask_event(unsigned int);
void	hypervisor_clear_event(unsigned int);
void	hypervisor_force_callback(void);
void	hypervisor_send_event(unsigned int);
void	evtchn_run_deferred(struct cpu_info *, int);	/* from splx() */
extern unsigned long evtchn_spurious;

#endif
