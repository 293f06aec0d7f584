/*	Petrel: sys/mutex.h -- mutex(9).
 *
 * MUTEX_SPIN: busy-waits, raises the IPL given at init; for interrupt
 * handlers and short sections.  MUTEX_DEFAULT (adaptive): spins while
 * the owner runs on another CPU, otherwise sleeps.
 */
#ifndef _SYS_MUTEX_H_
#define _SYS_MUTEX_H_

#include <sys/types.h>

typedef enum { MUTEX_DEFAULT, MUTEX_SPIN, MUTEX_ADAPTIVE } kmutex_type_t;

typedef struct kmutex {
	volatile uintptr_t mtx_owner;	/* lwp, or cpu_info|1 for spin */
	int		 mtx_type;	/* MUTEX_SPIN or MUTEX_ADAPTIVE */
	int		 mtx_ipl;	/* spin: level raised to */
	int		 mtx_oldspl;	/* spin: level to return to */
	volatile int	 mtx_ilock;	/* adaptive: guards the sleepers */
} kmutex_t;

#define MUTEX_WAITERS	((uintptr_t)1)	/* adaptive: someone sleeps */

void	mutex_init(kmutex_t *, kmutex_type_t, int);
void	mutex_destroy(kmutex_t *);
void	mutex_enter(kmutex_t *);
void	mutex_exit(kmutex_t *);
bool	mutex_tryenter(kmutex_t *);
bool	mutex_owned(const kmutex_t *);
void	mutex_spin_enter(kmutex_t *);
void	mutex_spin_exit(kmutex_t *);

#endif
