/*	Petrel: xen/locore.h -- what both locore.S lay out for Xen.
 *
 * The ELF notes Xen's loader reads, the page Xen fills with hypercall
 * stubs and the stack start() switches to are the same on both
 * machines but for an address's width and i386's PAE feature: they
 * are written once here.  Each locore.S keeps its own start(), which
 * hands start_info to C in its machine's calling convention.
 */
#ifndef _XEN_LOCORE_H_
#define _XEN_LOCORE_H_

#include <x86/asm.h>
#include <xen/public/xen.h>
#include <xen/public/elfnote.h>
#include <xen/public/features.h>

#ifdef __x86_64__
#define ELFNOTE_ADDR		.quad	/* an address-sized note */
#define ELFNOTE_FEATURES	""
#else
#define ELFNOTE_ADDR		.long
/* Our PAE L3 may be anywhere in memory, not only below 4 GB. */
#define ELFNOTE_FEATURES	"pae_pgdir_above_4gb"
#endif

#define XEN_ELFNOTES							\
	ELFNOTE(XEN_ELFNOTE_GUEST_OS, .asciz, "Petrel");		\
	ELFNOTE(XEN_ELFNOTE_GUEST_VERSION, .asciz, "0.1");		\
	ELFNOTE(XEN_ELFNOTE_XEN_VERSION, .asciz, "xen-3.0");		\
	ELFNOTE(XEN_ELFNOTE_LOADER, .asciz, "generic");			\
	ELFNOTE(XEN_ELFNOTE_VIRT_BASE, ELFNOTE_ADDR, KERNBASE);		\
	ELFNOTE(XEN_ELFNOTE_PADDR_OFFSET, ELFNOTE_ADDR, KERNBASE);	\
	ELFNOTE(XEN_ELFNOTE_ENTRY, ELFNOTE_ADDR, start);		\
	ELFNOTE(XEN_ELFNOTE_HYPERCALL_PAGE, ELFNOTE_ADDR, hypercall_page); \
	ELFNOTE(XEN_ELFNOTE_FEATURES, .asciz, ELFNOTE_FEATURES);	\
	ELFNOTE(XEN_ELFNOTE_PAE_MODE, .asciz, "yes");			\
	ELFNOTE(XEN_ELFNOTE_SUSPEND_CANCEL, .long, 0);			\
	ELFNOTE(XEN_ELFNOTE_SUPPORTED_FEATURES, .long, (1 << XENFEAT_dom0))

/* Xen fills this page with the hypercall trampolines. */
#define XEN_HYPERCALL_PAGE						\
	.pushsection .text.hypercall, "ax";				\
	.p2align PAGE_SHIFT;						\
	.globl	hypercall_page;						\
hypercall_page:								\
	.skip	PAGE_SIZE;						\
	.popsection

/* A kernel stack for start(), till the idle LWP. */
#define XEN_BOOTSTACK							\
	.pushsection .bss;						\
	.p2align PAGE_SHIFT;						\
	.globl	bootstack;						\
bootstack:								\
	.skip	STACK_PAGES * PAGE_SIZE;				\
	.globl	bootstack_top;						\
bootstack_top:								\
	.popsection

#endif /* _XEN_LOCORE_H_ */
