/*	Petrel: xen/xenbus/xenstore_conscmd.c -- the console commands of
 *	the Xen port (sys/conscmd.h): the store, read by hand.
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/conscmd.h>

#include <xen/xenstore.h>

/*
 * xs read PATH: one xenstore request from this thread, to see what the
 * store answers (or that a store that does not answer is given up on).
 */
static void
cmd_xs(const char *args)
{
	static char value[256];		/* one command at a time */
	const char *path;
	int error;

	if (strncmp(args, "read", 4) != 0 ||
	    (args[4] != ' ' && args[4] != '\t')) {
		printf("usage: xs read PATH\n");
		return;
	}
	for (path = args + 4; *path == ' ' || *path == '\t'; path++)
		continue;
	error = xenstore_read(XS_TX_NONE, path, value, sizeof(value));
	if (error == 0)
		printf("xs: %s = \"%s\"\n", path, value);
	else
		printf("xs: %s: %s (error %d)\n", path,
		    xenstore_strerror(error), error);
}

const struct conscmd cpu_conscmds[] = {
	{ "xs",	cmd_xs,	true,
	    "  xs read P read key P of our xenstore directory\n" },
};
const size_t cpu_nconscmds = __arraycount(cpu_conscmds);
