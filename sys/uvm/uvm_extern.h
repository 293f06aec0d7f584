/*	Petrel: uvm/uvm_extern.h -- the VM system's interface.	*/
#ifndef _UVM_UVM_EXTERN_H_
#define _UVM_UVM_EXTERN_H_

#include <sys/types.h>

#define VM_PROT_NONE	0x0
#define VM_PROT_READ	0x1
#define VM_PROT_WRITE	0x2
#define VM_PROT_EXECUTE	0x4

/* Physical pages (uvm_page.c).  Addresses are pseudo-physical. */
#define UVM_NOPAGE	((paddr_t)-1)
void	uvm_page_init(paddr_t, paddr_t);
paddr_t	uvm_pagealloc_pa(void);
void	uvm_pagefree_pa(paddr_t);
extern unsigned long uvmexp_npages;	/* managed pages */
extern unsigned long uvmexp_free;	/* free now */

/* The kernel pmap (x86_xpmap.c and pmap.c). */
void	pmap_bootstrap(void);
void	pmap_kenter_pa(vaddr_t, paddr_t, int);
void	pmap_kremove(vaddr_t, vsize_t);
bool	pmap_extract(vaddr_t, paddr_t *);
void	pmap_update(void);

/* More of the kernel pmap (pmap.c). */
void	pmap_kprotect(vaddr_t, vsize_t, int);
void	pmap_protect_kernel_image(void);
struct pmap_kstats {
	unsigned long	pks_hypercalls;	/* mmu_update, mmuext_op, multicall */
	unsigned long	pks_multicalls;	/* of them: writes + flush in one */
	unsigned long	pks_ptewrites;	/* PTE writes sent */
	unsigned long	pks_invlpg;	/* single-page invalidations */
	unsigned long	pks_tlbflush;	/* whole-TLB flushes */
};
extern struct pmap_kstats pmap_kstats;

/* Kernel virtual memory (uvm_km.c). */
#define UVM_KMF_WIRED	0x01	/* VA with pages entered */
#define UVM_KMF_VAONLY	0x02	/* VA only, nothing mapped */
#define UVM_KMF_ZERO	0x04	/* WIRED: pages zeroed */
#define UVM_KMF_NOWAIT	0x08	/* fail, don't wait (nothing waits yet) */
#define UVM_KMF_GUARD	0x10	/* an unmapped page just below */
vaddr_t	uvm_km_alloc(vsize_t, int);
void	uvm_km_free(vaddr_t, vsize_t, int);
struct uvm_km_stats {
	vsize_t		kms_total;	/* KVA_END - KVA_START */
	vsize_t		kms_free;	/* bytes free */
	unsigned int	kms_nseg;	/* free extents */
	unsigned int	kms_nalloc;	/* live allocations */
};
void	uvm_km_getstats(struct uvm_km_stats *);

#endif
