/*	Petrel: uvm/uvm_map.h -- a process's address space.
 *
 * A vmspace is a pmap and a short sorted list of anonymous regions:
 * program segments, the stack, mmap(2)s.  Pages come on first touch
 * (uvm_fault), zeroed, with the region's protection; fork(2) copies
 * every page at once (uvmspace_fork).  Only the process's own LWP, or
 * the one making it, touches a vmspace, so there is no lock.
 */
#ifndef _UVM_UVM_MAP_H_
#define _UVM_UVM_MAP_H_

#include <sys/types.h>

#define VM_MAP_MAXENT	32	/* regions of one address space */

struct vm_map_entry {
	vaddr_t		 start;		/* page aligned */
	vaddr_t		 end;		/* first address after */
	int		 prot;		/* VM_PROT_* */
};

struct vmspace {
	struct pmap	*vm_pmap;
	int		 vm_nent;
	struct vm_map_entry vm_ent[VM_MAP_MAXENT];	/* sorted, disjoint */
	unsigned long	 vm_nfaults;	/* pages faulted in */
};

struct vmspace *uvmspace_alloc(void);
struct vmspace *uvmspace_fork(struct vmspace *);
void	uvmspace_free(struct vmspace *);
int	uvm_map_anon(struct vmspace *, vaddr_t *, vsize_t, int, bool);
int	uvm_unmap(struct vmspace *, vaddr_t, vsize_t);
int	uvm_fault(struct vmspace *, vaddr_t, int);
int	uvm_copyout_vm(struct vmspace *, vaddr_t, const void *, size_t);

#endif
