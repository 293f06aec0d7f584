/*	Petrel: dev/cons.h -- the console switch.	*/
#ifndef _DEV_CONS_H_
#define _DEV_CONS_H_

#include <sys/types.h>

struct consdev {
	const char *cn_name;
	/* Write len bytes; must not fail, may poll. */
	void	(*cn_write)(const char *, size_t);
	/* Return a character or -1 when none is waiting. */
	int	(*cn_getc)(void);
	/*
	 * Wait, with a bound, until what was written has left the
	 * guest (the domain may end next).  NULL: writes are synchronous.
	 */
	void	(*cn_drain)(void);
	/*
	 * From thread context, once: arrange for cn_rxintr() to be
	 * called when input arrives.  0 on success.  NULL or an error:
	 * input can only be polled.
	 */
	int	(*cn_rxenable)(void);
};

extern struct consdev *cn_tab;
void	cn_set(struct consdev *);
int	cngetc(void);
void	cndrain(void);

/* Input that sleeps (cons.c); the driver's handler calls cn_rxintr(). */
int	cn_rxstart(void);
void	cn_rxintr(void);
int	cngetc_wait(void);

/* The line editor's output: its line may be left unfinished. */
void	cnecho(const char *, size_t);

#endif
