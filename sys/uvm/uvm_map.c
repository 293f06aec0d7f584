/*	Petrel: uvm/uvm_map.c -- address spaces of processes.
 *
 * See uvm_map.h.  The pmap holds which pages are there; the regions
 * hold what may be there.  A region is made whole (uvm_map_anon) and
 * unmapped in any part (uvm_unmap, which may split it).
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/kmem.h>

#include <machine/pmap.h>
#include <machine/vmparam.h>
#include <uvm/uvm_extern.h>
#include <uvm/uvm_map.h>

struct vmspace *
uvmspace_alloc(void)
{
	struct vmspace *vm = kmem_zalloc(sizeof(*vm), KM_SLEEP);

	if ((vm->vm_pmap = pmap_create()) == NULL) {
		kmem_free(vm, sizeof(*vm));
		return NULL;
	}
	return vm;
}

void
uvmspace_free(struct vmspace *vm)
{
	pmap_destroy(vm->vm_pmap);
	kmem_free(vm, sizeof(*vm));
}

/* The region holding va, or NULL. */
static struct vm_map_entry *
uvm_map_lookup(struct vmspace *vm, vaddr_t va)
{
	int i;

	for (i = 0; i < vm->vm_nent; i++)
		if (va >= vm->vm_ent[i].start && va < vm->vm_ent[i].end)
			return &vm->vm_ent[i];
	return NULL;
}

/* Is [va, va + size) free, inside user space?  Written not to wrap. */
static bool
uvm_map_range_free(struct vmspace *vm, vaddr_t va, vsize_t size)
{
	int i;

	if (va < PAGE_SIZE || va > VM_MAXUSER_ADDRESS ||
	    size > VM_MAXUSER_ADDRESS - va)
		return false;
	for (i = 0; i < vm->vm_nent; i++)
		if (va < vm->vm_ent[i].end && vm->vm_ent[i].start < va + size)
			return false;
	return true;
}

/* Put a region in, keeping the list sorted. */
static int
uvm_map_insert(struct vmspace *vm, vaddr_t start, vaddr_t end, int prot)
{
	int i;

	if (vm->vm_nent == VM_MAP_MAXENT)
		return ENOMEM;
	for (i = vm->vm_nent; i > 0 && vm->vm_ent[i - 1].start > start; i--)
		vm->vm_ent[i] = vm->vm_ent[i - 1];
	vm->vm_ent[i].start = start;
	vm->vm_ent[i].end = end;
	vm->vm_ent[i].prot = prot;
	vm->vm_nent++;
	return 0;
}

/*
 * A new anonymous region of size bytes (rounded to pages), at *vap if
 * fixed, else at the first gap from VM_MMAP_BASE up; *vap is where.
 */
int
uvm_map_anon(struct vmspace *vm, vaddr_t *vap, vsize_t size, int prot,
    bool fixed)
{
	vaddr_t va;
	int i;

	if (size == 0 || size > VM_MAXUSER_ADDRESS)
		return EINVAL;
	size = round_page(size);
	if (fixed) {
		if ((*vap & PAGE_MASK) != 0 ||
		    !uvm_map_range_free(vm, *vap, size))
			return EINVAL;
		return uvm_map_insert(vm, *vap, *vap + size, prot);
	}
	/* First fit: after each region at or above the base, or at it. */
	va = VM_MMAP_BASE;
	for (i = 0; i <= vm->vm_nent; i++) {
		if (i > 0 && vm->vm_ent[i - 1].end > va)
			va = vm->vm_ent[i - 1].end;
		if (uvm_map_range_free(vm, va, size)) {
			*vap = va;
			return uvm_map_insert(vm, va, va + size, prot);
		}
	}
	return ENOMEM;
}

/* Unmap [va, va + size): pages freed, regions cut or split. */
int
uvm_unmap(struct vmspace *vm, vaddr_t va, vsize_t size)
{
	struct vm_map_entry *e, tail;
	vaddr_t end;
	int i;

	if ((va & PAGE_MASK) != 0 || size == 0 ||
	    va >= VM_MAXUSER_ADDRESS || size > VM_MAXUSER_ADDRESS - va)
		return EINVAL;
	end = va + round_page(size);
	for (i = 0; i < vm->vm_nent; i++) {
		e = &vm->vm_ent[i];
		if (e->end <= va || e->start >= end)
			continue;
		if (e->start < va && e->end > end) {
			/* A hole in the middle: the part after is new. */
			tail = *e;
			tail.start = end;
			if (uvm_map_insert(vm, tail.start, tail.end,
			    tail.prot) != 0)
				return ENOMEM;
			e = &vm->vm_ent[i];	/* the insert moved none before */
			e->end = end;
		}
		pmap_remove_user(vm->vm_pmap, MAX(e->start, va),
		    MIN(e->end, end));
		if (e->start < va)
			e->end = va;
		else if (e->end > end)
			e->start = end;
		else {
			memmove(e, e + 1, (vm->vm_nent - i - 1) * sizeof(*e));
			vm->vm_nent--;
			i--;
		}
	}
	return 0;
}

/* A zeroed page at va in vm, with its region's protection. */
static int
uvm_fault_page(struct vmspace *vm, vaddr_t va, int prot)
{
	paddr_t pa = uvm_pagealloc_pa();
	int error;

	if (pa == UVM_NOPAGE)
		return ENOMEM;
	memset((void *)PMAP_DIRECT_VA(pa), 0, PAGE_SIZE);
	error = pmap_enter_user(vm->vm_pmap, trunc_page(va), pa, prot);
	if (error != 0) {
		uvm_pagefree_pa(pa);
		return error;
	}
	vm->vm_nfaults++;
	return 0;
}

/*
 * A fault at va for access (VM_PROT_*): put a page there if the region
 * allows the access and none is mapped; else EFAULT (a page that is
 * there and faulted was a protection fault).
 */
int
uvm_fault(struct vmspace *vm, vaddr_t va, int access)
{
	struct vm_map_entry *e = uvm_map_lookup(vm, va);
	paddr_t pa;

	if (e == NULL || (e->prot & access) != access)
		return EFAULT;
	if (pmap_extract_user(vm->vm_pmap, va, &pa))
		return EFAULT;
	return uvm_fault_page(vm, va, e->prot);
}

/* Pages made and mapped together: one hypercall for their PTEs. */
#define UVM_FILL_BATCH	32

/* Give back pages made for a batch that could not be mapped. */
static void
uvm_pages_free(const paddr_t *pas, int n)
{
	while (n-- > 0)
		uvm_pagefree_pa(pas[n]);
}

/*
 * Copy len bytes from the kernel to va in vm, which need not be the
 * address space this CPU runs (exec fills the new one so): through the
 * direct map.  Pages not there yet are made zeroed, filled, and mapped
 * UVM_FILL_BATCH at a time.  Any region may be written so, read-only
 * ones included.
 */
int
uvm_copyout_vm(struct vmspace *vm, vaddr_t va, const void *src, size_t len)
{
	const uint8_t *from = src;
	paddr_t pas[UVM_FILL_BATCH], pa;
	struct vm_map_entry *e;
	vaddr_t start;
	size_t n;
	int np, nmapped, error;

	while (len > 0) {
		if ((e = uvm_map_lookup(vm, va)) == NULL)
			return EFAULT;
		n = MIN(len, PAGE_SIZE - (va & PAGE_MASK));
		if (pmap_extract_user(vm->vm_pmap, va, &pa)) {
			memcpy((void *)PMAP_DIRECT_VA(pa), from, n);
			goto next;
		}
		/* A run of pages not there yet, inside e: made, then mapped. */
		start = trunc_page(va);
		for (np = 0; np < UVM_FILL_BATCH; np++) {
			if (np > 0 && (len == 0 || va >= e->end ||
			    pmap_extract_user(vm->vm_pmap, va, &pa)))
				break;
			if ((pas[np] = uvm_pagealloc_pa()) == UVM_NOPAGE) {
				uvm_pages_free(pas, np);
				return ENOMEM;
			}
			memset((void *)PMAP_DIRECT_VA(pas[np]), 0, PAGE_SIZE);
			n = MIN(len, PAGE_SIZE - (va & PAGE_MASK));
			memcpy((void *)(PMAP_DIRECT_VA(pas[np]) +
			    (va & PAGE_MASK)), from, n);
			from += n;
			va += n;
			len -= n;
		}
		error = pmap_enter_user_pages(vm->vm_pmap, start, pas, np,
		    e->prot, &nmapped);
		vm->vm_nfaults += nmapped;
		if (error != 0) {
			uvm_pages_free(pas + nmapped, np - nmapped);
			return error;
		}
		continue;
next:
		va += n;
		from += n;
		len -= n;
	}
	return 0;
}

/*
 * Copy the pages of vm present from va on in region e into nvm, at most
 * UVM_FILL_BATCH of them in a row, mapped in one go; *vap: where the
 * run ended.
 */
static int
uvm_fork_run(struct vmspace *vm, struct vmspace *nvm,
    const struct vm_map_entry *e, vaddr_t *vap)
{
	paddr_t pas[UVM_FILL_BATCH], pa;
	vaddr_t start = *vap, va = start;
	int np, nmapped, error;

	for (np = 0; np < UVM_FILL_BATCH && va < e->end; np++) {
		if (!pmap_extract_user(vm->vm_pmap, va, &pa))
			break;
		if ((pas[np] = uvm_pagealloc_pa()) == UVM_NOPAGE) {
			uvm_pages_free(pas, np);
			return ENOMEM;
		}
		memcpy((void *)PMAP_DIRECT_VA(pas[np]),
		    (void *)PMAP_DIRECT_VA(pa), PAGE_SIZE);
		va += PAGE_SIZE;
	}
	*vap = np > 0 ? va : va + PAGE_SIZE;	/* past a hole */
	error = pmap_enter_user_pages(nvm->vm_pmap, start, pas, np, e->prot,
	    &nmapped);
	if (error != 0)
		uvm_pages_free(pas + nmapped, np - nmapped);
	return error;
}

/*
 * The child's copy of vm: the same regions, and a copy of every page
 * that is there (eager: no copy-on-write).
 */
struct vmspace *
uvmspace_fork(struct vmspace *vm)
{
	struct vmspace *nvm = uvmspace_alloc();
	struct vm_map_entry *e;
	vaddr_t va;
	int i;

	if (nvm == NULL)
		return NULL;
	nvm->vm_nent = vm->vm_nent;
	memcpy(nvm->vm_ent, vm->vm_ent, sizeof(vm->vm_ent));
	for (i = 0; i < vm->vm_nent; i++) {
		e = &vm->vm_ent[i];
		for (va = e->start; va < e->end;) {
			if (uvm_fork_run(vm, nvm, e, &va) != 0) {
				uvmspace_free(nvm);
				return NULL;
			}
		}
	}
	return nvm;
}
