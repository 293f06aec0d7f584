/*	Petrel: tests/fuzz/shim/machine/types.h -- the host's (LP64) types
 * for kernel files built into the fuzzers.	*/
#ifndef _FUZZ_MACHINE_TYPES_H_
#define _FUZZ_MACHINE_TYPES_H_
typedef unsigned long	vaddr_t;
typedef unsigned long	paddr_t;
typedef unsigned long	vsize_t;
typedef unsigned long	psize_t;
typedef long		register_t;
#endif
