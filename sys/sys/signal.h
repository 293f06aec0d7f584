/*	Petrel: sys/signal.h -- signal numbers, NetBSD's (libc's <signal.h>
 *	includes this file).  Each one this kernel delivers ends the process.
 */
#ifndef _SYS_SIGNAL_H_
#define _SYS_SIGNAL_H_

#define SIGHUP		1
#define SIGINT		2
#define SIGQUIT		3
#define SIGILL		4
#define SIGTRAP		5
#define SIGABRT		6
#define SIGFPE		8
#define SIGKILL		9
#define SIGBUS		10
#define SIGSEGV		11
#define SIGSYS		12
#define SIGPIPE		13
#define SIGALRM		14
#define SIGTERM		15
#define SIGCHLD		20
#define NSIG		32	/* signals 1 .. NSIG - 1 */

#endif
