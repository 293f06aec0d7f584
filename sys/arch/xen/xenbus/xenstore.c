/*	Petrel: xen/xenbus/xenstore.c -- talk to xenstored.
 *
 * The store is a page shared with xenstored (two 1 KiB rings) plus an
 * event channel.  One request at a time: write the header and payload
 * to the request ring, kick, then poll the reply ring (yielding to Xen)
 * until the whole reply is there.  Replies are checked: their header
 * must be sane, carry our request id and type (or XS_ERROR), and fit the
 * caller's buffer; anything else is an error, never trusted.  Watch
 * events that arrive meanwhile are dropped (nobody watches yet).
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/mutex.h>
#include <sys/cpu.h>

#include <xen/hypervisor.h>
#include <xen/evtchn.h>
#include <xen/xen.h>
#include <xen/xenpmap.h>
#include <xen/xenstore.h>
#include <xen/public/io/xs_wire.h>

static struct xenstore_domain_interface *xs_ring;
static unsigned int xs_evtchn;
static kmutex_t xs_lock;
static uint32_t xs_req_id;
static bool xs_inited;

bool
xenstore_available(void)
{
	paddr_t ma;

	if (xs_inited)
		return xs_ring != NULL;
	xs_inited = true;
	mutex_init(&xs_lock, MUTEX_DEFAULT, IPL_NONE);
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
 * One request: "type" with the given payload parts (each sent with its
 * terminating NUL when nul is set); the reply's payload goes to out
 * (NUL-terminated), its length to *outlen.
 */
static int
xs_talk(uint32_t type, const char *p1, const char *p2, char *out,
    size_t outsize, size_t *outlen)
{
	struct xsd_sockmsg req, rsp;
	static char err[64];
	size_t l1 = strlen(p1) + 1, l2 = p2 != NULL ? strlen(p2) : 0;
	int error = 0;

	if (!xenstore_available())
		return ENXIO;
	if (l1 + l2 > XENSTORE_PAYLOAD_MAX)
		return E2BIG;
	mutex_enter(&xs_lock);
	req.type = type;
	req.req_id = ++xs_req_id;
	req.tx_id = 0;
	req.len = l1 + l2;
	xs_write_ring(&req, sizeof(req));
	xs_write_ring(p1, l1);
	if (l2 > 0)
		xs_write_ring(p2, l2);
	hypervisor_send_event(xs_evtchn);

	for (;;) {
		xs_read_ring(&rsp, sizeof(rsp));
		if (rsp.len > XENSTORE_PAYLOAD_MAX) {
			/* Can't resynchronise on a bad length: give up. */
			printf("xenstore: reply of %u bytes rejected\n",
			    rsp.len);
			error = EIO;
			break;
		}
		if (rsp.type == XS_WATCH_EVENT || rsp.req_id != req.req_id) {
			xs_read_ring(NULL, rsp.len);	/* not ours */
			continue;
		}
		if (rsp.type == XS_ERROR) {
			size_t n = MIN(rsp.len, sizeof(err) - 1);

			xs_read_ring(err, n);
			xs_read_ring(NULL, rsp.len - n);
			err[n] = '\0';
			error = xs_error_code(err);
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
xenstore_read(const char *path, char *buf, size_t size)
{
	return xs_talk(XS_READ, path, NULL, buf, size, NULL);
}

int
xenstore_write(const char *path, const char *value)
{
	char ok[8];

	return xs_talk(XS_WRITE, path, value, ok, sizeof(ok), NULL);
}

int
xenstore_rm(const char *path)
{
	char ok[8];

	return xs_talk(XS_RM, path, NULL, ok, sizeof(ok), NULL);
}

/* The entries of a directory, NUL-separated, and how many. */
int
xenstore_directory(const char *path, char *buf, size_t size, int *n)
{
	size_t len = 0, i;
	int error;

	error = xs_talk(XS_DIRECTORY, path, NULL, buf, size, &len);
	*n = 0;
	for (i = 0; error == 0 && i < len; i++)
		if (buf[i] == '\0')
			(*n)++;
	return error;
}
