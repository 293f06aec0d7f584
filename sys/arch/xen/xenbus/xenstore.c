/*	Petrel: xen/xenbus/xenstore.c -- talk to xenstored.
 *
 * The store is a page shared with xenstored (two 1 KiB rings) plus an
 * event channel.  Requests go one at a time under xs_lock: write the
 * header and payload to the request ring, kick, then take messages off
 * the reply ring until our reply is there.  Everything read is checked:
 * a header must be sane and a reply must carry our request id and type
 * (or XS_ERROR) and fit the caller's buffer; anything else is an error,
 * never trusted.  Replies to other ids are late ones and dropped.
 *
 * A request waits for xenstored 5 s at most, then fails with ETIMEDOUT
 * and the client goes on: a stopped xenstored costs each request that
 * bound, never the kernel.  It sleeps until the store's event wakes it;
 * at boot (cold) it polls, yielding to Xen.
 *
 * Watch events are the other kind of message on the reply ring.  They
 * are queued, whoever reads them, and the xenwatch thread calls the
 * watchers with no ring lock held, so a callback may use the store.
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
#include <xen/xen_clock.h>
#include <xen/xenpmap.h>
#include <xen/xenstore.h>
#include <xen/public/io/xs_wire.h>

static struct xenstore_domain_interface *xs_ring;
static unsigned int xs_evtchn;
static kmutex_t xs_lock;		/* the rings: one request at a time */
static uint32_t xs_req_id;
static bool xs_inited;
static char xs_msg[XENSTORE_PAYLOAD_MAX + 1];	/* under xs_lock */

/*
 * Timeouts.  A request waits XS_TIMEOUT_NS at most for xenstored, then
 * is abandoned: its reply, if it ever comes, is one of xs_abandoned
 * late ones, told from the awaited one by its req_id and dropped.  What
 * a timeout leaves half done on the rings is finished later, so they
 * stay in step: the tail of a request (xs_out from xs_out_done), the
 * rest of a message (xs_skip bytes).  All under xs_lock.
 */
#define XS_TIMEOUT_NS	5000000000ULL
#define XS_SLICE_TICKS	(hz / 10 + 1)	/* in case an event is missed */
static char xs_out[sizeof(struct xsd_sockmsg) + XENSTORE_PAYLOAD_MAX];
static size_t xs_out_len, xs_out_done;
static size_t xs_skip;
static unsigned int xs_abandoned;	/* late replies to come */
static unsigned int xs_timedout;	/* timeouts since the last answer */
static xenstore_tx_t xs_late_tx[4];	/* started late: to abort */
static unsigned int xs_nlate_tx;
static bool xs_intr_on;			/* xs_intr wakes xs_replycv */
static kcondvar_t xs_replycv;		/* with xs_evlock */

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
	cv_init(&xs_replycv, "xsreply");
	if (xendomain_is_dom0 || xen_start_info->store_mfn == 0)
		return false;	/* dom0 here runs no xenstored */
	ma = (paddr_t)xen_start_info->store_mfn << PAGE_SHIFT;
	xs_ring = (void *)PMAP_DIRECT_VA(xpmap_mtop(ma));
	xs_evtchn = xen_start_info->store_evtchn;
	return true;
}

/* Has xenstored taken enough requests off its ring for one more byte? */
static bool
xs_req_room(void)
{
	return xs_ring->req_prod - __atomic_load_n(&xs_ring->req_cons,
	    __ATOMIC_ACQUIRE) < XENSTORE_RING_SIZE;
}

/* Anything on the reply ring? */
static bool
xs_reply_any(void)
{
	return __atomic_load_n(&xs_ring->rsp_prod, __ATOMIC_ACQUIRE) !=
	    xs_ring->rsp_cons;
}

/* A whole message header waiting on the reply ring? */
static bool
xs_reply_waiting(void)
{
	return __atomic_load_n(&xs_ring->rsp_prod, __ATOMIC_ACQUIRE) -
	    xs_ring->rsp_cons >= sizeof(struct xsd_sockmsg);
}

/*
 * May a request sleep until xenstored's event?  Not while cold (no
 * clock yet, events masked until spl0() in main), not before xs_intr
 * is ours, and not at a raised level or in an interrupt: there it polls.
 */
static bool
xs_can_sleep(void)
{
	struct cpu_info *ci = curcpu();

	return !cold && xs_intr_on && ci->ci_ilevel == IPL_NONE &&
	    ci->ci_idepth == 0 && (curlwp->l_flag & LW_IDLE) == 0;
}

/*
 * Wait until ready() or the deadline (ETIMEDOUT).  xenstored sends an
 * event whenever it moves a ring, and xs_intr wakes us under xs_evlock;
 * ready() is looked at under that lock before we sleep, so a wakeup
 * can't slip in between.  Each sleep is still bounded by a slice, so a
 * lost event costs a slice, not the whole bound.
 */
static int
xs_wait(bool (*ready)(void), uint64_t deadline)
{
	uint64_t now;
	int slice;

	for (;;) {
		if (ready())
			return 0;
		now = xen_systime_ns();
		if (now >= deadline)
			return ETIMEDOUT;
		if (!xs_can_sleep()) {
			(void)HYPERVISOR_yield();
			continue;
		}
		slice = (deadline - now) / (1000000000ULL / hz) + 1;
		if (slice > XS_SLICE_TICKS)
			slice = XS_SLICE_TICKS;
		mutex_spin_enter(&xs_evlock);
		if (!ready())
			(void)cv_timedwait(&xs_replycv, &xs_evlock, slice);
		mutex_spin_exit(&xs_evlock);
	}
}

/*
 * Put what is left of the request in xs_out on the ring, waiting for
 * room until deadline.  On ETIMEDOUT the rest stays in xs_out and the
 * next request sends it first: a request is never cut short on the
 * ring, where xenstored would read the next one as its tail.
 */
static int
xs_send_pending(uint64_t deadline)
{
	XENSTORE_RING_IDX prod;
	int error = 0;

	if (xs_out_done == xs_out_len)
		return 0;
	while (xs_out_done < xs_out_len) {
		if (!xs_req_room()) {
			hypervisor_send_event(xs_evtchn);
			if ((error = xs_wait(xs_req_room, deadline)) != 0)
				break;
		}
		prod = xs_ring->req_prod;
		xs_ring->req[MASK_XENSTORE_IDX(prod)] = xs_out[xs_out_done++];
		__atomic_store_n(&xs_ring->req_prod, prod + 1,
		    __ATOMIC_RELEASE);
	}
	hypervisor_send_event(xs_evtchn);
	return error;
}

/*
 * Read len bytes of a message (into buf, or dropped if buf is NULL),
 * waiting until deadline.  On ETIMEDOUT xenstored stopped in mid-message:
 * what it still owes of this one is dropped first thing next time
 * (xs_skip), so the ring stays in step.
 */
static int
xs_read_ring(void *buf, size_t len, uint64_t deadline)
{
	char *p = buf;
	XENSTORE_RING_IDX cons;
	int error = 0;

	while (len > 0) {
		if (!xs_reply_any() &&
		    (error = xs_wait(xs_reply_any, deadline)) != 0) {
			xs_skip = len;
			break;
		}
		cons = xs_ring->rsp_cons;
		if (p != NULL)
			*p++ = xs_ring->rsp[MASK_XENSTORE_IDX(cons)];
		len--;
		__atomic_store_n(&xs_ring->rsp_cons, cons + 1,
		    __ATOMIC_RELEASE);
	}
	hypervisor_send_event(xs_evtchn);	/* room for more replies */
	return error;
}

/* Drop the rest of a message a timeout left on the ring. */
static int
xs_drop_skipped(uint64_t deadline)
{
	size_t len = xs_skip;

	if (len == 0)
		return 0;
	xs_skip = 0;
	return xs_read_ring(NULL, len, deadline);
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

static const char *
xs_type_name(uint32_t type)
{
	switch (type) {
	case XS_DIRECTORY:		return "directory";
	case XS_READ:			return "read";
	case XS_WATCH:			return "watch";
	case XS_UNWATCH:		return "unwatch";
	case XS_TRANSACTION_START:	return "transaction start";
	case XS_TRANSACTION_END:	return "transaction end";
	case XS_WRITE:			return "write";
	case XS_RM:			return "rm";
	case XS_ERROR:			return "error";
	}
	return "other";
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

/*
 * A watch event of len bytes ("path\0token\0") is next on the ring:
 * queue it for the xenwatch thread.  Our tokens are watch ids.
 */
static int
xs_queue_event(size_t len, uint64_t deadline)
{
	struct xs_event *ev;
	const char *path = xs_msg, *token;
	char *end;
	unsigned long id;

	KASSERT(mutex_owned(&xs_lock));
	if (xs_read_ring(xs_msg, len, deadline) != 0) {
		printf("xenstore: watch event cut short, dropped\n");
		return ETIMEDOUT;
	}
	xs_msg[len] = '\0';
	token = path + strlen(path) + 1;
	if (token >= xs_msg + len) {
		printf("xenstore: malformed watch event rejected\n");
		return 0;
	}
	id = strtoul(token, &end, 10);
	if (*end != '\0' || strlen(path) >= XS_EVPATH_MAX) {
		printf("xenstore: watch event for \"%.40s\" (token \"%.16s\") "
		    "rejected\n", path, token);
		return 0;
	}
	mutex_spin_enter(&xs_evlock);
	if (xs_ev_tail - xs_ev_head == XS_NEVENTS) {
		mutex_spin_exit(&xs_evlock);
		printf("xenstore: watch queue full, event for %s dropped\n",
		    path);
		return 0;
	}
	ev = &xs_events[xs_ev_tail % XS_NEVENTS];
	ev->ev_id = id;
	strlcpy(ev->ev_path, path, sizeof(ev->ev_path));
	xs_ev_tail++;
	cv_broadcast(&xs_evcv);
	mutex_spin_exit(&xs_evlock);
	return 0;
}

/*
 * Take the next message's header off the ring, waiting for it until
 * deadline: 0 for a reply, EAGAIN for a watch event (read whole and
 * queued), ETIMEDOUT, or EIO for a length we can't trust, which leaves
 * the ring out of step for good, so the client stops.
 */
static int
xs_read_header(struct xsd_sockmsg *rsp, uint64_t deadline)
{
	int error;

	if ((error = xs_drop_skipped(deadline)) != 0 ||
	    (error = xs_wait(xs_reply_waiting, deadline)) != 0)
		return error;
	(void)xs_read_ring(rsp, sizeof(*rsp), deadline);	/* all there */
	if (xs_timedout > 0) {
		printf("xenstore: xenstored answers again (%u request%s "
		    "timed out)\n", xs_timedout, xs_timedout == 1 ? "" : "s");
		xs_timedout = 0;
	}
	if (rsp->len > XENSTORE_PAYLOAD_MAX) {
		printf("xenstore: message of %u bytes rejected; store "
		    "unusable\n", rsp->len);
		xs_ring = NULL;
		return EIO;
	}
	if (rsp->type == XS_WATCH_EVENT)
		return (error = xs_queue_event(rsp->len, deadline)) != 0 ?
		    error : EAGAIN;
	return 0;
}

/*
 * A reply that is not the one awaited: drop it.  Most are late, for a
 * request that timed out; a transaction such a request started is
 * still open in xenstored, so it is noted, to be aborted (xs_end_late).
 */
static int
xs_drop_reply(const struct xsd_sockmsg *rsp, uint64_t deadline)
{
	char id[16], *end;
	unsigned long tx;
	int error;

	if (xs_abandoned > 0) {
		xs_abandoned--;
		printf("xenstore: late reply to request %u (%s) dropped\n",
		    rsp->req_id, xs_type_name(rsp->type));
	} else
		printf("xenstore: stray reply (id %u, type %u) dropped\n",
		    rsp->req_id, rsp->type);
	if (rsp->type != XS_TRANSACTION_START || rsp->len >= sizeof(id))
		return xs_read_ring(NULL, rsp->len, deadline);
	if ((error = xs_read_ring(id, rsp->len, deadline)) != 0)
		return error;
	id[rsp->len] = '\0';
	tx = strtoul(id, &end, 10);
	if (*end != '\0' || tx == 0 || tx > UINT32_MAX)
		return 0;
	if (xs_nlate_tx == __arraycount(xs_late_tx)) {
		printf("xenstore: transaction %lu left open\n", tx);
		return 0;
	}
	xs_late_tx[xs_nlate_tx++] = tx;
	return 0;
}

/*
 * One request: "type" in transaction tx with payload p1 (sent with its
 * NUL) and then l2 bytes of p2; the reply's payload goes to out
 * (NUL-terminated), its length to *outlen.  xenstored gets XS_TIMEOUT_NS
 * to take it and answer, else ETIMEDOUT: the request is abandoned and
 * its reply, when it comes, is told from ours by its id and dropped.
 */
static int
xs_exchange(xenstore_tx_t tx, uint32_t type, const char *p1, const char *p2,
    size_t l2, char *out, size_t outsize, size_t *outlen)
{
	struct xsd_sockmsg req, rsp;
	size_t l1 = strlen(p1) + 1;
	uint64_t start, deadline;
	bool composed = false, answered = false;
	unsigned int ms;
	int error;

	KASSERT(mutex_owned(&xs_lock));
	start = xen_systime_ns();
	deadline = start + XS_TIMEOUT_NS;
	/* The tail of an abandoned request goes first. */
	if ((error = xs_send_pending(deadline)) != 0)
		goto timedout;
	req.type = type;
	req.req_id = ++xs_req_id;
	req.tx_id = tx;
	req.len = l1 + l2;
	memcpy(xs_out, &req, sizeof(req));
	memcpy(xs_out + sizeof(req), p1, l1);
	if (l2 > 0)
		memcpy(xs_out + sizeof(req) + l1, p2, l2);
	xs_out_len = sizeof(req) + l1 + l2;
	xs_out_done = 0;
	composed = true;
	if ((error = xs_send_pending(deadline)) != 0)
		goto timedout;

	for (;;) {
		error = xs_read_header(&rsp, deadline);
		if (error == EAGAIN)
			continue;		/* a watch event: queued */
		if (error != 0)
			break;
		if (rsp.req_id != req.req_id) {
			if ((error = xs_drop_reply(&rsp, deadline)) != 0)
				break;
			continue;
		}
		answered = true;
		if (rsp.type == XS_ERROR) {
			if ((error = xs_read_ring(xs_msg, rsp.len,
			    deadline)) != 0)
				break;
			xs_msg[rsp.len] = '\0';
			error = xs_error_code(xs_msg);
			break;
		}
		if (rsp.type != type || rsp.len + 1 > outsize) {
			printf("xenstore: malformed reply (type %u, %u "
			    "bytes) rejected\n", rsp.type, rsp.len);
			if ((error = xs_read_ring(NULL, rsp.len,
			    deadline)) == 0)
				error = EIO;
			break;
		}
		if ((error = xs_read_ring(out, rsp.len, deadline)) != 0)
			break;
		out[rsp.len] = '\0';
		if (outlen != NULL)
			*outlen = rsp.len;
		break;
	}
	if (error != ETIMEDOUT)
		return error;
timedout:
	xs_timedout++;
	ms = (xen_systime_ns() - start) / 1000000;
	if (!composed) {
		printf("xenstore: %s request not sent, ring full for %u ms; "
		    "xenstored not answering\n", xs_type_name(type), ms);
		return ETIMEDOUT;
	}
	/* On the ring (or its tail in xs_out): it will be answered. */
	if (!answered)
		xs_abandoned++;
	printf("xenstore: request %u (%s) timed out after %u ms; "
	    "xenstored not answering\n", req.req_id, xs_type_name(type), ms);
	return ETIMEDOUT;
}

/*
 * Abort the transactions that abandoned requests started; a timeout
 * here leaves one open (xenstored ends it with the domain).
 */
static void
xs_end_late(void)
{
	char ok[8];
	xenstore_tx_t tx;
	int error;

	KASSERT(mutex_owned(&xs_lock));
	while (xs_nlate_tx > 0 && xs_ring != NULL) {
		tx = xs_late_tx[--xs_nlate_tx];
		error = xs_exchange(tx, XS_TRANSACTION_END, "F", NULL, 0, ok,
		    sizeof(ok), NULL);
		if (error != 0)
			printf("xenstore: abandoned transaction %u left open: "
			    "%s\n", tx, xenstore_strerror(error));
	}
}

static int
xs_talk(xenstore_tx_t tx, uint32_t type, const char *p1, const char *p2,
    size_t l2, char *out, size_t outsize, size_t *outlen)
{
	int error;

	if (!xenstore_available())
		return ENXIO;
	if (strlen(p1) + 1 + l2 > XENSTORE_PAYLOAD_MAX)
		return E2BIG;
	mutex_enter(&xs_lock);
	if (xs_ring == NULL) {
		mutex_exit(&xs_lock);
		return EIO;
	}
	error = xs_exchange(tx, type, p1, p2, l2, out, outsize, outlen);
	xs_end_late();
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

/*
 * The store's event channel: a ring moved.  Wake a request waiting on
 * it, and xenwatch for what came while none was in flight.
 */
static int
xs_intr(void *arg)
{
	(void)arg;
	mutex_spin_enter(&xs_evlock);
	xs_kicked = true;
	cv_broadcast(&xs_evcv);
	cv_broadcast(&xs_replycv);
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
	uint64_t deadline;
	unsigned int id;
	int error;

	(void)arg;
	for (;;) {
		mutex_spin_enter(&xs_evlock);
		while (!xs_kicked && xs_ev_head == xs_ev_tail)
			cv_wait(&xs_evcv, &xs_evlock);
		xs_kicked = false;
		mutex_spin_exit(&xs_evlock);

		/*
		 * Nothing is awaited: any reply here is late (or stray).
		 * What is left of a cut message goes first, without
		 * waiting; a message begun is read with the usual bound.
		 */
		mutex_enter(&xs_lock);
		if (xs_ring != NULL)
			(void)xs_drop_skipped(xen_systime_ns());
		while (xs_ring != NULL && xs_skip == 0 && xs_reply_waiting()) {
			deadline = xen_systime_ns() + XS_TIMEOUT_NS;
			error = xs_read_header(&rsp, deadline);
			if (error == 0)
				error = xs_drop_reply(&rsp, deadline);
			if (error != 0 && error != EAGAIN)
				break;
		}
		if (xs_ring != NULL)
			xs_end_late();
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
	if (bind_port_to_evtch(xs_evtchn, &cpu_info_primary, xs_intr, NULL,
	    IPL_VM, "xenstore") != 0) {
		printf("xenstore: cannot take event channel %u; watches "
		    "won't fire\n", xs_evtchn);
		return;
	}
	mutex_spin_enter(&xs_evlock);
	xs_intr_on = true;
	mutex_spin_exit(&xs_evlock);
	hypervisor_unmask_event(xs_evtchn);
}
