/*	Petrel: i386 machine/cpu.h	*/
#ifndef _I386_CPU_H_
#define _I386_CPU_H_

#include <x86/cpu.h>
#include <machine/intr.h>

/* %fs selects this CPU's GDT data segment based at its cpu_info. */
static inline struct cpu_info *
curcpu(void)
{
	struct cpu_info *ci;

	__asm volatile("movl %%fs:0, %0" : "=r"(ci));
	return ci;
}

static inline void
cpu_spinwait(void)
{
	__asm volatile("pause" ::: "memory");
}

#endif
