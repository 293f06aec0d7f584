/*	Petrel: tests/user/h_isolation.c -- a process cannot reach the kernel,
 *	Xen or another process; run as init by tests/kernel/t_user_progs.
 *
 * Each case prints one line, "h_isolation: CASE: passed" or
 * "h_isolation: CASE: failed: REASON", then a summary line; the exit
 * status is 0 iff every case passed.  Arguments name the cases to run
 * (by hand, from sh); as init it has none and runs them all.  Every
 * probe runs in a forked child, and the parent compares the child's
 * wait status with the one expected (a fault: SIGSEGV, as trap.c gives
 * for page faults and general protection alike).  The fault probes run
 * once on each vCPU in turn (the child pins itself first), so a CPU
 * whose tables or trap table were set up wrongly is found.  Every wait
 * has a deadline (clock_gettime); a child still there is killed and the
 * case fails.
 *
 * int $0x82 from ring 3 ends in the kernel's "overflow" trap (vector 4)
 * under QEMU, not in a general protection fault: the error code of the
 * #GP seems to carry the vector times 16 in long mode, and Xen reads
 * vector 0x82 * 16 / 8 = 0x104 as 4, INTO, which is DPL 3 in the trap
 * table (as NetBSD's).  Either way the process ends by SIGSEGV.
 *
 * The addresses probed:
 *   kernel text   KERNBASE + 0x1000: inside the kernel image's text
 *                 segment (linked at KERNBASE, kern.ldscript).
 *   kernel data   KERNBASE + 4 MiB: the direct map (every page of RAM at
 *                 KERNBASE + pa), read-write for the kernel and holding
 *                 its heap and other processes' pages; the image's own
 *                 .data moves with its size, the direct map does not.
 *   amd64 only:
 *   Xen's hole    0xffff830000000000: Xen's own direct map of all machine
 *                 memory, inside the hole 0xffff800000000000-
 *                 0xffff880000000000 that Xen keeps in every L4.
 *   M2P           0xffff800000000000 + 8 * 0x1000: MACH2PHYS_VIRT_START,
 *                 where Xen maps the machine-to-physical table read-only
 *                 for the kernel (what XENMEM_machphys_mapping returns
 *                 and xpmap_machine_to_phys_mapping holds), at the entry
 *                 of machine frame 0x1000, which every machine has.
 *   PTE window    0x7f8000000000: L4 slot 255, the kernel's recursive
 *                 slot; it is in the lower half but not in a user L4.
 *   i386 only:
 *   M2P           0xf5800000: HYPERVISOR_COMPAT_VIRT_START, where Xen
 *                 maps the M2P for 32-bit guests (ring 1 may read it).
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

#if defined(__x86_64__)
#define	KERNBASE	0xffffffff80000000UL
#define	XEN_HOLE_VA	0xffff830000000000UL
#define	M2P_VA		(0xffff800000000000UL + 8 * 0x1000UL)
#define	PTE_WINDOW_VA	0x00007f8000000000UL
#else
#define	KERNBASE	0xc0000000UL
#define	M2P_VA		0xf5800000UL
#endif
#define	KERNEL_TEXT_VA	(KERNBASE + 0x1000UL)
#define	KERNEL_DATA_VA	(KERNBASE + 0x400000UL)

#define	PAGE		4096
#define	PROBE_WAIT_MS	10000		/* a probe's time to end */
#define	SWITCH_WAIT_MS	240000		/* the 10^5 switches' time */
#define	REASON_MAX	200

/* Two processes at the same address: where, how much, how often. */
#define	SAME_VA		0x30000000UL
#define	SAME_VA_PAGES	2
#define	SAME_VA_ROUNDS	50000		/* 2 switches a round: 10^5 */

#define	ST_FAULT	SIGSEGV		/* W_EXITCODE(0, SIGSEGV) */
#define	ST_EXIT0	0

static int ncpu;
static int npassed, nfailed;
static int reason_fd = -1;		/* a child's pipe to its parent */

/*
 * A child's own children, killed and reaped when it fails: the parent
 * reads the reason pipe once the child has ended, and that read ends
 * only when no process holds the pipe.
 */
static pid_t kids[2];
static int nkids;

/* ---- helpers ---------------------------------------------------------- */

/* In a child: say why it failed (the parent prints it) and exit. */
static void __attribute__((__format__(__printf__, 2, 3), __noreturn__))
child_fail(int code, const char *fmt, ...)
{
	char buf[REASON_MAX];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	while (nkids > 0) {
		(void)kill(kids[--nkids], SIGKILL);
		(void)wait4(kids[nkids], NULL, 0, NULL);
	}
	if (n > (int)sizeof(buf) - 1)
		n = sizeof(buf) - 1;
	/* A child and its own children may each give one: "; " between. */
	if (reason_fd >= 0 && n > 0) {
		(void)write(reason_fd, "; ", 2);
		(void)write(reason_fd, buf, n);
	}
	_exit(code);
}

/* Why a one-byte pipe read or write did not move its byte. */
static const char *
pipe_error(ssize_t n)
{
	return n == 0 ? "the other end is gone" : strerror(errno);
}

static long long
now_ms(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) == -1)
		return 0;
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };

	(void)nanosleep(&ts, NULL);
}

/*
 * Wait for pid at most ms milliseconds; 0 and *status when it ended,
 * -1 when the wait failed, 1 when the deadline passed (the child is
 * then killed and reaped).
 */
static int
wait_bounded(pid_t pid, int *status, long ms)
{
	long long deadline = now_ms() + ms;
	pid_t r;

	for (;;) {
		r = wait4(pid, status, WNOHANG, NULL);
		if (r == pid)
			return 0;
		if (r == -1)
			return -1;
		if (now_ms() >= deadline)
			break;
		sleep_ms(1);
	}
	(void)kill(pid, SIGKILL);
	(void)wait4(pid, status, 0, NULL);
	return 1;
}

/* What a wait status says, for a reason. */
static void
status_text(int st, char *buf, size_t len)
{
	if (WIFEXITED(st))
		snprintf(buf, len, "exited %d", WEXITSTATUS(st));
	else if (WIFSIGNALED(st))
		snprintf(buf, len, "signal %d (%s)", WTERMSIG(st),
		    __signame(WTERMSIG(st)));
	else
		snprintf(buf, len, "status %#x", st);
}

/* The CPU the kernel says process pid is on (kern.proc2), or -1. */
static long
proc_cpuid(pid_t pid)
{
	int mib[6] = { CTL_KERN, KERN_PROC2, KERN_PROC_PID, pid,
	    (int)sizeof(struct kinfo_proc2), 1 };
	struct kinfo_proc2 kp;
	size_t len = sizeof(kp);

	memset(&kp, 0, sizeof(kp));
	if (sysctl(mib, 6, &kp, &len, NULL, 0) == -1 || len != sizeof(kp) ||
	    kp.p_pid != pid || kp.p_cpuid == KI_NOCPU)
		return -1;
	return (long)kp.p_cpuid;
}

/* In a child: pin to cpu and check that it is there. */
static void
child_pin(int cpu)
{
	long on;

	if (cpu_pin(cpu) == -1)
		child_fail(3, "cpu_pin(%d): %s", cpu, strerror(errno));
	if (cpu_pinned() != cpu)
		child_fail(3, "pinned to %d, affinity says %d", cpu,
		    cpu_pinned());
	if ((on = proc_cpuid(getpid())) != cpu)
		child_fail(3, "pinned to %d, kern.proc2 says cpu %ld", cpu,
		    on);
}

/*
 * Run fn(arg) in a child (pinned to cpu unless cpu < 0); wait for it
 * (bounded) and check its status is want.  0 if so; else -1 and why.
 */
static int
run_child(void (*fn)(uintptr_t), uintptr_t arg, int cpu, int want,
    long ms, char *why, size_t whylen)
{
	char st_text[64], child_why[REASON_MAX];
	int fds[2], st = 0, r;
	ssize_t n;
	pid_t pid;

	if (pipe(fds) == -1) {
		snprintf(why, whylen, "pipe: %s", strerror(errno));
		return -1;
	}
	fflush(stdout);
	if ((pid = fork()) == -1) {
		snprintf(why, whylen, "fork: %s", strerror(errno));
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (pid == 0) {
		close(fds[0]);
		reason_fd = fds[1];
		if (cpu >= 0)
			child_pin(cpu);
		fn(arg);
		_exit(0);
	}
	close(fds[1]);
	r = wait_bounded(pid, &st, ms);
	/* After a timeout a grandchild may still hold the pipe. */
	n = r == 0 ? read(fds[0], child_why, sizeof(child_why) - 1) : 0;
	close(fds[0]);
	child_why[n > 0 ? n : 0] = '\0';
	if (n > 2)
		memmove(child_why, child_why + 2, n - 1);	/* the "; " */
	if (r != 0) {
		snprintf(why, whylen, "cpu %d: %s after %ld ms%s%s", cpu,
		    r == 1 ? "still running" : "wait4 failed", ms,
		    n > 0 ? ": " : "", child_why);
		return -1;
	}
	if (st == want)
		return 0;
	status_text(st, st_text, sizeof(st_text));
	if (want == ST_FAULT)
		snprintf(why, whylen, "cpu %d: %s, expected SIGSEGV%s%s", cpu,
		    st_text, n > 0 ? ": " : "", child_why);
	else
		snprintf(why, whylen, "cpu %d: %s%s%s", cpu, st_text,
		    n > 0 ? ": " : "", child_why);
	return -1;
}

static void
report(const char *name, int ok, const char *why)
{
	if (ok) {
		printf("h_isolation: %s: passed\n", name);
		npassed++;
	} else {
		printf("h_isolation: %s: failed: %s\n", name, why);
		nfailed++;
	}
	fflush(stdout);
}

/* ---- the probes (each runs in a child) -------------------------------- */

static void
probe_read(uintptr_t va)
{
	volatile unsigned char *p = (volatile unsigned char *)va;
	unsigned char c = *p;

	child_fail(0, "read %#lx gave %#x", (unsigned long)va, c);
}

static void
probe_write(uintptr_t va)
{
	*(volatile unsigned char *)va = 0x5a;
	child_fail(0, "write to %#lx went through", (unsigned long)va);
}

static void
probe_exec(uintptr_t va)
{
	((void (*)(void))va)();
	child_fail(0, "call to %#lx returned", (unsigned long)va);
}

/* The code placed in data: "ret". */
static const unsigned char ret_insn[] = { 0xc3 };
static unsigned char bss_code[64];

static void
probe_stack_exec(uintptr_t unused)
{
	volatile unsigned char code[64];
	size_t i;

	for (i = 0; i < sizeof(code); i++)
		code[i] = ret_insn[0];
	probe_exec((uintptr_t)code);
}

static void
probe_bss_exec(uintptr_t unused)
{
	memset(bss_code, ret_insn[0], sizeof(bss_code));
	probe_exec((uintptr_t)bss_code);
}

/* Map a page with prot, put "ret" in it and call it. */
static void
probe_mmap_exec(uintptr_t prot)
{
	unsigned char *p = mmap(NULL, PAGE, (int)prot | PROT_READ |
	    PROT_WRITE, MAP_ANON | MAP_PRIVATE, -1, 0);

	if (p == MAP_FAILED)
		child_fail(2, "mmap: %s", strerror(errno));
	memset(p, ret_insn[0], PAGE);
	((void (*)(void))(uintptr_t)p)();
	if (prot & PROT_EXEC)
		_exit(0);		/* the control: it must run */
	child_fail(0, "code in a PROT_READ|PROT_WRITE page ran");
}

static void
probe_cli(uintptr_t unused)
{
	__asm volatile("cli");
	child_fail(0, "cli went through");
}

static void
probe_hlt(uintptr_t unused)
{
	__asm volatile("hlt");
	child_fail(0, "hlt went through");
}

static void
probe_inb(uintptr_t unused)
{
	unsigned char v;

	/* The PIT's counter 0: a port every PC has. */
	__asm volatile("inb %w1, %b0" : "=a"(v) : "Nd"((unsigned short)0x40));
	child_fail(0, "inb 0x40 gave %#x", v);
}

static void
probe_outb(uintptr_t unused)
{
	/* Port 0x80: the POST code port, harmless if written. */
	__asm volatile("outb %b0, %w1" : : "a"((unsigned char)0),
	    "Nd"((unsigned short)0x80));
	child_fail(0, "outb 0x80 went through");
}

static void
probe_int_0e(uintptr_t unused)
{
	__asm volatile("int $0x0e");
	child_fail(0, "int $0x0e returned");
}

static void
probe_int_20(uintptr_t unused)
{
	__asm volatile("int $0x20");
	child_fail(0, "int $0x20 returned");
}

static void
probe_int_82(uintptr_t unused)
{
	__asm volatile("int $0x82");
	child_fail(0, "int $0x82 returned");
}

/*
 * The fault probes: name, probe, argument, expected status.  Each runs
 * once pinned to every vCPU.
 */
static const struct fault_case {
	const char	*name;
	void		(*fn)(uintptr_t);
	uintptr_t	arg;
	int		want;
} fault_cases[] = {
	{ "kernel_text_read",	probe_read,	KERNEL_TEXT_VA,	ST_FAULT },
	{ "kernel_text_write",	probe_write,	KERNEL_TEXT_VA,	ST_FAULT },
	{ "kernel_text_exec",	probe_exec,	KERNEL_TEXT_VA,	ST_FAULT },
	{ "kernel_data_read",	probe_read,	KERNEL_DATA_VA,	ST_FAULT },
	{ "kernel_data_write",	probe_write,	KERNEL_DATA_VA,	ST_FAULT },
	{ "kernel_data_exec",	probe_exec,	KERNEL_DATA_VA,	ST_FAULT },
#if defined(__x86_64__)
	{ "xen_hole_read",	probe_read,	XEN_HOLE_VA,	ST_FAULT },
	{ "pte_window_read",	probe_read,	PTE_WINDOW_VA,	ST_FAULT },
#endif
	{ "m2p_read",		probe_read,	M2P_VA,		ST_FAULT },
	{ "page0_read",		probe_read,	0,		ST_FAULT },
	{ "page0_write",	probe_write,	0x10,		ST_FAULT },
	{ "page0_exec",		probe_exec,	0,		ST_FAULT },
	{ "nx_stack",		probe_stack_exec, 0,		ST_FAULT },
	{ "nx_bss",		probe_bss_exec,	0,		ST_FAULT },
	{ "nx_mmap_data",	probe_mmap_exec, 0,		ST_FAULT },
	{ "exec_mmap_prot_exec", probe_mmap_exec, PROT_EXEC,	ST_EXIT0 },
	{ "priv_cli",		probe_cli,	0,		ST_FAULT },
	{ "priv_hlt",		probe_hlt,	0,		ST_FAULT },
	{ "priv_inb",		probe_inb,	0,		ST_FAULT },
	{ "priv_outb",		probe_outb,	0,		ST_FAULT },
	{ "int_0x0e",		probe_int_0e,	0,		ST_FAULT },
	{ "int_0x20",		probe_int_20,	0,		ST_FAULT },
	{ "int_0x82",		probe_int_82,	0,		ST_FAULT },
};

static void
run_fault_case(const struct fault_case *fc)
{
	char why[2 * REASON_MAX];
	int cpu;

	for (cpu = 0; cpu < ncpu; cpu++)
		if (run_child(fc->fn, fc->arg, cpu, fc->want, PROBE_WAIT_MS,
		    why, sizeof(why)) != 0) {
			report(fc->name, 0, why);
			return;
		}
	report(fc->name, 1, NULL);
}

/* ---- fork: each side writes its own copy ------------------------------ */

static unsigned char fork_data[PAGE] = { 1 };	/* .data */
static unsigned char fork_bss[PAGE];		/* .bss */

struct fork_areas {
	unsigned char	*area[4];
};

/* Fill every area with c, or check that all of it is c. */
static void
areas_fill(struct fork_areas *fa, unsigned char c)
{
	int i;

	for (i = 0; i < 4; i++)
		memset(fa->area[i], c, PAGE);
}

static int
areas_check(struct fork_areas *fa, unsigned char c, int *which, int *off,
    unsigned char *seen)
{
	int i, j;

	for (i = 0; i < 4; i++)
		for (j = 0; j < PAGE; j++)
			if (fa->area[i][j] != c) {
				*which = i;
				*off = j;
				*seen = fa->area[i][j];
				return -1;
			}
	return 0;
}

static const char *const area_names[] = { "data", "bss", "heap", "mmap" };

static void
fork_copy(uintptr_t unused)
{
	struct fork_areas fa;
	int to_child[2], to_parent[2], which, off, st;
	unsigned char seen, token = 't';
	char st_text[64];
	ssize_t n;
	pid_t pid;

	fa.area[0] = fork_data;
	fa.area[1] = fork_bss;
	fa.area[2] = malloc(PAGE);
	fa.area[3] = mmap(NULL, PAGE, PROT_READ | PROT_WRITE,
	    MAP_ANON | MAP_PRIVATE, -1, 0);
	if (fa.area[2] == NULL || fa.area[3] == MAP_FAILED)
		child_fail(2, "malloc or mmap failed");
	areas_fill(&fa, 'P');
	if (pipe(to_child) == -1 || pipe(to_parent) == -1)
		child_fail(2, "pipe: %s", strerror(errno));
	if ((pid = fork()) == -1)
		child_fail(2, "fork: %s", strerror(errno));
	if (pid == 0) {
		nkids = 0;
		close(to_child[1]);
		close(to_parent[0]);
		/* On another vCPU than the parent, when there is one. */
		if (ncpu > 1 && cpu_pin((cpu_pinned() + 1) % ncpu) == -1)
			child_fail(2, "cpu_pin: %s", strerror(errno));
		if (areas_check(&fa, 'P', &which, &off, &seen) != 0)
			child_fail(1, "child: %s[%d] is %#x before any write, "
			    "expected the parent's 'P'", area_names[which],
			    off, seen);
		areas_fill(&fa, 'C');
		if ((n = write(to_parent[1], &token, 1)) != 1 ||
		    (n = read(to_child[0], &token, 1)) != 1)
			child_fail(2, "child: pipe: %s", pipe_error(n));
		if (areas_check(&fa, 'C', &which, &off, &seen) != 0)
			child_fail(1, "child: %s[%d] is %#x after the parent "
			    "wrote 'Q', expected its own 'C'",
			    area_names[which], off, seen);
		_exit(0);
	}
	kids[nkids++] = pid;
	close(to_child[0]);
	close(to_parent[1]);
	if ((n = read(to_parent[0], &token, 1)) != 1)
		child_fail(2, "parent: pipe: %s", pipe_error(n));
	if (areas_check(&fa, 'P', &which, &off, &seen) != 0)
		child_fail(1, "parent: %s[%d] is %#x after the child wrote "
		    "'C', expected its own 'P'", area_names[which], off, seen);
	areas_fill(&fa, 'Q');
	if ((n = write(to_child[1], &token, 1)) != 1)
		child_fail(2, "parent: pipe: %s", pipe_error(n));
	if (wait_bounded(pid, &st, PROBE_WAIT_MS) != 0) {
		nkids = 0;	/* killed and reaped */
		child_fail(1, "the fork child did not end in %d ms",
		    PROBE_WAIT_MS);
	}
	nkids = 0;
	if (st != 0) {
		/* Its reason went to the same pipe, before this. */
		status_text(st, st_text, sizeof(st_text));
		child_fail(1, "(the fork child %s)", st_text);
	}
	if (areas_check(&fa, 'Q', &which, &off, &seen) != 0)
		child_fail(1, "parent: %s[%d] is %#x after the child ended, "
		    "expected 'Q'", area_names[which], off, seen);
}

static void
run_fork_case(void)
{
	char why[2 * REASON_MAX];
	int cpu, ok = 1;

	for (cpu = 0; cpu < ncpu && ok; cpu++)
		ok = run_child(fork_copy, 0, cpu, ST_EXIT0, PROBE_WAIT_MS,
		    why, sizeof(why)) == 0;
	report("fork_copy", ok, why);
}

/* ---- pinning: a process runs where it is pinned ----------------------- */

static void
pin_each(uintptr_t unused)
{
	cpuset_t *set = cpuset_create();
	int pass, i, cpu, c;
	long on;

	if (set == NULL)
		child_fail(2, "cpuset_create failed");
	/* Up, then down: each move comes from a different CPU. */
	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < ncpu; i++) {
			cpu = pass == 0 ? i : ncpu - 1 - i;
			if (cpu_pin(cpu) == -1)
				child_fail(1, "cpu_pin(%d): %s", cpu,
				    strerror(errno));
			/* Give the scheduler a chance to move it back. */
			(void)sched_yield();
			sleep_ms(2);
			cpuset_zero(set);
			if (_sched_getaffinity(0, 0, cpuset_size(set), set)
			    == -1)
				child_fail(1, "_sched_getaffinity: %s",
				    strerror(errno));
			for (c = 0; c < ncpu; c++)
				if (cpuset_isset(c, set) != (c == cpu))
					child_fail(1, "pinned to %d, the "
					    "affinity set %s cpu %d", cpu,
					    c == cpu ? "lacks" : "has", c);
			if ((on = proc_cpuid(getpid())) != cpu)
				child_fail(1, "pinned to %d, kern.proc2 "
				    "says cpu %ld", cpu, on);
		}
	cpuset_destroy(set);
}

/* ---- two processes at one address, 10^5 switches ---------------------- */

#define	TAG_SHIFT	48

/*
 * One side of the ping-pong: tag is its own (1 or 2); rfd/wfd the pipe
 * ends; "first" sends before it receives.  Every round it checks word 0
 * of each page holds its own tag and the last round's number and the
 * last word its tag alone, then writes the new round's number: a stale
 * TLB entry of the other process shows as the other's tag (a read) or
 * as a number gone back (the other wrote through it).
 */
static void
pingpong(int tag, int rfd, int wfd, int first)
{
	volatile uint64_t *w;
	uint64_t mine = (uint64_t)tag << TAG_SHIFT, v;
	unsigned char token = 'x';
	int k, p, cpu = -1, want_cpu;
	ssize_t n;
	long on;

	w = mmap((void *)SAME_VA, SAME_VA_PAGES * PAGE,
	    PROT_READ | PROT_WRITE, MAP_ANON | MAP_PRIVATE | MAP_FIXED, -1, 0);
	if (w != (volatile uint64_t *)SAME_VA)
		child_fail(2, "side %d: mmap at %#lx: %s", tag, SAME_VA,
		    w == MAP_FAILED ? strerror(errno) : "elsewhere");
	for (p = 0; p < SAME_VA_PAGES; p++) {
		w[p * PAGE / 8] = mine;
		w[(p + 1) * PAGE / 8 - 1] = mine;
	}
	for (k = 1; k <= SAME_VA_ROUNDS; k++) {
		/* Both sides move to each vCPU in turn. */
		want_cpu = (int)((long)(k - 1) * ncpu / SAME_VA_ROUNDS);
		if (want_cpu != cpu) {
			cpu = want_cpu;
			if (cpu_pin(cpu) == -1)
				child_fail(2, "side %d: cpu_pin(%d): %s", tag,
				    cpu, strerror(errno));
			if ((on = proc_cpuid(getpid())) != cpu)
				child_fail(1, "side %d: pinned to %d, on %ld",
				    tag, cpu, on);
		}
		if (!first && (n = read(rfd, &token, 1)) != 1)
			child_fail(2, "side %d: read: %s", tag, pipe_error(n));
		for (p = 0; p < SAME_VA_PAGES; p++) {
			v = w[p * PAGE / 8];
			if (v != (mine | (uint64_t)(k - 1)))
				child_fail(1, "side %d round %d cpu %d: "
				    "page %d word 0 is %#llx, expected %#llx",
				    tag, k, cpu, p, (unsigned long long)v,
				    (unsigned long long)(mine | (k - 1)));
			v = w[(p + 1) * PAGE / 8 - 1];
			if (v != mine)
				child_fail(1, "side %d round %d cpu %d: "
				    "page %d last word is %#llx, expected "
				    "%#llx", tag, k, cpu, p,
				    (unsigned long long)v,
				    (unsigned long long)mine);
			w[p * PAGE / 8] = mine | (uint64_t)k;
		}
		if ((n = write(wfd, &token, 1)) != 1)
			child_fail(2, "side %d: write: %s", tag,
			    pipe_error(n));
		if (first && (n = read(rfd, &token, 1)) != 1)
			child_fail(2, "side %d: read: %s", tag, pipe_error(n));
	}
}

static void
same_va(uintptr_t unused)
{
	int ab[2], ba[2], st, i;
	pid_t pid[2];
	char st_text[64];
	long long t0 = now_ms();

	if (pipe(ab) == -1 || pipe(ba) == -1)
		child_fail(2, "pipe: %s", strerror(errno));
	for (i = 0; i < 2; i++) {
		if ((pid[i] = fork()) == -1)
			child_fail(2, "fork: %s", strerror(errno));
		if (pid[i] == 0) {
			nkids = 0;
			/* Only the other side then writes to what we read. */
			close(i == 0 ? ba[1] : ab[1]);
			close(i == 0 ? ab[0] : ba[0]);
			if (i == 0)
				pingpong(1, ba[0], ab[1], 1);
			else
				pingpong(2, ab[0], ba[1], 0);
			_exit(0);
		}
		kids[nkids++] = pid[i];
	}
	/* Only the sides hold the pipes' ends: EOF when one is gone. */
	close(ab[0]);
	close(ab[1]);
	close(ba[0]);
	close(ba[1]);
	for (i = 0; i < 2; i++) {
		if (wait_bounded(pid[i], &st, SWITCH_WAIT_MS) != 0)
			child_fail(1, "side %d did not end in %d ms", i + 1,
			    SWITCH_WAIT_MS);
		if (st != 0) {
			status_text(st, st_text, sizeof(st_text));
			child_fail(1, " (side %d %s)", i + 1, st_text);
		}
	}
	nkids = 0;
	printf("h_isolation: same_va_switch: %d switches over %d vCPUs "
	    "in %lld ms\n", 2 * SAME_VA_ROUNDS, ncpu, now_ms() - t0);
	fflush(stdout);
}

/* ---- segment registers are each process's own ------------------------ */

#define	SEG_ROUNDS	2000		/* 2 switches a round */

static unsigned int
read_fs(void)
{
	unsigned short v;

	__asm volatile("movw %%fs, %0" : "=r"(v));
	return v;
}

static unsigned int
read_gs(void)
{
	unsigned short v;

	__asm volatile("movw %%gs, %0" : "=r"(v));
	return v;
}

/*
 * One side of a ping-pong on one vCPU at a time: side 1 loads %fs and
 * %gs with its (valid, flat) stack selector, side 2 keeps them null;
 * each checks, every round, that its own values are still there after
 * the other ran.  The kernel must keep them per process even where it
 * never uses them itself (amd64).
 */
static void
seg_side(int tag, int rfd, int wfd)
{
	unsigned int want = 0, fs, gs;
	unsigned short ss;
	unsigned char token = 's';
	int k, cpu = -1, want_cpu;
	ssize_t n;

	if (tag == 1) {
		__asm volatile("movw %%ss, %0" : "=r"(ss));
		__asm volatile("movw %0, %%fs; movw %0, %%gs" : : "r"(ss));
		want = ss;
	}
	for (k = 1; k <= SEG_ROUNDS; k++) {
		want_cpu = (int)((long)(k - 1) * ncpu / SEG_ROUNDS);
		if (want_cpu != cpu) {
			cpu = want_cpu;
			if (cpu_pin(cpu) == -1)
				child_fail(2, "side %d: cpu_pin(%d): %s", tag,
				    cpu, strerror(errno));
		}
		if (tag == 2 && (n = read(rfd, &token, 1)) != 1)
			child_fail(2, "side %d: read: %s", tag, pipe_error(n));
		fs = read_fs();
		gs = read_gs();
		if (fs != want || gs != want)
			child_fail(1, "side %d round %d cpu %d: %%fs %#x, "
			    "%%gs %#x, expected %#x", tag, k, cpu, fs, gs,
			    want);
		if ((n = write(wfd, &token, 1)) != 1)
			child_fail(2, "side %d: write: %s", tag,
			    pipe_error(n));
		if (tag == 1 && (n = read(rfd, &token, 1)) != 1)
			child_fail(2, "side %d: read: %s", tag, pipe_error(n));
	}
}

static void
seg_switch(uintptr_t unused)
{
	int ab[2], ba[2], st, i;
	pid_t pid[2];
	char st_text[64];

	if (pipe(ab) == -1 || pipe(ba) == -1)
		child_fail(2, "pipe: %s", strerror(errno));
	for (i = 0; i < 2; i++) {
		if ((pid[i] = fork()) == -1)
			child_fail(2, "fork: %s", strerror(errno));
		if (pid[i] == 0) {
			nkids = 0;
			close(i == 0 ? ba[1] : ab[1]);
			close(i == 0 ? ab[0] : ba[0]);
			if (i == 0)
				seg_side(1, ba[0], ab[1]);
			else
				seg_side(2, ab[0], ba[1]);
			_exit(0);
		}
		kids[nkids++] = pid[i];
	}
	close(ab[0]);
	close(ab[1]);
	close(ba[0]);
	close(ba[1]);
	for (i = 0; i < 2; i++) {
		if (wait_bounded(pid[i], &st, PROBE_WAIT_MS * 6) != 0)
			child_fail(1, "side %d did not end in %d ms", i + 1,
			    PROBE_WAIT_MS * 6);
		if (st != 0) {
			status_text(st, st_text, sizeof(st_text));
			child_fail(1, " (side %d %s)", i + 1, st_text);
		}
	}
	nkids = 0;
}

/* Whether to run case name: all without arguments, else those named. */
static int
selected(const char *name, int argc, char **argv)
{
	int i;

	if (argc < 2)
		return 1;
	for (i = 1; i < argc; i++)
		if (strcmp(argv[i], name) == 0)
			return 1;
	return 0;
}

int
main(int argc, char **argv)
{
	char why[2 * REASON_MAX];
	int online = 0;
	size_t i;

	if (sysctl_int(CTL_HW, HW_NCPU, &ncpu) == -1 || ncpu < 1 ||
	    sysctl_int(CTL_HW, HW_NCPUONLINE, &online) == -1 ||
	    online != ncpu) {
		printf("h_isolation: hw.ncpu %d, hw.ncpuonline %d: every "
		    "vCPU must be online\n", ncpu, online);
		return 1;
	}
	for (i = 0; i < sizeof(fault_cases) / sizeof(fault_cases[0]); i++)
		if (selected(fault_cases[i].name, argc, argv))
			run_fault_case(&fault_cases[i]);
	if (selected("fork_copy", argc, argv))
		run_fork_case();
	if (selected("pin_each_cpu", argc, argv))
		report("pin_each_cpu", run_child(pin_each, 0, -1, ST_EXIT0,
		    PROBE_WAIT_MS, why, sizeof(why)) == 0, why);
	if (selected("same_va_switch", argc, argv))
		report("same_va_switch", run_child(same_va, 0, -1, ST_EXIT0,
		    SWITCH_WAIT_MS + PROBE_WAIT_MS, why, sizeof(why)) == 0,
		    why);
	if (selected("segments_switch", argc, argv))
		report("segments_switch", run_child(seg_switch, 0, -1,
		    ST_EXIT0, PROBE_WAIT_MS * 7, why, sizeof(why)) == 0, why);
	printf("h_isolation: summary: %d passed, %d failed, ncpu %d\n",
	    npassed, nfailed, ncpu);
	return nfailed == 0 ? 0 : 1;
}
