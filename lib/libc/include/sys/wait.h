/*	Petrel libc: sys/wait.h -- the status word is NetBSD's (and Linux's). */
#ifndef _SYS_WAIT_H_
#define _SYS_WAIT_H_

#include <sys/types.h>

#define	WNOHANG		0x00000001

#define	_WSTATUS(x)	((x) & 0177)
#define	WIFEXITED(x)	(_WSTATUS(x) == 0)
#define	WEXITSTATUS(x)	(((x) >> 8) & 0xff)
#define	WIFSIGNALED(x)	(_WSTATUS(x) != 0177 && _WSTATUS(x) != 0)
#define	WTERMSIG(x)	(_WSTATUS(x))
#define	WCOREDUMP(x)	((x) & 0200)

struct rusage;

pid_t	wait4(pid_t, int *, int, struct rusage *) __asm("__wait450");
pid_t	waitpid(pid_t, int *, int);
pid_t	wait(int *);

#endif /* !_SYS_WAIT_H_ */
