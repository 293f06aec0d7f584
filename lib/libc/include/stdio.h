/*	Petrel libc: stdio.h -- a small stdio on file descriptors 0-2.	*/
#ifndef _STDIO_H_
#define _STDIO_H_

#include <sys/types.h>
#include <stdarg.h>

#define	EOF	(-1)
#define	BUFSIZ	1024

typedef struct __sFILE {
	int	fd;
	int	flags;		/* __SLBF, __SNBF, __SERR, __SEOF */
	int	len;		/* bytes in buf (output) or left (input) */
	int	pos;		/* next byte to read (input) */
	char	buf[BUFSIZ];
} FILE;

#define	__SLBF	0x1		/* line buffered */
#define	__SNBF	0x2		/* unbuffered */
#define	__SERR	0x4
#define	__SEOF	0x8

extern FILE __sF[3];
#define	stdin	(&__sF[0])
#define	stdout	(&__sF[1])
#define	stderr	(&__sF[2])

int	printf(const char *, ...) __attribute__((__format__(__printf__, 1, 2)));
int	fprintf(FILE *, const char *, ...)
	    __attribute__((__format__(__printf__, 2, 3)));
int	dprintf(int, const char *, ...)
	    __attribute__((__format__(__printf__, 2, 3)));
int	snprintf(char *, size_t, const char *, ...)
	    __attribute__((__format__(__printf__, 3, 4)));
int	vprintf(const char *, va_list);
int	vfprintf(FILE *, const char *, va_list);
int	vsnprintf(char *, size_t, const char *, va_list);
int	puts(const char *);
int	fputs(const char *, FILE *);
int	putchar(int);
int	fputc(int, FILE *);
#define	putc(c, f)	fputc(c, f)
int	getchar(void);
int	fgetc(FILE *);
#define	getc(f)		fgetc(f)
char	*fgets(char *, int, FILE *);
int	fflush(FILE *);
int	ferror(FILE *);
int	feof(FILE *);
void	perror(const char *);

#endif /* !_STDIO_H_ */
