/*	Petrel: kern/vfs_ramdisk.c -- the file system: the ramdisk as "/",
 *	and a few devices under /dev.
 *
 * Everything is read-only.  A path is looked up whole in the cpio
 * image (sys/ramdisk.h); a directory's entries are the image's entries
 * one component below it, in the image's order.  The directory /dev
 * is made here, not in the image: the console and cpuctl(4).
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/dirent.h>
#include <sys/fcntl.h>
#include <sys/file.h>
#include <sys/kmem.h>
#include <sys/proc.h>
#include <sys/ramdisk.h>
#include <sys/stat.h>
#include <sys/syscallargs.h>

#define DEV_PREFIX	"/dev/"

static const struct devsw_entry devsw[] = {
	{ "console", &cons_fileops },
	{ "cpuctl", &cpuctl_fileops },
};

/* An open ramdisk file or directory. */
struct rdnode {
	struct cpio_file rn_file;
	char		 rn_path[MAXPATHLEN];	/* without a leading "/" */
};

/* path without leading slashes and "./"; "" is the root. */
static const char *
vfs_strip(const char *path)
{
	for (;;) {
		if (path[0] == '/')
			path++;
		else if (path[0] == '.' && path[1] == '/')
			path += 2;
		else if (path[0] == '.' && path[1] == '\0')
			path++;
		else
			return path;
	}
}

static int
rd_read(struct file *fp, vaddr_t uaddr, size_t len, size_t *done)
{
	struct rdnode *rn = fp->f_data;
	size_t n;
	int error;

	if ((rn->rn_file.mode & CPIO_MODE_TYPE) == CPIO_MODE_DIR)
		return EISDIR;
	if ((uint64_t)fp->f_offset >= rn->rn_file.size)
		return 0;
	n = MIN(len, rn->rn_file.size - fp->f_offset);
	error = copyout((const uint8_t *)rn->rn_file.data + fp->f_offset,
	    uaddr, n);
	if (error != 0)
		return error;
	fp->f_offset += n;
	*done = n;
	return 0;
}

/*
 * Is name (as stored in the image) a direct child of dir ("" for the
 * root)?  *childp: its last component.
 */
static bool
rd_is_child(const char *dir, const char *name, const char **childp)
{
	size_t dlen = strlen(dir);

	name = vfs_strip(name);
	if (dlen > 0) {
		if (strncmp(name, dir, dlen) != 0 || name[dlen] != '/')
			return false;
		name += dlen + 1;
	}
	if (name[0] == '\0' || strchr(name, '/') != NULL)
		return false;
	*childp = name;
	return true;
}

/* One struct dirent record for name into rec; its length. */
static size_t
rd_dirent(struct dirent *rec, const struct cpio_file *f, const char *name)
{
	size_t n = strlen(name);

	memset(rec, 0, _DIRENT_RECLEN(n));
	rec->d_fileno = f->ino;
	rec->d_namlen = n;
	rec->d_reclen = _DIRENT_RECLEN(n);
	rec->d_type = (f->mode & CPIO_MODE_TYPE) == CPIO_MODE_DIR ? DT_DIR :
	    DT_REG;
	memcpy(rec->d_name, name, n);
	return rec->d_reclen;
}

/* f_offset: where in the image the next entry to look at is. */
static int
rd_getdents(struct file *fp, vaddr_t uaddr, size_t len, size_t *done)
{
	struct rdnode *rn = fp->f_data;
	struct dirent *rec = kmem_alloc(sizeof(*rec), KM_SLEEP);
	struct cpio_file f;
	const char *child;
	size_t off = fp->f_offset, n;
	int error = 0;

	if ((rn->rn_file.mode & CPIO_MODE_TYPE) != CPIO_MODE_DIR)
		error = ENOTDIR;
	while (error == 0 && ramdisk_next(&off, &f) == 0) {
		if (!rd_is_child(rn->rn_path, f.name, &child))
			goto next;
		n = rd_dirent(rec, &f, child);
		if (n > len - *done) {
			if (*done == 0)
				error = EINVAL;	/* too small for one */
			break;
		}
		if ((error = copyout(rec, uaddr + *done, n)) != 0)
			break;
		*done += n;
next:
		fp->f_offset = off;
	}
	kmem_free(rec, sizeof(*rec));
	return error;
}

static int
rd_stat(struct file *fp, struct stat *st)
{
	struct rdnode *rn = fp->f_data;

	st->st_mode = rn->rn_file.mode;
	st->st_ino = rn->rn_file.ino;
	st->st_nlink = 1;
	st->st_size = rn->rn_file.size;
	st->st_blksize = PAGE_SIZE;
	st->st_blocks = howmany(rn->rn_file.size, 512);
	st->st_mtim.tv_sec = rn->rn_file.mtime;
	return 0;
}

static void
rd_close(struct file *fp)
{
	kmem_free(fp->f_data, sizeof(struct rdnode));
}

static const struct fileops rd_fileops = {
	.fo_read = rd_read,
	.fo_stat = rd_stat,
	.fo_getdents = rd_getdents,
	.fo_close = rd_close,
};

/* The root: not in the image as an entry of its own. */
static const struct cpio_file rd_root = {
	.name = "", .mode = CPIO_MODE_DIR | 0755, .ino = 1,
};

/* Open path on the ramdisk or under /dev: a new file, or an error. */
static int
vfs_open(const char *path, int flags, struct file **fpp)
{
	struct rdnode *rn;
	size_t i;
	int error;

	if ((flags & O_ACCMODE) == O_ACCMODE)
		return EINVAL;
	if (strncmp(path, DEV_PREFIX, strlen(DEV_PREFIX)) == 0) {
		for (i = 0; i < __arraycount(devsw); i++)
			if (strcmp(path + strlen(DEV_PREFIX),
			    devsw[i].de_name) == 0) {
				*fpp = file_alloc(devsw[i].de_ops, NULL,
				    (flags & O_ACCMODE) == O_RDONLY ? FREAD :
				    (flags & O_ACCMODE) == O_WRONLY ? FWRITE :
				    FREAD | FWRITE);
				return 0;
			}
		return ENOENT;
	}
	if ((flags & (O_ACCMODE | O_CREAT | O_TRUNC)) != O_RDONLY)
		return EROFS;
	rn = kmem_zalloc(sizeof(*rn), KM_SLEEP);
	strlcpy(rn->rn_path, vfs_strip(path), sizeof(rn->rn_path));
	/* "a/b/" is "a/b". */
	for (i = strlen(rn->rn_path); i > 0 && rn->rn_path[i - 1] == '/'; i--)
		rn->rn_path[i - 1] = '\0';
	if (rn->rn_path[0] == '\0')
		rn->rn_file = rd_root;
	else if ((error = ramdisk_lookup(rn->rn_path, &rn->rn_file)) != 0) {
		kmem_free(rn, sizeof(*rn));
		return error;
	}
	if ((flags & O_DIRECTORY) != 0 &&
	    (rn->rn_file.mode & CPIO_MODE_TYPE) != CPIO_MODE_DIR) {
		kmem_free(rn, sizeof(*rn));
		return ENOTDIR;
	}
	*fpp = file_alloc(&rd_fileops, rn, FREAD);
	return 0;
}

int
sys_open(struct lwp *l, const struct sys_open_args *uap, register_t *retval)
{
	char *path = kmem_alloc(MAXPATHLEN, KM_SLEEP);
	struct file *fp;
	size_t len;
	int error, fd;

	error = copyinstr((vaddr_t)SCARG(uap, path), path, MAXPATHLEN, &len);
	if (error == 0)
		error = vfs_open(path, SCARG(uap, flags), &fp);
	kmem_free(path, MAXPATHLEN);
	if (error != 0)
		return error;
	if ((error = fd_alloc(l->l_proc, fp, &fd)) != 0) {
		file_release(fp);
		return error;
	}
	retval[0] = fd;
	return 0;
}

int
sys___getdents30(struct lwp *l, const struct sys___getdents30_args *uap,
    register_t *retval)
{
	struct file *fp = fd_getfile(l->l_proc, SCARG(uap, fd));
	size_t done = 0;
	int error;

	if (fp == NULL)
		return EBADF;
	if (fp->f_ops->fo_getdents == NULL)
		return ENOTDIR;
	error = (*fp->f_ops->fo_getdents)(fp, (vaddr_t)SCARG(uap, buf),
	    SCARG(uap, count), &done);
	if (error != 0 && done == 0)
		return error;
	retval[0] = done;
	return 0;
}

int
sys___fstat50(struct lwp *l, const struct sys___fstat50_args *uap,
    register_t *retval)
{
	struct file *fp = fd_getfile(l->l_proc, SCARG(uap, fd));
	struct stat st;
	int error;

	if (fp == NULL)
		return EBADF;
	memset(&st, 0, sizeof(st));
	if (fp->f_ops->fo_stat != NULL)
		error = (*fp->f_ops->fo_stat)(fp, &st);
	else {
		st.st_mode = S_IFCHR | 0600;	/* a device, or a pipe */
		error = 0;
	}
	if (error == 0)
		error = copyout(&st, (vaddr_t)SCARG(uap, sb), sizeof(st));
	return error;
}
