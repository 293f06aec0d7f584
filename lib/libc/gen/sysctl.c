/*	Petrel libc: gen/sysctl.c -- two-level helpers for sysctl(3).	*/
#include <sys/types.h>
#include <sys/sysctl.h>
#include <errno.h>

int
sysctl_int(int top, int leaf, int *valp)
{
	int mib[2] = { top, leaf };
	size_t len = sizeof(*valp);

	if (sysctl(mib, 2, valp, &len, NULL, 0) == -1)
		return -1;
	if (len != sizeof(*valp)) {
		errno = EINVAL;
		return -1;
	}
	return 0;
}

/* The string is always terminated, truncated to buflen - 1 bytes. */
int
sysctl_string(int top, int leaf, char *buf, size_t buflen)
{
	int mib[2] = { top, leaf };
	size_t len = buflen - 1;

	if (buflen == 0) {
		errno = EINVAL;
		return -1;
	}
	if (sysctl(mib, 2, buf, &len, NULL, 0) == -1 && errno != ENOMEM)
		return -1;
	buf[len < buflen ? len : buflen - 1] = '\0';
	return 0;
}
