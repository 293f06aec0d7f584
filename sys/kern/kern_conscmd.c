/*	Petrel: kern/kern_conscmd.c -- a command reader on the console.
 *
 * When the kernel stays up (-s) a thread reads the console a line at a
 * time, echoing and editing as it goes, and runs a few commands.  It
 * sleeps in cngetc_wait() between characters: the console driver's
 * input event wakes it, so an idle console costs no CPU time at all
 * (no polling tick).
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/cpu.h>
#include <sys/conscmd.h>
#include <sys/lwp.h>
#include <sys/sched.h>
#include <sys/xcall.h>
#include <dev/cons.h>
#include <machine/intr.h>

#define CTRL(c)		((c) & 0x1f)
#define ESC		0x1b
#define DEL		0x7f

static void
cmd_help(const char *args)
{
	size_t i;

	(void)args;
	printf("commands:\n"
	    "  help      this list\n"
	    "  cpus      show the CPUs\n"
	    "  cpucheck  each running CPU takes a cross-call, runs a thread\n"
	    "  evtchn    the event channels: port, kind, CPU, name, count\n"
	    "  uptime    time since boot\n"
	    "  poweroff  end the domain\n"
	    "  reboot    reboot the domain\n"
	    "  panic     panic (to see that its messages get out)\n");
	for (i = 0; i < cpu_nconscmds; i++)
		printf("%s", cpu_conscmds[i].cc_help);
	printf("editing: backspace, ^U erases the line, ^C abandons it\n");
}

static void
cmd_cpus(const char *args)
{
	(void)args;
	cpu_show_all();
}

static void
cmd_evtchn(const char *args)
{
	(void)args;
	intr_show_all();
}

static void
cmd_uptime(const char *args)
{
	int t = getticks();

	(void)args;
	printf("uptime %d.%02d s (%d ticks at %d Hz), %d CPU%s\n",
	    t / hz, (t % hz) * 100 / hz, t, hz, ncpuonline,
	    ncpuonline == 1 ? "" : "s");
}

static void
cmd_poweroff(const char *args)
{
	(void)args;
	cpu_poweroff();
}

static void
cmd_reboot(const char *args)
{
	(void)args;
	cpu_reboot();
}

static void
cmd_panic(const char *args)
{
	(void)args;
	panic("console: panic requested");
}

/*
 * cpucheck: every CPU that counts as running must take a cross-call (an
 * IPI for the others) and run a thread bound to it, within a bound; a
 * vCPU that says it runs but does not is caught after hotplug.
 */
#define CPUCHECK_WAIT_TICKS	(2 * hz)

static volatile int cpucheck_xcalls[MAXCPUS];
static volatile int cpucheck_threads[MAXCPUS];
static struct lwp *cpucheck_lwps[MAXCPUS];

static void
cpucheck_xcall(void *a1, void *a2)
{
	(void)a1;
	(void)a2;
	__atomic_fetch_add(&cpucheck_xcalls[cpu_number()], 1,
	    __ATOMIC_RELAXED);
}

static void
cpucheck_thread(void *arg)
{
	struct cpu_info *ci = arg;

	if (curcpu() == ci)
		__atomic_store_n(&cpucheck_threads[cpu_index(ci)], 1,
		    __ATOMIC_RELEASE);
	kthread_exit(0);
}

static void
cmd_cpucheck(const char *args)
{
	struct cpu_info *ci;
	int i, t, running = 0, good = 0;

	(void)args;
	for (i = 0; i < ncpu; i++) {
		cpucheck_xcalls[i] = cpucheck_threads[i] = 0;
		cpucheck_lwps[i] = NULL;
	}
	for (i = 0; i < ncpu; i++) {
		ci = cpu_infos[i];
		if (ci == NULL || (ci->ci_flags & CPUF_RUNNING) == 0)
			continue;
		running++;
		if (kthread_create(KTHREAD_MUSTJOIN_PRI | PRI_NONE, ci,
		    cpucheck_thread, ci, &cpucheck_lwps[i], "cpucheck/%d",
		    i) != 0)
			printf("cpucheck: cpu%d: no thread\n", i);
		xc_wait(xc_unicast(0, cpucheck_xcall, NULL, NULL, ci));
	}
	for (t = 0; t < CPUCHECK_WAIT_TICKS; t++) {
		for (i = 0, good = 0; i < ncpu; i++)
			good += cpucheck_threads[i];
		if (good == running)
			break;
		(void)kpause("cpuchk", false, 1, NULL);
	}
	for (i = 0, good = 0; i < ncpu; i++) {
		ci = cpu_infos[i];
		if (ci == NULL || (ci->ci_flags & CPUF_RUNNING) == 0)
			continue;
		/* One that ran is ending: joined.  Else it is left. */
		if (cpucheck_threads[i] && cpucheck_lwps[i] != NULL)
			(void)kthread_join(cpucheck_lwps[i]);
		if (cpucheck_xcalls[i] == 1 && cpucheck_threads[i])
			good++;
		else
			printf("cpucheck: vcpu%u: cross-calls %d, thread %s\n",
			    ci->ci_vcpuid, cpucheck_xcalls[i],
			    cpucheck_threads[i] ? "ran" : "did not run");
	}
	printf("cpucheck: %d of %d running vCPUs took a cross-call and ran a thread\n",
	    good, running);
}

static const struct conscmd conscmds[] = {
	{ "help",	cmd_help,	false, NULL },
	{ "cpus",	cmd_cpus,	false, NULL },
	{ "cpucheck",	cmd_cpucheck,	false, NULL },
	{ "evtchn",	cmd_evtchn,	false, NULL },
	{ "uptime",	cmd_uptime,	false, NULL },
	{ "poweroff",	cmd_poweroff,	false, NULL },
	{ "reboot",	cmd_reboot,	false, NULL },
	{ "panic",	cmd_panic,	false, NULL },
};

/* The command named by the n characters at w: MI ones first. */
static const struct conscmd *
conscmd_lookup(const char *w, size_t n)
{
	const struct conscmd *cc;
	size_t i;

	for (i = 0; i < __arraycount(conscmds) + cpu_nconscmds; i++) {
		cc = i < __arraycount(conscmds) ? &conscmds[i] :
		    &cpu_conscmds[i - __arraycount(conscmds)];
		if (strlen(cc->cc_name) == n &&
		    strncmp(cc->cc_name, w, n) == 0)
			return cc;
	}
	return NULL;
}

int
conscmd_run(const char *line)
{
	const struct conscmd *cc;
	const char *w, *e;
	size_t n;

	for (w = line; *w == ' ' || *w == '\t'; w++)
		continue;
	for (e = w; *e != '\0' && *e != ' ' && *e != '\t'; e++)
		continue;
	n = e - w;
	if (n == 0)
		return 0;
	cc = conscmd_lookup(w, n);
	if (cc == NULL) {
		printf("unknown command: %.*s (try help)\n", (int)n, w);
		return ENOENT;
	}
	while (*e == ' ' || *e == '\t')
		e++;
	if (*e != '\0' && !cc->cc_args) {
		printf("%s takes no arguments\n", cc->cc_name);
		return EINVAL;
	}
	cc->cc_func(e);
	return 0;
}

/* Take back n characters on the screen. */
static void
cl_rubout(struct conscmd_line *cl, size_t n)
{
	while (n-- > 0 && cl->cl_len > 0) {
		cl->cl_len--;
		cl->cl_echo("\b \b", 3);
	}
}

bool
conscmd_input(struct conscmd_line *cl, int c)
{
	int prev = cl->cl_prev;
	char ch = c;

	cl->cl_prev = c;
	/* ESC [ params final, or ESC O x: nothing we act on, dropped. */
	if (cl->cl_esc == 1) {
		cl->cl_esc = c == '[' || c == 'O' ? 2 : 0;
		if (cl->cl_esc == 2)
			return false;
		/* A lone ESC: the key after it counts. */
	}
	if (cl->cl_esc == 2) {
		if (c >= 0x40 && c <= 0x7e)
			cl->cl_esc = 0;
		return false;
	}
	switch (c) {
	case '\n':
		if (prev == '\r')
			return false;	/* the LF of a CR LF */
		/* FALLTHROUGH */
	case '\r':
		cl->cl_echo("\n", 1);
		cl->cl_buf[cl->cl_len] = '\0';
		cl->cl_len = 0;
		return true;
	case '\b':
	case DEL:
		cl_rubout(cl, 1);
		return false;
	case CTRL('U'):
		cl_rubout(cl, cl->cl_len);
		return false;
	case CTRL('C'):
		cl->cl_echo("^C\n", 3);
		cl->cl_buf[0] = '\0';
		cl->cl_len = 0;
		return true;
	case ESC:
		cl->cl_esc = 1;
		return false;
	}
	if (c < ' ' || c > '~')
		return false;		/* other controls, 8-bit: dropped */
	if (cl->cl_len + 1 >= sizeof(cl->cl_buf)) {
		cl->cl_echo("\a", 1);	/* full */
		return false;
	}
	cl->cl_buf[cl->cl_len++] = ch;
	cl->cl_echo(&ch, 1);
	return false;
}

static void
conscmd_thread(void *arg)
{
	struct conscmd_line cl = { .cl_echo = cnecho };

	(void)arg;
	if (cn_rxstart() != 0)
		printf("console: no input events, polling for input\n");
	cnecho(CONSCMD_PROMPT, sizeof(CONSCMD_PROMPT) - 1);
	for (;;) {
		if (!conscmd_input(&cl, cngetc_wait()))
			continue;
		(void)conscmd_run(cl.cl_buf);
		cnecho(CONSCMD_PROMPT, sizeof(CONSCMD_PROMPT) - 1);
	}
}

void
conscmd_init(void)
{
	if (kthread_create(PRI_NONE, NULL, conscmd_thread, NULL, NULL,
	    "conscmd") != 0)
		printf("console: no command thread\n");
}
