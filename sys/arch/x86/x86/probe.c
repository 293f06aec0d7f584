/*	Petrel: x86/probe.c -- touch memory that may fault, and survive.
 *
 * The fault catcher: one per CPU (ci_onfault), armed around an access
 * that may fault -- a test's probe that a mapping is really gone or
 * read-only, copyin/copyout's copy of user memory.  trap() resumes a
 * fault taken while it is armed at its recovery label, and records the
 * trap number and address for the caller.
 *
 * It is armed only at IPL_HIGH: no upcall comes in between, so a fault
 * it catches is the armed code's own (not an event handler's, which
 * would resume on the wrong stack), and the thread can neither be
 * preempted nor migrate while its CPU's catcher points into its stack.
 * What runs armed must therefore be short: copyin/copyout arm it for a
 * page at a time.
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/cpu.h>
#include <x86/probe.h>

void
x86_onfault_arm(struct x86_onfault *of, void *recover)
{
	of->of_spl = splhigh();
	of->of_ci = curcpu();
	KASSERT(of->of_ci->ci_onfault == NULL);
	of->of_trapno = -1;
	of->of_va = 0;
	of->of_ci->ci_onfault = recover;
}

bool
x86_onfault_disarm(struct x86_onfault *of)
{
	struct cpu_info *ci = of->of_ci;
	bool faulted;

	/* trap() disarms the catcher when it fires. */
	faulted = ci->ci_onfault == NULL;
	if (faulted) {
		of->of_trapno = ci->ci_onfault_trapno;
		of->of_va = ci->ci_onfault_va;
	}
	ci->ci_onfault = NULL;
	splx(of->of_spl);
	return faulted;
}

int
x86_probe(vaddr_t va, bool write, int *trapno, vaddr_t *fault_va)
{
	struct x86_onfault of;
	int rv;

	x86_onfault_arm(&of, probe_fault);
	rv = probe_access(va, write);
	(void)x86_onfault_disarm(&of);
	if (rv != 0) {
		if (trapno != NULL)
			*trapno = of.of_trapno;
		if (fault_va != NULL)
			*fault_va = of.of_va;
	}
	return rv;
}
