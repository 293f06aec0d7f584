/*	Petrel: sys/xcall.h -- xcall(9): run a function on other CPUs.	*/
#ifndef _SYS_XCALL_H_
#define _SYS_XCALL_H_

#include <sys/types.h>

struct cpu_info;
typedef void (*xcfunc_t)(void *, void *);

uint64_t xc_broadcast(unsigned int, xcfunc_t, void *, void *);
uint64_t xc_unicast(unsigned int, xcfunc_t, void *, void *,
	    struct cpu_info *);
void	xc_wait(uint64_t);
int	xc_wait_timed(uint64_t, uint64_t);	/* bound in ns: ETIMEDOUT */
void	xc_ipi_handler(void);		/* MD IPI code calls this */
int	xc_send_ipi(struct cpu_info *);	/* MD: 0, or the CPU is offline */
void	xc_cpu_lock(void);	/* MD, around a CPUF_RUNNING change */
void	xc_cpu_unlock(void);
#define XC_HIGHPRI	0x01		/* accepted; all calls run so */

#endif
