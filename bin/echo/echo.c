/*	Petrel: bin/echo/echo.c -- echo [-n] [string ...]	*/
#include <stdio.h>
#include <string.h>

int
main(int argc, char **argv)
{
	int nl = 1, i = 1;

	if (argc > 1 && strcmp(argv[1], "-n") == 0) {
		nl = 0;
		i = 2;
	}
	for (; i < argc; i++)
		printf("%s%s", argv[i], i + 1 < argc ? " " : "");
	if (nl)
		putchar('\n');
	fflush(stdout);
	return ferror(stdout) ? 1 : 0;
}
