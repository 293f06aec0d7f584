/*	Petrel: xen/xenbus/suspend_evtchn.c -- the suspend event channel.
 *
 * libxl creates device/suspend/event-channel, empty and ours to write.
 * A guest that writes there the number of an unbound port of its own,
 * open to dom0, is asked to suspend through that port: at the start of
 * each save the toolstack binds to it, and then notifies it instead of
 * writing "suspend" to control/shutdown; the guest does not answer, it
 * suspends, and Xen tells the toolstack it did.
 *
 * The event only wakes a thread here (a suspend parks vCPUs and waits:
 * not in an interrupt), which suspends as control/shutdown's request
 * would (shutdown_xenbus_suspend).  After a cancelled suspend the port
 * is still ours, left unbound again when the toolstack lets go of it;
 * in a new domain Xen has no port of ours, and the toolstack made an
 * empty node again: a new port is offered (suspend_evtchn_offer, at
 * every resume in a new domain).  Without the node (another toolstack,
 * or removed), requests come through control/shutdown only.
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/cpu.h>
#include <sys/lwp.h>
#include <sys/mutex.h>
#include <sys/condvar.h>

#include <machine/intr.h>
#include <xen/evtchn.h>
#include <xen/xen.h>
#include <xen/xenstore.h>

#define SUSPEND_EVTCHN_KEY	"device/suspend/event-channel"
#define SUSPEND_EVTCHN_REMOTE	0	/* the toolstack's domain */

static kmutex_t sevt_lock;		/* spin: sevt_requests */
static kcondvar_t sevt_cv;
static unsigned int sevt_requests;	/* events not yet acted on */
static unsigned int sevt_port;		/* offered; 0 none */
static bool sevt_thread_up;

static int
suspend_evtchn_intr(void *arg)
{
	(void)arg;
	mutex_spin_enter(&sevt_lock);
	sevt_requests++;
	cv_broadcast(&sevt_cv);
	mutex_spin_exit(&sevt_lock);
	return 1;
}

/*
 * Each event is one request.  The toolstack sends one per save, and
 * waits for the suspend before anything else: one left over after a
 * suspend (sent twice) would suspend again with nobody waiting, so
 * what came during a suspend is dropped.
 */
static void
suspend_evtchn_thread(void *arg)
{
	(void)arg;
	for (;;) {
		mutex_spin_enter(&sevt_lock);
		while (sevt_requests == 0)
			cv_wait(&sevt_cv, &sevt_lock);
		sevt_requests = 0;
		mutex_spin_exit(&sevt_lock);
		shutdown_xenbus_suspend("event channel");
		mutex_spin_enter(&sevt_lock);
		sevt_requests = 0;
		mutex_spin_exit(&sevt_lock);
	}
}

/*
 * Offer a port in device/suspend/event-channel: at attach, and after
 * each resume in a new domain (where the old port is gone with the old
 * domain: evtchn_resume_forget).  Quietly nothing without the node.
 */
void
suspend_evtchn_offer(bool new_domain)
{
	char val[16];
	unsigned int port;
	int error;

	if (!xenstore_available() || !sevt_thread_up)
		return;
	if (new_domain)
		sevt_port = 0;
	if (sevt_port != 0)
		return;
	error = xenstore_read(XS_TX_NONE, SUSPEND_EVTCHN_KEY, val,
	    sizeof(val));
	if (error == ENOENT) {
		printf("xenbus: no %s: suspend requests through control/shutdown\n",
		    SUSPEND_EVTCHN_KEY);
		return;
	}
	if (error != 0) {
		printf("xenbus: cannot read %s: %s\n", SUSPEND_EVTCHN_KEY,
		    xenstore_strerror(error));
		return;
	}
	if (bind_unbound_to_evtch(SUSPEND_EVTCHN_REMOTE, &cpu_info_primary,
	    suspend_evtchn_intr, NULL, IPL_VM, "suspend", &port) != 0)
		return;
	snprintf(val, sizeof(val), "%u", port);
	error = xenstore_write(XS_TX_NONE, SUSPEND_EVTCHN_KEY, val);
	if (error != 0) {
		printf("xenbus: cannot write %s: %s\n", SUSPEND_EVTCHN_KEY,
		    xenstore_strerror(error));
		(void)unbind_unbound_from_evtch(port);
		return;
	}
	sevt_port = port;
	hypervisor_unmask_event(port);
	printf("xenbus: suspend event channel %u\n", port);
}

void
suspend_evtchn_init(void)
{
	if (!xenstore_available())
		return;
	mutex_init(&sevt_lock, MUTEX_SPIN, IPL_VM);
	cv_init(&sevt_cv, "suspevt");
	if (kthread_create(PRI_NONE, NULL, suspend_evtchn_thread, NULL,
	    NULL, "suspevt") != 0) {
		printf("xenbus: no suspend event channel thread\n");
		return;
	}
	sevt_thread_up = true;
	suspend_evtchn_offer(false);
}
