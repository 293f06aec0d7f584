/*	Petrel: x86/cpufunc.h -- instructions C cannot say.	*/
#ifndef _X86_CPUFUNC_H_
#define _X86_CPUFUNC_H_

#include <sys/types.h>

/*
 * CPUID as Xen wants a PV guest to see it: the "ud2; .ascii xen" prefix
 * makes Xen emulate the instruction and apply the domain's CPUID policy
 * (a bare cpuid would show the host CPU).
 */
static inline void
xen_cpuid(uint32_t leaf, uint32_t subleaf, uint32_t regs[4])
{
	__asm volatile("ud2a; .ascii \"xen\"; cpuid"
	    : "=a"(regs[0]), "=b"(regs[1]), "=c"(regs[2]), "=d"(regs[3])
	    : "0"(leaf), "2"(subleaf));
}

static inline uint64_t
rdtsc(void)
{
	uint32_t lo, hi;

	__asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

static inline void
x86_lfence(void)
{
	__asm volatile("lfence" ::: "memory");
}

static inline void
x86_mfence(void)
{
	__asm volatile("mfence" ::: "memory");
}

static inline bool
cpu_has_nx(void)
{
	uint32_t r[4];

	xen_cpuid(0x80000000, 0, r);
	if (r[0] < 0x80000001)
		return false;
	xen_cpuid(0x80000001, 0, r);
	return (r[3] & (1U << 20)) != 0;
}

#endif
