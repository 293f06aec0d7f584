/*	Petrel libc: signal.h -- NetBSD's signal numbers.	*/
#ifndef _SIGNAL_H_
#define _SIGNAL_H_

#include <sys/types.h>

#define	SIGHUP		1
#define	SIGINT		2
#define	SIGQUIT		3
#define	SIGILL		4
#define	SIGTRAP		5
#define	SIGABRT		6
#define	SIGFPE		8
#define	SIGKILL		9
#define	SIGBUS		10
#define	SIGSEGV		11
#define	SIGSYS		12
#define	SIGPIPE		13
#define	SIGALRM		14
#define	SIGTERM		15
#define	SIGCHLD		20
#define	NSIG		64

int	kill(pid_t, int);
const char *__signame(int);

#endif /* !_SIGNAL_H_ */
