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
};

extern struct consdev *cn_tab;
void	cn_set(struct consdev *);
int	cngetc(void);

#endif
