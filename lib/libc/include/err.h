/*	Petrel libc: err.h	*/
#ifndef _ERR_H_
#define _ERR_H_

void	err(int, const char *, ...) __attribute__((__noreturn__,
	    __format__(__printf__, 2, 3)));
void	errx(int, const char *, ...) __attribute__((__noreturn__,
	    __format__(__printf__, 2, 3)));
void	warn(const char *, ...) __attribute__((__format__(__printf__, 1, 2)));
void	warnx(const char *, ...) __attribute__((__format__(__printf__, 1, 2)));

extern const char *__progname;

#endif /* !_ERR_H_ */
