/*	Petrel: x86/probe.h -- the fault catcher, and probes built on it. */
#ifndef _X86_PROBE_H_
#define _X86_PROBE_H_

/*
 * Code that may fault (an assembly routine with a recovery label, in
 * locore.S) runs between x86_onfault_arm() and x86_onfault_disarm(): a
 * fault there resumes at the label, with the stack of the fault.
 */
struct cpu_info;
struct x86_onfault {
	struct cpu_info	*of_ci;		/* the CPU it is armed on */
	int		 of_spl;	/* the level before arming */
	int		 of_trapno;	/* after a fault: its trap number */
	vaddr_t		 of_va;		/* and a page fault's address */
};
void	x86_onfault_arm(struct x86_onfault *, void *recover);
bool	x86_onfault_disarm(struct x86_onfault *);	/* true: it faulted */

/* 0 if va could be read (and written, if asked); -1 if it faulted. */
int	x86_probe(vaddr_t va, bool write, int *trapno, vaddr_t *fault_va);

/*
 * locore.S: the accesses that may fault, and their recovery labels
 * (which return -1).  probe_access: 0 if va was read (and written
 * back, if asked); copy_bytes: 0 once n bytes were copied.
 */
int	probe_access(vaddr_t, int);
int	copy_bytes(void *, const void *, size_t);
extern char probe_fault[], copy_fault[];
#endif
