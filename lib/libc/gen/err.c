/*	Petrel libc: gen/err.c -- err(3), and the names of signals.	*/
#include <sys/types.h>
#include <err.h>
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void
vwarnc(int e, int witherr, const char *fmt, va_list ap)
{

	fflush(stdout);
	fprintf(stderr, "%s: ", __progname);
	if (fmt != NULL) {
		vfprintf(stderr, fmt, ap);
		if (witherr)
			fputs(": ", stderr);
	}
	if (witherr)
		fputs(strerror(e), stderr);
	fputc('\n', stderr);
}

void
err(int status, const char *fmt, ...)
{
	va_list ap;
	int e = errno;

	va_start(ap, fmt);
	vwarnc(e, 1, fmt, ap);
	va_end(ap);
	exit(status);
}

void
errx(int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarnc(0, 0, fmt, ap);
	va_end(ap);
	exit(status);
}

void
warn(const char *fmt, ...)
{
	va_list ap;
	int e = errno;

	va_start(ap, fmt);
	vwarnc(e, 1, fmt, ap);
	va_end(ap);
}

void
warnx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarnc(0, 0, fmt, ap);
	va_end(ap);
}

const char *
__signame(int sig)
{

	switch (sig) {
	case SIGHUP:	return "hangup";
	case SIGINT:	return "interrupt";
	case SIGQUIT:	return "quit";
	case SIGILL:	return "illegal instruction";
	case SIGTRAP:	return "trace trap";
	case SIGABRT:	return "abort trap";
	case SIGFPE:	return "floating point exception";
	case SIGKILL:	return "killed";
	case SIGBUS:	return "bus error";
	case SIGSEGV:	return "segmentation fault";
	case SIGSYS:	return "bad system call";
	case SIGPIPE:	return "broken pipe";
	case SIGALRM:	return "alarm clock";
	case SIGTERM:	return "terminated";
	default:	return "signal";
	}
}
