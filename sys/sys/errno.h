/*	Petrel: sys/errno.h -- error numbers (Xen uses the same values).	*/
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
#define EAGAIN		11
#define ENOMEM		12
#define EACCES		13
#define EFAULT		14
#define EBUSY		16
#define EEXIST		17
#define ENODEV		19
#define EISDIR		21
#define EINVAL		22
#define EROFS		30
#define ENOSPC		28
#define ENOSYS		38
#define ENOTEMPTY	39
#define EISCONN		106
#define ETIMEDOUT	110
#endif
