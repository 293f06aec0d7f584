/*	Petrel: tests/user/h_ubench.c -- system call and process benchmarks.
 *
 * The same source runs on Petrel (netbsd ABI) and on Linux (linux ABI of
 * lib/libc: only the system call stubs differ), as init or from a shell
 * (./build.sh bench --user, tools/xl/ubench.scn).  Rows:
 *
 *   getpid       a getpid(2) round trip
 *   yield        sched_yield(2) between two processes pinned to one vCPU:
 *                each yield switches to the other (a context switch)
 *   pipe_xcpu    a one-byte pipe ping-pong between two processes pinned
 *                to two vCPUs: a round trip is two cross-CPU wakeups
 *   fork         fork(2) + _exit(2) in the child + wait4(2)
 *   exec         execve(2) of this (small, static) binary: a chain of
 *                execs, each one the next, in one forked child; a run's
 *                total includes that one fork+exit+wait
 *   pagefault    first touch (a write) of each page of a 16 MiB anonymous
 *                mmap(2): one fault per page
 *
 * Each row is RUNS runs of its iterations, timed with
 * clock_gettime(CLOCK_MONOTONIC); the figure is the median of the runs'
 * ns per operation:
 *
 *   ubench: ROW ns_per_op N iterations M
 *
 * Every call's result is checked: a failed one ends its row with
 * "ubench: ROW failed: ..." and no figure.  The last line is
 * "ubench: done: R rows, F failed"; the exit status is 1 if one failed.
 *
 * The exec chain: "h_ubench -x N" execs itself with N - 1 until 0.  init
 * gets no arguments, so a plain run is the benchmark; the binary's own
 * path is UBENCH_SELF, else argv[0] if it has a slash, else where the
 * ramdisk has it.
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

#define	RUNS		5
#define	PAGE_BYTES	4096
#define	FAULT_BYTES	(16UL * 1024 * 1024)
#define	EXEC_FLAG	"-x"
#define	RAMDISK_PATH	"/usr/tests/user/h_ubench"

/*
 * The parent lives on CPU_HOME; the yield pair and the pipe's peer are on
 * cpu_other (vCPU 1; 0 too for the yield pair if there is only one).
 */
#define	CPU_HOME	0
static unsigned long cpu_other = 1;

static const char *self_path;
static int ncpu_online;

/* Why a run failed: printed once by the row, then no figure. */
static char why[160];

#define	FAIL(...)	(snprintf(why, sizeof(why), __VA_ARGS__), -1)

static int
now_ns(uint64_t *ns)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
		return FAIL("clock_gettime: %s", strerror(errno));
	*ns = (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
	return 0;
}

/* A child that failed says why on the console and ends with status 1. */
static void __attribute__((__noreturn__))
child_fail(const char *row)
{
	printf("ubench: %s: child %d: %s\n", row, (int)getpid(), why);
	fflush(stdout);
	_exit(1);
}

/* Reap pid; it must have exited with status 0. */
static int
reap(pid_t pid)
{
	int status;
	pid_t r;

	if ((r = wait4(pid, &status, 0, NULL)) != pid)
		return FAIL("wait4(%d): %s", (int)pid,
		    r == -1 ? strerror(errno) : "wrong pid");
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return FAIL("child %d ended with status %#x", (int)pid, status);
	return 0;
}

static int
pin(unsigned long cpu)
{

	if (cpu_pin(cpu) != 0)
		return FAIL("pin to vCPU %lu: %s", cpu, strerror(errno));
	if (cpu_pinned() != (int)cpu)
		return FAIL("pinned to vCPU %lu, affinity says %d", cpu,
		    cpu_pinned());
	return 0;
}

static int
run_getpid(unsigned int n, uint64_t *ns)
{
	pid_t me = getpid();
	uint64_t t0, t1;
	unsigned int i;

	if (now_ns(&t0) != 0)
		return -1;
	for (i = 0; i < n; i++)
		if (getpid() != me)
			return FAIL("getpid changed from %d", (int)me);
	if (now_ns(&t1) != 0)
		return -1;
	*ns = t1 - t0;
	return 0;
}

static int
yield_loop(unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (sched_yield() != 0)
			return FAIL("sched_yield: %s", strerror(errno));
	return 0;
}

/* Both on cpu_other; every yield of one runs the other: 2n switches. */
static int
run_yield(unsigned int n, uint64_t *ns)
{
	uint64_t t0, t1;
	int ready[2], rc = 0;
	char c;
	pid_t pid;

	if (pin(cpu_other) != 0)
		return -1;
	if (pipe(ready) != 0)
		return FAIL("pipe: %s", strerror(errno));
	if ((pid = fork()) == -1) {
		rc = FAIL("fork: %s", strerror(errno));
		goto out;
	}
	if (pid == 0) {
		if (pin(cpu_other) != 0 || write(ready[1], "r", 1) != 1 ||
		    yield_loop(n) != 0)
			child_fail("yield");
		_exit(0);
	}
	if (read(ready[0], &c, 1) != 1)
		rc = FAIL("read of the child's start: %s", strerror(errno));
	if (rc == 0 && (rc = now_ns(&t0)) == 0)
		rc = yield_loop(n);
	if (reap(pid) != 0)
		rc = -1;
	if (rc == 0 && (rc = now_ns(&t1)) == 0)
		*ns = (t1 - t0) / 2;	/* per switch: n yields each */
out:
	close(ready[0]);
	close(ready[1]);
	if (pin(CPU_HOME) != 0)
		rc = -1;
	return rc;
}

/* The child's side: say it is on its vCPU, then echo n bytes. */
static int
pipe_echo(unsigned int n, int in, int out)
{
	unsigned int i;
	char c;

	if (write(out, "r", 1) != 1)
		return FAIL("write of the start: %s", strerror(errno));
	for (i = 0; i < n; i++) {
		if (read(in, &c, 1) != 1)
			return FAIL("read %u: %s", i, strerror(errno));
		if (write(out, &c, 1) != 1)
			return FAIL("write %u: %s", i, strerror(errno));
	}
	return 0;
}

/* The child echoes each byte: parent on CPU_HOME, child on cpu_other. */
static int
run_pipe(unsigned int n, uint64_t *ns)
{
	int down[2], up[2], rc = 0;
	uint64_t t0, t1;
	unsigned int i;
	unsigned char b, c;
	pid_t pid;

	if (pipe(down) != 0)
		return FAIL("pipe: %s", strerror(errno));
	if (pipe(up) != 0) {
		rc = FAIL("pipe: %s", strerror(errno));
		close(down[0]);
		close(down[1]);
		return rc;
	}
	if ((pid = fork()) == -1) {
		rc = FAIL("fork: %s", strerror(errno));
		goto out;
	}
	if (pid == 0) {
		if (pin(cpu_other) != 0 || pipe_echo(n, down[0], up[1]) != 0)
			child_fail("pipe_xcpu");
		_exit(0);
	}
	/* The child is on its vCPU once it has said so. */
	if (read(up[0], &c, 1) != 1)
		rc = FAIL("read of the child's start: %s", strerror(errno));
	if (rc == 0)
		rc = now_ns(&t0);
	for (i = 0; rc == 0 && i < n; i++) {
		b = (unsigned char)i;
		if (write(down[1], &b, 1) != 1)
			rc = FAIL("write %u: %s", i, strerror(errno));
		else if (read(up[0], &c, 1) != 1)
			rc = FAIL("read %u: %s", i, strerror(errno));
		else if (c != b)
			rc = FAIL("round trip %u: sent %u, got %u", i, b, c);
	}
	if (rc == 0)
		rc = now_ns(&t1);
	if (rc != 0) {
		/* the child may wait for bytes that will not come */
		kill(pid, SIGKILL);
		(void)wait4(pid, NULL, 0, NULL);
	} else if (reap(pid) != 0) {
		rc = -1;
	} else {
		*ns = t1 - t0;
	}
out:
	close(down[0]);
	close(down[1]);
	close(up[0]);
	close(up[1]);
	return rc;
}

static int
run_fork(unsigned int n, uint64_t *ns)
{
	uint64_t t0, t1;
	unsigned int i;
	pid_t pid;

	if (now_ns(&t0) != 0)
		return -1;
	for (i = 0; i < n; i++) {
		if ((pid = fork()) == -1)
			return FAIL("fork %u: %s", i, strerror(errno));
		if (pid == 0)
			_exit(0);
		if (reap(pid) != 0)
			return -1;
	}
	if (now_ns(&t1) != 0)
		return -1;
	*ns = t1 - t0;
	return 0;
}

/* "h_ubench -x N": the next link of the chain, or the end at 0. */
static void __attribute__((__noreturn__))
exec_next(unsigned long left)
{
	char count[24];
	char *argv[4];

	if (left == 0)
		_exit(0);
	snprintf(count, sizeof(count), "%lu", left - 1);
	argv[0] = (char *)(uintptr_t)self_path;
	argv[1] = (char *)(uintptr_t)EXEC_FLAG;
	argv[2] = count;
	argv[3] = NULL;
	execve(self_path, argv, environ);
	printf("ubench: exec: execve %s: %s\n", self_path, strerror(errno));
	fflush(stdout);
	_exit(127);
}

static int
run_exec(unsigned int n, uint64_t *ns)
{
	uint64_t t0, t1;
	pid_t pid;

	if (now_ns(&t0) != 0)
		return -1;
	if ((pid = fork()) == -1)
		return FAIL("fork: %s", strerror(errno));
	if (pid == 0)
		exec_next(n);
	if (reap(pid) != 0 || now_ns(&t1) != 0)
		return -1;
	*ns = t1 - t0;
	return 0;
}

static int
run_pagefault(unsigned int n, uint64_t *ns)
{
	volatile unsigned char *p;
	uint64_t t0, t1;
	unsigned int i;
	int rc = 0;

	p = mmap(NULL, (size_t)n * PAGE_BYTES, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANON, -1, 0);
	if (p == MAP_FAILED)
		return FAIL("mmap of %u pages: %s", n, strerror(errno));
	if (now_ns(&t0) != 0)
		rc = -1;
	for (i = 0; rc == 0 && i < n; i++)
		p[(size_t)i * PAGE_BYTES] = (unsigned char)(i | 1);
	if (rc == 0 && now_ns(&t1) != 0)
		rc = -1;
	/* Each page holds its own byte and zeros elsewhere. */
	for (i = 0; rc == 0 && i < n; i++)
		if (p[(size_t)i * PAGE_BYTES] != (unsigned char)(i | 1) ||
		    p[(size_t)i * PAGE_BYTES + PAGE_BYTES - 1] != 0)
			rc = FAIL("page %u does not hold what was written", i);
	if (munmap((void *)(uintptr_t)p, (size_t)n * PAGE_BYTES) != 0 && rc == 0)
		rc = FAIL("munmap: %s", strerror(errno));
	if (rc == 0)
		*ns = t1 - t0;
	return rc;
}

struct row {
	const char	*name;
	int		(*run)(unsigned int, uint64_t *);
	unsigned int	iterations;
	int		needs_two_cpus;
};

static const struct row rows[] = {
	{ "getpid", run_getpid, 20000, 0 },
	{ "yield", run_yield, 2000, 0 },
	{ "pipe_xcpu", run_pipe, 500, 1 },
	{ "fork", run_fork, 200, 0 },
	{ "exec", run_exec, 100, 0 },
	{ "pagefault", run_pagefault, FAULT_BYTES / PAGE_BYTES, 0 },
};

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static int
bench_row(const struct row *r)
{
	uint64_t per_op[RUNS], total;
	unsigned int k;

	if (r->needs_two_cpus && ncpu_online < 2) {
		printf("ubench: %s failed: needs 2 vCPUs, %d online\n",
		    r->name, ncpu_online);
		return -1;
	}
	for (k = 0; k < RUNS; k++) {
		why[0] = '\0';
		if (r->run(r->iterations, &total) != 0) {
			printf("ubench: %s failed: run %u: %s\n", r->name, k,
			    why[0] != '\0' ? why : "no reason given");
			return -1;
		}
		per_op[k] = (total + r->iterations / 2) / r->iterations;
	}
	qsort(per_op, RUNS, sizeof(per_op[0]), cmp_u64);
	printf("ubench: %s ns_per_op %llu iterations %u\n", r->name,
	    (unsigned long long)per_op[RUNS / 2], r->iterations);
	fflush(stdout);
	return 0;
}

int
main(int argc, char **argv)
{
	unsigned int i, failed = 0;
	const char *env;

	if ((env = getenv("UBENCH_SELF")) != NULL && env[0] != '\0')
		self_path = env;
	else if (argc > 0 && strchr(argv[0], '/') != NULL)
		self_path = argv[0];
	else
		self_path = RAMDISK_PATH;
	if (argc == 3 && strcmp(argv[1], EXEC_FLAG) == 0)
		exec_next(strtoul(argv[2], NULL, 10));

	if (sysctl_int(CTL_HW, HW_NCPUONLINE, &ncpu_online) != 0) {
		printf("ubench: hw.ncpuonline: %s\n", strerror(errno));
		ncpu_online = 1;
	}
	if (ncpu_online < 2)
		cpu_other = CPU_HOME;
	printf("ubench: start: %d vCPUs online, %d runs a row, median\n",
	    ncpu_online, RUNS);
	why[0] = '\0';
	if (pin(CPU_HOME) != 0) {
		printf("ubench: %s\n", why);
		return 1;
	}
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		if (bench_row(&rows[i]) != 0)
			failed++;
	printf("ubench: done: %u rows, %u failed\n",
	    (unsigned int)(sizeof(rows) / sizeof(rows[0])), failed);
	return failed != 0;
}
