/*	Petrel libc: errno.h -- the kernel's (NetBSD's) error numbers.	*/
#ifndef _ERRNO_H_
#define _ERRNO_H_

#include <sys/errno.h>

extern int errno;

#endif /* !_ERRNO_H_ */
