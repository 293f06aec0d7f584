/*	Petrel libc: time.h	*/
#ifndef _TIME_H_
#define _TIME_H_

#include <sys/types.h>
#include <sys/time.h>		/* the kernel's: struct timespec, CLOCK_* */

struct tm {
	int	tm_sec, tm_min, tm_hour, tm_mday, tm_mon, tm_year;
	int	tm_wday, tm_yday;
};

int	nanosleep(const struct timespec *, struct timespec *)
	    __asm("__nanosleep50");
int	clock_gettime(clockid_t, struct timespec *) __asm("__clock_gettime50");
time_t	time(time_t *);
struct tm *gmtime_r(const time_t *, struct tm *);
char	*asctime_r(const struct tm *, char *);

#endif /* !_TIME_H_ */
