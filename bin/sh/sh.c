/*	Petrel: bin/sh/sh.c -- a small shell.
 *
 * A line is a list of pipelines separated by ';' or '&' (run in the
 * background); a pipeline is commands joined by '|'; a command is words,
 * with '...' and "..." quoting and \ escaping one character.  Builtins:
 * exit [n], echo, poweroff, reboot.  There are no variables, redirections
 * or control structures; sh(1) says so.
 *
 * usage: sh [-i] [-c command | file]
 * Non-interactive, a syntax error ends the shell with status 2, as POSIX
 * asks; interactive (-i), it is reported and the next line is read.
 */
#include <sys/types.h>
#include <sys/reboot.h>
#include <sys/wait.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define	MAXLINE		1024
#define	MAXWORDS	64		/* words in a whole line */
#define	MAXCMDS		16		/* commands in a pipeline */

enum tok { T_WORD, T_PIPE, T_SEMI, T_AMP, T_END };

struct cmd {
	char	*argv[MAXWORDS + 1];
	int	 argc;
};

static int interactive;
static int laststatus;
static char wordbuf[MAXLINE * 2];

static void
syntax(const char *what)
{

	fprintf(stderr, "sh: syntax error: %s\n", what);
}

/*
 * Split line into tokens; words go to wordbuf, NUL terminated.  Returns
 * the number of tokens or -1 after reporting the error.
 */
static int
lex(const char *line, enum tok *toks, char **words, int max)
{
	char *w = wordbuf, quote;
	const char *p = line;
	int n = 0;

	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\n')
			p++;
		if (*p == '\0' || *p == '#')
			break;
		if (n == max) {
			syntax("too many words");
			return -1;
		}
		words[n] = NULL;
		if (*p == '|' || *p == ';' || *p == '&') {
			toks[n++] = *p == '|' ? T_PIPE :
			    *p == ';' ? T_SEMI : T_AMP;
			p++;
			continue;
		}
		if (*p == '<' || *p == '>') {
			syntax("redirections are not supported");
			return -1;
		}
		toks[n] = T_WORD;
		words[n++] = w;
		while (*p != '\0' && strchr(" \t\n|;&<>", *p) == NULL) {
			if (*p == '\'' || *p == '"') {
				quote = *p++;
				while (*p != quote) {
					if (*p == '\0') {
						syntax(quote == '\'' ?
						    "unterminated '" :
						    "unterminated \"");
						return -1;
					}
					if (quote == '"' && *p == '\\' &&
					    (p[1] == '"' || p[1] == '\\'))
						p++;
					*w++ = *p++;
				}
				p++;
			} else if (*p == '\\' && p[1] != '\0') {
				p++;
				*w++ = *p++;
			} else
				*w++ = *p++;
		}
		*w++ = '\0';
	}
	toks[n] = T_END;
	words[n] = NULL;
	return n;
}

static int
status_of(int st)
{

	if (WIFEXITED(st))
		return WEXITSTATUS(st);
	return 128 + WTERMSIG(st);
}

/* Builtins that must run in the shell itself; -1 if cmd is not one. */
static int
builtin(struct cmd *c)
{
	int i;

	if (strcmp(c->argv[0], "exit") == 0) {
		fflush(stdout);
		exit(c->argc > 1 ? atoi(c->argv[1]) : laststatus);
	}
	if (strcmp(c->argv[0], "poweroff") == 0 ||
	    strcmp(c->argv[0], "reboot") == 0) {
		fflush(stdout);
		reboot(c->argv[0][0] == 'p' ? RB_POWERDOWN : RB_AUTOBOOT,
		    NULL);
		fprintf(stderr, "sh: %s: %s\n", c->argv[0], strerror(errno));
		return 1;
	}
	if (strcmp(c->argv[0], "echo") == 0) {
		int nl = 1, first = 1;

		i = 1;
		if (c->argc > 1 && strcmp(c->argv[1], "-n") == 0) {
			nl = 0;
			i = 2;
		}
		for (; i < c->argc; i++) {
			printf("%s%s", first ? "" : " ", c->argv[i]);
			first = 0;
		}
		if (nl)
			putchar('\n');
		fflush(stdout);
		return 0;
	}
	return -1;
}

/* Run a pipeline; wait for it unless background.  Returns its status. */
static int
runpipe(struct cmd *cmds, int ncmd, int background)
{
	pid_t pids[MAXCMDS];
	int i, st, prevread = -1, fds[2], status = 0;
	pid_t last = -1;

	if (ncmd == 1 && !background && (st = builtin(&cmds[0])) >= 0)
		return st;
	fflush(stdout);
	for (i = 0; i < ncmd; i++) {
		if (i < ncmd - 1 && pipe(fds) == -1) {
			fprintf(stderr, "sh: pipe: %s\n", strerror(errno));
			status = 1;
			break;
		}
		if ((pids[i] = fork()) == -1) {
			fprintf(stderr, "sh: fork: %s\n", strerror(errno));
			if (i < ncmd - 1) {
				close(fds[0]);
				close(fds[1]);
			}
			status = 1;
			break;
		}
		if (pids[i] == 0) {
			if (prevread != -1) {
				dup2(prevread, 0);
				close(prevread);
			}
			if (i < ncmd - 1) {
				dup2(fds[1], 1);
				close(fds[0]);
				close(fds[1]);
			}
			if ((st = builtin(&cmds[i])) >= 0)
				exit(st);
			execvp(cmds[i].argv[0], cmds[i].argv);
			fprintf(stderr, "sh: %s: %s\n", cmds[i].argv[0],
			    errno == ENOENT ? "not found" : strerror(errno));
			_exit(errno == ENOENT ? 127 : 126);
		}
		if (prevread != -1)
			close(prevread);
		if (i < ncmd - 1) {
			close(fds[1]);
			prevread = fds[0];
		} else
			prevread = -1;
		last = pids[i];
	}
	if (prevread != -1)
		close(prevread);
	if (background) {
		if (interactive && last != -1)
			fprintf(stderr, "[%d]\n", (int)last);
		return status;
	}
	while (i-- > 0) {
		pid_t p;

		while ((p = waitpid(pids[i], &st, 0)) == -1 && errno == EINTR)
			continue;
		if (p == -1)
			continue;
		if (pids[i] == last)
			status = status_of(st);
		if (WIFSIGNALED(st) && WTERMSIG(st) != SIGPIPE)
			fprintf(stderr, "sh: %s: %s\n", cmds[i].argv[0],
			    __signame(WTERMSIG(st)));
	}
	return status;
}

/*
 * Check the whole line first, so a syntax error runs nothing of it, then
 * run each pipeline.  Returns -1 on a syntax error.
 */
static int
runline(const char *line)
{
	static enum tok toks[MAXWORDS + 1];
	static char *words[MAXWORDS + 1];
	static struct cmd cmds[MAXCMDS];
	int n, i, ncmd, prevword = 0;

	if ((n = lex(line, toks, words, MAXWORDS)) < 0)
		return -1;
	for (i = 0; i < n; i++) {
		if (toks[i] == T_WORD) {
			prevword = 1;
			continue;
		}
		if (!prevword) {
			fprintf(stderr, "sh: syntax error: '%s' unexpected\n",
			    toks[i] == T_PIPE ? "|" :
			    toks[i] == T_SEMI ? ";" : "&");
			return -1;
		}
		if (toks[i] == T_PIPE &&
		    (i + 1 == n || toks[i + 1] != T_WORD)) {
			syntax("missing command after '|'");
			return -1;
		}
		prevword = 0;
	}
	ncmd = 0;
	cmds[0].argc = 0;
	for (i = 0; i <= n; i++) {
		struct cmd *c = &cmds[ncmd];

		if (toks[i] == T_WORD) {
			c->argv[c->argc++] = words[i];
			continue;
		}
		if (c->argc == 0)		/* an empty line, or after ; */
			break;
		c->argv[c->argc] = NULL;
		ncmd++;
		if (toks[i] == T_PIPE) {
			if (ncmd == MAXCMDS) {
				syntax("pipeline too long");
				return -1;
			}
			cmds[ncmd].argc = 0;
			continue;
		}
		laststatus = runpipe(cmds, ncmd, toks[i] == T_AMP);
		ncmd = 0;
		cmds[0].argc = 0;
	}
	return 0;
}

/* Collect finished background jobs so they do not stay zombies. */
static void
reap(void)
{
	int st;
	pid_t p;

	while ((p = waitpid(-1, &st, WNOHANG)) > 0)
		if (interactive)
			fprintf(stderr, "[%d] done, status %d\n", (int)p,
			    status_of(st));
}

/*
 * A script is read whole, so the commands it runs keep the shell's own
 * standard input (init's console) rather than the rest of the script.
 */
static int
runfile(const char *path)
{
	char *buf, *line, *nl;
	size_t size = 0, cap = 4096;
	ssize_t n;
	int fd;

	if ((fd = open(path, O_RDONLY)) == -1) {
		fprintf(stderr, "sh: %s: %s\n", path, strerror(errno));
		return 127;
	}
	if ((buf = malloc(cap + 1)) == NULL) {
		fprintf(stderr, "sh: %s: %s\n", path, strerror(errno));
		return 2;
	}
	while ((n = read(fd, buf + size, cap - size)) > 0) {
		size += (size_t)n;
		if (size == cap) {
			char *nb = realloc(buf, cap * 2 + 1);

			if (nb == NULL) {
				fprintf(stderr, "sh: %s: too big\n", path);
				return 2;
			}
			buf = nb;
			cap *= 2;
		}
	}
	close(fd);
	if (n == -1) {
		fprintf(stderr, "sh: %s: %s\n", path, strerror(errno));
		return 2;
	}
	buf[size] = '\0';
	for (line = buf; *line != '\0'; line = nl + 1) {
		if ((nl = strchr(line, '\n')) != NULL)
			*nl = '\0';
		if (strlen(line) >= MAXLINE) {
			syntax("line too long");
			return 2;
		}
		reap();
		if (runline(line) == -1)
			return 2;
		if (nl == NULL)
			break;
	}
	free(buf);
	return laststatus;
}

int
main(int argc, char **argv)
{
	char line[MAXLINE];
	const char *cmd = NULL;
	int c;
	size_t len;

	while ((c = getopt(argc, argv, "ic:")) != -1) {
		switch (c) {
		case 'i':
			interactive = 1;
			break;
		case 'c':
			cmd = optarg;
			break;
		default:
			fprintf(stderr, "usage: sh [-i] [-c command | file]\n");
			return 2;
		}
	}
	if (cmd != NULL) {
		if (runline(cmd) == -1)
			return 2;
		return laststatus;
	}
	if (optind < argc)
		return runfile(argv[optind]);
	for (;;) {
		reap();
		if (interactive) {
			fputs("# ", stdout);
			fflush(stdout);
		}
		if (fgets(line, sizeof(line), stdin) == NULL)
			break;
		len = strlen(line);
		if (len == sizeof(line) - 1 && line[len - 1] != '\n') {
			syntax("line too long");
			while ((c = getchar()) != EOF && c != '\n')
				continue;
			if (!interactive)
				return 2;
			continue;
		}
		if (runline(line) == -1 && !interactive)
			return 2;
	}
	if (interactive)
		putchar('\n');
	return laststatus;
}
