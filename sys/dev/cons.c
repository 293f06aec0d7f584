/*	Petrel: dev/cons.c -- console output, line buffered, and input.
 *
 * printf() feeds characters here; they are handed to the console driver
 * a line at a time, because each write is a hypercall or a ring
 * notification and those are costly one character at a time.  The lock
 * is recursive per CPU so that a trap taken while printing can print.
 *
 * Input: a reader sleeps in cngetc_wait() until the driver's event
 * handler calls cn_rxintr().  The line editor (kern_conscmd.c) echoes
 * through cnecho(), which may leave its line unfinished (a prompt);
 * anyone else who prints then starts on a fresh line.
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/cpu.h>
#include <sys/condvar.h>
#include <sys/file.h>
#include <sys/lwp.h>
#include <sys/mutex.h>
#include <sys/sched.h>
#include <dev/cons.h>

struct consdev *cn_tab;

static char cn_line[256];
static size_t cn_len;
static volatile int cn_owner = -1;
static int cn_depth;
static bool cn_midline;		/* the editor's line is left unfinished */
static bool cn_editing;		/* cnecho() is writing */

/* Input: the lock orders a reader's last look against the handler. */
static kmutex_t cn_rx_lock;
static kcondvar_t cn_rx_cv;
static bool cn_rx_inited;	/* cn_rx_lock and cn_rx_cv are usable */
static bool cn_rx_events;	/* the driver calls cn_rxintr() */

void
cn_set(struct consdev *cn)
{
	cnflush();
	cn_tab = cn;
}

void
cnflush(void)
{
	if (cn_len > 0 && cn_tab != NULL)
		cn_tab->cn_write(cn_line, cn_len);
	cn_len = 0;
}

/* Flush, then wait for the output to leave: the domain is ending. */
void
cndrain(void)
{
	cnflush();
	if (cn_tab != NULL && cn_tab->cn_drain != NULL)
		cn_tab->cn_drain();
}

void
cnputc(int c)
{
	if (cn_midline && !cn_editing) {
		/* Don't append to the prompt or the line being typed. */
		cn_midline = false;
		cnputc('\n');
	}
	if (cn_len + 2 > sizeof(cn_line))
		cnflush();
	if (c == '\n')
		cn_line[cn_len++] = '\r';
	cn_line[cn_len++] = c;
	if (c == '\n')
		cnflush();
}

/* Write s now, even without a newline: echo and prompts. */
void
cnecho(const char *s, size_t n)
{
	int ls;

	if (n == 0)
		return;
	ls = cons_lock();
	/* Someone's unfinished printf: end it rather than splice into it. */
	if (cn_len > 0 && !cn_midline)
		cnputc('\n');
	cn_editing = true;
	while (n-- > 0)
		cnputc(*s++);
	cnflush();
	cn_midline = s[-1] != '\n';
	cn_editing = false;
	cons_unlock(ls);
}

int
cngetc(void)
{
	return cn_tab != NULL && cn_tab->cn_getc != NULL ?
	    cn_tab->cn_getc() : -1;
}

/*
 * Ready the sleeping input path; once, from thread context.  Returns
 * 0 when input will wake readers, else an error (readers then poll).
 */
int
cn_rxstart(void)
{
	int error = ENODEV;

	if (cn_rx_inited)
		return cn_rx_events ? 0 : ENODEV;
	/* The driver's handler runs at IPL_VM or below. */
	mutex_init(&cn_rx_lock, MUTEX_SPIN, IPL_VM);
	cv_init(&cn_rx_cv, "cnin");
	__atomic_store_n(&cn_rx_inited, true, __ATOMIC_RELEASE);
	if (cn_tab != NULL && cn_tab->cn_rxenable != NULL)
		error = cn_tab->cn_rxenable();
	cn_rx_events = error == 0;
	return error;
}

/* From the console driver's event handler: input may be waiting. */
void
cn_rxintr(void)
{
	if (!__atomic_load_n(&cn_rx_inited, __ATOMIC_ACQUIRE))
		return;
	mutex_spin_enter(&cn_rx_lock);
	cv_broadcast(&cn_rx_cv);
	mutex_spin_exit(&cn_rx_lock);
}

/*
 * Sleep until a character comes.  The driver is asked while the lock
 * is held, so a cn_rxintr() after an empty answer waits for us to be
 * asleep and then wakes us.  Readers are serialised by the lock too.
 * A signal for the reading process ends the wait: -1.
 */
int
cngetc_wait(void)
{
	int c, error = 0;

	if (!cn_rx_inited)
		(void)cn_rxstart();
	mutex_spin_enter(&cn_rx_lock);
	while ((c = cngetc()) == -1 && error == 0) {
		if (cn_rx_events) {
			error = cv_wait_sig(&cn_rx_cv, &cn_rx_lock);
			continue;
		}
		/* No input events from this driver: look 10 times a second. */
		mutex_spin_exit(&cn_rx_lock);
		curlwp->l_flag |= LW_SINTR;
		error = tsleep(&curlwp->l_timedout, "cnpoll", MAX(hz / 10, 1));
		curlwp->l_flag &= ~LW_SINTR;
		if (error == ETIMEDOUT)
			error = 0;
		mutex_spin_enter(&cn_rx_lock);
	}
	mutex_spin_exit(&cn_rx_lock);
	return c;
}

int
cons_lock(void)
{
	int s = splhigh();
	int me = cpu_number();

	if (cn_owner == me) {
		cn_depth++;
		return s;
	}
	while (!__atomic_compare_exchange_n(&cn_owner, &(int){ -1 }, me,
	    false, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
		cpu_spinwait();
	cn_depth = 1;
	return s;
}

void
cons_unlock(int s)
{
	if (--cn_depth == 0) {
		/* Partial lines wait for their newline, except when cold. */
		__atomic_store_n(&cn_owner, -1, __ATOMIC_RELEASE);
	}
	splx(s);
}

/* Panic: take the console whoever holds it, and flush what it had. */
void
cons_lock_break(void)
{
	cn_owner = -1;
	cn_depth = 0;
	cn_editing = false;
}

/* ---- the console as a process's file ------------------------------ */

#define CONS_CHUNK	128	/* bytes moved per copyin/copyout */

static int
cons_file_write(struct file *fp, vaddr_t uaddr, size_t len, size_t *done)
{
	char buf[CONS_CHUNK];
	size_t n, i;
	int error, ls;

	while (*done < len) {
		n = MIN(len - *done, sizeof(buf));
		if ((error = copyin(uaddr + *done, buf, n)) != 0)
			return error;
		ls = cons_lock();
		for (i = 0; i < n; i++)
			cnputc(buf[i]);
		cnflush();
		cons_unlock(ls);
		*done += n;
	}
	return 0;
}

/*
 * A line at a time, as a terminal in canonical mode gives it: echoed,
 * with backspace; ^D on an empty line is the end of the file.
 */
static int
cons_file_read(struct file *fp, vaddr_t uaddr, size_t len, size_t *done)
{
	char line[CONS_CHUNK];
	int c;
	size_t n = 0;

	while (n < MIN(len, sizeof(line))) {
		if ((c = cngetc_wait()) == -1)
			return EINTR;	/* a signal: the line typed is lost */
		if (c == '\004') {		/* ^D */
			if (n == 0)
				return 0;
			break;
		}
		if (c == '\b' || c == '\177') {
			if (n > 0) {
				n--;
				cnecho("\b \b", 3);
			}
			continue;
		}
		if (c == '\r')
			c = '\n';
		line[n++] = c;
		cnecho(&line[n - 1], 1);
		if (c == '\n')
			break;
	}
	if (copyout(line, uaddr, n) != 0)
		return EFAULT;
	*done = n;
	return 0;
}

const struct fileops cons_fileops = {
	.fo_read = cons_file_read,
	.fo_write = cons_file_write,
};
