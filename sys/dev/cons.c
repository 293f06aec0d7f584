/*	Petrel: dev/cons.c -- console output, line buffered.
 *
 * printf() feeds characters here; they are handed to the console driver
 * a line at a time, because each write is a hypercall or a ring
 * notification and those are costly one character at a time.  The lock
 * is recursive per CPU so that a trap taken while printing can print.
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/cpu.h>
#include <dev/cons.h>

struct consdev *cn_tab;

static char cn_line[256];
static size_t cn_len;
static volatile int cn_owner = -1;
static int cn_depth;

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

void
cnputc(int c)
{
	if (cn_len + 2 > sizeof(cn_line))
		cnflush();
	if (c == '\n')
		cn_line[cn_len++] = '\r';
	cn_line[cn_len++] = c;
	if (c == '\n')
		cnflush();
}

int
cngetc(void)
{
	return cn_tab != NULL && cn_tab->cn_getc != NULL ?
	    cn_tab->cn_getc() : -1;
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
}
