/*	Petrel: kern/sys_notyet.c -- system calls in syscalls.master that
 *	are not written yet: each fails with ENOSYS, as an unknown number.
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/syscallargs.h>

int
sys_nosys(struct lwp *l, const void *v, register_t *retval)
{
	return ENOSYS;
}

#define NOTYET(name, args)						\
int									\
name(struct lwp *l, const args *uap, register_t *retval)		\
{									\
	return ENOSYS;							\
}

NOTYET(sys_open, struct sys_open_args)
NOTYET(sys_ioctl, struct sys_ioctl_args)
NOTYET(sys___sysctl, struct sys___sysctl_args)
NOTYET(sys_reboot, struct sys_reboot_args)
NOTYET(sys__sched_setaffinity, struct sys__sched_setaffinity_args)
NOTYET(sys__sched_getaffinity, struct sys__sched_getaffinity_args)
NOTYET(sys___getdents30, struct sys___getdents30_args)
NOTYET(sys___fstat50, struct sys___fstat50_args)
