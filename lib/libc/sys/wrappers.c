/*	Petrel libc: sys/wrappers.c -- calls whose C interface differs from
 *	the system call's (the stubs themselves are generated).
 */
#include <sys/types.h>
#include <sys/mman.h>
#include <sys/sysctl.h>
#include <sys/wait.h>
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

void	_sys_exit(int) __attribute__((__noreturn__));
void	*_sys_mmap(void *, size_t, int, int, int, long, off_t);
int	kill(pid_t, int);

int errno;

void
_exit(int status)
{

	_sys_exit(status);
}

/* NetBSD's mmap has a pad word before the 64-bit offset (syscalls.master). */
void *
mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{

	return _sys_mmap(addr, len, prot, flags, fd, 0, off);
}

pid_t
waitpid(pid_t pid, int *status, int options)
{

	return wait4(pid, status, options, NULL);
}

pid_t
wait(int *status)
{

	return wait4(-1, status, 0, NULL);
}

int
sysctl(const int *name, u_int namelen, void *old, size_t *oldlenp,
    const void *new, size_t newlen)
{

	return __sysctl(name, namelen, old, oldlenp, new, newlen);
}

int
execv(const char *path, char *const *argv)
{

	return execve(path, argv, environ);
}

/* A name without a slash is looked up in $PATH (default /bin:/sbin). */
int
execvp(const char *file, char *const *argv)
{
	const char *path, *p, *end;
	char buf[256];
	size_t n, fl;
	int saved = ENOENT;

	if (strchr(file, '/') != NULL)
		return execve(file, argv, environ);
	if ((path = getenv("PATH")) == NULL)
		path = "/bin:/sbin";
	fl = strlen(file);
	for (p = path; ; p = end + 1) {
		end = strchr(p, ':');
		n = end != NULL ? (size_t)(end - p) : strlen(p);
		if (n == 0) {
			buf[0] = '.';
			n = 1;
		} else if (n < sizeof(buf))
			memcpy(buf, p, n);
		if (n + 1 + fl + 1 <= sizeof(buf)) {
			buf[n] = '/';
			memcpy(buf + n + 1, file, fl + 1);
			execve(buf, argv, environ);
			if (errno != ENOENT)
				saved = errno;
		}
		if (end == NULL)
			break;
	}
	errno = saved;
	return -1;
}

unsigned int
sleep(unsigned int seconds)
{
	struct timespec ts = { seconds, 0 }, left = { 0, 0 };

	if (nanosleep(&ts, &left) == -1)
		return (unsigned int)left.tv_sec;
	return 0;
}

int
usleep(unsigned long us)
{
	struct timespec ts;

	ts.tv_sec = (time_t)(us / 1000000);
	ts.tv_nsec = (long)(us % 1000000) * 1000;

	return nanosleep(&ts, NULL);
}

time_t
time(time_t *tp)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_REALTIME, &ts) == -1)
		return -1;
	if (tp != NULL)
		*tp = ts.tv_sec;
	return ts.tv_sec;
}
