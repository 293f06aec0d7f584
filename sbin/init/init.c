/*	Petrel: sbin/init/init.c -- process 1.
 *
 * Runs "/bin/sh /etc/rc", then with -s (the kernel passes it for a
 * single-user boot, as NetBSD's does for RB_SINGLE) an interactive
 * "/bin/sh -i" on the console; reports how each ended.  Meanwhile it
 * reaps every orphan that is given to it.  At the end it powers the
 * machine off with reboot(2), so a Petrel boot always ends; if even that
 * fails it says so and exits, which the kernel reports.
 */
#include <sys/types.h>
#include <sys/reboot.h>
#include <sys/wait.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define	PATH_SH		"/bin/sh"
#define	PATH_RC		"/etc/rc"

static char *envp[] = { "PATH=/bin:/sbin", "HOME=/", NULL };

/* Run argv, reaping orphans until it ends; returns its wait status. */
static int
run(char *const *argv)
{
	pid_t pid, p;
	int st;

	fflush(stdout);
	if ((pid = fork()) == -1) {
		printf("init: fork: %s\n", strerror(errno));
		return -1;
	}
	if (pid == 0) {
		execve(argv[0], argv, envp);
		printf("init: %s: %s\n", argv[0], strerror(errno));
		fflush(stdout);
		_exit(127);
	}
	for (;;) {
		p = wait4(-1, &st, 0, NULL);
		if (p == pid)
			return st;
		if (p == -1 && errno != EINTR) {
			printf("init: wait: %s\n", strerror(errno));
			return -1;
		}
	}
}

static void
report(const char *what, int st)
{

	if (st == -1)
		return;
	if (WIFEXITED(st))
		printf("init: %s exited with status %d\n", what,
		    WEXITSTATUS(st));
	else
		printf("init: %s killed: %s\n", what, __signame(WTERMSIG(st)));
}

int
main(int argc, char **argv)
{
	char *rc[] = { PATH_SH, PATH_RC, "autoboot", NULL };
	char *sh[] = { PATH_SH, "-i", NULL };
	int single = 0, i, st;

	for (i = 1; i < argc; i++)
		if (strcmp(argv[i], "-s") == 0)
			single = 1;
	if (getpid() != 1)
		printf("init: warning: pid %d, not 1\n", (int)getpid());
	st = run(rc);
	if (st != -1 && !(WIFEXITED(st) && WEXITSTATUS(st) == 0))
		report(PATH_RC, st);
	if (single) {
		st = run(sh);
		report(PATH_SH, st);
	}
	printf("init: powering off\n");
	fflush(stdout);
	reboot(RB_POWERDOWN, NULL);
	printf("init: reboot: %s\n", strerror(errno));
	return 1;
}
