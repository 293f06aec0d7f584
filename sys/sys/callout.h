/*	Petrel: sys/callout.h -- callout(9): call a function a number of
 *	clock ticks from now.
 *
 * A callout belongs to the CPU that initialised it and its function is
 * called there, from hardclock() at IPL_SCHED: it must not sleep.  When
 * that CPU goes offline its callouts move to the boot CPU.  The
 * function may reschedule or stop its own callout.  The structure is
 * the caller's; the fields are private to kern_timeout.c.
 */
#ifndef _SYS_CALLOUT_H_
#define _SYS_CALLOUT_H_

#include <sys/types.h>

struct callout_cpu;
struct cpu_info;
struct kmutex;

typedef struct callout {
	struct callout	*c_next;	/* on its CPU's queue, by expiry */
	struct callout	**c_prevp;
	void		(*c_func)(void *);
	void		*c_arg;
	uint64_t	 c_time;	/* expiry: a tick of getticks64() */
	struct callout_cpu *c_cc;	/* its CPU's; moves as it goes down */
	volatile unsigned int c_flags;
	unsigned int	 c_magic;
} callout_t;

/* callout_init() flags: every callout is MP-safe here. */
#define CALLOUT_MPSAFE		0x0001

void	callout_init(callout_t *, unsigned int);
void	callout_destroy(callout_t *);
void	callout_setfunc(callout_t *, void (*)(void *), void *);
void	callout_reset(callout_t *, int, void (*)(void *), void *);
void	callout_schedule(callout_t *, int);
bool	callout_stop(callout_t *);
bool	callout_halt(callout_t *, struct kmutex *);
bool	callout_pending(const callout_t *);
bool	callout_expired(const callout_t *);

/* From hardclock(): this CPU's tick; run its due callouts. */
void	callout_hardclock(struct cpu_info *);

/* From a CPU going offline: hand its pending callouts to another. */
void	callout_cpu_migrate(struct cpu_info *, struct cpu_info *);
bool	callout_next_tick(struct cpu_info *, uint64_t *);

#endif /* _SYS_CALLOUT_H_ */
