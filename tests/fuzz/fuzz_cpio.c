/*	Petrel: tests/fuzz/fuzz_cpio.c -- libFuzzer harness of the cpio
 * parser (kern/subr_cpio.c, built with the kernel's headers).
 *
 * cpio_check, a walk with cpio_next and cpio_lookup must agree; every
 * entry's name and data must lie inside the image, the name be
 * NUL-terminated at namelen, and lookup find what the walk found.
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/cpio.h>

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);
int	fflush(void *);		/* the host's C library (FILE *) */

#define FUZZ_CHECK(e) do {						\
	if (!(e)) {							\
		printf("fuzz_cpio: line %d: %s not met\n", __LINE__, #e); \
		fflush(NULL);						\
		__builtin_trap();					\
	}								\
} while (0)

/* Entries whose lookup is checked, per input (lookup walks from 0). */
#define FUZZ_LOOKUPS	4

static bool
inside(const uint8_t *img, size_t len, const void *p, size_t n)
{
	const uint8_t *q = p;

	return q >= img && q <= img + len && n <= (size_t)(img + len - q);
}

int
LLVMFuzzerTestOneInput(const uint8_t *img, size_t len)
{
	struct cpio_file cf, found;
	char why[96];
	size_t off = 0, prev, steps = 0;
	int error, walk, lookups = 0;

	memset(why, 'x', sizeof(why));
	error = cpio_check(img, len, why, sizeof(why));
	FUZZ_CHECK(error == 0 || error == EINVAL);
	FUZZ_CHECK(strlen(why) < sizeof(why) && why[0] != '\0');
	why[0] = 'k';
	FUZZ_CHECK(cpio_check(img, len, why, 0) == error && why[0] == 'k');

	while ((walk = cpio_next(img, len, &off, &cf)) == 0) {
		FUZZ_CHECK(++steps <= len / (CPIO_NEWC_HDRSIZE + 2) + 1);
		FUZZ_CHECK(inside(img, len, cf.name, cf.namelen + 1));
		FUZZ_CHECK(cf.name[cf.namelen] == '\0' &&
		    strlen(cf.name) == cf.namelen && cf.namelen > 0);
		FUZZ_CHECK(inside(img, len, cf.data, cf.size));
		FUZZ_CHECK((const uint8_t *)cf.data >=
		    (const uint8_t *)cf.name + cf.namelen + 1);
		FUZZ_CHECK(((const uint8_t *)cf.data - img) %
		    CPIO_NEWC_ALIGN == 0);
		FUZZ_CHECK(off % CPIO_NEWC_ALIGN == 0);
		if (lookups++ < FUZZ_LOOKUPS) {
			prev = off;
			error = cpio_lookup(img, len, cf.name, &found);
			FUZZ_CHECK(error == 0);
			FUZZ_CHECK(inside(img, len, found.data, found.size));
			/* The first of equal names, so at or before cf. */
			FUZZ_CHECK(found.name <= cf.name);
			FUZZ_CHECK(off == prev);
		}
	}
	FUZZ_CHECK(walk == ENOENT || walk == EINVAL);
	/* The check and the walk see the same image. */
	FUZZ_CHECK((walk == ENOENT) ==
	    (cpio_check(img, len, NULL, 0) == 0));
	if (walk == EINVAL)
		FUZZ_CHECK(cpio_lookup(img, len, "no/such/file\1", &found) ==
		    EINVAL);
	else
		FUZZ_CHECK(cpio_lookup(img, len, "no/such/file\1", &found) ==
		    ENOENT);
	return 0;
}
