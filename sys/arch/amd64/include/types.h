/*	Petrel: amd64 machine/types.h	*/
#ifndef _AMD64_TYPES_H_
#define _AMD64_TYPES_H_
typedef unsigned long	vaddr_t;
typedef unsigned long	paddr_t;
typedef unsigned long	vsize_t;
typedef unsigned long	psize_t;
typedef long		register_t;
typedef uint64_t	pt_entry_t;	/* any level */
typedef unsigned long	cpuid_t;
#define _LP64 1
#endif
