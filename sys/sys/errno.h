/*	Petrel: sys/errno.h -- error numbers: NetBSD's, as user space sees them
 *	(libc's <errno.h> includes this file).
 *
 * Xen's hypercalls return Linux's numbers, negated: the low ones agree
 * (EPERM to ERANGE), the others differ (Xen's EAGAIN is 11, ENOSYS 38),
 * so hypercall results are compared only with those, and xen_strerror()
 * names them from Xen's own table.
 */
#ifndef _SYS_ERRNO_H_
#define _SYS_ERRNO_H_
#define EPERM		1
#define ENOENT		2
#define ESRCH		3
#define EINTR		4
#define EIO		5
#define ENXIO		6
#define E2BIG		7
#define ENOEXEC		8
#define EBADF		9
#define ECHILD		10
#define EDEADLK		11
#define ENOMEM		12
#define EACCES		13
#define EFAULT		14
#define EBUSY		16
#define EEXIST		17
#define EXDEV		18
#define ENODEV		19
#define ENOTDIR		20
#define EISDIR		21
#define EINVAL		22
#define ENFILE		23
#define EMFILE		24
#define ENOTTY		25
#define EFBIG		27
#define ENOSPC		28
#define ESPIPE		29
#define EROFS		30
#define EMLINK		31
#define EPIPE		32
#define EDOM		33
#define ERANGE		34
#define EAGAIN		35
#define EOPNOTSUPP	45
#define EISCONN		56
#define ETIMEDOUT	60
#define ELOOP		62
#define ENAMETOOLONG	63
#define ENOTEMPTY	66
#define ENOSYS		78
#define ELAST		96	/* the highest NetBSD has */

#ifdef _KERNEL
/* A system call that set the user's registers itself. */
#define EJUSTRETURN	(-2)
#endif
#endif
