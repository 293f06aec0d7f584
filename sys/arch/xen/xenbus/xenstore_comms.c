/*	Petrel: xen/xenbus/xenstore_comms.c -- the store's ring and its
 *	wire protocol, under the xenstore client (xenstore.c).
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
 * Watch events are the other kind of message on the reply ring: read
 * here, whoever reads them, and handed to xenstore.c's queue.
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/mutex.h>
#include <sys/condvar.h>
#include <sys/cpu.h>
#include <sys/lwp.h>

#include <xen/hypervisor.h>
#include <xen/evtchn.h>
#include <xen/xen.h>
#include <xen/xen_clock.h>
#include <xen/xenpmap.h>
#include <xen/xenstore.h>
#include <xen/public/io/xs_wire.h>

#include "xenstore_comms.h"

static struct xenstore_domain_interface *xs_ring;
static unsigned int xs_evtchn;
static kmutex_t xs_lock;		/* the rings: one request at a time */
static uint32_t xs_req_id;
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
static kmutex_t xs_replylock;	/* spin: xs_replycv, xs_intr_on */
static bool xs_intr_on;			/* xs_intr wakes xs_replycv */
static kcondvar_t xs_replycv;

/*
 * Map the ring that start_info names.  False if there is none: dom0
 * here runs no xenstored.  The locks are set up either way.
 */
bool
xs_comms_init(void)
{
	paddr_t ma;

	mutex_init(&xs_lock, MUTEX_DEFAULT, IPL_NONE);
	mutex_init(&xs_replylock, MUTEX_SPIN, IPL_VM);
	cv_init(&xs_replycv, "xsreply");
	if (xendomain_is_dom0 || xen_start_info->store_mfn == 0)
		return false;
	ma = (paddr_t)xen_start_info->store_mfn << PAGE_SHIFT;
	xs_ring = (void *)PMAP_DIRECT_VA(xpmap_mtop(ma));
	xs_evtchn = xen_start_info->store_evtchn;
	return true;
}

/* False once there is no ring, or one out of step for good. */
bool
xs_comms_usable(void)
{
	return xs_ring != NULL;
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
 * event whenever it moves a ring, and xs_intr wakes us under xs_replylock;
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
		mutex_spin_enter(&xs_replylock);
		if (!ready())
			(void)cv_timedwait(&xs_replycv, &xs_replylock, slice);
		mutex_spin_exit(&xs_replylock);
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

/*
 * A watch event of len bytes ("path\0token\0") is next on the ring:
 * read it whole and hand it to the watch queue.
 */
static int
xs_read_event(size_t len, uint64_t deadline)
{
	KASSERT(mutex_owned(&xs_lock));
	if (xs_read_ring(xs_msg, len, deadline) != 0) {
		printf("xenstore: watch event cut short, dropped\n");
		return ETIMEDOUT;
	}
	xs_msg[len] = '\0';
	xs_queue_event(xs_msg, len);
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
		printf("xenstore: xenstored answers again (%u request%s timed out)\n",
		    xs_timedout, xs_timedout == 1 ? "" : "s");
		xs_timedout = 0;
	}
	if (rsp->len > XENSTORE_PAYLOAD_MAX) {
		printf("xenstore: message of %u bytes rejected; store unusable\n",
		    rsp->len);
		xs_ring = NULL;
		return EIO;
	}
	if (rsp->type == XS_WATCH_EVENT)
		return (error = xs_read_event(rsp->len, deadline)) != 0 ?
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
 * Put a request in xs_out for xs_send_pending: "type" in transaction tx
 * with payload p1 (with its NUL) and then l2 bytes of p2.  *req is its
 * header, with a new request id.
 */
static void
xs_compose(struct xsd_sockmsg *req, xenstore_tx_t tx, uint32_t type,
    const char *p1, const char *p2, size_t l2)
{
	size_t l1 = strlen(p1) + 1;

	req->type = type;
	req->req_id = ++xs_req_id;
	req->tx_id = tx;
	req->len = l1 + l2;
	memcpy(xs_out, req, sizeof(*req));
	memcpy(xs_out + sizeof(*req), p1, l1);
	if (l2 > 0)
		memcpy(xs_out + sizeof(*req) + l1, p2, l2);
	xs_out_len = sizeof(*req) + l1 + l2;
	xs_out_done = 0;
}

/*
 * The header of our reply (rsp) is read: take its payload into out
 * (NUL-terminated) and its length to *outlen, or turn the error it
 * carries into an errno.  A reply of another type than our request's,
 * or too big for out, is dropped: EIO.
 */
static int
xs_take_reply(const struct xsd_sockmsg *rsp, uint32_t type, char *out,
    size_t outsize, size_t *outlen, uint64_t deadline)
{
	int error;

	if (rsp->type == XS_ERROR) {
		if ((error = xs_read_ring(xs_msg, rsp->len, deadline)) != 0)
			return error;
		xs_msg[rsp->len] = '\0';
		return xs_error_code(xs_msg);
	}
	if (rsp->type != type || rsp->len + 1 > outsize) {
		printf("xenstore: malformed reply (type %u, %u bytes) rejected\n",
		    rsp->type, rsp->len);
		if ((error = xs_read_ring(NULL, rsp->len, deadline)) == 0)
			error = EIO;
		return error;
	}
	if ((error = xs_read_ring(out, rsp->len, deadline)) != 0)
		return error;
	out[rsp->len] = '\0';
	if (outlen != NULL)
		*outlen = rsp->len;
	return 0;
}

/*
 * Read messages until the reply to req, queueing watch events and
 * dropping other replies on the way, and take it (xs_take_reply).
 * *answered: its header came, so no reply to it is left to come.
 */
static int
xs_await_reply(const struct xsd_sockmsg *req, char *out, size_t outsize,
    size_t *outlen, uint64_t deadline, bool *answered)
{
	struct xsd_sockmsg rsp;
	int error;

	for (;;) {
		error = xs_read_header(&rsp, deadline);
		if (error == EAGAIN)
			continue;		/* a watch event: queued */
		if (error != 0)
			return error;
		if (rsp.req_id == req->req_id)
			break;
		if ((error = xs_drop_reply(&rsp, deadline)) != 0)
			return error;
	}
	*answered = true;
	return xs_take_reply(&rsp, req->type, out, outsize, outlen, deadline);
}

/*
 * A request of this type timed out, start being when it began: say so,
 * and count it.  req is its header, or NULL if it never got onto the
 * ring; if it did (or its tail waits in xs_out), it will be answered
 * late, unless answered already.  Returns ETIMEDOUT.
 */
static int
xs_timed_out(uint32_t type, const struct xsd_sockmsg *req, uint64_t start,
    bool answered)
{
	unsigned int ms;

	xs_timedout++;
	ms = (xen_systime_ns() - start) / 1000000;
	if (req == NULL) {
		printf("xenstore: %s request not sent, ring full for %u ms; xenstored not answering\n",
		    xs_type_name(type), ms);
		return ETIMEDOUT;
	}
	if (!answered)
		xs_abandoned++;
	printf("xenstore: request %u (%s) timed out after %u ms; xenstored not answering\n",
	    req->req_id, xs_type_name(type), ms);
	return ETIMEDOUT;
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
	struct xsd_sockmsg req;
	uint64_t start, deadline;
	bool answered = false;
	int error;

	KASSERT(mutex_owned(&xs_lock));
	start = xen_systime_ns();
	deadline = start + XS_TIMEOUT_NS;
	/* The tail of an abandoned request goes first. */
	if (xs_send_pending(deadline) != 0)
		return xs_timed_out(type, NULL, start, false);
	xs_compose(&req, tx, type, p1, p2, l2);
	if ((error = xs_send_pending(deadline)) == 0)
		error = xs_await_reply(&req, out, outsize, outlen, deadline,
		    &answered);
	if (error != ETIMEDOUT)
		return error;
	return xs_timed_out(type, &req, start, answered);
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
			printf("xenstore: abandoned transaction %u left open: %s\n",
			    tx, xenstore_strerror(error));
	}
}

/*
 * A request (xs_exchange) from the client, whose payload fits: EIO if
 * the ring went out of step.  The transactions of requests abandoned
 * before are aborted after it.
 */
int
xs_comms_request(xenstore_tx_t tx, uint32_t type, const char *p1,
    const char *p2, size_t l2, char *out, size_t outsize, size_t *outlen)
{
	int error;

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

/*
 * For the xenwatch thread, when the store's event came: read what
 * arrived while no request was in flight.  Nothing is awaited, so any
 * reply here is late (or stray); watch events go to the queue.  What
 * is left of a cut message goes first, without waiting; a message begun
 * is read with the usual bound.
 */
void
xs_comms_poll(void)
{
	struct xsd_sockmsg rsp;
	uint64_t deadline;
	int error;

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
}

/*
 * The store's event channel: a ring moved.  Wake a request waiting on
 * it, and xenwatch for what came while none was in flight.
 */
static int
xs_intr(void *arg)
{
	(void)arg;
	mutex_spin_enter(&xs_replylock);
	cv_broadcast(&xs_replycv);
	mutex_spin_exit(&xs_replylock);
	xs_kick_xenwatch();
	return 1;
}

/*
 * Save and restore.  xs_comms_suspend() waits for the request in
 * flight, if any, and holds off others until xs_comms_suspend_end();
 * in between, on the boot vCPU of a new domain, xs_comms_rebind()
 * takes the new event channel (the ring is the same page).
 */
void
xs_comms_suspend(void)
{
	mutex_enter(&xs_lock);
}

void
xs_comms_rebind(void)
{
	paddr_t ma;

	if (xs_ring == NULL)
		return;
	ma = (paddr_t)xen_start_info->store_mfn << PAGE_SHIFT;
	xs_ring = (void *)PMAP_DIRECT_VA(xpmap_mtop(ma));
	xs_evtchn = xen_start_info->store_evtchn;
	if (!xs_intr_on)
		return;
	if (bind_port_to_evtch(xs_evtchn, &cpu_info_primary, xs_intr, NULL,
	    IPL_VM, "xenstore") != 0) {
		printf("xenstore: cannot take event channel %u after the restore\n",
		    xs_evtchn);
		return;
	}
	hypervisor_unmask_event(xs_evtchn);
}

void
xs_comms_suspend_end(void)
{
	mutex_exit(&xs_lock);
}

/*
 * Let xenstored's events wake requests and xenwatch (xs_intr); until
 * then requests poll.  False if the event channel can't be had.
 */
bool
xs_comms_attach(void)
{
	if (bind_port_to_evtch(xs_evtchn, &cpu_info_primary, xs_intr, NULL,
	    IPL_VM, "xenstore") != 0) {
		printf("xenstore: cannot take event channel %u; watches won't fire\n",
		    xs_evtchn);
		return false;
	}
	mutex_spin_enter(&xs_replylock);
	xs_intr_on = true;
	mutex_spin_exit(&xs_replylock);
	hypervisor_unmask_event(xs_evtchn);
	return true;
}
