/*	Petrel libc: stdlib/misc.c -- strtol, atoi, qsort, getopt.	*/
#include <sys/types.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

unsigned long
strtoul(const char *s, char **end, int base)
{
	unsigned long v = 0;
	int d, any = 0;

	while (isspace(*s))
		s++;
	if (*s == '+')
		s++;
	if ((base == 0 || base == 16) && s[0] == '0' &&
	    (s[1] == 'x' || s[1] == 'X') && isxdigit(s[2])) {
		s += 2;
		base = 16;
	} else if (base == 0)
		base = s[0] == '0' ? 8 : 10;
	for (;; s++) {
		if (isdigit(*s))
			d = *s - '0';
		else if (isalpha(*s))
			d = (*s | 32) - 'a' + 10;
		else
			break;
		if (d >= base)
			break;
		if (v > (~0UL - (unsigned long)d) / (unsigned long)base) {
			errno = ERANGE;
			v = ~0UL;
		} else
			v = v * (unsigned long)base + (unsigned long)d;
		any = 1;
	}
	if (end != NULL)
		*end = (char *)(uintptr_t)(any ? s : s);
	return v;
}

long
strtol(const char *s, char **end, int base)
{
	int neg = 0;

	while (isspace(*s))
		s++;
	if (*s == '-') {
		neg = 1;
		s++;
	}
	return neg ? -(long)strtoul(s, end, base) : (long)strtoul(s, end, base);
}

int
atoi(const char *s)
{

	return (int)strtol(s, NULL, 10);
}

/* Insertion sort: the lists here are a directory or a process table. */
void
qsort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
	char *a = base, tmp[256];
	size_t i, j;

	if (size > sizeof(tmp))
		abort();
	for (i = 1; i < n; i++) {
		memcpy(tmp, a + i * size, size);
		for (j = i; j > 0 && cmp(a + (j - 1) * size, tmp) > 0; j--)
			memcpy(a + j * size, a + (j - 1) * size, size);
		memcpy(a + j * size, tmp, size);
	}
}

char *optarg;
int optind = 1, opterr = 1, optopt;

int
getopt(int argc, char *const *argv, const char *opts)
{
	static int pos = 1;
	const char *o;
	char c;

	if (optind >= argc || argv[optind][0] != '-' || argv[optind][1] == '\0')
		return -1;
	if (strcmp(argv[optind], "--") == 0) {
		optind++;
		return -1;
	}
	c = argv[optind][pos];
	o = strchr(opts, c);
	if (o == NULL || c == ':') {
		optopt = c;
		if (opterr)
			fprintf(stderr, "%s: unknown option -- %c\n",
			    argv[0], c);
		if (argv[optind][++pos] == '\0') {
			optind++;
			pos = 1;
		}
		return '?';
	}
	if (o[1] == ':') {
		if (argv[optind][pos + 1] != '\0')
			optarg = &argv[optind][pos + 1];
		else if (optind + 1 < argc)
			optarg = argv[++optind];
		else {
			optopt = c;
			if (opterr)
				fprintf(stderr, "%s: option requires an "
				    "argument -- %c\n", argv[0], c);
			optind++;
			pos = 1;
			return '?';
		}
		optind++;
		pos = 1;
		return c;
	}
	if (argv[optind][++pos] == '\0') {
		optind++;
		pos = 1;
	}
	return c;
}
