/*	Petrel: i386 machine/types.h (PAE: physical addresses are 64 bits)	*/
#ifndef _I386_TYPES_H_
#define _I386_TYPES_H_
typedef unsigned long	vaddr_t;
typedef uint64_t	paddr_t;
typedef unsigned long	vsize_t;
typedef uint64_t	psize_t;
typedef int		register_t;
typedef uint64_t	pt_entry_t;	/* PAE entries are 64 bits */
typedef unsigned long	cpuid_t;
#endif
