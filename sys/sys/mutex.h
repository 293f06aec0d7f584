/*	Petrel: sys/mutex.h -- mutex(9).
 *
 * MUTEX_SPIN: busy-waits, raises the IPL given at init; for interrupt
 * handlers and short sections.  Taken by plain spinning (whoever gets
 * it first when free), or with boot option pvlock=1 in ticket order
 * (fair), a waiter that spun a bounded time blocking in the hypervisor
 * until the releaser kicks it (cpu_pvlock_wait/cpu_pvlock_kick); the
 * same lock word, so the two mix.  MUTEX_DEFAULT
 * (adaptive): spins while the owner runs on another CPU, otherwise
 * sleeps.
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
	/* Spin: tickets, the one served in the low half (x86 order). */
	union {
		volatile uint32_t mtx_tickets;
		struct {
			volatile uint16_t mtx_serving;
			volatile uint16_t mtx_next;
		};
	};
	volatile uint32_t mtx_pvwaiters; /* spin: blocked, to be kicked */
} kmutex_t;

#define MUTEX_TICKET_NEXT	0x10000U	/* mtx_next's unit in tickets */

#define MUTEX_WAITERS	((uintptr_t)1)	/* adaptive: someone sleeps */

void	mutex_init(kmutex_t *, kmutex_type_t, int);
void	mutex_destroy(kmutex_t *);
void	mutex_enter(kmutex_t *);
void	mutex_exit(kmutex_t *);
bool	mutex_tryenter(kmutex_t *);
bool	mutex_owned(const kmutex_t *);
void	mutex_spin_enter(kmutex_t *);
void	mutex_spin_exit(kmutex_t *);

/*
 * MD: block the waiter holding ticket of m until kicked (or a bounded
 * time); false, at once, if it should spin on (pvlock=0, no channel
 * yet, nested too deep).  The releaser kicks the next ticket's waiter.
 */
bool	cpu_pvlock_on(void);
bool	cpu_pvlock_wait(kmutex_t *, unsigned int);
void	cpu_pvlock_kick(kmutex_t *, unsigned int);

#endif
