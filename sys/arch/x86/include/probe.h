/*	Petrel: x86/probe.h	*/
#ifndef _X86_PROBE_H_
#define _X86_PROBE_H_
/* 0 if va could be read (and written, if asked); -1 if it faulted. */
int	x86_probe(vaddr_t va, bool write, int *trapno, vaddr_t *fault_va);
#endif
