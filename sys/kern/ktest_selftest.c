/*	Petrel: kern/ktest_selftest.c -- cases that prove the harness.
 *
 * Only in the *_SELFTEST kernels: a case that passes, one that always
 * fails, one that skips, and some (run only when named) that never
 * return: a hang, a fault, a panic and a reboot.  The host tests check
 * each is reported, or ends the boot, as what it is.
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/ktest.h>

KTEST_CASE(selftest_pass, "always passes")
{
	KT_CHECK_EQ(1 + 1, 2);
}

KTEST_CASE(selftest_fail, "always fails (proves failures are reported)")
{
	KT_FAIL("deliberate failure");
}

KTEST_CASE(selftest_skip, "always skips")
{
	KT_SKIP("deliberately skipped");
}

KTEST_CASE_EXPLICIT(selftest_hang, "never returns (proves hangs are caught)")
{
	volatile int forever = 1;

	while (forever)
		continue;
}

KTEST_CASE_EXPLICIT(selftest_fault, "takes an unexpected page fault")
{
	volatile uintptr_t bad = 8;	/* hidden from the compiler */

	*(volatile int *)bad = 1;
}

KTEST_CASE_EXPLICIT(selftest_panic, "panics")
{
	panic("selftest panic, as asked");
}

/* A reboot is not a poweroff: the host side must tell them apart. */
KTEST_CASE_EXPLICIT(selftest_reboot, "reboots instead of powering off")
{
	cpu_reboot();
}
