/*	Petrel libc: linux/linux_sys.c -- the "linux" ABI.
 *
 * The same symbols the generated NetBSD stubs define, built on Linux's
 * system calls so that our programs run on a Linux host (tests/user) and
 * as a Linux init (the issue 12 benchmark): only this file and the
 * machine's syscall.S differ between the two builds.  Linux returns
 * -errno; flags, errno values and structures are translated to NetBSD's.
 */
#include <sys/types.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysctl.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdarg.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "sysnum.h"

long	__linux_syscall(long, ...);

/* Only the prototypes the headers do not already give. */
void	_sys_exit(int) __attribute__((__noreturn__));
void	*_sys_mmap(void *, size_t, int, int, int, long, off_t);
pid_t	fork(void);
ssize_t	read(int, void *, size_t);
ssize_t	write(int, const void *, size_t);
int	close(int);
int	open(const char *, int, ...);
pid_t	getpid(void);
pid_t	getppid(void);
int	kill(pid_t, int);
int	pipe(int *);
int	ioctl(int, unsigned long, ...);
int	execve(const char *, char *const *, char *const *);
int	munmap(void *, size_t);
int	dup2(int, int);
int	reboot(int, char *);
int	__wait450(pid_t, int *, int, void *);
int	__nanosleep50(const struct timespec *, struct timespec *);
int	__clock_gettime50(clockid_t, struct timespec *);
int	__fstat50(int, struct stat *);
int	__getdents30(int, char *, size_t);

#define	SC(n, ...)	__linux_syscall((long)(n), __VA_ARGS__, 0L, 0L, 0L, \
			    0L, 0L, 0L)
#define	SC0(n)		__linux_syscall((long)(n), 0L, 0L, 0L, 0L, 0L, 0L)

/* Linux's errno values where they are not NetBSD's. */
static int
errno_from_linux(long e)
{

	switch (e) {
	case 11:	return EAGAIN;
	case 35:	return EDEADLK;
	case 36:	return ENAMETOOLONG;
	case 38:	return ENOSYS;
	case 39:	return ENOTEMPTY;
	case 40:	return ELOOP;
	case 95:	return EOPNOTSUPP;
	case 110:	return ETIMEDOUT;
	default:	return (int)e;
	}
}

static long
ret(long r)
{

	if (r < 0 && r > -4096) {
		errno = errno_from_linux(-r);
		return -1;
	}
	return r;
}

void
_sys_exit(int status)
{

	for (;;)
		SC(LINUX_SYS_exit_group, (long)status);
}

pid_t
fork(void)
{

	return (pid_t)ret(SC0(LINUX_SYS_fork));
}

ssize_t
read(int fd, void *buf, size_t n)
{

	return ret(SC(LINUX_SYS_read, (long)fd, (long)buf, (long)n));
}

ssize_t
write(int fd, const void *buf, size_t n)
{

	return ret(SC(LINUX_SYS_write, (long)fd, (long)buf, (long)n));
}

int
close(int fd)
{

	return (int)ret(SC(LINUX_SYS_close, (long)fd));
}

int
open(const char *path, int flags, ...)
{
	static const struct {
		int	nb, lx;
	} map[] = {
		{ O_NONBLOCK, 04000 }, { O_APPEND, 02000 }, { O_CREAT, 0100 },
		{ O_TRUNC, 01000 }, { O_EXCL, 0200 },
		{ O_DIRECTORY, 0200000 }, { O_CLOEXEC, 02000000 },
	};
	va_list ap;
	int lflags = (flags & O_ACCMODE) | LINUX_O_LARGEFILE;
	size_t i;
	mode_t mode = 0;

	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (flags & map[i].nb)
			lflags |= map[i].lx;
	if (flags & O_CREAT) {
		va_start(ap, flags);
		mode = va_arg(ap, mode_t);
		va_end(ap);
	}
	return (int)ret(SC(LINUX_SYS_open, (long)path, (long)lflags,
	    (long)mode));
}

pid_t
getpid(void)
{

	return (pid_t)SC0(LINUX_SYS_getpid);
}

pid_t
getppid(void)
{

	return (pid_t)SC0(LINUX_SYS_getppid);
}

int
kill(pid_t pid, int sig)
{

	/* SIGCHLD is the only number used here that Linux has elsewhere. */
	if (sig == 20)
		sig = 17;
	return (int)ret(SC(LINUX_SYS_kill, (long)pid, (long)sig));
}

int
pipe(int *fds)
{

	return (int)ret(SC(LINUX_SYS_pipe, (long)fds));
}

int
ioctl(int fd, unsigned long cmd, ...)
{
	va_list ap;
	void *data;

	va_start(ap, cmd);
	data = va_arg(ap, void *);
	va_end(ap);
	return (int)ret(SC(LINUX_SYS_ioctl, (long)fd, (long)cmd, (long)data));
}

int
execve(const char *path, char *const *argv, char *const *envp)
{

	return (int)ret(SC(LINUX_SYS_execve, (long)path, (long)argv,
	    (long)envp));
}

void *
_sys_mmap(void *addr, size_t len, int prot, int flags, int fd, long pad,
    off_t off)
{
	int lflags = flags & (MAP_SHARED | MAP_PRIVATE | MAP_FIXED);
	long r;

	if (flags & MAP_ANON)
		lflags |= 0x20;			/* Linux's MAP_ANONYMOUS */
	r = SC(LINUX_SYS_mmap, (long)addr, (long)len, (long)prot,
	    (long)lflags, (long)fd, (long)(off >> LINUX_MMAP_SHIFT));
	if (r < 0 && r > -4096) {
		errno = errno_from_linux(-r);
		return MAP_FAILED;
	}
	return (void *)r;
}

int
munmap(void *addr, size_t len)
{

	return (int)ret(SC(LINUX_SYS_munmap, (long)addr, (long)len));
}

int
dup2(int from, int to)
{

	return (int)ret(SC(LINUX_SYS_dup2, (long)from, (long)to));
}

/* Never reboot the host a test runs on. */
int
reboot(int how, char *bootstr)
{

	errno = EPERM;
	return -1;
}

int
__wait450(pid_t pid, int *status, int options, void *rusage)
{

	return (int)ret(SC(LINUX_SYS_wait4, (long)pid, (long)status,
	    (long)options, 0L));
}

/* Linux's 64-bit timespec: NetBSD's i386 one is packed to 12 bytes. */
struct linux_ts {
	int64_t	sec;
	int64_t	nsec;
};

int
__nanosleep50(const struct timespec *req, struct timespec *rem)
{
	struct linux_ts lreq = { req->tv_sec, req->tv_nsec }, lrem = { 0, 0 };
	int r;

	r = (int)ret(SC(LINUX_SYS_clock_nanosleep64, 1L /* MONOTONIC */, 0L,
	    (long)&lreq, (long)&lrem));
	if (r == -1 && rem != NULL) {
		rem->tv_sec = lrem.sec;
		rem->tv_nsec = (long)lrem.nsec;
	}
	return r;
}

int
__clock_gettime50(clockid_t id, struct timespec *ts)
{
	struct linux_ts lts;
	long lid = id == CLOCK_MONOTONIC ? 1 : id;

	if (ret(SC(LINUX_SYS_clock_gettime64, lid, (long)&lts)) == -1)
		return -1;
	ts->tv_sec = lts.sec;
	ts->tv_nsec = (long)lts.nsec;
	return 0;
}

int
sched_yield(void)
{

	return (int)ret(SC0(LINUX_SYS_sched_yield));
}

int
_sched_setaffinity(pid_t pid, lwpid_t lid, size_t size, const cpuset_t *set)
{

	return (int)ret(SC(LINUX_SYS_sched_setaffinity, (long)pid, (long)size,
	    (long)set));
}

int
_sched_getaffinity(pid_t pid, lwpid_t lid, size_t size, cpuset_t *set)
{

	memset(set, 0, size);
	return ret(SC(LINUX_SYS_sched_getaffinity, (long)pid, (long)size,
	    (long)set)) == -1 ? -1 : 0;
}

/* statx's layout is the same on every Linux machine. */
struct linux_statx {
	uint32_t	mask, blksize;
	uint64_t	attributes;
	uint32_t	nlink, uid, gid;
	uint16_t	mode, pad0;
	uint64_t	ino, size, blocks, attributes_mask;
	struct { int64_t sec; uint32_t nsec; int32_t pad; } atime, btime,
			    ctime, mtime;
	uint32_t	rdev_major, rdev_minor, dev_major, dev_minor;
	uint64_t	spare[14];
};

int
__fstat50(int fd, struct stat *st)
{
	struct linux_statx x;

	/* AT_EMPTY_PATH: fd itself; mask 0x7ff: the basic fields */
	if (ret(SC(LINUX_SYS_statx, (long)fd, (long)"", 0x1000L, 0x7ffL,
	    (long)&x)) == -1)
		return -1;
	memset(st, 0, sizeof(*st));
	st->st_dev = ((uint64_t)x.dev_major << 8) | x.dev_minor;
	st->st_mode = x.mode;
	st->st_ino = x.ino;
	st->st_nlink = x.nlink;
	st->st_uid = x.uid;
	st->st_gid = x.gid;
	st->st_rdev = ((uint64_t)x.rdev_major << 8) | x.rdev_minor;
	st->st_atim.tv_sec = x.atime.sec;
	st->st_atim.tv_nsec = x.atime.nsec;
	st->st_mtim.tv_sec = x.mtime.sec;
	st->st_mtim.tv_nsec = x.mtime.nsec;
	st->st_ctim.tv_sec = x.ctime.sec;
	st->st_ctim.tv_nsec = x.ctime.nsec;
	st->st_birthtim.tv_sec = x.btime.sec;
	st->st_birthtim.tv_nsec = x.btime.nsec;
	st->st_size = (off_t)x.size;
	st->st_blocks = (blkcnt_t)x.blocks;
	st->st_blksize = x.blksize;
	return 0;
}

/*
 * Linux's dirent64 records are converted to NetBSD's in place of the
 * caller's buffer: read into a smaller one so the longer NetBSD records
 * (13-byte header vs 19, but 8-byte rounding) always fit.
 */
int
__getdents30(int fd, char *buf, size_t count)
{
	char lbuf[2048];
	size_t out = 0, want;
	long n, off;

	want = count / 2 < sizeof(lbuf) ? count / 2 : sizeof(lbuf);
	if ((n = ret(SC(LINUX_SYS_getdents64, (long)fd, (long)lbuf,
	    (long)want))) <= 0)
		return (int)n;
	for (off = 0; off < n; ) {
		uint64_t ino;
		uint16_t lreclen;
		uint8_t type;
		const char *name;
		size_t nl, rl;
		struct dirent *d;

		memcpy(&ino, lbuf + off, 8);
		memcpy(&lreclen, lbuf + off + 16, 2);
		type = (uint8_t)lbuf[off + 18];
		name = lbuf + off + 19;
		nl = strlen(name);
		rl = _DIRENT_RECLEN(nl);
		if (out + rl > count) {
			errno = EINVAL;
			return -1;
		}
		d = (struct dirent *)(buf + out);
		d->d_fileno = ino;
		d->d_reclen = (uint16_t)rl;
		d->d_namlen = (uint16_t)nl;
		d->d_type = type;
		memcpy(d->d_name, name, nl + 1);
		out += rl;
		off += lreclen;
	}
	return (int)out;
}

/*
 * The nodes sysctl(8) and our programs ask for, from what Linux offers:
 * the affinity mask for the CPU counts, uname for the release.
 */
int
__sysctl(const int *name, u_int namelen, void *old, size_t *oldlenp,
    const void *new, size_t newlen)
{
	struct { char s[65], n[65], r[65], v[65], m[65], d[65]; } u;
	uint8_t mask[32];
	const char *str = NULL;
	int ival, i, bits = 0;
	size_t len;

	if (new != NULL || namelen != 2) {
		errno = namelen != 2 ? ENOENT : EPERM;
		return -1;
	}
	if (name[0] == CTL_HW && (name[1] == HW_NCPU ||
	    name[1] == HW_NCPUONLINE)) {
		if (ret(SC(LINUX_SYS_sched_getaffinity, 0L, (long)sizeof(mask),
		    (long)mask)) == -1)
			return -1;
		for (i = 0; i < (int)sizeof(mask) * 8; i++)
			bits += (mask[i / 8] >> (i % 8)) & 1;
		ival = bits;
		len = sizeof(ival);
		if (old != NULL) {
			if (*oldlenp < len) {
				errno = ENOMEM;
				return -1;
			}
			memcpy(old, &ival, len);
		}
		*oldlenp = len;
		return 0;
	}
	if (ret(SC(LINUX_SYS_uname, (long)&u)) == -1)
		return -1;
	if (name[0] == CTL_KERN && name[1] == KERN_OSTYPE)
		str = u.s;
	else if (name[0] == CTL_KERN && name[1] == KERN_OSRELEASE)
		str = u.r;
	else if (name[0] == CTL_HW && name[1] == HW_MACHINE)
		str = u.m;
	if (str == NULL) {
		errno = EOPNOTSUPP;
		return -1;
	}
	len = strlen(str) + 1;
	if (old != NULL) {
		if (*oldlenp < len) {
			memcpy(old, str, *oldlenp);
			errno = ENOMEM;
			return -1;
		}
		memcpy(old, str, len);
	}
	*oldlenp = len;
	return 0;
}

/*
 * syscall(2) takes NetBSD's numbers, which mean other calls on Linux:
 * refuse them all rather than make a random one on the host.
 */
long
syscall(long number, ...)
{

	errno = ENOSYS;
	return -1;
}
