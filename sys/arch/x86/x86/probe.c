/*	Petrel: x86/probe.c -- touch memory that may fault, and survive.
 *
 * For tests that check a mapping is really gone or really read-only:
 * the fault is caught (trap.c resumes at probe_fault) and its trap
 * number and address reported to the caller.
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/cpu.h>
#include <x86/probe.h>

extern char probe_fault[];
int	probe_access(vaddr_t, int);

int
x86_probe(vaddr_t va, bool write, int *trapno, vaddr_t *fault_va)
{
	struct cpu_info *ci;
	int rv, s;

	s = splhigh();		/* stay on this CPU, no handler in between */
	ci = curcpu();
	ci->ci_onfault = probe_fault;
	rv = probe_access(va, write);
	ci->ci_onfault = NULL;
	if (rv != 0) {
		if (trapno != NULL)
			*trapno = ci->ci_onfault_trapno;
		if (fault_va != NULL)
			*fault_va = ci->ci_onfault_va;
	}
	splx(s);
	return rv;
}
