/*	Petrel: sys/time.h -- struct timespec as NetBSD's user space has it
 *	(the kernel's and libc's <time.h> both use this one).
 *
 * time_t is 64 bits on both machines (NetBSD's __nanosleep50 and
 * __clock_gettime50), tv_nsec a long.
 */
#ifndef _SYS_TIME_H_
#define _SYS_TIME_H_

#include <sys/types.h>

struct timespec {
	int64_t		tv_sec;
	long		tv_nsec;
};

#define CLOCK_REALTIME	0
#define CLOCK_MONOTONIC	3		/* NetBSD's number */

#ifdef _KERNEL
#define NS_PER_SEC	1000000000ULL
#endif

#endif
