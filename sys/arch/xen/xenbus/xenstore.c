/*	Petrel: xen/xenbus/xenstore.c -- talk to xenstored.
 *
 * The store is a page shared with xenstored (two 1 KiB rings) plus an
 * event channel.  Requests go one at a time under xs_lock: write the
 * header and payload to the request ring, kick, then take messages off
 * the reply ring (yielding to Xen while it is empty) until our reply
 * is there.  Everything read is checked: a header must be sane and a
 * reply must carry our request id and type (or XS_ERROR) and fit the
 * caller's buffer; anything else is an error, never trusted.
 *
 * Watch events are the other kind of message on the reply ring.  They
 * are queued, whoever reads them, and the xenwatch thread calls the
 * watchers with no ring lock held, so a callback may use the store.
 * The event channel only wakes that thread: a request in flight polls.
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/mutex.h>
#include <sys/condvar.h>
#include <sys/cpu.h>
#include <sys/lwp.h>
#include <sys/sched.h>

#include <xen/hypervisor.h>
#include <xen/evtchn.h>
#include <xen/xen.h>
#include <xen/xenpmap.h>
#include <xen/xenstore.h>
#include <xen/public/io/xs_wire.h>

static struct xenstore_domain_interface *xs_ring;
static unsigned int xs_evtchn;
static kmutex_t xs_lock;		/* the rings: one request at a time */
static uint32_t xs_req_id;
static bool xs_inited;
static char xs_msg[XENSTORE_PAYLOAD_MAX + 1];	/* under xs_lock */

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
	paddr_t ma;

	if (xs_inited)
		return xs_ring != NULL;
	xs_inited = true;
	mutex_init(&xs_lock, MUTEX_DEFAULT, IPL_NONE);
	mutex_init(&xs_evlock, MUTEX_SPIN, IPL_VM);
	cv_init(&xs_evcv, "xswatch");
	if (xendomain_is_dom0 || xen_start_info->store_mfn == 0)
		return false;	/* dom0 here runs no xenstored */
	ma = (paddr_t)xen_start_info->store_mfn << PAGE_SHIFT;
	xs_ring = (void *)PMAP_DIRECT_VA(xpmap_mtop(ma));
	xs_evtchn = xen_start_info->store_evtchn;
	return true;
}

static void
xs_write_ring(const void *data, size_t len)
{
	const char *p = data;
	XENSTORE_RING_IDX prod;

	while (len > 0) {
		prod = xs_ring->req_prod;
		if (prod - __atomic_load_n(&xs_ring->req_cons,
		    __ATOMIC_ACQUIRE) >= XENSTORE_RING_SIZE) {
			hypervisor_send_event(xs_evtchn);
			(void)HYPERVISOR_yield();
			continue;
		}
		xs_ring->req[MASK_XENSTORE_IDX(prod)] = *p++;
		len--;
		__atomic_store_n(&xs_ring->req_prod, prod + 1,
		    __ATOMIC_RELEASE);
	}
}

/* Read len bytes of reply (into buf, or dropped if buf is NULL). */
static void
xs_read_ring(void *buf, size_t len)
{
	char *p = buf;
	XENSTORE_RING_IDX cons;

	while (len > 0) {
		cons = xs_ring->rsp_cons;
		if (cons == __atomic_load_n(&xs_ring->rsp_prod,
		    __ATOMIC_ACQUIRE)) {
			(void)HYPERVISOR_yield();
			continue;
		}
		if (p != NULL)
			*p++ = xs_ring->rsp[MASK_XENSTORE_IDX(cons)];
		len--;
		__atomic_store_n(&xs_ring->rsp_cons, cons + 1,
		    __ATOMIC_RELEASE);
	}
	hypervisor_send_event(xs_evtchn);	/* room for more replies */
}

/* A whole message header waiting on the reply ring? */
static bool
xs_reply_waiting(void)
{
	return __atomic_load_n(&xs_ring->rsp_prod, __ATOMIC_ACQUIRE) -
	    xs_ring->rsp_cons >= sizeof(struct xsd_sockmsg);
}

static int
xs_error_code(const char *s)
{
	size_t i;

	for (i = 0; i < __arraycount(xsd_errors); i++)
		if (strcmp(s, xsd_errors[i].errstring) == 0)
			return xsd_errors[i].errnum;
	return EIO;
}

/*
 * A watch event of len bytes ("path\0token\0") is next on the ring:
 * queue it for the xenwatch thread.  Our tokens are watch ids.
 */
static void
xs_queue_event(size_t len)
{
	struct xs_event *ev;
	const char *path = xs_msg, *token;
	char *end;
	unsigned long id;

	KASSERT(mutex_owned(&xs_lock));
	xs_read_ring(xs_msg, len);
	xs_msg[len] = '\0';
	token = path + strlen(path) + 1;
	if (token >= xs_msg + len) {
		printf("xenstore: malformed watch event rejected\n");
		return;
	}
	id = strtoul(token, &end, 10);
	if (*end != '\0' || strlen(path) >= XS_EVPATH_MAX) {
		printf("xenstore: watch event for \"%.40s\" (token \"%.16s\") "
		    "rejected\n", path, token);
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

/*
 * Take the next message's header off the ring: 0 for a reply, EAGAIN
 * for a watch event (read whole and queued), EIO for a length we can't
 * trust, which leaves the ring out of step for good, so the client
 * stops.
 */
static int
xs_read_header(struct xsd_sockmsg *rsp)
{
	xs_read_ring(rsp, sizeof(*rsp));
	if (rsp->len > XENSTORE_PAYLOAD_MAX) {
		printf("xenstore: message of %u bytes rejected; store "
		    "unusable\n", rsp->len);
		xs_ring = NULL;
		return EIO;
	}
	if (rsp->type == XS_WATCH_EVENT) {
		xs_queue_event(rsp->len);
		return EAGAIN;
	}
	return 0;
}

/*
 * One request: "type" in transaction tx with payload p1 (sent with its
 * NUL) and then l2 bytes of p2; the reply's payload goes to out
 * (NUL-terminated), its length to *outlen.
 */
static int
xs_talk(xenstore_tx_t tx, uint32_t type, const char *p1, const char *p2,
    size_t l2, char *out, size_t outsize, size_t *outlen)
{
	struct xsd_sockmsg req, rsp;
	size_t l1 = strlen(p1) + 1;
	int error;

	if (!xenstore_available())
		return ENXIO;
	if (l1 + l2 > XENSTORE_PAYLOAD_MAX)
		return E2BIG;
	mutex_enter(&xs_lock);
	if (xs_ring == NULL) {
		mutex_exit(&xs_lock);
		return EIO;
	}
	req.type = type;
	req.req_id = ++xs_req_id;
	req.tx_id = tx;
	req.len = l1 + l2;
	xs_write_ring(&req, sizeof(req));
	xs_write_ring(p1, l1);
	if (l2 > 0)
		xs_write_ring(p2, l2);
	hypervisor_send_event(xs_evtchn);

	for (;;) {
		error = xs_read_header(&rsp);
		if (error == EAGAIN)
			continue;		/* a watch event: queued */
		if (error != 0)
			break;
		if (rsp.req_id != req.req_id) {
			printf("xenstore: stray reply (id %u, type %u) "
			    "dropped\n", rsp.req_id, rsp.type);
			xs_read_ring(NULL, rsp.len);
			continue;
		}
		if (rsp.type == XS_ERROR) {
			xs_read_ring(xs_msg, rsp.len);
			xs_msg[rsp.len] = '\0';
			error = xs_error_code(xs_msg);
			break;
		}
		if (rsp.type != type || rsp.len + 1 > outsize) {
			printf("xenstore: malformed reply (type %u, %u "
			    "bytes) rejected\n", rsp.type, rsp.len);
			xs_read_ring(NULL, rsp.len);
			error = EIO;
			break;
		}
		xs_read_ring(out, rsp.len);
		out[rsp.len] = '\0';
		if (outlen != NULL)
			*outlen = rsp.len;
		break;
	}
	mutex_exit(&xs_lock);
	return error;
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

/* The store's event channel: something arrived; wake xenwatch. */
static int
xs_intr(void *arg)
{
	(void)arg;
	mutex_spin_enter(&xs_evlock);
	xs_kicked = true;
	cv_broadcast(&xs_evcv);
	mutex_spin_exit(&xs_evlock);
	return 1;
}

/*
 * The xenwatch thread: reads events that arrived while no request was
 * in flight, and runs the callbacks, one at a time, in arrival order.
 */
static void
xenwatch_thread(void *arg)
{
	struct xenstore_watch *w;
	struct xsd_sockmsg rsp;
	char path[XS_EVPATH_MAX];
	unsigned int id;

	(void)arg;
	for (;;) {
		mutex_spin_enter(&xs_evlock);
		while (!xs_kicked && xs_ev_head == xs_ev_tail)
			cv_wait(&xs_evcv, &xs_evlock);
		xs_kicked = false;
		mutex_spin_exit(&xs_evlock);

		mutex_enter(&xs_lock);
		while (xs_ring != NULL && xs_reply_waiting()) {
			if (xs_read_header(&rsp) != 0)
				continue;
			printf("xenstore: unexpected message (type %u, id "
			    "%u) dropped\n", rsp.type, rsp.req_id);
			xs_read_ring(NULL, rsp.len);
		}
		mutex_exit(&xs_lock);

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
	if (event_set_handler(xs_evtchn, xs_intr, NULL, IPL_VM, "xenstore",
	    &cpu_info_primary) != 0) {
		printf("xenstore: cannot take event channel %u; watches "
		    "won't fire\n", xs_evtchn);
		return;
	}
	hypervisor_unmask_event(xs_evtchn);
}
