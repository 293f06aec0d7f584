/*	Petrel: kern/subr_copy.c -- copyinstr(9), on top of copyin.	*/

#include <sys/param.h>
#include <sys/systm.h>

/*
 * Copy the NUL-ended user string at uaddr into kbuf (len bytes at most,
 * the NUL included); *done: bytes copied with the NUL.  ENAMETOOLONG
 * when no NUL comes within len.  A page at a time, so that a string
 * that ends just before an unmapped page is fine.
 */
int
copyinstr(vaddr_t uaddr, char *kbuf, size_t len, size_t *done)
{
	size_t n, got = 0;
	char *nul;
	int error;

	while (got < len) {
		n = MIN(len - got, PAGE_SIZE - ((uaddr + got) & PAGE_MASK));
		if ((error = copyin(uaddr + got, kbuf + got, n)) != 0)
			return error;
		nul = memchr(kbuf + got, '\0', n);
		if (nul != NULL) {
			*done = nul - kbuf + 1;
			return 0;
		}
		got += n;
	}
	return ENAMETOOLONG;
}
