/*	Petrel: amd64 machine/cpu.h	*/
#ifndef _AMD64_CPU_H_
#define _AMD64_CPU_H_

#include <x86/cpu.h>
#include <machine/intr.h>

/* %gs points at this CPU's cpu_info; the first field points to itself. */
static inline struct cpu_info *
curcpu(void)
{
	struct cpu_info *ci;

	__asm volatile("movq %%gs:0, %0" : "=r"(ci));
	return ci;
}

static inline void
cpu_spinwait(void)
{
	__asm volatile("pause" ::: "memory");
}

#endif
