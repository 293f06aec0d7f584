/*	Petrel: xen/xenbus/shutdown_xenbus.c -- xl shutdown and xl reboot.
 *
 * The toolstack asks a domain to end by writing "poweroff" or "reboot"
 * to control/shutdown, and waits for the guest to acknowledge by
 * clearing the key.  We advertise what we handle (feature-poweroff,
 * feature-reboot, feature-suspend), watch the key, and take the request
 * in a transaction so that a request is seen, and cleared, exactly once.
 * "suspend" (xl save, xl migrate) is acknowledged the same way, then
 * the domain suspends (xen_suspend.c) and resumes, in a new domain or
 * the same one, within this callback.  The toolstack may instead ask
 * through the suspend event channel (suspend_evtchn.c), when we offer
 * one.
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/cpu.h>
#include <sys/proc.h>

#include <xen/xen.h>
#include <xen/xenstore.h>

#define SHUTDOWN_KEY	"control/shutdown"

static void	shutdown_xenbus_advertise(void);

/* Read and clear the request; "" when there is none. */
static int
shutdown_xenbus_take(char *req, size_t size)
{
	xenstore_tx_t tx;
	int error;

	do {
		if ((error = xenstore_transaction_start(&tx)) != 0)
			return error;
		error = xenstore_read(tx, SHUTDOWN_KEY, req, size);
		if (error == ENOENT || (error == 0 && req[0] == '\0')) {
			req[0] = '\0';
			(void)xenstore_transaction_end(tx, false);
			return 0;
		}
		if (error == 0)
			error = xenstore_write(tx, SHUTDOWN_KEY, "");
		if (error != 0) {
			(void)xenstore_transaction_end(tx, false);
			return error;
		}
		error = xenstore_transaction_end(tx, true);
	} while (error == EAGAIN);
	return error;
}

static void
shutdown_xenbus_changed(struct xenstore_watch *w, const char *path)
{
	char req[32];
	int error;

	(void)w;
	(void)path;
	if ((error = shutdown_xenbus_take(req, sizeof(req))) != 0) {
		/* A request still there is seen at the next change. */
		printf("xenbus: cannot read %s: %s\n", SHUTDOWN_KEY,
		    xenstore_strerror(error));
		return;
	}
	if (req[0] == '\0')
		return;
	/* Processes are killed first; main() then ends the domain. */
	if (strcmp(req, "poweroff") == 0 || strcmp(req, "halt") == 0) {
		printf("xenbus: shutdown requested (%s)\n", req);
		if (!userland_shutdown(USERLAND_POWEROFF))
			cpu_poweroff();
		return;
	}
	if (strcmp(req, "reboot") == 0) {
		printf("xenbus: reboot requested\n");
		if (!userland_shutdown(USERLAND_REBOOT))
			cpu_reboot();
		return;
	}
	if (strcmp(req, "suspend") == 0) {
		shutdown_xenbus_suspend(NULL);
		return;
	}
	printf("xenbus: %s \"%s\" not supported, ignored\n", SHUTDOWN_KEY,
	    req);
}

/*
 * A suspend request, through control/shutdown (via NULL) or the
 * suspend event channel: suspend, and in a new domain tell the new
 * store again what we handle.
 */
void
shutdown_xenbus_suspend(const char *via)
{
	int error;

	printf("xenbus: suspend requested%s%s%s\n", via != NULL ? " (" : "",
	    via != NULL ? via : "", via != NULL ? ")" : "");
	if ((error = xen_suspend()) == 0) {
		shutdown_xenbus_advertise();	/* a new store */
		suspend_evtchn_offer(true);
	} else if (error != 1)
		printf("xenbus: suspend failed (error %d); going on\n",
		    error);
}

static struct xenstore_watch shutdown_xenbus_watch = {
	.xw_path = SHUTDOWN_KEY,
	.xw_cb = shutdown_xenbus_changed,
};

/* What the toolstack may ask of us; written again in a new domain. */
static void
shutdown_xenbus_advertise(void)
{
	static const char *const features[] = {
		"control/feature-poweroff",
		"control/feature-reboot",
		"control/feature-suspend",
	};
	unsigned int i;
	int error;

	for (i = 0; i < __arraycount(features); i++)
		if ((error = xenstore_write(XS_TX_NONE, features[i], "1")) !=
		    0)
			printf("xenbus: cannot advertise %s: %s\n",
			    features[i], xenstore_strerror(error));
}

void
shutdown_xenbus_init(void)
{
	int error;

	if (!xenstore_available())
		return;
	if ((error = xenstore_watch(&shutdown_xenbus_watch)) != 0) {
		printf("xenbus: cannot watch %s (%s): xl shutdown will time out\n",
		    SHUTDOWN_KEY, xenstore_strerror(error));
		return;
	}
	xen_suspend_init();
	shutdown_xenbus_advertise();
	suspend_evtchn_init();
}
