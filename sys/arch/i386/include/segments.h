/*	Petrel: i386 machine/segments.h -- our few GDT entries.
 *
 * Code and flat data use Xen's ring-1 selectors (in Xen's reserved
 * part of the GDT); the guest's own GDT page holds what is per CPU.
 */
#ifndef _I386_SEGMENTS_H_
#define _I386_SEGMENTS_H_
#include <x86/segments.h>

#define SEL_KPL		1	/* the kernel's ring */
#define GNULL_SEL	0
#define GCPU_SEL	1	/* %fs: this CPU's cpu_info */
#define NGDT		2	/* descriptors, not pages */
#define GSEL(s, rpl)	(((s) << 3) | (rpl))

#ifndef _LOCORE
struct cpu_info;
uint64_t gdt_cpu_descriptor(struct cpu_info *);
int	gdt_load(uint64_t *, struct cpu_info *);
#endif
#endif
