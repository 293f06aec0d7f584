/*	Petrel: sys/ramdisk.h -- the root file system: a read-only cpio image.
 *
 * The boot loader hands the image over (Xen's module in start_info:
 * ramdisk= in an xl configuration, the second module on dom0's
 * command line); the port passes it to ramdisk_attach(), which checks
 * it whole before anything trusts it.  Paths are looked up from "/".
 */
#ifndef _SYS_RAMDISK_H_
#define _SYS_RAMDISK_H_

#include <sys/types.h>
#include <sys/cpio.h>

/* cpio's mode word: the file type bits, as in stat(2). */
#define CPIO_MODE_TYPE	0170000
#define CPIO_MODE_DIR	0040000
#define CPIO_MODE_REG	0100000

void	ramdisk_attach(const void *, size_t);	/* MD, at boot */
void	ramdisk_init(void);			/* checks it */
bool	ramdisk_present(void);
int	ramdisk_lookup(const char *, struct cpio_file *);
int	ramdisk_next(size_t *, struct cpio_file *);

#endif
