/*	Petrel: sys/dirent.h -- what getdents(2) returns, NetBSD's layout
 *	(libc's <dirent.h> includes this file).
 */
#ifndef _SYS_DIRENT_H_
#define _SYS_DIRENT_H_

#include <sys/types.h>

#define MAXNAMLEN	511

struct dirent {
	uint64_t	d_fileno;
	uint16_t	d_reclen;	/* the whole record, a multiple of 8 */
	uint16_t	d_namlen;
	uint8_t		d_type;
	char		d_name[MAXNAMLEN + 1];
};

#define DT_UNKNOWN	0
#define DT_FIFO		1
#define DT_CHR		2
#define DT_DIR		4
#define DT_BLK		6
#define DT_REG		8
#define DT_LNK		10

/* A record's size for a name of n bytes: the name, its NUL, rounded. */
#define _DIRENT_NAMEOFF		__builtin_offsetof(struct dirent, d_name)
#define _DIRENT_RECLEN(n)	((_DIRENT_NAMEOFF + (n) + 1 + 7) & ~7)

#endif
