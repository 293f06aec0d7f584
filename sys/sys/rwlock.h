/*	Petrel: sys/rwlock.h -- rwlock(9).	*/
#ifndef _SYS_RWLOCK_H_
#define _SYS_RWLOCK_H_

#include <sys/types.h>

typedef enum { RW_READER, RW_WRITER } krw_t;

typedef struct krwlock {
	struct lwp	*volatile rw_writer;
	volatile int	 rw_readers;
	volatile int	 rw_wantwrite;	/* writers waiting: readers hold off */
} krwlock_t;

void	rw_init(krwlock_t *);
void	rw_destroy(krwlock_t *);
void	rw_enter(krwlock_t *, krw_t);
bool	rw_tryenter(krwlock_t *, krw_t);
void	rw_exit(krwlock_t *);
bool	rw_write_held(krwlock_t *);
bool	rw_read_held(krwlock_t *);

#endif
