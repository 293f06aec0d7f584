/*	Petrel: x86/pmap.c -- the kernel pmap's entry points on Xen PV.
 *
 * Kernel mappings only: enter, remove and re-protect pages of the
 * kernel's address space, and find what a VA maps.  A PV guest never
 * writes a live page table itself; each change is an mmu_update
 * request that Xen validates.  The requests, and the TLB invalidations
 * they call for, go to this CPU's MMU queue (x86_xpmap.c) and are sent
 * by pmap_update(): in one multicall when there are both.  As in
 * pmap(9), a change is only sure to be seen after pmap_update() by the
 * thread that made it.
 *
 * A not-present entry is written as 0: one that kept its address bits
 * would be an L1TF gadget, which Xen may answer by shadowing (or
 * crashing) the domain.
 *
 * pmap_klock (IPL_VM) guards the kernel's tables, and is taken before
 * the page allocator's lock; the MMU queues are per CPU and need none.
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/cpu.h>
#include <sys/mutex.h>

#include <x86/pte.h>
#include <x86/intr.h>
#include <xen/hypervisor.h>
#include <xen/xenpmap.h>
#include <xen/xen.h>
#include <machine/pmap.h>
#include <uvm/uvm_extern.h>

static kmutex_t pmap_klock;

/* The PTE at ptep_ma as it will be once this CPU's queue is sent. */
static pt_entry_t
pmap_pte_read(paddr_t ptep_ma)
{
	pt_entry_t val;

	if (xpq_queued_pte(ptep_ma, &val))
		return val;
	return *(volatile pt_entry_t *)PMAP_DIRECT_VA(xpmap_mtop(ptep_ma));
}

/* PTE bits for a kernel page with protection prot (VM_PROT_*). */
static pt_entry_t
pmap_prot_bits(int prot)
{
	pt_entry_t bits = 0;

	/* Accessed and dirty set now: the CPU has no A/D writes to do. */
	if (prot & VM_PROT_WRITE)
		bits |= PG_RW | PG_M;
	if ((prot & VM_PROT_EXECUTE) == 0)
		bits |= pmap_pg_nx;
	return bits;
}

/*
 * Change the flags of the present PTEs in [sva, eva): clear "clr", then
 * set "set".  The frame comes from the existing PTE and is kept (the
 * shared_info page of the image shows Xen's frame, not its own).
 */
static void
pmap_kchange_locked(vaddr_t sva, vaddr_t eva, pt_entry_t clr,
    pt_entry_t set)
{
	pt_entry_t opte, npte;
	paddr_t ptep;
	vaddr_t va;

	for (va = sva; va < eva && va >= sva; va += PAGE_SIZE) {
		ptep = pmap_l1_ma(va, false);
		if (ptep == 0)
			continue;
		opte = pmap_pte_read(ptep);
		if ((opte & PG_V) == 0)
			continue;
		npte = (opte & ~clr) | set;
		if (npte == opte)
			continue;
		xpq_queue_pte_update(ptep, npte);
		xpq_queue_tlb_shootdown(va);
	}
}

void
pmap_kenter_pa(vaddr_t va, paddr_t pa, int prot)
{
	pt_entry_t opte, npte;
	paddr_t ptep;

	KASSERT(va >= PMAP_KERNEL_VA_MIN && (va & PAGE_MASK) == 0);
	KASSERTMSG((pa & PAGE_MASK) == 0 && atop(pa) < xen_nr_pages,
	    "pa 0x%llx", (unsigned long long)pa);
	KASSERT(prot != VM_PROT_NONE);

	npte = xpmap_ptom(pa) | PG_V | PG_U | pmap_prot_bits(prot);
	mutex_enter(&pmap_klock);
	ptep = pmap_l1_ma(va, true);
	opte = pmap_pte_read(ptep);
	xpq_queue_pte_update(ptep, npte);
	/* An old translation may be cached; a not-present one never is. */
	if (opte & PG_V)
		xpq_queue_tlb_shootdown(va);
	mutex_exit(&pmap_klock);
}

void
pmap_kremove(vaddr_t sva, vsize_t size)
{
	vaddr_t va, eva = sva + size;
	pt_entry_t opte;
	paddr_t ptep;

	KASSERT(sva >= PMAP_KERNEL_VA_MIN && ((sva | size) & PAGE_MASK) == 0);
	KASSERT(eva >= sva);

	mutex_enter(&pmap_klock);
	for (va = sva; va < eva; va += PAGE_SIZE) {
		ptep = pmap_l1_ma(va, false);
		if (ptep == 0)
			continue;
		opte = pmap_pte_read(ptep);
		if (opte == 0)
			continue;
		xpq_queue_pte_update(ptep, 0);	/* no address bits: L1TF */
		if (opte & PG_V)
			xpq_queue_tlb_shootdown(va);
	}
	mutex_exit(&pmap_klock);
}

/*
 * Change the protection of the kernel pages mapped in [sva, sva+size);
 * holes are skipped.  x86 cannot map a page without read access, so
 * VM_PROT_NONE is not for here: use pmap_kremove().
 */
void
pmap_kprotect(vaddr_t sva, vsize_t size, int prot)
{
	KASSERT(sva >= PMAP_KERNEL_VA_MIN && ((sva | size) & PAGE_MASK) == 0);
	KASSERT(prot != VM_PROT_NONE);

	mutex_enter(&pmap_klock);
	pmap_kchange_locked(sva, sva + size, PG_RW | PG_NX,
	    pmap_prot_bits(prot));
	mutex_exit(&pmap_klock);
}

/*
 * Free the page-table pages under va's entry at "level" and clear it,
 * everywhere, once nothing there is mapped (pmap_kremove() and
 * pmap_update() first): 0, ENOENT if there is no entry, EBUSY if
 * something under it is still mapped.
 */
int
pmap_kva_tables_free(vaddr_t va, int level)
{
	int error;

	KASSERT(va >= PMAP_KERNEL_VA_MIN);
	mutex_enter(&pmap_klock);
	xpq_flush_queue();	/* Xen sees the tables as we read them */
	error = pmap_ptp_free_below(va, level);
	mutex_exit(&pmap_klock);
	return error;
}

bool
pmap_extract(vaddr_t va, paddr_t *pap)
{
	pt_entry_t pte = 0;
	paddr_t ptep;

	mutex_enter(&pmap_klock);
	ptep = pmap_l1_ma(va & ~(vaddr_t)PAGE_MASK, false);
	if (ptep != 0)
		pte = pmap_pte_read(ptep);
	mutex_exit(&pmap_klock);

	if ((pte & PG_V) == 0)
		return false;
	if (pap != NULL)
		*pap = xpmap_mtop(pte & PG_FRAME) | (va & PAGE_MASK);
	return true;
}

/* Send this CPU's queued writes and the TLB work they need. */
void
pmap_update(void)
{
	xpq_flush_queue();
}

/*
 * At the end of pmap_bootstrap(): Xen mapped the whole image writable
 * and executable.  Text becomes read-only, rodata read-only and NX,
 * data and bss NX.  Data pages keep their write bit as it is, since
 * some are read-only on purpose (i386's GDT page: Xen insists).  Xen
 * wrote the hypercall page in .text through its own mapping, so a
 * read-only one is fine.
 */
void
pmap_protect_kernel_image(void)
{
	extern char kernel_text[], etext[], erodata[], end[];

	/* The first call into this file. */
	mutex_init(&pmap_klock, MUTEX_SPIN, IPL_VM);

	KASSERT((((vaddr_t)kernel_text | (vaddr_t)etext | (vaddr_t)erodata |
	    (vaddr_t)end) & PAGE_MASK) == 0);
	mutex_enter(&pmap_klock);
	pmap_kchange_locked((vaddr_t)kernel_text, (vaddr_t)etext,
	    PG_RW | PG_NX, 0);
	pmap_kchange_locked((vaddr_t)etext, (vaddr_t)erodata,
	    PG_RW | PG_NX, pmap_pg_nx);
	pmap_kchange_locked((vaddr_t)erodata, (vaddr_t)end, PG_NX,
	    pmap_pg_nx);
	xpq_flush_queue();
	mutex_exit(&pmap_klock);
}
