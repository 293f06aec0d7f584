/*	Petrel: kern/subr_cpio.c -- cpio "newc" images (the ramdisk).
 *
 * Every offset is checked against the image's length before it is
 * used, with the subtraction on the side that cannot wrap: an offset
 * off is only ever compared as "n > len - off" once off <= len is
 * known.  Each entry takes at least CPIO_NEWC_HDRSIZE + 2 bytes, so a
 * walk of an image of len bytes ends after len / 112 + 1 steps.
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/cpio.h>

/* Header fields after the magic, in order; each is 8 hex digits. */
enum cpio_field {
	CF_INO, CF_MODE, CF_UID, CF_GID, CF_NLINK, CF_MTIME, CF_FILESIZE,
	CF_DEVMAJOR, CF_DEVMINOR, CF_RDEVMAJOR, CF_RDEVMINOR, CF_NAMESIZE,
	CF_CHECK, CF_NFIELDS
};
#define CPIO_MAGIC_LEN		6
#define CPIO_FIELD_DIGITS	8
CTASSERT(CPIO_MAGIC_LEN + CF_NFIELDS * CPIO_FIELD_DIGITS ==
    CPIO_NEWC_HDRSIZE);

static const char *const cpio_field_names[CF_NFIELDS] = {
	"ino", "mode", "uid", "gid", "nlink", "mtime", "filesize",
	"devmajor", "devminor", "rdevmajor", "rdevminor", "namesize", "check",
};

static void
cpio_why(char *why, size_t whylen, const char *fmt, ...)
{
	va_list ap;

	if (why == NULL || whylen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(why, whylen, fmt, ap);
	va_end(ap);
}

/* Bytes to add to off to reach the next multiple of CPIO_NEWC_ALIGN. */
static size_t
cpio_pad(size_t off)
{
	return (CPIO_NEWC_ALIGN - off % CPIO_NEWC_ALIGN) % CPIO_NEWC_ALIGN;
}

/* The length of the string at s, looking at no more than max bytes. */
static size_t
cpio_strnlen(const char *s, size_t max)
{
	size_t n;

	for (n = 0; n < max && s[n] != '\0'; n++)
		continue;
	return n;
}

static bool
cpio_hex8(const char *s, uint32_t *valp)
{
	uint32_t v = 0;
	int i, d;

	for (i = 0; i < CPIO_FIELD_DIGITS; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			d = s[i] - '0';
		else if (s[i] >= 'a' && s[i] <= 'f')
			d = s[i] - 'a' + 10;
		else if (s[i] >= 'A' && s[i] <= 'F')
			d = s[i] - 'A' + 10;
		else
			return false;
		v = v << 4 | (uint32_t)d;
	}
	*valp = v;
	return true;
}

/*
 * Parse the entry at off into *cf; *nextp is where the next one
 * starts (it may be past len, which the next call reports).  0,
 * ENOENT for the trailer, EINVAL with a reason.
 */
static int
cpio_entry(const char *img, size_t len, size_t off, struct cpio_file *cf,
    size_t *nextp, char *why, size_t whylen)
{
	uint32_t field[CF_NFIELDS];
	const char *hdr, *name;
	size_t left, namesize, dataoff, size, i;

	if (off >= len) {
		cpio_why(why, whylen, off == 0 ? "empty image" :
		    "image ends at offset %zu without a trailer", off);
		return EINVAL;
	}
	if (off % CPIO_NEWC_ALIGN != 0) {
		cpio_why(why, whylen, "entry at offset %zu: not aligned", off);
		return EINVAL;
	}
	hdr = img + off;
	left = len - off;
	if (memcmp(hdr, CPIO_NEWC_MAGIC, MIN(left, CPIO_MAGIC_LEN)) != 0) {
		cpio_why(why, whylen, "bad magic at offset %zu", off);
		return EINVAL;
	}
	if (left < CPIO_NEWC_HDRSIZE) {
		cpio_why(why, whylen,
		    "entry at offset %zu: header runs past the end", off);
		return EINVAL;
	}
	for (i = 0; i < CF_NFIELDS; i++) {
		if (!cpio_hex8(hdr + CPIO_MAGIC_LEN + i * CPIO_FIELD_DIGITS,
		    &field[i])) {
			cpio_why(why, whylen,
			    "entry at offset %zu: %s is not 8 hex digits",
			    off, cpio_field_names[i]);
			return EINVAL;
		}
	}

	/* The name: namesize bytes, the last (and only that) a NUL. */
	namesize = field[CF_NAMESIZE];
	left -= CPIO_NEWC_HDRSIZE;
	if (namesize < 2) {
		cpio_why(why, whylen, "entry at offset %zu: empty name", off);
		return EINVAL;
	}
	if (namesize > left) {
		cpio_why(why, whylen,
		    "entry at offset %zu: name runs past the end", off);
		return EINVAL;
	}
	name = hdr + CPIO_NEWC_HDRSIZE;
	if (cpio_strnlen(name, namesize) != namesize - 1) {
		cpio_why(why, whylen,
		    "entry at offset %zu: name not NUL-terminated at namesize",
		    off);
		return EINVAL;
	}

	/* The data: aligned after the name, inside the image. */
	dataoff = off + CPIO_NEWC_HDRSIZE + namesize;	/* <= len */
	dataoff += cpio_pad(dataoff);
	size = field[CF_FILESIZE];
	if (dataoff > len || size > len - dataoff) {
		cpio_why(why, whylen,
		    "entry at offset %zu: data runs past the end", off);
		return EINVAL;
	}

	cf->name = name;
	cf->namelen = namesize - 1;
	cf->data = img + dataoff;
	cf->size = size;
	cf->mode = field[CF_MODE];
	cf->ino = field[CF_INO];
	cf->mtime = field[CF_MTIME];
	if (cf->namelen == sizeof(CPIO_TRAILER) - 1 &&
	    memcmp(name, CPIO_TRAILER, cf->namelen) == 0)
		return ENOENT;
	/* dataoff + size <= len, so adding the pad cannot wrap. */
	*nextp = dataoff + size + cpio_pad(dataoff + size);
	return 0;
}

int
cpio_next(const void *img, size_t len, size_t *offp, struct cpio_file *cf)
{
	size_t next;
	int error;

	error = cpio_entry(img, len, *offp, cf, &next, NULL, 0);
	if (error == 0)
		*offp = next;
	return error;
}

int
cpio_check(const void *img, size_t len, char *why, size_t whylen)
{
	struct cpio_file cf;
	size_t off = 0, next;
	int error;

	while ((error = cpio_entry(img, len, off, &cf, &next, why,
	    whylen)) == 0)
		off = next;
	if (error == ENOENT) {
		cpio_why(why, whylen, "ok");
		return 0;
	}
	return error;
}

/* Skip what makes "/sbin/init", "./sbin/init" and "sbin/init" differ. */
static const char *
cpio_skip_prefix(const char *s, size_t *lenp)
{
	for (;;) {
		if (*lenp >= 1 && s[0] == '/') {
			s++;
			(*lenp)--;
		} else if (*lenp >= 2 && s[0] == '.' && s[1] == '/') {
			s += 2;
			*lenp -= 2;
		} else
			return s;
	}
}

int
cpio_lookup(const void *img, size_t len, const char *path,
    struct cpio_file *cf)
{
	const char *want, *have;
	size_t wantlen, havelen, off = 0;
	int error;

	wantlen = strlen(path);
	want = cpio_skip_prefix(path, &wantlen);
	while ((error = cpio_next(img, len, &off, cf)) == 0) {
		havelen = cf->namelen;
		have = cpio_skip_prefix(cf->name, &havelen);
		if (havelen == wantlen && memcmp(have, want, wantlen) == 0)
			return 0;
	}
	return error;
}
