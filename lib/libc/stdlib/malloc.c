/*	Petrel libc: stdlib/malloc.c -- power-of-two buckets on anonymous mmap.
 *
 * Small blocks (up to half a page) come from per-size free lists carved
 * out of whole pages; larger ones get their own mapping and go back with
 * munmap.  A header before each block records its bucket or mapping size.
 */
#include <sys/types.h>
#include <sys/mman.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define	PAGE		4096
#define	MINSHIFT	4		/* 16 bytes, the header included */
#define	NBUCKET		(12 - MINSHIFT)	/* 16 ... 2048 */
#define	HDR		16		/* keeps blocks 16-byte aligned */

struct block {
	struct block	*next;
};

static struct block *freelist[NBUCKET];

static void *
getpages(size_t len)
{
	void *p;

	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_ANON | MAP_PRIVATE,
	    -1, 0);
	return p == MAP_FAILED ? NULL : p;
}

void *
malloc(size_t n)
{
	size_t need, len;
	int b;
	char *p, *page;
	size_t i;

	if (n > ((size_t)-1) / 2) {
		errno = ENOMEM;
		return NULL;
	}
	need = n + HDR;
	if (need > PAGE / 2) {
		len = (need + PAGE - 1) & ~(size_t)(PAGE - 1);
		if ((p = getpages(len)) == NULL)
			return NULL;
		*(size_t *)p = len;
		return p + HDR;
	}
	for (b = 0; ((size_t)1 << (b + MINSHIFT)) < need; b++)
		continue;
	if (freelist[b] == NULL) {
		if ((page = getpages(PAGE)) == NULL)
			return NULL;
		for (i = 0; i < PAGE; i += (size_t)1 << (b + MINSHIFT)) {
			struct block *blk = (struct block *)(page + i);

			blk->next = freelist[b];
			freelist[b] = blk;
		}
	}
	p = (char *)freelist[b];
	freelist[b] = freelist[b]->next;
	*(size_t *)p = (size_t)b;	/* a bucket: below any mapping size */
	return p + HDR;
}

static size_t
blocksize(const char *p, size_t *bucket)
{
	size_t tag = *(const size_t *)(p - HDR);

	*bucket = tag;
	if (tag < NBUCKET)
		return ((size_t)1 << (tag + MINSHIFT)) - HDR;
	return tag - HDR;
}

void
free(void *ptr)
{
	char *p = ptr;
	size_t b;

	if (p == NULL)
		return;
	blocksize(p, &b);
	if (b >= NBUCKET) {
		munmap(p - HDR, b);
		return;
	}
	((struct block *)(p - HDR))->next = freelist[b];
	freelist[b] = (struct block *)(p - HDR);
}

void *
calloc(size_t n, size_t size)
{
	void *p;

	if (size != 0 && n > ((size_t)-1) / size) {
		errno = ENOMEM;
		return NULL;
	}
	if ((p = malloc(n * size)) != NULL)
		memset(p, 0, n * size);
	return p;
}

void *
realloc(void *ptr, size_t n)
{
	size_t have, b;
	void *q;

	if (ptr == NULL)
		return malloc(n);
	have = blocksize(ptr, &b);
	if (n <= have)
		return ptr;
	if ((q = malloc(n)) == NULL)
		return NULL;
	memcpy(q, ptr, have);
	free(ptr);
	return q;
}
