/*	Petrel libc: stdlib.h	*/
#ifndef _STDLIB_H_
#define _STDLIB_H_

#include <sys/types.h>

#define	EXIT_SUCCESS	0
#define	EXIT_FAILURE	1

void	*malloc(size_t);
void	*calloc(size_t, size_t);
void	*realloc(void *, size_t);
void	 free(void *);
void	 exit(int) __attribute__((__noreturn__));
void	 _Exit(int) __attribute__((__noreturn__));
void	 abort(void) __attribute__((__noreturn__));
int	 atexit(void (*)(void));
int	 atoi(const char *);
long	 strtol(const char *, char **, int);
unsigned long strtoul(const char *, char **, int);
char	*getenv(const char *);
void	 qsort(void *, size_t, size_t, int (*)(const void *, const void *));

#endif /* !_STDLIB_H_ */
