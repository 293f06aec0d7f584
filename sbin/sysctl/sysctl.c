/*	Petrel: sbin/sysctl/sysctl.c -- sysctl [-n] name ... | sysctl -a
 *
 * Petrel has no CTL_QUERY (the node tree is not enumerable yet), so the
 * names this program knows are a table of NetBSD's numbers.
 */
#include <sys/types.h>
#include <sys/sysctl.h>
#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum kind { K_INT, K_STRING, K_TIMESPEC };

static const struct node {
	const char	*name;
	int		 mib[2];
	enum kind	 kind;
} nodes[] = {
	{ "kern.ostype", { CTL_KERN, KERN_OSTYPE }, K_STRING },
	{ "kern.osrelease", { CTL_KERN, KERN_OSRELEASE }, K_STRING },
	{ "kern.boottime", { CTL_KERN, KERN_BOOTTIME }, K_TIMESPEC },
	{ "hw.machine", { CTL_HW, HW_MACHINE }, K_STRING },
	{ "hw.ncpu", { CTL_HW, HW_NCPU }, K_INT },
	{ "hw.pagesize", { CTL_HW, HW_PAGESIZE }, K_INT },
	{ "hw.ncpuonline", { CTL_HW, HW_NCPUONLINE }, K_INT },
};
#define	NNODES	(sizeof(nodes) / sizeof(nodes[0]))

static int nflag;

static int
show(const struct node *n, int quiet)
{
	char buf[256], when[26];
	size_t len = sizeof(buf) - 1;
	struct timespec ts;
	struct tm tm;
	int v;

	if (sysctl(n->mib, 2, buf, &len, NULL, 0) == -1) {
		if (!quiet)
			warn("%s", n->name);
		return 1;
	}
	if (!nflag)
		printf("%s = ", n->name);
	switch (n->kind) {
	case K_INT:
		if (len != sizeof(v)) {
			printf("(%zu bytes, not an int)\n", len);
			return 1;
		}
		memcpy(&v, buf, sizeof(v));
		printf("%d\n", v);
		break;
	case K_STRING:
		buf[len] = '\0';
		printf("%s\n", buf);
		break;
	case K_TIMESPEC:
		/* A timespec or a timeval: both start with 64-bit seconds. */
		if (len < sizeof(ts.tv_sec)) {
			printf("(%zu bytes, not a time)\n", len);
			return 1;
		}
		memcpy(&ts.tv_sec, buf, sizeof(ts.tv_sec));
		gmtime_r(&ts.tv_sec, &tm);
		printf("%s\n", asctime_r(&tm, when));
		break;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	int c, aflag = 0, rv = 0, i;
	size_t j;

	while ((c = getopt(argc, argv, "an")) != -1) {
		switch (c) {
		case 'a':
			aflag = 1;
			break;
		case 'n':
			nflag = 1;
			break;
		default:
			fprintf(stderr, "usage: sysctl [-n] name ... | "
			    "sysctl -a\n");
			return 1;
		}
	}
	if (aflag) {
		/* -a shows what the kernel has and skips the rest quietly. */
		for (j = 0; j < NNODES; j++)
			show(&nodes[j], 1);
		return 0;
	}
	if (optind == argc) {
		fprintf(stderr, "usage: sysctl [-n] name ... | sysctl -a\n");
		return 1;
	}
	for (i = optind; i < argc; i++) {
		for (j = 0; j < NNODES; j++)
			if (strcmp(argv[i], nodes[j].name) == 0)
				break;
		if (j == NNODES) {
			warnx("%s: no such name", argv[i]);
			rv = 1;
			continue;
		}
		rv |= show(&nodes[j], 0);
	}
	return rv;
}
