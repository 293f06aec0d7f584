/*	Petrel: xen/xenbus/xenstore.c -- talk to xenstored: requests,
 *	transactions and watches (<xen/xenstore.h>), over the store's
 *	ring and wire protocol in xenstore_comms.c.
 *
 * A request waits for xenstored 5 s at most, then fails with ETIMEDOUT
 * and the client goes on: a stopped xenstored costs each request that
 * bound, never the kernel.
 *
 * Watch events are the other kind of message on the reply ring.  They
 * are queued, whoever reads them, and the xenwatch thread calls the
 * watchers with no ring lock held, so a callback may use the store.
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/mutex.h>
#include <sys/condvar.h>
#include <sys/lwp.h>
#include <sys/sched.h>

#include <xen/xenstore.h>
#include <xen/public/io/xs_wire.h>

#include "xenstore_comms.h"

static bool xs_inited;

/* Watch events read off the ring, waiting for the xenwatch thread. */
#define XS_NEVENTS	32
#define XS_EVPATH_MAX	128
struct xs_event {
	unsigned int	 ev_id;			/* the watch's token */
	char		 ev_path[XS_EVPATH_MAX];
};
static kmutex_t xs_evlock;	/* spin: queue, watch list, xs_kicked */
static kcondvar_t xs_evcv;
static struct xs_event xs_events[XS_NEVENTS];
static unsigned int xs_ev_head, xs_ev_tail;
static bool xs_kicked;
static struct xenstore_watch *xs_watches;
static struct xenstore_watch *xs_calling;	/* callback running */
static unsigned int xs_watch_ids;

bool
xenstore_available(void)
{
	if (xs_inited)
		return xs_comms_usable();
	xs_inited = true;
	mutex_init(&xs_evlock, MUTEX_SPIN, IPL_VM);
	cv_init(&xs_evcv, "xswatch");
	return xs_comms_init();
}

const char *
xenstore_strerror(int error)
{
	size_t i;

	if (error == ENXIO)
		return "ENXIO (no store)";
	if (error == ETIMEDOUT)
		return "ETIMEDOUT (xenstored did not answer)";
	for (i = 0; i < __arraycount(xsd_errors); i++)
		if (xsd_errors[i].errnum == error)
			return xsd_errors[i].errstring;
	return "unknown error";
}

static int
xs_talk(xenstore_tx_t tx, uint32_t type, const char *p1, const char *p2,
    size_t l2, char *out, size_t outsize, size_t *outlen)
{
	if (!xenstore_available())
		return ENXIO;
	if (strlen(p1) + 1 + l2 > XENSTORE_PAYLOAD_MAX)
		return E2BIG;
	return xs_comms_request(tx, type, p1, p2, l2, out, outsize, outlen);
}

int
xenstore_read(xenstore_tx_t tx, const char *path, char *buf, size_t size)
{
	return xs_talk(tx, XS_READ, path, NULL, 0, buf, size, NULL);
}

int
xenstore_write(xenstore_tx_t tx, const char *path, const char *value)
{
	char ok[8];

	return xs_talk(tx, XS_WRITE, path, value, strlen(value), ok,
	    sizeof(ok), NULL);
}

int
xenstore_rm(xenstore_tx_t tx, const char *path)
{
	char ok[8];

	return xs_talk(tx, XS_RM, path, NULL, 0, ok, sizeof(ok), NULL);
}

/* The entries of a directory, NUL-separated, and how many. */
int
xenstore_directory(xenstore_tx_t tx, const char *path, char *buf,
    size_t size, int *n)
{
	size_t len = 0, i;
	int error;

	error = xs_talk(tx, XS_DIRECTORY, path, NULL, 0, buf, size, &len);
	*n = 0;
	for (i = 0; error == 0 && i < len; i++)
		if (buf[i] == '\0')
			(*n)++;
	return error;
}

int
xenstore_transaction_start(xenstore_tx_t *txp)
{
	char id[16], *end;
	unsigned long v;
	int error;

	error = xs_talk(XS_TX_NONE, XS_TRANSACTION_START, "", NULL, 0, id,
	    sizeof(id), NULL);
	if (error != 0)
		return error;
	v = strtoul(id, &end, 10);
	if (*end != '\0' || v == 0 || v > UINT32_MAX) {
		printf("xenstore: bad transaction id \"%s\"\n", id);
		return EIO;
	}
	*txp = v;
	return 0;
}

/* Commit (or abort) tx; EAGAIN: another change won, start again. */
int
xenstore_transaction_end(xenstore_tx_t tx, bool commit)
{
	char ok[8];

	return xs_talk(tx, XS_TRANSACTION_END, commit ? "T" : "F", NULL, 0,
	    ok, sizeof(ok), NULL);
}

/* XS_WATCH and XS_UNWATCH carry "path\0token\0". */
static int
xs_watch_op(uint32_t type, struct xenstore_watch *w)
{
	char token[16], ok[8];

	snprintf(token, sizeof(token), "%u", w->xw_id);
	return xs_talk(XS_TX_NONE, type, w->xw_path, token, strlen(token) + 1,
	    ok, sizeof(ok), NULL);
}

/* Set a watch; its callback runs once at once, as xenstored fires it. */
int
xenstore_watch(struct xenstore_watch *w)
{
	int error;

	if (!xenstore_available())
		return ENXIO;
	mutex_spin_enter(&xs_evlock);
	w->xw_id = ++xs_watch_ids;
	w->xw_next = xs_watches;
	xs_watches = w;
	mutex_spin_exit(&xs_evlock);
	if ((error = xs_watch_op(XS_WATCH, w)) != 0)
		(void)xenstore_unwatch(w);
	return error;
}

/*
 * Restored in a new domain: xenstored knows none of our watches.  Each
 * is set again under its id (its callback then runs once, as for a new
 * watch); returns how many of them xenstored refused (each reported).
 * Watches are set and removed by threads only, and this runs in the
 * thread that took the suspend request, so the list holds still.
 */
int
xenstore_resume_watches(void)
{
	struct xenstore_watch *w;
	int error, failed = 0;

	for (w = xs_watches; w != NULL; w = w->xw_next) {
		if ((error = xs_watch_op(XS_WATCH, w)) != 0) {
			printf("xenstore: cannot watch %s again: %s\n",
			    w->xw_path, xenstore_strerror(error));
			failed++;
		}
	}
	return failed;
}

/* After this returns, w's callback is not running and won't run. */
int
xenstore_unwatch(struct xenstore_watch *w)
{
	struct xenstore_watch **wp;
	int error;

	error = xs_watch_op(XS_UNWATCH, w);
	mutex_spin_enter(&xs_evlock);
	for (wp = &xs_watches; *wp != NULL; wp = &(*wp)->xw_next)
		if (*wp == w) {
			*wp = w->xw_next;
			break;
		}
	while (xs_calling == w) {
		mutex_spin_exit(&xs_evlock);
		(void)kpause("xsunw", false, 1, NULL);
		mutex_spin_enter(&xs_evlock);
	}
	mutex_spin_exit(&xs_evlock);
	return error == ENOENT ? 0 : error;
}

/*
 * A watch event ("path\0token\0", len bytes and a NUL) came off the
 * ring: queue it for the xenwatch thread.  Our tokens are watch ids.
 */
void
xs_queue_event(const char *msg, size_t len)
{
	struct xs_event *ev;
	const char *path = msg, *token;
	char *end;
	unsigned long id;

	token = path + strlen(path) + 1;
	if (token >= msg + len) {
		printf("xenstore: malformed watch event rejected\n");
		return;
	}
	id = strtoul(token, &end, 10);
	if (*end != '\0' || strlen(path) >= XS_EVPATH_MAX) {
		printf("xenstore: watch event for \"%.40s\" (token \"%.16s\") rejected\n",
		    path, token);
		return;
	}
	mutex_spin_enter(&xs_evlock);
	if (xs_ev_tail - xs_ev_head == XS_NEVENTS) {
		mutex_spin_exit(&xs_evlock);
		printf("xenstore: watch queue full, event for %s dropped\n",
		    path);
		return;
	}
	ev = &xs_events[xs_ev_tail % XS_NEVENTS];
	ev->ev_id = id;
	strlcpy(ev->ev_path, path, sizeof(ev->ev_path));
	xs_ev_tail++;
	cv_broadcast(&xs_evcv);
	mutex_spin_exit(&xs_evlock);
}

/* From the store's interrupt: xenwatch reads what came (xs_comms_poll). */
void
xs_kick_xenwatch(void)
{
	mutex_spin_enter(&xs_evlock);
	xs_kicked = true;
	cv_broadcast(&xs_evcv);
	mutex_spin_exit(&xs_evlock);
}

/* Run the callbacks of the queued events, one at a time, in order. */
static void
xs_run_watchers(void)
{
	struct xenstore_watch *w;
	char path[XS_EVPATH_MAX];
	unsigned int id;

	mutex_spin_enter(&xs_evlock);
	while (xs_ev_head != xs_ev_tail) {
		id = xs_events[xs_ev_head % XS_NEVENTS].ev_id;
		memcpy(path, xs_events[xs_ev_head % XS_NEVENTS].ev_path,
		    sizeof(path));
		xs_ev_head++;
		for (w = xs_watches; w != NULL; w = w->xw_next)
			if (w->xw_id == id)
				break;
		if (w == NULL)
			continue;	/* unwatched meanwhile */
		xs_calling = w;
		mutex_spin_exit(&xs_evlock);
		(*w->xw_cb)(w, path);
		mutex_spin_enter(&xs_evlock);
		xs_calling = NULL;
	}
	mutex_spin_exit(&xs_evlock);
}

/*
 * The xenwatch thread: reads events that arrived while no request was
 * in flight, and runs the callbacks, one at a time, in arrival order.
 */
static void
xenwatch_thread(void *arg)
{
	(void)arg;
	for (;;) {
		mutex_spin_enter(&xs_evlock);
		while (!xs_kicked && xs_ev_head == xs_ev_tail)
			cv_wait(&xs_evcv, &xs_evlock);
		xs_kicked = false;
		mutex_spin_exit(&xs_evlock);
		xs_comms_poll();
		xs_run_watchers();
	}
}

/*
 * Start xenwatch and let xenstored's events wake it.  Requests work
 * before this (they poll), so the vCPUs' availability can be read first.
 */
void
xenstore_attach(void)
{
	if (!xenstore_available())
		return;
	if (kthread_create(PRI_NONE, NULL, xenwatch_thread, NULL, NULL,
	    "xenwatch") != 0) {
		printf("xenstore: no xenwatch thread; watches won't fire\n");
		return;
	}
	(void)xs_comms_attach();
}
