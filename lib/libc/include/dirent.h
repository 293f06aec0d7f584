/*	Petrel libc: dirent.h -- NetBSD's struct dirent (getdents(2)).	*/
#ifndef _DIRENT_H_
#define _DIRENT_H_

#include <sys/types.h>

#define	MAXNAMLEN	511

struct dirent {
	ino_t		d_fileno;
	uint16_t	d_reclen;	/* whole record, a multiple of 8 */
	uint16_t	d_namlen;
	uint8_t		d_type;
	char		d_name[MAXNAMLEN + 1];
};

#define	DT_UNKNOWN	0
#define	DT_FIFO		1
#define	DT_CHR		2
#define	DT_DIR		4
#define	DT_BLK		6
#define	DT_REG		8
#define	DT_LNK		10

/* A record's size for a name of namlen bytes, as NetBSD computes it. */
#define	_DIRENT_NAMEOFF	__builtin_offsetof(struct dirent, d_name)
#define	_DIRENT_RECLEN(namlen)	((_DIRENT_NAMEOFF + (namlen) + 1 + 7) & ~7)

int	getdents(int, char *, size_t) __asm("__getdents30");

#endif /* !_DIRENT_H_ */
