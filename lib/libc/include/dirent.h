/*	Petrel libc: dirent.h -- NetBSD's struct dirent (getdents(2)).	*/
#ifndef _DIRENT_H_
#define _DIRENT_H_

#include <sys/types.h>
#include <sys/dirent.h>		/* the kernel's: struct dirent, DT_* */

int	getdents(int, char *, size_t) __asm("__getdents30");

#endif /* !_DIRENT_H_ */
