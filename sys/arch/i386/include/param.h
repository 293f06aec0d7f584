/*	Petrel: i386 machine/param.h -- PAE address space.
 *
 *	0xc0000000..	all RAM, pa -> KERNBASE + pa (L3 slot 3, whose L2 is
 *			per CPU: Xen keeps its own mappings in its top part)
 *	KVA_START..	kernel virtual space, up to Xen's area
 */
#ifndef _I386_PARAM_H_
#define _I386_PARAM_H_
#define MACHINE		"i386"
#define MACHINE_ARCH	"i386"
#define PAGE_SHIFT	12
#define PAGE_SIZE	(1 << PAGE_SHIFT)
#define PAGE_MASK	(PAGE_SIZE - 1)
#define PTP_LEVELS	3
#define PTES_PER_PTP	512
#define KERNBASE	0xc0000000UL
#define DIRECT_MAP_MAX	0x28000000UL		/* 640 MiB of RAM */
#define KVA_START	0xe8000000UL
#define KVA_END		0xf5000000UL		/* below Xen at 0xf5800000 */
#define STACK_PAGES	4
#endif
