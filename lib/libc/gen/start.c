/*	Petrel libc: gen/start.c -- from crt0 to main() and back out.	*/
#include <sys/types.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int	main(int, char **, char **);
void	__start_c(long *) __attribute__((__noreturn__));

char **environ;
const char *__progname = "";

#define	ATEXIT_MAX	32

static void (*atexit_fn[ATEXIT_MAX])(void);
static int atexit_n;

/*
 * sp points at argc; argv follows it, then a NULL, then envp.  Nothing
 * else is read from the stack (auxv is not needed yet).
 */
void
__start_c(long *sp)
{
	int argc = (int)sp[0];
	char **argv = (char **)(sp + 1);
	const char *slash;

	environ = argv + argc + 1;
	if (argc > 0 && argv[0] != NULL) {
		slash = strrchr(argv[0], '/');
		__progname = slash != NULL ? slash + 1 : argv[0];
	}
	exit(main(argc, argv, environ));
}

int
atexit(void (*fn)(void))
{

	if (atexit_n == ATEXIT_MAX)
		return -1;
	atexit_fn[atexit_n++] = fn;
	return 0;
}

/* Handlers run last registered first, then stdio's buffers go out. */
void
exit(int status)
{

	while (atexit_n > 0)
		(*atexit_fn[--atexit_n])();
	fflush(stdout);
	fflush(stderr);
	_exit(status);
}

void
_Exit(int status)
{

	_exit(status);
}

void
abort(void)
{

	fflush(stdout);
	kill(getpid(), SIGABRT);
	_exit(127);
}

char *
getenv(const char *name)
{
	size_t n = strlen(name);
	char **e;

	for (e = environ; e != NULL && *e != NULL; e++)
		if (strncmp(*e, name, n) == 0 && (*e)[n] == '=')
			return *e + n + 1;
	return NULL;
}
