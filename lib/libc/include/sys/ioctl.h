/*	Petrel libc: sys/ioctl.h	*/
#ifndef _SYS_IOCTL_H_
#define _SYS_IOCTL_H_

#include <sys/ioccom.h>

int	ioctl(int, unsigned long, ...);

#endif /* !_SYS_IOCTL_H_ */
