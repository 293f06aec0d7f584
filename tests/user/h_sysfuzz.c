/*	Petrel: tests/user/h_sysfuzz.c -- system calls with random numbers
 *	and random arguments, from one process per vCPU (t_sysfuzz).
 *
 * usage: h_sysfuzz [-v] [-n calls] [-s seed] [-b cpu:batch]
 *
 * A worker per vCPU, pinned there, forks fuzzing children one after the
 * other, each making BATCH_CALLS calls, until the worker's share of the
 * calls is made.  A child may wreck itself (munmap of its own stack,
 * mmap over its text, kill of itself, SIGPIPE): that is a death, the
 * worker counts it and forks the next one.  A child tells its worker
 * how far it got with one byte on a pipe every REPORT_CALLS calls, so a
 * death counts the calls reported before it.  A child that does not end
 * within WATCHDOG_SEC is killed and counted as a hang: a system call
 * that never returns is a kernel bug, since the calls that block by
 * design are left out or tamed (see fuzz_call).
 *
 * The numbers are NetBSD's, 0..MAX_SYSNUM, drawn over the whole range
 * (most are unknown and must give ENOSYS) and one in IMPLEMENTED_ONE_IN
 * from the ones Petrel implements (intro(2)), which doubles how often
 * each is made.  Not more: sched_yield, nanosleep and
 * _sched_setaffinity each take milliseconds (a tick, a migration), and
 * the suite has minutes for 10^6 calls.  Each argument is drawn from a
 * class: small ints (descriptors), -1, kernel addresses, unmapped user
 * addresses, addresses in the child's own buffer (some running into the
 * unmapped page after it), huge lengths, random words.
 *
 * Every batch has its own generator, seeded from the seed, the CPU and
 * the batch number, so "-s SEED -b CPU:BATCH -v" replays one batch and
 * prints each call before making it.  As init (no arguments) the seed
 * comes from the clock.  The last line is
 * "h_sysfuzz: N calls, D deaths, seed S"; the exit status is 0 when N
 * reached the calls asked for and no child hung.
 */
#include <sys/types.h>
#include <sys/mman.h>
#include <sys/sysctl.h>
#include <sys/wait.h>
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define	DEFAULT_CALLS	1000000UL
#define	BATCH_CALLS	4096UL	/* calls per fuzzing child */
#define	REPORT_CALLS	32UL	/* calls per progress byte */
#define	WATCHDOG_SEC	30	/* a child that runs longer hangs */
/* The worker looks at its child every POLL_NSEC: each look is two switches. */
#define	POLL_NSEC	20000000L
#define	WATCHDOG_POLLS	(WATCHDOG_SEC * (1000000000L / POLL_NSEC))
#define	MAX_SYSNUM	600
#define	IMPLEMENTED_ONE_IN 32	/* numbers drawn from implemented[] */
#define	MAX_CPUS	32
#define	NARGS		6
#define	SMALL_INT_MAX	15	/* below the descriptors kept apart */
#define	NOFILE		32	/* the kernel's descriptors per process */
#define	REPORT_FD	(NOFILE - 1)	/* child: progress to the worker */
#define	LOG_FD		(NOFILE - 2)	/* child: the console, with -v */
#define	FUZZBUF_PAGES	8
#define	PAGE_SIZE	4096UL
#define	NSIG_SEEN	32

/* NetBSD's numbers (sys/kern/syscalls.master) this program treats apart. */
#define	SYS_exit		1
#define	SYS_fork		2
#define	SYS_kill		37
#define	SYS_pipe		42
#define	SYS_execve		59
#define	SYS_reboot		208
#define	SYS__sched_setaffinity	348
#define	SYS___nanosleep50	430

/* Implemented ones, as intro(2) lists them, less those never made. */
static const long implemented[] = {
	3, 4, 5, 6, 20, 37, 39, 42, 54, 73, 90, 197, 202, 348, 349, 350,
	390, 427, 430, 440, 449,
};

#ifdef __x86_64__
static const unsigned long kernel_bases[] = {
	0xffff800000000000UL,	/* the direct map and Xen's area */
	0xffffffff80000000UL,	/* the kernel image */
};
#define	KERNEL_SPAN	0x0fffffffUL
static const unsigned long unmapped_user[] = {
	0x0UL, 0x10UL, 0xff8UL,		/* page 0 */
	0x0000400000000000UL,		/* the middle of user space */
	0x00007ffffffffff8UL,		/* the last word of user space */
	0x0000800000000000UL,		/* the first non-canonical address */
};
#else
static const unsigned long kernel_bases[] = {
	0xc0000000UL,			/* KERNBASE */
	0xf5800000UL,			/* near Xen's hole */
};
#define	KERNEL_SPAN	0x03ffffffUL
static const unsigned long unmapped_user[] = {
	0x0UL, 0x10UL, 0xff8UL,		/* page 0 */
	0x80000000UL,			/* the middle of user space */
	0xbffffffcUL,			/* the last word of user space */
};
#endif
#define	NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static const unsigned long huge_lengths[] = {
	~0UL, 1UL << 31, ~0UL >> 1, (1UL << 20) + 1,
};

struct totals {
	unsigned long	calls;
	unsigned long	deaths;
	unsigned long	hangs;
	unsigned long	bysig[NSIG_SEEN];
};

static bool verbose;
static unsigned char *fuzzbuf;	/* the child's, with an unmapped page after */
static uint64_t rng;

/* splitmix64: small, and every seed gives a full-period sequence. */
static uint64_t
rnd(void)
{
	uint64_t z;

	z = (rng += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint64_t
batch_seed(uint64_t seed, int cpu, unsigned long batch)
{

	rng = seed ^ ((uint64_t)cpu << 56) ^ ((uint64_t)batch << 8);
	return rnd();
}

static unsigned long
pick(const unsigned long *a, size_t n)
{

	return a[rnd() % n];
}

static unsigned long
random_arg(void)
{

	switch (rnd() % 7) {
	case 0:
		return rnd() % (SMALL_INT_MAX + 1);
	case 1:
		return ~0UL;
	case 2:
		return pick(kernel_bases, NELEM(kernel_bases)) +
		    (rnd() % 4 == 0 ? 0 : (rnd() & KERNEL_SPAN));
	case 3:
		return pick(unmapped_user, NELEM(unmapped_user));
	case 4:
		/* A quarter of them in the last 64 bytes, before the hole. */
		if (rnd() % 4 == 0)
			return (unsigned long)fuzzbuf +
			    FUZZBUF_PAGES * PAGE_SIZE - rnd() % 64;
		return (unsigned long)fuzzbuf +
		    rnd() % (FUZZBUF_PAGES * PAGE_SIZE);
	case 5:
		return pick(huge_lengths, NELEM(huge_lengths));
	default:
		return (unsigned long)rnd();
	}
}

static void
log_call(int cpu, unsigned long batch, unsigned long i, long nr,
    const unsigned long *a)
{
	char line[200];
	int n;

	n = snprintf(line, sizeof(line),
	    "h_sysfuzz: cpu %d batch %lu call %lu: %ld(%#lx, %#lx, %#lx, "
	    "%#lx, %#lx, %#lx)\n", cpu, batch, i, nr, a[0], a[1], a[2], a[3],
	    a[4], a[5]);
	(void)write(LOG_FD, line, n);
}

/*
 * One random call.  Left out: exit, fork, execve and reboot, which end
 * or multiply the process by design.  Tamed: kill only of ourselves
 * (mostly signal 0), affinity only of ourselves (pids would reach the
 * other workers), nanosleep with a short valid time unless the pointer
 * is a bad one, pipe with one end closed at once so that neither read
 * nor write can wait for ever on the other end we hold.
 */
static void
fuzz_call(int cpu, unsigned long batch, unsigned long i)
{
	unsigned long a[NARGS];
	struct timespec *ts;
	int fds[2], k;
	long nr;

	do {
		if (rnd() % IMPLEMENTED_ONE_IN != 0)
			nr = (long)(rnd() % (MAX_SYSNUM + 1));
		else
			nr = implemented[rnd() % NELEM(implemented)];
	} while (nr == SYS_exit || nr == SYS_fork || nr == SYS_execve ||
	    nr == SYS_reboot);
	for (k = 0; k < NARGS; k++)
		a[k] = random_arg();
	switch (nr) {
	case SYS_kill:
		a[0] = (unsigned long)getpid();
		if (rnd() % 8 != 0)
			a[1] = 0;
		break;
	case SYS__sched_setaffinity:
		a[0] = 0;
		break;
	case SYS___nanosleep50:
		if (a[0] >= (unsigned long)fuzzbuf &&
		    a[0] < (unsigned long)fuzzbuf + FUZZBUF_PAGES * PAGE_SIZE) {
			ts = (struct timespec *)fuzzbuf;
			ts->tv_sec = 0;
			ts->tv_nsec = (long)(rnd() % 1000000);
			a[0] = (unsigned long)ts;
		} else if (a[0] > 0 && a[0] <= 1000000)
			a[0] = 0;	/* a small int: NULL, not a valid time */
		break;
	}
	if (verbose)
		log_call(cpu, batch, i, nr, a);
	if (nr == SYS_pipe) {
		if (pipe(fds) == 0)
			(void)close(fds[rnd() % 2]);
		return;
	}
	(void)syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
}

/* A fuzzing child: ncalls calls, a progress byte every REPORT_CALLS. */
static void __attribute__((__noreturn__))
fuzz_child(int cpu, unsigned long batch, uint64_t seed, unsigned long ncalls)
{
	unsigned long i;
	int fd;

	for (fd = 0; fd < LOG_FD; fd++)
		(void)close(fd);
	rng = seed;
	fuzzbuf = mmap(NULL, (FUZZBUF_PAGES + 1) * PAGE_SIZE,
	    PROT_READ | PROT_WRITE, MAP_ANON | MAP_PRIVATE, -1, 0);
	if (fuzzbuf == MAP_FAILED)
		_exit(2);
	if (munmap(fuzzbuf + FUZZBUF_PAGES * PAGE_SIZE, PAGE_SIZE) == -1)
		_exit(3);
	for (i = 0; i < FUZZBUF_PAGES * PAGE_SIZE; i++)
		fuzzbuf[i] = (unsigned char)rnd();
	for (i = 0; i < ncalls; i++) {
		fuzz_call(cpu, batch, i);
		if ((i + 1) % REPORT_CALLS == 0)
			(void)write(REPORT_FD, "", 1);
	}
	_exit(0);
}

static void
sleep_nsec(long nsec)
{
	struct timespec ts = { 0, nsec };

	(void)nanosleep(&ts, NULL);
}

/*
 * Run one batch in a child and wait for it, at most WATCHDOG_SEC.  The
 * calls it made: all of them when it ended well, else what it reported.
 */
static unsigned long
run_batch(int cpu, unsigned long batch, uint64_t seed, unsigned long ncalls,
    struct totals *t)
{
	unsigned long reported = 0, polls;
	char buf[64];
	int rep[2], status = 0;
	ssize_t n;
	pid_t pid, r;

	if (pipe(rep) == -1) {
		printf("h_sysfuzz: cpu %d: pipe: %s\n", cpu, strerror(errno));
		return 0;
	}
	if ((pid = fork()) == -1) {
		printf("h_sysfuzz: cpu %d: fork: %s\n", cpu, strerror(errno));
		(void)close(rep[0]);
		(void)close(rep[1]);
		return 0;
	}
	if (pid == 0) {
		(void)close(rep[0]);
		if (dup2(rep[1], REPORT_FD) == -1 ||
		    (dup2(STDOUT_FILENO, LOG_FD) == -1))
			_exit(4);
		fuzz_child(cpu, batch, seed, ncalls);
	}
	(void)close(rep[1]);
	for (polls = 0; (r = waitpid(pid, &status, WNOHANG)) == 0; polls++) {
		if (polls >= WATCHDOG_POLLS) {
			printf("h_sysfuzz: cpu %d batch %lu (pid %d) still "
			    "running after %d s: killed (hang)\n", cpu, batch,
			    (int)pid, WATCHDOG_SEC);
			fflush(stdout);
			(void)kill(pid, SIGKILL);
			r = waitpid(pid, &status, 0);
			t->hangs++;
			break;
		}
		sleep_nsec(POLL_NSEC);
	}
	if (r != pid)
		printf("h_sysfuzz: cpu %d: waitpid %d: %s\n", cpu, (int)pid,
		    strerror(errno));
	while ((n = read(rep[0], buf, sizeof(buf))) > 0)
		reported += (unsigned long)n * REPORT_CALLS;
	(void)close(rep[0]);
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return ncalls;
	t->deaths++;
	if (WIFSIGNALED(status) && WTERMSIG(status) < NSIG_SEEN)
		t->bysig[WTERMSIG(status)]++;
	else
		t->bysig[0]++;	/* an exit status of its own */
	return reported < ncalls ? reported : ncalls;
}

/* A worker: pinned to cpu, ncalls calls in batches (or only one). */
static void
worker(int cpu, unsigned long ncalls, uint64_t seed, long only_batch,
    struct totals *t)
{
	unsigned long batch, next_progress = ncalls / 4;

	memset(t, 0, sizeof(*t));
	if (cpu_pin((unsigned long)cpu) == -1 || cpu_pinned() != cpu) {
		printf("h_sysfuzz: cpu %d: cannot pin (%d): %s\n", cpu,
		    cpu_pinned(), strerror(errno));
		return;
	}
	if (only_batch >= 0) {
		t->calls = run_batch(cpu, (unsigned long)only_batch,
		    batch_seed(seed, cpu, (unsigned long)only_batch),
		    BATCH_CALLS, t);
		return;
	}
	for (batch = 0; t->calls < ncalls; batch++) {
		t->calls += run_batch(cpu, batch, batch_seed(seed, cpu, batch),
		    ncalls - t->calls < BATCH_CALLS ? ncalls - t->calls :
		    BATCH_CALLS, t);
		if (t->calls >= next_progress && t->calls < ncalls) {
			printf("h_sysfuzz: cpu %d: %lu calls, %lu deaths\n",
			    cpu, t->calls, t->deaths);
			fflush(stdout);
			next_progress += ncalls / 4;
		}
	}
}

static int
ncpus(void)
{
	int mib[2] = { CTL_HW, HW_NCPU }, n = 0;
	size_t len = sizeof(n);

	if (sysctl(mib, 2, &n, &len, NULL, 0) == -1 || n < 1)
		return 1;
	return n > MAX_CPUS ? MAX_CPUS : n;
}

static uint64_t
now_ms(void)
{
	struct timespec ts;

	(void)clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* strtoul is 32 bits on i386; the seed is 64. */
static bool
parse_u64(const char *s, uint64_t *v)
{

	*v = 0;
	if (*s == '\0')
		return false;
	for (; *s >= '0' && *s <= '9'; s++)
		*v = *v * 10 + (uint64_t)(*s - '0');
	return *s == '\0';
}

static void
usage(void)
{

	fprintf(stderr, "usage: h_sysfuzz [-v] [-n calls] [-s seed] "
	    "[-b cpu:batch]\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	struct totals all, t[MAX_CPUS];
	unsigned long ncalls = DEFAULT_CALLS, share;
	uint64_t seed;
	long only_batch = -1;
	int only_cpu = -1, n, cpu, ch, pipes[MAX_CPUS], st, sig, failed = 0;
	uint64_t start, ms;
	pid_t pids[MAX_CPUS];
	char *end;

	{
		struct timespec ts;

		(void)clock_gettime(CLOCK_REALTIME, &ts);
		seed = (uint64_t)ts.tv_sec * 1000000000ULL +
		    (uint64_t)ts.tv_nsec;
	}
	while ((ch = getopt(argc, argv, "b:n:s:v")) != -1) {
		switch (ch) {
		case 'b':
			only_cpu = (int)strtoul(optarg, &end, 0);
			if (*end != ':')
				usage();
			only_batch = (long)strtoul(end + 1, &end, 0);
			if (*end != '\0')
				usage();
			break;
		case 'n':
			ncalls = strtoul(optarg, &end, 0);
			if (*end != '\0' || ncalls == 0)
				usage();
			break;
		case 's':
			if (!parse_u64(optarg, &seed))
				usage();
			break;
		case 'v':
			verbose = true;
			break;
		default:
			usage();
		}
	}
	n = ncpus();
	if (only_cpu >= n)
		usage();
	share = (ncalls + n - 1) / n;
	printf("h_sysfuzz: %d workers, %lu calls, seed %llu\n",
	    only_cpu >= 0 ? 1 : n, only_cpu >= 0 ? BATCH_CALLS : ncalls,
	    (unsigned long long)seed);
	fflush(stdout);
	start = now_ms();
	for (cpu = 0; cpu < n; cpu++) {
		int p[2];

		pids[cpu] = -1;
		if (only_cpu >= 0 && cpu != only_cpu)
			continue;
		if (pipe(p) == -1 || (pids[cpu] = fork()) == -1) {
			printf("h_sysfuzz: worker %d: %s\n", cpu,
			    strerror(errno));
			return 1;
		}
		if (pids[cpu] == 0) {
			struct totals mine;

			(void)close(p[0]);
			worker(cpu, share, seed, only_batch, &mine);
			fflush(stdout);
			(void)write(p[1], &mine, sizeof(mine));
			_exit(0);
		}
		(void)close(p[1]);
		pipes[cpu] = p[0];
	}
	memset(&all, 0, sizeof(all));
	for (cpu = 0; cpu < n; cpu++) {
		if (pids[cpu] == -1)
			continue;
		if (read(pipes[cpu], &t[cpu], sizeof(t[cpu])) !=
		    (ssize_t)sizeof(t[cpu])) {
			printf("h_sysfuzz: worker %d: no totals\n", cpu);
			memset(&t[cpu], 0, sizeof(t[cpu]));
			failed = 1;
		}
		(void)close(pipes[cpu]);
		if (waitpid(pids[cpu], &st, 0) != pids[cpu] ||
		    !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
			printf("h_sysfuzz: worker %d: status %#x\n", cpu, st);
			failed = 1;
		}
		all.calls += t[cpu].calls;
		all.deaths += t[cpu].deaths;
		all.hangs += t[cpu].hangs;
		for (sig = 0; sig < NSIG_SEEN; sig++)
			all.bysig[sig] += t[cpu].bysig[sig];
	}
	ms = now_ms() - start;
	for (cpu = 0; cpu < n; cpu++)
		if (pids[cpu] != -1)
			printf("h_sysfuzz: cpu %d: %lu calls, %lu deaths, "
			    "%lu hangs\n", cpu, t[cpu].calls, t[cpu].deaths,
			    t[cpu].hangs);
	printf("h_sysfuzz: deaths by signal:");
	for (sig = 0; sig < NSIG_SEEN; sig++)
		if (all.bysig[sig] != 0)
			printf(" %d:%lu", sig, all.bysig[sig]);
	printf("\nh_sysfuzz: %llu ms, %llu calls/s, %lu hangs\n",
	    (unsigned long long)ms, (unsigned long long)(ms > 0 ?
	    (uint64_t)all.calls * 1000 / ms : 0), all.hangs);
	printf("h_sysfuzz: %lu calls, %lu deaths, seed %llu\n", all.calls,
	    all.deaths, (unsigned long long)seed);
	fflush(stdout);
	if (only_cpu >= 0)
		return failed || all.hangs != 0;
	return failed || all.hangs != 0 || all.calls < ncalls;
}
