/*	Petrel: sys/cpio.h -- a read-only parser of cpio "newc" images.
 *
 * The ramdisk Xen hands over is untrusted input: every field is
 * checked, nothing outside [img, img + len) is read, nothing is
 * allocated and nothing recurses.  An image is a sequence of entries,
 * each a 110-byte header ("070701" and 13 fields of 8 hex digits), the
 * NUL-terminated name (namesize bytes, NUL included) padded to a
 * multiple of 4, then filesize bytes of data padded to 4; the entry
 * named "TRAILER!!!" ends it.
 */
#ifndef _SYS_CPIO_H_
#define _SYS_CPIO_H_

#include <sys/types.h>

#define CPIO_NEWC_MAGIC		"070701"
#define CPIO_NEWC_HDRSIZE	110
#define CPIO_NEWC_ALIGN		4
#define CPIO_TRAILER		"TRAILER!!!"

/*
 * One entry.  name points into the image, as stored (NUL-terminated,
 * namelen bytes before the NUL); data points into the image too.
 */
struct cpio_file {
	const char	*name;
	size_t		 namelen;
	const void	*data;
	size_t		 size;
	uint32_t	 mode;		/* file type and permissions */
	uint32_t	 ino;
	uint32_t	 mtime;
};

/*
 * The whole image up to its trailer: 0 (why "ok"), or EINVAL with a
 * reason ("bad magic at offset 0", "entry at offset N: ...").
 */
int	cpio_check(const void *, size_t, char *, size_t);
/*
 * The first entry named path; a leading "/" or "./" (on either side)
 * does not count.  0, ENOENT, or EINVAL if the image is corrupt first.
 */
int	cpio_lookup(const void *, size_t, const char *, struct cpio_file *);
/*
 * The entry at *offp (start with 0), and *offp moved to the next: 0,
 * ENOENT at the trailer (*offp stays), EINVAL on corruption.
 */
int	cpio_next(const void *, size_t, size_t *, struct cpio_file *);

#endif /* _SYS_CPIO_H_ */
