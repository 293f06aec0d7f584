/*	Petrel: kern/subr_ramdisk.c -- the ramdisk: see <sys/ramdisk.h>.	*/

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/ramdisk.h>

static const void *ramdisk_img;
static size_t ramdisk_len;

/* The port found an image: checked by ramdisk_init(), from main(). */
void
ramdisk_attach(const void *img, size_t len)
{
	ramdisk_img = img;
	ramdisk_len = len;
}

/* Keep the image if it is whole and sound; else say why, and boot on. */
void
ramdisk_init(void)
{
	char why[96];

	if (ramdisk_img == NULL)
		return;
	if (cpio_check(ramdisk_img, ramdisk_len, why, sizeof(why)) != 0) {
		printf("ramdisk: %s, booting without userland\n", why);
		ramdisk_img = NULL;
		return;
	}
	printf("ramdisk: %zu KB\n", ramdisk_len / 1024);
}

bool
ramdisk_present(void)
{
	return ramdisk_img != NULL;
}

int
ramdisk_lookup(const char *path, struct cpio_file *f)
{
	if (ramdisk_img == NULL)
		return ENOENT;
	return cpio_lookup(ramdisk_img, ramdisk_len, path, f);
}

/* The entry at *offp (0: the first), and *offp past it; ENOENT: no more. */
int
ramdisk_next(size_t *offp, struct cpio_file *f)
{
	if (ramdisk_img == NULL)
		return ENOENT;
	return cpio_next(ramdisk_img, ramdisk_len, offp, f);
}
