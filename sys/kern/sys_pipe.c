/*	Petrel: kern/sys_pipe.c -- pipe(2).
 *
 * A pipe is a ring buffer with a reading and a writing file.  Readers
 * wait for data or the end (no writers left), writers for room; a
 * write with no reader left fails with EPIPE and a SIGPIPE.  Every wait
 * can be ended by a signal.  Data moves a chunk at a time through a
 * kernel buffer, with the lock dropped around copyin/copyout, which
 * may fault pages in.
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/condvar.h>
#include <sys/file.h>
#include <sys/kmem.h>
#include <sys/mutex.h>
#include <sys/proc.h>
#include <sys/syscallargs.h>

#define PIPE_SIZE	4096	/* bytes buffered */
#define PIPE_CHUNK	512	/* bytes per copy */

struct pipe {
	kmutex_t	 pipe_lock;
	kcondvar_t	 pipe_cv;	/* data, room, or an end went */
	uint8_t		*pipe_buf;
	size_t		 pipe_head;	/* next byte to read */
	size_t		 pipe_count;	/* bytes in the buffer */
	int		 pipe_readers, pipe_writers;
};

static void
pipe_free(struct pipe *pp)
{
	kmem_free(pp->pipe_buf, PIPE_SIZE);
	mutex_destroy(&pp->pipe_lock);
	cv_destroy(&pp->pipe_cv);
	kmem_free(pp, sizeof(*pp));
}

static int
pipe_read(struct file *fp, vaddr_t uaddr, size_t len, size_t *done)
{
	struct pipe *pp = fp->f_data;
	uint8_t buf[PIPE_CHUNK];
	size_t n, i;
	int error = 0;

	mutex_enter(&pp->pipe_lock);
	/* Wait for something, then take what is there (up to len). */
	while (pp->pipe_count == 0 && pp->pipe_writers > 0 && error == 0)
		error = cv_wait_sig(&pp->pipe_cv, &pp->pipe_lock);
	while (error == 0 && *done < len && pp->pipe_count > 0) {
		n = MIN(MIN(len - *done, sizeof(buf)), pp->pipe_count);
		for (i = 0; i < n; i++)
			buf[i] = pp->pipe_buf[(pp->pipe_head + i) % PIPE_SIZE];
		pp->pipe_head = (pp->pipe_head + n) % PIPE_SIZE;
		pp->pipe_count -= n;
		cv_broadcast(&pp->pipe_cv);
		mutex_exit(&pp->pipe_lock);
		error = copyout(buf, uaddr + *done, n);
		mutex_enter(&pp->pipe_lock);
		if (error == 0)
			*done += n;
	}
	mutex_exit(&pp->pipe_lock);
	return error;
}

static int
pipe_write(struct file *fp, vaddr_t uaddr, size_t len, size_t *done)
{
	struct pipe *pp = fp->f_data;
	uint8_t buf[PIPE_CHUNK];
	size_t n, i, tail;
	int error = 0;

	while (*done < len && error == 0) {
		n = MIN(len - *done, sizeof(buf));
		if ((error = copyin(uaddr + *done, buf, n)) != 0)
			break;
		mutex_enter(&pp->pipe_lock);
		while (pp->pipe_readers > 0 &&
		    PIPE_SIZE - pp->pipe_count < n && error == 0)
			error = cv_wait_sig(&pp->pipe_cv, &pp->pipe_lock);
		if (error == 0 && pp->pipe_readers == 0)
			error = EPIPE;
		if (error == 0) {
			tail = pp->pipe_head + pp->pipe_count;
			for (i = 0; i < n; i++)
				pp->pipe_buf[(tail + i) % PIPE_SIZE] = buf[i];
			pp->pipe_count += n;
			*done += n;
			cv_broadcast(&pp->pipe_cv);
		}
		mutex_exit(&pp->pipe_lock);
	}
	if (error == EPIPE) {
		mutex_enter(&proc_lock);
		(void)proc_kill(curproc, SIGPIPE);
		mutex_exit(&proc_lock);
	}
	return error;
}

static void
pipe_close(struct file *fp)
{
	struct pipe *pp = fp->f_data;
	bool last;

	mutex_enter(&pp->pipe_lock);
	if (fp->f_flag & FREAD)
		pp->pipe_readers--;
	else
		pp->pipe_writers--;
	last = pp->pipe_readers == 0 && pp->pipe_writers == 0;
	cv_broadcast(&pp->pipe_cv);
	mutex_exit(&pp->pipe_lock);
	if (last)
		pipe_free(pp);
}

static const struct fileops pipe_fileops = {
	.fo_read = pipe_read,
	.fo_write = pipe_write,
	.fo_close = pipe_close,
};

/* NetBSD's pipe(2): the two descriptors come back in the two results. */
int
sys_pipe(struct lwp *l, const void *v, register_t *retval)
{
	struct proc *p = l->l_proc;
	struct pipe *pp = kmem_zalloc(sizeof(*pp), KM_SLEEP);
	struct file *rf, *wf;
	int rfd, wfd, error;

	pp->pipe_buf = kmem_alloc(PIPE_SIZE, KM_SLEEP);
	mutex_init(&pp->pipe_lock, MUTEX_DEFAULT, IPL_NONE);
	cv_init(&pp->pipe_cv, "pipe");
	pp->pipe_readers = pp->pipe_writers = 1;
	rf = file_alloc(&pipe_fileops, pp, FREAD);
	wf = file_alloc(&pipe_fileops, pp, FWRITE);
	if ((error = fd_alloc(p, rf, &rfd)) != 0) {
		file_release(rf);
		file_release(wf);
		return error;
	}
	if ((error = fd_alloc(p, wf, &wfd)) != 0) {
		(void)fd_close(p, rfd);
		file_release(wf);
		return error;
	}
	retval[0] = rfd;
	retval[1] = wfd;
	return 0;
}
