/*	Petrel: lib/libkern/libkern.c -- the C library bits the kernel uses
 *	that the C library does not share with it (those are in
 *	common/lib/libc/string).
 */

#include <sys/param.h>
#include <sys/systm.h>

unsigned long
strtoul(const char *s, char **end, int base)
{
	unsigned long v = 0;
	int d;

	if (base == 0) {
		base = 10;
		if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
			base = 16;
			s += 2;
		}
	}
	for (;; s++) {
		if (*s >= '0' && *s <= '9')
			d = *s - '0';
		else if (*s >= 'a' && *s <= 'z')
			d = *s - 'a' + 10;
		else if (*s >= 'A' && *s <= 'Z')
			d = *s - 'A' + 10;
		else
			break;
		if (d >= base)
			break;
		v = v * base + d;
	}
	if (end != NULL)
		*end = (char *)s;
	return v;
}
