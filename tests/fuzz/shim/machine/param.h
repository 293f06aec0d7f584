/*	Petrel: tests/fuzz/shim/machine/param.h -- the page size both
 * machines share, for kernel files built into the fuzzers.	*/
#ifndef _FUZZ_MACHINE_PARAM_H_
#define _FUZZ_MACHINE_PARAM_H_
#define PAGE_SHIFT	12
#define PAGE_SIZE	(1 << PAGE_SHIFT)
#define PAGE_MASK	(PAGE_SIZE - 1)
#endif
