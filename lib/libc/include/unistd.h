/*	Petrel libc: unistd.h	*/
#ifndef _UNISTD_H_
#define _UNISTD_H_

#include <sys/types.h>

#define	STDIN_FILENO	0
#define	STDOUT_FILENO	1
#define	STDERR_FILENO	2

extern char **environ;

ssize_t	 read(int, void *, size_t);
ssize_t	 write(int, const void *, size_t);
int	 close(int);
int	 dup2(int, int);
int	 pipe(int *);
pid_t	 fork(void);
int	 execve(const char *, char *const *, char *const *);
int	 execv(const char *, char *const *);
int	 execvp(const char *, char *const *);
pid_t	 getpid(void);
pid_t	 getppid(void);
void	 _exit(int) __attribute__((__noreturn__));
unsigned int sleep(unsigned int);
int	 usleep(unsigned long);
int	 getopt(int, char *const *, const char *);
extern char *optarg;
extern int optind, opterr, optopt;
/*
 * Any system call by its NetBSD number.  NetBSD's returns int; this one
 * returns the whole first result register (an mmap address, say).  The
 * "linux" build refuses every number with ENOSYS: they are NetBSD's.
 */
long	 syscall(long, ...);

#endif /* !_UNISTD_H_ */
