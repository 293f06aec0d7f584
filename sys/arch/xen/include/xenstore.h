/*	Petrel: xen/xenstore.h -- a xenstore client over the store ring.	*/
#ifndef _XEN_XENSTORE_H_
#define _XEN_XENSTORE_H_

#include <sys/types.h>

/* A transaction id; XS_TX_NONE for a plain request. */
typedef uint32_t xenstore_tx_t;
#define XS_TX_NONE	0

/*
 * A watch: xw_cb runs in the xenwatch thread, once when the watch is
 * set and then whenever xw_path or anything below it changes, with
 * the path that changed.  It may use the store (not unwatch itself).
 */
struct xenstore_watch {
	const char	*xw_path;
	void		(*xw_cb)(struct xenstore_watch *, const char *);
	void		*xw_arg;
	/* Private. */
	struct xenstore_watch *xw_next;
	unsigned int	 xw_id;
};

bool	xenstore_available(void);
void	xenstore_attach(void);
int	xenstore_read(xenstore_tx_t, const char *, char *, size_t);
int	xenstore_write(xenstore_tx_t, const char *, const char *);
int	xenstore_directory(xenstore_tx_t, const char *, char *, size_t, int *);
int	xenstore_rm(xenstore_tx_t, const char *);
int	xenstore_transaction_start(xenstore_tx_t *);
int	xenstore_transaction_end(xenstore_tx_t, bool);
int	xenstore_watch(struct xenstore_watch *);
int	xenstore_unwatch(struct xenstore_watch *);
int	xenstore_resume_watches(void);	/* restored in a new domain */
/* What an error of the above means, for messages ("ENOENT"). */
const char *xenstore_strerror(int);
void	shutdown_xenbus_init(void);	/* shutdown_xenbus.c: watch control/ */
void	shutdown_xenbus_suspend(const char *via);
/* suspend_evtchn.c: device/suspend/event-channel */
void	suspend_evtchn_init(void);
void	suspend_evtchn_offer(bool new_domain);

#endif
