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

#endif
