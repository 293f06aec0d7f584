/*	Petrel: bin/ps/ps.c -- the process table from kern.proc2.
 *
 * As NetBSD's ps: sysctl { CTL_KERN, KERN_PROC2, KERN_PROC_ALL, 0,
 * sizeof(struct kinfo_proc2), count }, asking first for the size.
 */
#include <sys/types.h>
#include <sys/sysctl.h>
#include <err.h>
#include <stdio.h>
#include <stdlib.h>

static const char *
statname(int s)
{

	switch (s) {		/* NetBSD's LWP states, as its ps shows them */
	case 1:	return "I";		/* LSIDL */
	case 2:	return "R";		/* LSRUN */
	case 3:	return "S";		/* LSSLEEP */
	case 4:	return "T";		/* LSSTOP */
	case 5:	return "Z";		/* LSZOMB */
	case 7:	return "O";		/* LSONPROC */
	default: return "?";
	}
}

int
main(void)
{
	int mib[6] = { CTL_KERN, KERN_PROC2, KERN_PROC_ALL, 0,
	    (int)sizeof(struct kinfo_proc2), 0 };
	struct kinfo_proc2 *kp;
	size_t len = 0, i, n;

	if (sysctl(mib, 6, NULL, &len, NULL, 0) == -1)
		err(1, "kern.proc2");
	len += 8 * sizeof(*kp);		/* processes started since */
	if ((kp = malloc(len)) == NULL)
		err(1, "malloc");
	mib[5] = (int)(len / sizeof(*kp));
	if (sysctl(mib, 6, kp, &len, NULL, 0) == -1)
		err(1, "kern.proc2");
	n = len / sizeof(*kp);
	printf("  PID  PPID CPU STAT COMMAND\n");
	for (i = 0; i < n; i++) {
		printf("%5d %5d ", kp[i].p_pid, kp[i].p_ppid);
		if (kp[i].p_cpuid == KI_NOCPU)
			printf("  - ");
		else
			printf("%3llu ", (unsigned long long)kp[i].p_cpuid);
		printf("%-4s %.*s\n", statname(kp[i].p_stat), KI_MAXCOMLEN,
		    kp[i].p_comm);
	}
	return 0;
}
