/*	Petrel: kern/kern_descrip.c -- descriptors and their files.
 *
 * Only the process's own LWP changes its descriptor table, so the
 * table has no lock; a file's count is atomic, since a forked child
 * shares its files with the parent.
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/file.h>
#include <sys/kmem.h>
#include <sys/proc.h>
#include <sys/syscallargs.h>

struct file *
file_alloc(const struct fileops *ops, void *data, int flag)
{
	struct file *fp = kmem_zalloc(sizeof(*fp), KM_SLEEP);

	fp->f_ops = ops;
	fp->f_data = data;
	fp->f_flag = flag;
	fp->f_count = 1;
	return fp;
}

void
file_hold(struct file *fp)
{
	__atomic_fetch_add(&fp->f_count, 1, __ATOMIC_RELAXED);
}

void
file_release(struct file *fp)
{
	if (__atomic_sub_fetch(&fp->f_count, 1, __ATOMIC_ACQ_REL) != 0)
		return;
	if (fp->f_ops->fo_close != NULL)
		(*fp->f_ops->fo_close)(fp);
	kmem_free(fp, sizeof(*fp));
}

struct file *
fd_getfile(struct proc *p, int fd)
{
	if (fd < 0 || fd >= NOFILE)
		return NULL;
	return p->p_fd[fd];
}

/* The lowest free descriptor for fp (whose reference it takes). */
int
fd_alloc(struct proc *p, struct file *fp, int *fdp)
{
	int fd;

	for (fd = 0; fd < NOFILE; fd++)
		if (p->p_fd[fd] == NULL) {
			p->p_fd[fd] = fp;
			*fdp = fd;
			return 0;
		}
	return EMFILE;
}

int
fd_close(struct proc *p, int fd)
{
	struct file *fp = fd_getfile(p, fd);

	if (fp == NULL)
		return EBADF;
	p->p_fd[fd] = NULL;
	file_release(fp);
	return 0;
}

void
fd_closeall(struct proc *p)
{
	int fd;

	for (fd = 0; fd < NOFILE; fd++)
		(void)fd_close(p, fd);
}

void
fd_share(struct proc *from, struct proc *to)
{
	int fd;

	for (fd = 0; fd < NOFILE; fd++)
		if ((to->p_fd[fd] = from->p_fd[fd]) != NULL)
			file_hold(to->p_fd[fd]);
}

int
sys_close(struct lwp *l, const struct sys_close_args *uap, register_t *retval)
{
	return fd_close(l->l_proc, SCARG(uap, fd));
}

int
sys_dup2(struct lwp *l, const struct sys_dup2_args *uap, register_t *retval)
{
	struct proc *p = l->l_proc;
	struct file *fp = fd_getfile(p, SCARG(uap, from));
	int to = SCARG(uap, to);

	if (fp == NULL || to < 0 || to >= NOFILE)
		return EBADF;
	retval[0] = to;
	if (SCARG(uap, from) == to)
		return 0;
	file_hold(fp);
	(void)fd_close(p, to);
	p->p_fd[to] = fp;
	return 0;
}
