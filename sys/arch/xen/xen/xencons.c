/*	Petrel: xen/xencons.c -- the Xen console.
 *
 * dom0 writes through HYPERVISOR_console_io straight to Xen's serial
 * line, and reads what Xen received there (serial input goes to dom0
 * once Xen has booted); VIRQ_CONSOLE says a character came.  A domU
 * has a page shared with xenconsoled (struct xencons_interface, two
 * rings) and an event channel both ways.  Output never waits for an
 * interrupt: when the ring is full we kick the backend and yield until
 * it drains, so panic messages get out.
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/cpu.h>

#include <dev/cons.h>
#include <xen/hypervisor.h>
#include <xen/evtchn.h>
#include <xen/xen.h>
#include <xen/xen_clock.h>
#include <xen/xenpmap.h>
#include <xen/public/io/console.h>

/* How long the end of a domU waits for xenconsoled, in system time. */
#define XENCONS_DRAIN_NS	2000000000ULL
/* How long a writer waits on a full ring that xenconsoled leaves alone. */
#define XENCONS_STALL_NS	1000000000ULL

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

/* Xen raises VIRQ_CONSOLE for each character it puts in dom0's buffer. */
static int
xencons_dom0_intr(void *arg)
{
	(void)arg;
	cn_rxintr();
	return 1;
}

/* A global VIRQ: bound on vCPU 0, where it stays. */
static int
xencons_dom0_rxenable(void)
{
	unsigned int port;

	if (bind_virq_to_evtch(VIRQ_CONSOLE, &cpu_info_primary,
	    xencons_dom0_intr, NULL, IPL_VM, "xencons", &port) != 0)
		return ENXIO;
	hypervisor_unmask_event(port);
	return 0;
}

static void
xencons_notify(void)
{
	hypervisor_send_event(xencons_evtchn);
}

/*
 * Output the backend stopped taking: a stalled ring is not waited on
 * again (what does not fit is dropped and counted) until it drains.
 */
static bool xencons_stalled;
static unsigned long xencons_dropped;

static void
xencons_ring_write(const char *buf, size_t len)
{
	struct xencons_interface *r = xencons_ring;
	XENCONS_RING_IDX cons, prod, seen = 0;
	uint64_t since = 0;

	while (len > 0) {
		cons = __atomic_load_n(&r->out_cons, __ATOMIC_ACQUIRE);
		prod = r->out_prod;
		if (prod - cons >= sizeof(r->out)) {
			/*
			 * Full: let xenconsoled run, then look again, but
			 * not forever: a kernel must not hang on a console
			 * nobody reads.
			 */
			if (since == 0 || cons != seen) {
				since = xen_systime_ns();
				seen = cons;
			} else if (xencons_stalled ||
			    xen_systime_ns() - since > XENCONS_STALL_NS) {
				xencons_stalled = true;
				xencons_dropped += len;
				return;
			}
			xencons_notify();
			(void)HYPERVISOR_yield();
			continue;
		}
		if (xencons_stalled) {
			char note[48];
			int n;

			/* It drains again: say what was lost, once. */
			xencons_stalled = false;
			n = snprintf(note, sizeof(note),
			    "\n[xencons: %lu bytes dropped]\n", xencons_dropped);
			xencons_dropped = 0;
			xencons_ring_write(note, (size_t)n);
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

/*
 * The domain is about to end: what is still in the ring would die
 * with it.  Wait for xenconsoled to take it all, but never for long
 * (a panic must still end the domain if the backend is gone).  Runs
 * masked, on whatever CPU ends the domain.
 */
static void
xencons_ring_drain(void)
{
	struct xencons_interface *r = xencons_ring;
	uint64_t limit;
	int s;

	s = splhigh();
	limit = xen_systime_ns() + XENCONS_DRAIN_NS;
	while (__atomic_load_n(&r->out_cons, __ATOMIC_ACQUIRE) !=
	    r->out_prod && xen_systime_ns() < limit) {
		xencons_notify();
		(void)HYPERVISOR_yield();
	}
	splx(s);
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

/*
 * xenconsoled kicks us for input and also each time it has taken
 * output; only input wakes the reader.
 */
static int
xencons_ring_intr(void *arg)
{
	struct xencons_interface *r = xencons_ring;

	(void)arg;
	if (r->in_cons != __atomic_load_n(&r->in_prod, __ATOMIC_ACQUIRE))
		cn_rxintr();
	return 1;
}

static int
xencons_ring_rxenable(void)
{
	/* On vCPU 0, where the handler is: Xen's default, but say so. */
	if (bind_port_to_evtch(xencons_evtchn, &cpu_info_primary,
	    xencons_ring_intr, NULL, IPL_VM, "xencons") != 0)
		return ENXIO;
	hypervisor_unmask_event(xencons_evtchn);
	return 0;
}

static struct consdev xencons_dom0 = {
	"xencons(console_io)", xencons_dom0_write, xencons_dom0_getc,
	NULL, xencons_dom0_rxenable
};
static struct consdev xencons_domu = {
	"xencons(ring)", xencons_ring_write, xencons_ring_getc,
	xencons_ring_drain, xencons_ring_rxenable
};

/*
 * Restored in a new domain: the ring is the same page (its frame has
 * changed, start_info says which), the event channel a new one.
 */
void
xencons_resume(void)
{
	paddr_t ma;

	if (xendomain_is_dom0)
		return;
	ma = (paddr_t)xen_start_info->console.domU.mfn << PAGE_SHIFT;
	xencons_ring = (void *)PMAP_DIRECT_VA(xpmap_mtop(ma));
	xencons_evtchn = xen_start_info->console.domU.evtchn;
	xencons_stalled = false;
	if (xencons_ring_rxenable() != 0)
		printf("xencons: no input after the restore\n");
}

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
