/*	Petrel: xen/xenbus/xenstore_comms.h -- between the xenstore client
 *	(xenstore.c: requests, transactions, watches) and the store's ring
 *	(xenstore_comms.c: the wire protocol, timeouts, the event channel).
 *	Private to the two.
 */
#ifndef _XEN_XENBUS_XENSTORE_COMMS_H_
#define _XEN_XENBUS_XENSTORE_COMMS_H_

#include <xen/xenstore.h>

/* xenstore_comms.c */
bool	xs_comms_init(void);
bool	xs_comms_usable(void);
int	xs_comms_request(xenstore_tx_t, uint32_t, const char *, const char *,
	    size_t, char *, size_t, size_t *);
void	xs_comms_poll(void);
bool	xs_comms_attach(void);
void	xs_comms_suspend(void);
void	xs_comms_rebind(void);
void	xs_comms_suspend_end(void);

/* xenstore.c: a watch event, "path\0token\0" of len bytes, NUL after. */
void	xs_queue_event(const char *, size_t);
/* xenstore.c: the store's event came; xenwatch is to look at the ring. */
void	xs_kick_xenwatch(void);

#endif
