/*	Petrel: tests/user/h_nolost.c -- processes that must not notice an
 *	xl save and xl restore (t_xl_save's save_user cases).
 *
 * usage: h_nolost [-x] [-g saves] [-t seconds] [-G gap_ms]
 *
 * One child per vCPU, pinned there, counts: step k writes k into
 * slot k % NSLOTS of a buffer of its own (NSLOTS words over many
 * pages), after checking that the slot still holds k - NSLOTS (the
 * previous lap's value: a page lost or swapped for another's across a
 * restore shows there) and the slot before holds k - 1 (a step lost or
 * repeated).  Each step also reads CLOCK_MONOTONIC, which must never
 * go back.  A time between two steps of at least gap_ms is a save the
 * child lived through (the domain was stopped meanwhile): it counts
 * them, and stops once it has seen "saves" of them and run STOP_MS
 * after the last, or after "seconds" in all.  At the end it checks the
 * whole buffer again and that it is still pinned.
 *
 * Each child prints one line:
 *   "h_nolost: cpu C: S steps, L lost, R repeated, B back, G gaps,
 *    max gap M ms, pinned P"
 * and the parent the last one, "h_nolost: N of N processes ok" (ok:
 * exited 0, with L = R = B = 0 and G = saves).  Exit status 0 if all
 * are ok.
 *
 * With -x one more process forks children that touch a page and exit,
 * one after the other, stopping as the counters do, so that address
 * spaces are made and freed across the saves too; it prints
 * "h_nolost: churn: N children forked, F failed" (F counts a fork that
 * failed or a child that did not exit 0).
 */
#include <sys/types.h>
#include <sys/sysctl.h>
#include <sys/wait.h>
#include <errno.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define	MAX_CPUS	64
#define	NSLOTS		(64 * 1024)	/* 64 pages of 4-byte words */
#define	STOP_MS		2000	/* run on after the last save */
#define	DEFAULT_GAP_MS	1500
#define	DEFAULT_SAVES	10
#define	DEFAULT_SECS	600

static uint32_t slots[NSLOTS];

struct result {
	uint64_t	steps;
	uint64_t	lost;
	uint64_t	repeated;
	uint64_t	back;
	uint64_t	gaps;
	uint64_t	max_gap_ms;
	int		pinned;
};

static uint64_t
now_ns(void)
{
	struct timespec ts;

	(void)clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

/* One child's count, pinned to cpu. */
static void
count(int cpu, uint64_t saves, uint64_t secs, uint64_t gap_ms,
    struct result *r)
{
	uint64_t k, t, prev, start, last_gap = 0, d;
	uint32_t want_prev, want_old;
	unsigned int i;

	memset(r, 0, sizeof(*r));
	if (cpu_pin(cpu) == -1)
		printf("h_nolost: cpu %d: cpu_pin: %s\n", cpu,
		    strerror(errno));
	/* Lap 0: slot i holds i - NSLOTS (mod 2^32), as if counted. */
	for (i = 0; i < NSLOTS; i++)
		slots[i] = i - NSLOTS;
	start = prev = now_ns();
	for (k = 0;; k++) {
		i = k % NSLOTS;
		want_prev = (uint32_t)(k - 1);
		want_old = (uint32_t)(k - NSLOTS);
		if (slots[(i + NSLOTS - 1) % NSLOTS] != want_prev)
			r->lost++;
		if (slots[i] == (uint32_t)k)
			r->repeated++;
		else if (slots[i] != want_old)
			r->lost++;
		slots[i] = (uint32_t)k;
		t = now_ns();
		if (t < prev)
			r->back++;
		else {
			d = (t - prev) / 1000000;
			if (d > r->max_gap_ms)
				r->max_gap_ms = d;
			if (d >= gap_ms) {
				r->gaps++;
				last_gap = t;
			}
		}
		prev = t;
		if (r->gaps >= saves && t - last_gap >= STOP_MS * 1000000ULL)
			break;
		if (t - start >= secs * 1000000000ULL)
			break;
	}
	r->steps = k + 1;
	/* The whole buffer: the last NSLOTS steps, each in its slot. */
	for (d = 0; d < NSLOTS; d++) {
		i = (k - d) % NSLOTS;
		if (slots[i] != (uint32_t)(k - d))
			r->lost++;
	}
	r->pinned = cpu_pinned();
}

/*
 * -x: fork children that touch a page and exit, one after the other,
 * stopping as a counter does (the saves seen, or the time): the counts
 * go to fd at the end.
 */
static void
churn(int fd, uint64_t saves, uint64_t secs, uint64_t gap_ms)
{
	uint64_t rec[2] = { 0, 0 }, gaps = 0, t, prev, start, last_gap = 0;
	pid_t pid;
	int st;

	start = prev = now_ns();
	for (;;) {
		if ((pid = fork()) == -1)
			rec[1]++;
		else if (pid == 0) {
			slots[0] = 1;
			_exit(0);
		} else if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st) ||
		    WEXITSTATUS(st) != 0)
			rec[1]++;
		rec[0]++;
		t = now_ns();
		if (t > prev && (t - prev) / 1000000 >= gap_ms) {
			gaps++;
			last_gap = t;
		}
		prev = t;
		if (gaps >= saves && t - last_gap >= STOP_MS * 1000000ULL)
			break;
		if (t - start >= secs * 1000000000ULL)
			break;
	}
	(void)write(fd, rec, sizeof(rec));
	_exit(0);
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
number(const char *s)
{
	char *end;
	unsigned long v = strtoul(s, &end, 0);

	if (*s == '\0' || *end != '\0') {
		fprintf(stderr, "usage: h_nolost [-g saves] [-t seconds] "
		    "[-G gap_ms]\n");
		exit(2);
	}
	return v;
}

int
main(int argc, char **argv)
{
	struct result r;
	uint64_t saves = DEFAULT_SAVES, secs = DEFAULT_SECS;
	uint64_t gap_ms = DEFAULT_GAP_MS;
	pid_t pids[MAX_CPUS];
	int pipes[MAX_CPUS], n, cpu, ch, st, ok = 0, cp[2] = { -1, -1 };
	pid_t churner = -1;
	bool do_churn = false;

	while ((ch = getopt(argc, argv, "g:t:G:x")) != -1) {
		switch (ch) {
		case 'x':
			do_churn = true;
			break;
		case 'g':
			saves = number(optarg);
			break;
		case 't':
			secs = number(optarg);
			break;
		case 'G':
			gap_ms = number(optarg);
			break;
		default:
			(void)number("");
		}
	}
	n = ncpus();
	printf("h_nolost: %d processes, %llu saves, gap %llu ms, "
	    "at most %llu s\n", n, (unsigned long long)saves,
	    (unsigned long long)gap_ms, (unsigned long long)secs);
	fflush(stdout);
	for (cpu = 0; cpu < n; cpu++) {
		int p[2];

		if (pipe(p) == -1 || (pids[cpu] = fork()) == -1) {
			printf("h_nolost: cpu %d: %s\n", cpu, strerror(errno));
			return 1;
		}
		if (pids[cpu] == 0) {
			(void)close(p[0]);
			count(cpu, saves, secs, gap_ms, &r);
			(void)write(p[1], &r, sizeof(r));
			_exit(0);
		}
		(void)close(p[1]);
		pipes[cpu] = p[0];
	}
	if (do_churn) {
		if (pipe(cp) == -1 || (churner = fork()) == -1) {
			printf("h_nolost: churn: %s\n", strerror(errno));
			return 1;
		}
		if (churner == 0) {
			(void)close(cp[0]);
			churn(cp[1], saves, secs, gap_ms);
		}
		(void)close(cp[1]);
	}
	for (cpu = 0; cpu < n; cpu++) {
		if (read(pipes[cpu], &r, sizeof(r)) != (ssize_t)sizeof(r)) {
			printf("h_nolost: cpu %d: no result\n", cpu);
			memset(&r, 0, sizeof(r));
			r.pinned = -1;
			r.lost = 1;
		}
		(void)close(pipes[cpu]);
		st = -1;
		if (waitpid(pids[cpu], &st, 0) != pids[cpu] ||
		    !WIFEXITED(st) || WEXITSTATUS(st) != 0)
			printf("h_nolost: cpu %d: status %#x\n", cpu, st);
		else if (r.lost == 0 && r.repeated == 0 && r.back == 0 &&
		    r.gaps == saves && r.pinned == cpu)
			ok++;
		printf("h_nolost: cpu %d: %llu steps, %llu lost, "
		    "%llu repeated, %llu back, %llu gaps, max gap %llu ms, "
		    "pinned %d\n", cpu, (unsigned long long)r.steps,
		    (unsigned long long)r.lost,
		    (unsigned long long)r.repeated,
		    (unsigned long long)r.back, (unsigned long long)r.gaps,
		    (unsigned long long)r.max_gap_ms, r.pinned);
	}
	if (churner != -1) {
		uint64_t rec[2] = { 0, 1 };

		if (read(cp[0], rec, sizeof(rec)) != (ssize_t)sizeof(rec))
			printf("h_nolost: churn: no result\n");
		st = -1;
		if (waitpid(churner, &st, 0) != churner || !WIFEXITED(st) ||
		    WEXITSTATUS(st) != 0)
			printf("h_nolost: churn: status %#x\n", st);
		printf("h_nolost: churn: %llu children forked, %llu failed\n",
		    (unsigned long long)rec[0], (unsigned long long)rec[1]);
	}
	printf("h_nolost: %d of %d processes ok\n", ok, n);
	fflush(stdout);
	return ok == n ? 0 : 1;
}
