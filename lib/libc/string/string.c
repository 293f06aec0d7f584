/*	Petrel libc: string/string.c -- byte-at-a-time, small and obvious. */
#include <sys/types.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

void *
memcpy(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	while (n-- > 0)
		*d++ = *s++;
	return dst;
}

void *
memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (d <= s || d >= s + n)
		return memcpy(dst, src, n);
	while (n-- > 0)
		d[n] = s[n];
	return dst;
}

void *
memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;

	while (n-- > 0)
		*d++ = (unsigned char)c;
	return dst;
}

int
memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *p = a, *q = b;

	for (; n > 0; n--, p++, q++)
		if (*p != *q)
			return *p - *q;
	return 0;
}

void *
memchr(const void *s, int c, size_t n)
{
	const unsigned char *p = s;

	for (; n > 0; n--, p++)
		if (*p == (unsigned char)c)
			return (void *)(uintptr_t)p;
	return NULL;
}

size_t
strlen(const char *s)
{
	const char *p = s;

	while (*p != '\0')
		p++;
	return (size_t)(p - s);
}

size_t
strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n] != '\0')
		n++;
	return n;
}

int
strcmp(const char *a, const char *b)
{

	while (*a != '\0' && *a == *b)
		a++, b++;
	return (unsigned char)*a - (unsigned char)*b;
}

int
strncmp(const char *a, const char *b, size_t n)
{

	for (; n > 0; n--, a++, b++) {
		if (*a != *b)
			return (unsigned char)*a - (unsigned char)*b;
		if (*a == '\0')
			break;
	}
	return 0;
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
strlcpy(char *dst, const char *src, size_t size)
{
	size_t l = strlen(src);

	if (size > 0) {
		size_t c = l < size - 1 ? l : size - 1;

		memcpy(dst, src, c);
		dst[c] = '\0';
	}
	return l;
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
strchr(const char *s, int c)
{

	for (;; s++) {
		if (*s == (char)c)
			return (char *)(uintptr_t)s;
		if (*s == '\0')
			return NULL;
	}
}

char *
strrchr(const char *s, int c)
{
	const char *last = NULL;

	for (;; s++) {
		if (*s == (char)c)
			last = s;
		if (*s == '\0')
			return (char *)(uintptr_t)last;
	}
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
