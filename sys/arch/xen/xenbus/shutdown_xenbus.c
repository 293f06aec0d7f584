/*	Petrel: xen/xenbus/shutdown_xenbus.c -- xl shutdown and xl reboot.
 *
 * The toolstack asks a domain to end by writing "poweroff" or "reboot"
 * to control/shutdown, and waits for the guest to acknowledge by
 * clearing the key.  We advertise what we handle (feature-poweroff,
 * feature-reboot), then a thread looks at the key ten times a second:
 * simpler than a watch, and the delay is far below libxl's timeout.
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/lwp.h>
#include <sys/sched.h>

#include <xen/xenstore.h>

static void
shutdown_xenbus_thread(void *arg)
{
	char req[32];

	(void)arg;
	for (;;) {
		(void)kpause("xenshut", false, MAX(hz / 10, 1), NULL);
		if (xenstore_read("control/shutdown", req, sizeof(req)) != 0 ||
		    req[0] == '\0')
			continue;
		/* Acknowledge first: libxl waits for the key to clear. */
		(void)xenstore_write("control/shutdown", "");
		if (strcmp(req, "poweroff") == 0 || strcmp(req, "halt") == 0) {
			printf("xenbus: shutdown requested (%s)\n", req);
			cpu_poweroff();
		}
		if (strcmp(req, "reboot") == 0) {
			printf("xenbus: reboot requested\n");
			cpu_reboot();
		}
		printf("xenbus: control/shutdown \"%s\" not supported, "
		    "ignored\n", req);
	}
}

void	shutdown_xenbus_init(void);

void
shutdown_xenbus_init(void)
{
	if (!xenstore_available())
		return;
	if (xenstore_write("control/feature-poweroff", "1") != 0 ||
	    xenstore_write("control/feature-reboot", "1") != 0) {
		printf("xenbus: cannot advertise shutdown features\n");
		return;
	}
	if (kthread_create(PRI_NONE, NULL, shutdown_xenbus_thread, NULL, NULL,
	    "xenshut") != 0)
		printf("xenbus: no shutdown thread: xl shutdown will time "
		    "out\n");
}
