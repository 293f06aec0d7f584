/*	Petrel: sys/dirent.h -- what getdents(2) returns, NetBSD's layout.	*/
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

#define DT_DIR		4
#define DT_REG		8
#define DT_CHR		2

/* A record's size for a name of n bytes: the name, its NUL, rounded. */
#define _DIRENT_RECLEN(n)	\
	roundup(__offsetof(struct dirent, d_name) + (n) + 1, 8)

#endif
