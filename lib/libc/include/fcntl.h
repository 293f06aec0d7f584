/*	Petrel libc: fcntl.h -- NetBSD's open(2) flags.	*/
#ifndef _FCNTL_H_
#define _FCNTL_H_

#include <sys/types.h>

#define	O_RDONLY	0x00000000
#define	O_WRONLY	0x00000001
#define	O_RDWR		0x00000002
#define	O_ACCMODE	0x00000003
#define	O_NONBLOCK	0x00000004
#define	O_APPEND	0x00000008
#define	O_CREAT		0x00000200
#define	O_TRUNC		0x00000400
#define	O_EXCL		0x00000800
#define	O_DIRECTORY	0x00200000
#define	O_CLOEXEC	0x00400000

int	open(const char *, int, ...);

#endif /* !_FCNTL_H_ */
