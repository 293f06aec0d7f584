/*	Petrel: sys/stat.h -- struct stat, as NetBSD's __fstat50 fills it
 *	(the kernel's and libc's).
 */
#ifndef _SYS_STAT_H_
#define _SYS_STAT_H_

#include <sys/types.h>
#include <sys/time.h>

struct stat {
	uint64_t	st_dev;
	uint32_t	st_mode;
	uint64_t	st_ino;
	uint32_t	st_nlink;
	uint32_t	st_uid;
	uint32_t	st_gid;
	uint64_t	st_rdev;
	struct timespec	st_atim;
	struct timespec	st_mtim;
	struct timespec	st_ctim;
	struct timespec	st_birthtim;
	int64_t		st_size;
	int64_t		st_blocks;
	uint32_t	st_blksize;
	uint32_t	st_flags;
	uint32_t	st_gen;
	uint32_t	st_spare[2];
};

#define S_IFMT		0170000
#define S_IFIFO		0010000
#define S_IFCHR		0020000
#define S_IFDIR		0040000
#define S_IFBLK		0060000
#define S_IFREG		0100000
#define S_IFLNK		0120000
#define S_ISDIR(m)	(((m) & S_IFMT) == S_IFDIR)
#define S_ISREG(m)	(((m) & S_IFMT) == S_IFREG)

#ifndef _KERNEL
int	fstat(int, struct stat *) __asm("__fstat50");
#endif

#endif
