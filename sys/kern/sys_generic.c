/*	Petrel: kern/sys_generic.c -- read(2), write(2), ioctl(2) on any file.	*/

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/file.h>
#include <sys/ioccom.h>
#include <sys/kmem.h>
#include <sys/proc.h>
#include <sys/syscallargs.h>

#define SSIZE_MAX	((size_t)-1 >> 1)

/*
 * read(2) and write(2): one transfer on fd in the direction its flag
 * (FREAD or FWRITE) names, through the file's own operation.
 */
static int
dofilerw(struct lwp *l, int fd, vaddr_t buf, size_t nbyte, int flag,
    register_t *retval)
{
	struct file *fp = fd_getfile(l->l_proc, fd);
	int (*transfer)(struct file *, vaddr_t, size_t, size_t *);
	size_t done = 0;
	int error;

	if (fp == NULL || (fp->f_flag & flag) == 0)
		return EBADF;
	transfer = flag == FREAD ? fp->f_ops->fo_read : fp->f_ops->fo_write;
	if (transfer == NULL)
		return EBADF;
	if (nbyte > SSIZE_MAX)
		return EINVAL;
	error = (*transfer)(fp, buf, nbyte, &done);
	/* Some bytes moved: the call succeeded with that many. */
	if (error != 0 && done == 0)
		return error;
	retval[0] = done;
	return 0;
}

int
sys_read(struct lwp *l, const struct sys_read_args *uap, register_t *retval)
{
	return dofilerw(l, SCARG(uap, fd), (vaddr_t)SCARG(uap, buf),
	    SCARG(uap, nbyte), FREAD, retval);
}

int
sys_write(struct lwp *l, const struct sys_write_args *uap, register_t *retval)
{
	return dofilerw(l, SCARG(uap, fd), (vaddr_t)SCARG(uap, buf),
	    SCARG(uap, nbyte), FWRITE, retval);
}

/* The argument moves by the size and direction the command encodes. */
int
sys_ioctl(struct lwp *l, const struct sys_ioctl_args *uap, register_t *retval)
{
	struct file *fp = fd_getfile(l->l_proc, SCARG(uap, fd));
	u_long cmd = SCARG(uap, com);
	size_t len = IOCPARM_LEN(cmd);
	vaddr_t uarg = (vaddr_t)SCARG(uap, data);
	void *data = NULL;
	int error = 0;

	if (fp == NULL)
		return EBADF;
	if (fp->f_ops->fo_ioctl == NULL)
		return ENOTTY;
	if (len > 0) {
		data = kmem_zalloc(len, KM_SLEEP);
		if (cmd & IOC_IN)
			error = copyin(uarg, data, len);
	}
	if (error == 0)
		error = (*fp->f_ops->fo_ioctl)(fp, cmd, data);
	if (error == 0 && (cmd & IOC_OUT) && len > 0)
		error = copyout(data, uarg, len);
	if (data != NULL)
		kmem_free(data, len);
	return error;
}
