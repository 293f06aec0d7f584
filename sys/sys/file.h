/*	Petrel: sys/file.h -- open files.
 *
 * A descriptor names a struct file, shared by dup2(2) and fork(2) and
 * counted; its fileops say what reading and writing it mean (the
 * console, a pipe, a ramdisk file or directory).  The ops move data
 * between the object and user space themselves (copyin/copyout).
 */
#ifndef _SYS_FILE_H_
#define _SYS_FILE_H_

#include <sys/types.h>

struct file;
struct stat;

struct fileops {
	/* Move up to len bytes; *done is how many moved, even on error. */
	int	(*fo_read)(struct file *, vaddr_t, size_t, size_t *);
	int	(*fo_write)(struct file *, vaddr_t, size_t, size_t *);
	int	(*fo_stat)(struct file *, struct stat *);
	/* cmd's argument is in the kernel already (IOCPARM_LEN bytes). */
	int	(*fo_ioctl)(struct file *, u_long, void *);
	/* Directory entries from f_offset on, as struct dirent records. */
	int	(*fo_getdents)(struct file *, vaddr_t, size_t, size_t *);
	void	(*fo_close)(struct file *);	/* the last reference went */
};

struct file {
	const struct fileops *f_ops;
	void		*f_data;
	off_t		 f_offset;
	int		 f_flag;
#define FREAD		0x0001
#define FWRITE		0x0002
	volatile int	 f_count;	/* descriptors naming it */
};

struct proc;
struct file *file_alloc(const struct fileops *, void *, int);
void	file_hold(struct file *);
void	file_release(struct file *);
struct file *fd_getfile(struct proc *, int);
int	fd_alloc(struct proc *, struct file *, int *);
int	fd_close(struct proc *, int);
void	fd_closeall(struct proc *);
void	fd_share(struct proc *, struct proc *);	/* fork: the same files */

extern const struct fileops cons_fileops;	/* dev/cons.c */
extern const struct fileops cpuctl_fileops;	/* kern/kern_cpu.c */

/* What open(2) finds under /dev (kern/vfs_ramdisk.c). */
struct devsw_entry {
	const char		*de_name;	/* "console": /dev/console */
	const struct fileops	*de_ops;
};

#endif
