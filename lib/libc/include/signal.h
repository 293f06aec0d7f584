/*	Petrel libc: signal.h -- NetBSD's signal numbers (the kernel's).	*/
#ifndef _SIGNAL_H_
#define _SIGNAL_H_

#include <sys/types.h>

#include <sys/signal.h>		/* the kernel's numbers */

int	kill(pid_t, int);
const char *__signame(int);

#endif /* !_SIGNAL_H_ */
