/*	Petrel libc: sched.h -- yield and CPU affinity, NetBSD's interface.
 *
 * cpuset_t is opaque as in NetBSD's cpuset(3); the kernel sees a bitmap of
 * cpuset_size() bytes, bit N for CPU N, little endian.
 */
#ifndef _SCHED_H_
#define _SCHED_H_

#include <sys/types.h>

typedef struct _cpuset cpuset_t;

int	sched_yield(void);
int	_sched_setaffinity(pid_t, lwpid_t, size_t, const cpuset_t *);
int	_sched_getaffinity(pid_t, lwpid_t, size_t, cpuset_t *);

cpuset_t *cpuset_create(void);
void	cpuset_destroy(cpuset_t *);
void	cpuset_zero(cpuset_t *);
int	cpuset_set(unsigned long, cpuset_t *);
int	cpuset_clr(unsigned long, cpuset_t *);
int	cpuset_isset(unsigned long, const cpuset_t *);
size_t	cpuset_size(const cpuset_t *);

/* Pin the calling process to cpu; the CPU it may run on after a get. */
int	cpu_pin(unsigned long);
int	cpu_pinned(void);

#endif /* !_SCHED_H_ */
