/*	Petrel: kern/init_main.c -- the machine-independent start.
 *
 * Reached from the port's start code with a console, traps and the
 * kernel's memory set up.  Prints the banner, autoconfigures, runs the
 * benchmarks and tests asked for on the command line (kernels with
 * options KBENCH, KTEST) and then ends the domain, or stays up with -s,
 * taking commands on the console.
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/conscmd.h>
#include <sys/cpu.h>
#include <sys/device.h>
#include <sys/kmem.h>
#include <sys/ktest.h>
#include <sys/reboot.h>
#include <sys/lwp.h>
#include <sys/proc.h>
#include <sys/ramdisk.h>
#include <sys/sched.h>
#include <sys/sysctl.h>

#include <uvm/uvm_extern.h>

bool cold = true;

static void
print_memory(const char *what, unsigned long pages)
{
	printf("%s memory = %lu MB\n", what,
	    (unsigned long)(ptoa((unsigned long long)pages) >> 20));
}

/* Free pages and kmem objects: what a leak would change. */
static void
memory_in_use(unsigned long *freep, unsigned long *objectsp)
{
	static struct kmem_stats st;	/* big: not on the stack */
	int i;

	(void)kthread_reap();
	kmem_getstats(&st);
	*objectsp = st.ks_large_inuse;
	for (i = 0; i < KMEM_NCLASS; i++)
		*objectsp += st.ks_class[i].kcs_inuse;
	*freep = uvmexp_free;
}

/*
 * Userland: init, until it ends; then whatever it left is killed.  The
 * memory in use before and after is printed, so that a leak shows.
 */
static void
userland_run(bool shell)
{
	unsigned long free0, objects0, free1, objects1;
	int ms, nthreads;

	memory_in_use(&free0, &objects0);
	nthreads = kthread_count();
	if (init_start(shell) != 0)
		return;
	(void)init_wait();
	(void)proc_killall();
	/*
	 * The last LWPs are freed once off their CPUs: a bound.  A process
	 * is a zombie for its parent (init_wait returns) a little before its
	 * LWP has joined the zombies, so wait for the thread count too.
	 */
	for (ms = 0; (kthread_reap() > 0 || kthread_count() > nthreads) &&
	    ms < 1000; ms++)
		delay(1000);
	/*
	 * Kernel threads may still hold what the end caused (xenstore's
	 * watch thread, after xl shutdown, its event): they get half a
	 * second to let go; a leak stays.
	 */
	for (ms = 0; ms < 500; ms += 10) {
		memory_in_use(&free1, &objects1);
		if (free1 == free0 && objects1 == objects0)
			break;
		(void)kpause("settle", false, MAX(hz / 100, 1), NULL);
	}
	printf("userland: free pages %lu -> %lu, kmem objects %lu -> %lu\n",
	    free0, free1, objects0, objects1);
	if (userland_howto == USERLAND_REBOOT)
		cpu_reboot();
}

void
main(void)
{
	bool tests_asked = false;
	int t;
#ifdef KTEST
	const char *tests;
	int failed = 0;
#endif

	printf("%s", copyright);
	printf("%s", version);
	boot_args_report();
	print_memory("total", cpu_ram_pages());
	print_memory("avail", uvmexp_free);

	sched_init();
	kthread_init();
	procinit();
	proc_exit_init();
	ramdisk_init();
	fpu_init_template();
	cpu_configure();
	initclocks();
	sysctl_init();
	cold = false;
	spl0();			/* events flow from here on */

#ifdef KBENCH
	if (boot_arg_value("bench") != NULL)
		cpu_bench();
#endif
#ifdef KTEST
	tests = boot_arg_value("tests");
	if (tests != NULL)
		failed = ktest_run(tests);
	tests_asked = tests != NULL;
#endif

	/*
	 * With a ramdisk, userland: init runs /etc/rc, then a shell on
	 * the console with -s (RB_STAY), and the system goes when it ends.
	 */
	if (ramdisk_present() && !tests_asked) {
		userland_run((boothowto & RB_STAY) != 0);
		boothowto &= ~RB_STAY;
	}
	if (boothowto & RB_STAY) {
		printf("boot complete; staying up (-s)\n");
		conscmd_init();		/* prompts for commands */
		for (;;)
			(void)tsleep(&boothowto, "stay", 0);
	}
#ifdef KTEST
	if (tests != NULL)
		printf("tests done (%d failed)\n", failed);
#endif
	if (boothowto & RB_VERBOSE)
		cpu_show_all();
	/* Show the clock ticking: sleep a tenth of a second on it. */
	(void)kpause("uptime", false, hz / 10, NULL);
	t = getticks();
	printf("uptime %d.%02d s (%d ticks at %d Hz), %d CPU%s\n",
	    t / hz, (t % hz) * 100 / hz, t, hz, ncpuonline,
	    ncpuonline == 1 ? "" : "s");
	cpu_poweroff();
}
