/*	Petrel: amd64 machine/param.h -- the kernel's address space.
 *
 * Everything the kernel uses lives in the top L4 slot (511):
 *	KERNBASE..+1GB	all RAM, pa -> KERNBASE + pa; Xen's boot mapping
 *			already covers the image and the boot pages, we
 *			extend it to the rest (L3 slot 510)
 *	KVA_START..	kernel virtual space: stacks, kmem, per-CPU pages
 *			(L3 slot 511)
 * so a per-CPU L4 shadow needs only this slot and the recursive one.
 */
#ifndef _AMD64_PARAM_H_
#define _AMD64_PARAM_H_
#define MACHINE		"amd64"
#define MACHINE_ARCH	"x86_64"
#define PAGE_SHIFT	12
#define PAGE_SIZE	(1 << PAGE_SHIFT)
#define PAGE_MASK	(PAGE_SIZE - 1)
#define PTP_LEVELS	4
#define PTES_PER_PTP	512
#define KERNBASE	0xffffffff80000000UL
#define DIRECT_MAP_MAX	0x40000000UL		/* 1 GiB of RAM */
#define KVA_START	0xffffffffc0000000UL
#define KVA_END		0xffffffffff000000UL
#define L4_SLOT_KERN	511
#define L4_SLOT_PTE	255			/* recursive slot */
#define STACK_PAGES	4			/* kernel stacks: 16 KiB */
#endif
