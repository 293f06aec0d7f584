/*	Petrel: xen/xencons.c -- the Xen console.
 *
 * dom0 writes through HYPERVISOR_console_io straight to Xen's serial
 * line.  A domU has a page shared with xenconsoled (struct
 * xencons_interface, two rings) and an event channel to kick it.
 * Output never waits for an interrupt: when the ring is full we kick
 * the backend and yield until it drains, so panic messages get out.
 */

#include <sys/param.h>
#include <sys/systm.h>

#include <dev/cons.h>
#include <xen/hypervisor.h>
#include <xen/xen.h>
#include <xen/xenpmap.h>
#include <xen/public/io/console.h>

static struct xencons_interface *xencons_ring;
static evtchn_port_t xencons_evtchn;

static void
xencons_dom0_write(const char *buf, size_t len)
{
	(void)HYPERVISOR_console_io(CONSOLEIO_write, len, buf);
}

static int
xencons_dom0_getc(void)
{
	char c;

	if (HYPERVISOR_console_io(CONSOLEIO_read, 1, &c) == 1)
		return (unsigned char)c;
	return -1;
}

static void
xencons_notify(void)
{
	struct evtchn_send send = { .port = xencons_evtchn };

	(void)HYPERVISOR_event_channel_op(EVTCHNOP_send, &send);
}

static void
xencons_ring_write(const char *buf, size_t len)
{
	struct xencons_interface *r = xencons_ring;
	XENCONS_RING_IDX cons, prod;

	while (len > 0) {
		cons = __atomic_load_n(&r->out_cons, __ATOMIC_ACQUIRE);
		prod = r->out_prod;
		if (prod - cons >= sizeof(r->out)) {
			/* Full: let xenconsoled run, then look again. */
			xencons_notify();
			(void)HYPERVISOR_yield();
			continue;
		}
		while (len > 0 && prod - cons < sizeof(r->out)) {
			r->out[MASK_XENCONS_IDX(prod, r->out)] = *buf++;
			prod++;
			len--;
		}
		__atomic_store_n(&r->out_prod, prod, __ATOMIC_RELEASE);
		xencons_notify();
	}
}

static int
xencons_ring_getc(void)
{
	struct xencons_interface *r = xencons_ring;
	XENCONS_RING_IDX cons = r->in_cons;
	int c;

	if (cons == __atomic_load_n(&r->in_prod, __ATOMIC_ACQUIRE))
		return -1;
	c = (unsigned char)r->in[MASK_XENCONS_IDX(cons, r->in)];
	__atomic_store_n(&r->in_cons, cons + 1, __ATOMIC_RELEASE);
	xencons_notify();
	return c;
}

static struct consdev xencons_dom0 = {
	"xencons(console_io)", xencons_dom0_write, xencons_dom0_getc
};
static struct consdev xencons_domu = {
	"xencons(ring)", xencons_ring_write, xencons_ring_getc
};

void
xencons_early_init(void)
{
	paddr_t ma;

	if (xendomain_is_dom0) {
		cn_set(&xencons_dom0);
		return;
	}
	/* The console page is ours: Xen's boot mapping covers it. */
	ma = (paddr_t)xen_start_info->console.domU.mfn << PAGE_SHIFT;
	xencons_ring = (void *)PMAP_DIRECT_VA(xpmap_mtop(ma));
	xencons_evtchn = xen_start_info->console.domU.evtchn;
	cn_set(&xencons_domu);
}
