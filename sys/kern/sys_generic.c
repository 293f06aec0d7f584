/*	Petrel: kern/sys_generic.c -- read(2) and write(2) on any file.	*/

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/file.h>
#include <sys/proc.h>
#include <sys/syscallargs.h>

#define SSIZE_MAX	((size_t)-1 >> 1)

int
sys_read(struct lwp *l, const struct sys_read_args *uap, register_t *retval)
{
	struct file *fp = fd_getfile(l->l_proc, SCARG(uap, fd));
	size_t done = 0;
	int error;

	if (fp == NULL || (fp->f_flag & FREAD) == 0 ||
	    fp->f_ops->fo_read == NULL)
		return EBADF;
	if (SCARG(uap, nbyte) > SSIZE_MAX)
		return EINVAL;
	error = (*fp->f_ops->fo_read)(fp, (vaddr_t)SCARG(uap, buf),
	    SCARG(uap, nbyte), &done);
	/* Some bytes moved: the call succeeded with that many. */
	if (error != 0 && done == 0)
		return error;
	retval[0] = done;
	return 0;
}

int
sys_write(struct lwp *l, const struct sys_write_args *uap, register_t *retval)
{
	struct file *fp = fd_getfile(l->l_proc, SCARG(uap, fd));
	size_t done = 0;
	int error;

	if (fp == NULL || (fp->f_flag & FWRITE) == 0 ||
	    fp->f_ops->fo_write == NULL)
		return EBADF;
	if (SCARG(uap, nbyte) > SSIZE_MAX)
		return EINVAL;
	error = (*fp->f_ops->fo_write)(fp, (vaddr_t)SCARG(uap, buf),
	    SCARG(uap, nbyte), &done);
	if (error != 0 && done == 0)
		return error;
	retval[0] = done;
	return 0;
}
