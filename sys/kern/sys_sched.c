/*	Petrel: kern/sys_sched.c -- sched_yield(2).	*/

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/lwp.h>
#include <sys/sched.h>
#include <sys/syscallargs.h>

int
sys_sched_yield(struct lwp *l, const void *v, register_t *retval)
{
	yield();
	return 0;
}
