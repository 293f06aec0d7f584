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

/*
 * 64-bit loads and stores that are single accesses on i386 too.  With
 * -mgeneral-regs-only GCC turns __atomic_* on a uint64_t into calls to
 * libatomic on i386; the __sync builtins give an inline cmpxchg8b there
 * (and plain accesses on amd64).
 */
static inline uint64_t
atomic_load64(volatile uint64_t *p)
{
#ifdef __x86_64__
	return __atomic_load_n(p, __ATOMIC_ACQUIRE);
#else
	return __sync_val_compare_and_swap(p, 0, 0);
#endif
}

static inline void
atomic_store64(volatile uint64_t *p, uint64_t v)
{
#ifdef __x86_64__
	__atomic_store_n(p, v, __ATOMIC_RELEASE);
#else
	uint64_t old = atomic_load64(p), prev;

	while ((prev = __sync_val_compare_and_swap(p, old, v)) != old)
		old = prev;
#endif
}

#endif
