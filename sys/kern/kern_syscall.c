/*	Petrel: kern/kern_syscall.c -- the handler of numbers no call has.
 *
 * NetBSD also posts SIGSYS; here the call just fails with ENOSYS, so
 * that a program probing for calls goes on.
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/syscallargs.h>

int
sys_nosys(struct lwp *l, const void *v, register_t *retval)
{
	return ENOSYS;
}
