/*	Petrel libc: sys/types.h -- the basic types, NetBSD's sizes.	*/
#ifndef _SYS_TYPES_H_
#define _SYS_TYPES_H_

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

typedef long		ssize_t;
typedef int64_t		off_t;
typedef int32_t		pid_t;
typedef int32_t		lwpid_t;
typedef uint32_t	mode_t;
typedef uint64_t	dev_t;
typedef uint64_t	ino_t;
typedef uint32_t	nlink_t;
typedef uint32_t	uid_t;
typedef uint32_t	gid_t;
typedef int64_t		time_t;
typedef int		clockid_t;
typedef int64_t		blkcnt_t;
typedef uint32_t	blksize_t;
typedef unsigned char	u_char;
typedef unsigned short	u_short;
typedef unsigned int	u_int;
typedef unsigned long	u_long;

#endif /* !_SYS_TYPES_H_ */
