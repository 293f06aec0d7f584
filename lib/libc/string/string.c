/*	Petrel libc: string/string.c -- byte-at-a-time, small and obvious;
 *	the functions the kernel uses too are in common/lib/libc/string.
 */
#include <sys/types.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

size_t
strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n] != '\0')
		n++;
	return n;
}

char *
strcpy(char *dst, const char *src)
{

	memcpy(dst, src, strlen(src) + 1);
	return dst;
}

char *
strncpy(char *dst, const char *src, size_t n)
{
	size_t l = strnlen(src, n);

	memcpy(dst, src, l);
	memset(dst + l, 0, n - l);
	return dst;
}

size_t
strlcat(char *dst, const char *src, size_t size)
{
	size_t d = strnlen(dst, size);

	if (d == size)
		return d + strlen(src);
	return d + strlcpy(dst + d, src, size - d);
}

char *
strdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p;

	if ((p = malloc(n)) != NULL)
		memcpy(p, s, n);
	return p;
}

static const struct {
	int		 num;
	const char	*msg;
} errlist[] = {
	{ EPERM, "Operation not permitted" },
	{ ENOENT, "No such file or directory" },
	{ ESRCH, "No such process" },
	{ EINTR, "Interrupted system call" },
	{ EIO, "Input/output error" },
	{ ENXIO, "Device not configured" },
	{ E2BIG, "Argument list too long" },
	{ ENOEXEC, "Exec format error" },
	{ EBADF, "Bad file descriptor" },
	{ ECHILD, "No child processes" },
	{ EDEADLK, "Resource deadlock avoided" },
	{ ENOMEM, "Cannot allocate memory" },
	{ EACCES, "Permission denied" },
	{ EFAULT, "Bad address" },
	{ EBUSY, "Device busy" },
	{ EEXIST, "File exists" },
	{ ENODEV, "Operation not supported by device" },
	{ ENOTDIR, "Not a directory" },
	{ EISDIR, "Is a directory" },
	{ EINVAL, "Invalid argument" },
	{ EMFILE, "Too many open files" },
	{ ENOTTY, "Inappropriate ioctl for device" },
	{ ENOSPC, "No space left on device" },
	{ EROFS, "Read-only file system" },
	{ EPIPE, "Broken pipe" },
	{ ERANGE, "Result too large" },
	{ EAGAIN, "Resource temporarily unavailable" },
	{ EOPNOTSUPP, "Operation not supported" },
	{ ETIMEDOUT, "Operation timed out" },
	{ ENAMETOOLONG, "File name too long" },
	{ ENOTEMPTY, "Directory not empty" },
	{ ENOSYS, "Function not implemented" },
};

const char *
strerror(int num)
{
	static char unknown[32];
	size_t i;
	char *p;
	unsigned int n;

	for (i = 0; i < sizeof(errlist) / sizeof(errlist[0]); i++)
		if (errlist[i].num == num)
			return errlist[i].msg;
	/* "Unknown error: N" without stdio, so strerror stays a leaf. */
	strcpy(unknown, "Unknown error: ");
	p = unknown + sizeof(unknown) - 1;
	*p = '\0';
	n = num < 0 ? (unsigned int)-num : (unsigned int)num;
	do
		*--p = (char)('0' + n % 10);
	while ((n /= 10) != 0);
	if (num < 0)
		*--p = '-';
	memmove(unknown + 15, p, strlen(p) + 1);
	return unknown;
}
