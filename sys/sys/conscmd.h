/*	Petrel: sys/conscmd.h -- the console command reader.	*/
#ifndef _SYS_CONSCMD_H_
#define _SYS_CONSCMD_H_

#include <sys/types.h>

#define CONSCMD_PROMPT	"petrel> "
#define CONSCMD_LINEMAX	128

/* The line being typed, and how it is echoed. */
struct conscmd_line {
	char	 cl_buf[CONSCMD_LINEMAX];
	size_t	 cl_len;
	int	 cl_prev;	/* the last character: CR LF ends once */
	int	 cl_esc;	/* in an escape sequence (arrow keys) */
	void	(*cl_echo)(const char *, size_t);
};

/*
 * A command: its name, what runs it (given the rest of the line),
 * whether it takes arguments, and for the machine's own its line in
 * "help".
 */
struct conscmd {
	const char	*cc_name;
	void		(*cc_func)(const char *);
	bool		 cc_args;
	const char	*cc_help;
};
/* MD: the machine's own commands, looked up after the MI ones. */
extern const struct conscmd cpu_conscmds[];
extern const size_t cpu_nconscmds;

/*
 * Feed one character.  True when a line is complete: it is in cl_buf,
 * NUL-terminated, until the next character is fed.
 */
bool	conscmd_input(struct conscmd_line *, int);
/* Run one command line: 0, ENOENT (unknown) or EINVAL (arguments). */
int	conscmd_run(const char *);
/* Start the reader thread (the kernel stays up). */
void	conscmd_init(void);

#endif
