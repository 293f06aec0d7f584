/*	Petrel: sys/condvar.h -- condvar(9).	*/
#ifndef _SYS_CONDVAR_H_
#define _SYS_CONDVAR_H_

#include <sys/mutex.h>

typedef struct kcondvar {
	const char	*cv_wmesg;
} kcondvar_t;

void	cv_init(kcondvar_t *, const char *);
void	cv_destroy(kcondvar_t *);
void	cv_wait(kcondvar_t *, kmutex_t *);
int	cv_timedwait(kcondvar_t *, kmutex_t *, int);	/* ticks */
int	cv_wait_sig(kcondvar_t *, kmutex_t *);		/* EINTR: a signal */
int	cv_timedwait_sig(kcondvar_t *, kmutex_t *, int);
void	cv_signal(kcondvar_t *);
void	cv_broadcast(kcondvar_t *);

#endif
