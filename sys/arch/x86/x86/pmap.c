/*	Petrel: x86/pmap.c -- the kernel pmap's entry points on Xen PV.
 *
 * Kernel mappings only: enter, remove and re-protect pages of the
 * kernel's address space, and find what a VA maps.  A PV guest never
 * writes a live page table itself; each change is an mmu_update
 * request that Xen validates.  The requests, and the TLB invalidations
 * they call for, are batched here and sent by pmap_update(): in one
 * multicall when there are both.  As in pmap(9), a change is only sure
 * to be seen after pmap_update().
 *
 * A not-present entry is written as 0: one that kept its address bits
 * would be an L1TF gadget, which Xen may answer by shadowing (or
 * crashing) the domain.
 *
 * Lock order: pmap_klock before the page allocator's lock and the MMU
 * queue of x86_xpmap.c (both at IPL_VM).
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

#define PMAP_BATCH_MAX	64	/* PTE writes held back */
#define PMAP_INVLPG_MAX	16	/* above this, flush the whole TLB */

static kmutex_t pmap_klock;

/* PTE writes not yet sent to Xen; the newest is the truth. */
static mmu_update_t pmap_batch[PMAP_BATCH_MAX];
static unsigned int pmap_nbatch;

/* TLB entries to invalidate at the next pmap_update(). */
static vaddr_t pmap_inval[PMAP_INVLPG_MAX];
static unsigned int pmap_ninval;
static bool pmap_inval_all;

struct pmap_kstats pmap_kstats;

static void
pmap_xen_failed(const char *what, int error, unsigned int done)
{
	panic("pmap: %s: %s (%u of %u PTE writes done; first ptr 0x%llx "
	    "val 0x%llx)", what, xen_strerror(error), done, pmap_nbatch,
	    (unsigned long long)pmap_batch[done].ptr,
	    (unsigned long long)pmap_batch[done].val);
}

/* Send the held-back PTE writes, without the TLB work. */
static void
pmap_batch_send(void)
{
	unsigned int done = 0;
	int error;

	if (pmap_nbatch == 0)
		return;
	error = HYPERVISOR_mmu_update(pmap_batch, pmap_nbatch, &done,
	    DOMID_SELF);
	pmap_kstats.pks_hypercalls++;
	if (error != 0)
		pmap_xen_failed("mmu_update", error, done);
	pmap_kstats.pks_ptewrites += pmap_nbatch;
	pmap_nbatch = 0;
}

static void
pmap_pte_queue(paddr_t ptep_ma, pt_entry_t val)
{
	if (pmap_nbatch == PMAP_BATCH_MAX)
		pmap_batch_send();
	pmap_batch[pmap_nbatch].ptr = ptep_ma | MMU_NORMAL_PT_UPDATE;
	pmap_batch[pmap_nbatch].val = val;
	pmap_nbatch++;
}

/* The PTE at ptep_ma as it will be once the batch is sent. */
static pt_entry_t
pmap_pte_read(paddr_t ptep_ma)
{
	unsigned int i;

	for (i = pmap_nbatch; i-- > 0;)
		if (pmap_batch[i].ptr == (ptep_ma | MMU_NORMAL_PT_UPDATE))
			return pmap_batch[i].val;
	return *(volatile pt_entry_t *)PMAP_DIRECT_VA(xpmap_mtop(ptep_ma));
}

/*
 * Machine address of va's PTE, 0 if there is no L1 table for it and
 * "alloc" is not set.  A new table is written at once by pmap_l1_ma();
 * our held-back writes go first so that Xen sees them in order.
 */
static paddr_t
pmap_ptep(vaddr_t va, bool alloc)
{
	paddr_t ma = pmap_l1_ma(va, false);

	if (ma == 0 && alloc) {
		pmap_batch_send();
		ma = pmap_l1_ma(va, true);
	}
	return ma;
}

static void
pmap_tlb_queue(vaddr_t va)
{
	if (pmap_inval_all)
		return;
	if (pmap_ninval == PMAP_INVLPG_MAX) {
		pmap_inval_all = true;
		return;
	}
	pmap_inval[pmap_ninval++] = va;
}

/*
 * One TLB command.  With several vCPUs running, the MULTI forms with
 * the set of running vCPUs: Xen flushes each where it last ran (a
 * descheduled one costs nothing), synchronously, so no CPU is left
 * with a stale entry once this returns.
 */
static void
pmap_tlb_op(struct mmuext_op *op, bool all, vaddr_t va)
{
	bool multi = ncpuonline > 1;

	memset(op, 0, sizeof(*op));
	if (all) {
		op->cmd = multi ? MMUEXT_TLB_FLUSH_MULTI :
		    MMUEXT_TLB_FLUSH_LOCAL;
	} else {
		op->cmd = multi ? MMUEXT_INVLPG_MULTI : MMUEXT_INVLPG_LOCAL;
		op->arg1.linear_addr = va;
	}
	if (multi)
		set_xen_guest_handle(op->arg2.vcpumask, xen_vcpumask_running);
}

/*
 * Send the held-back PTE writes and the invalidations they need: one
 * hypercall either way, a multicall when there are both.  Xen runs the
 * entries in order, so the flush comes after the writes.
 */
static void
pmap_tlb_shootnow(void)
{
	struct mmuext_op ops[PMAP_INVLPG_MAX];
	multicall_entry_t mc[2];
	unsigned int i, nops, done = 0;
	int error;

	if (pmap_inval_all) {
		pmap_tlb_op(&ops[0], true, 0);
		nops = 1;
		pmap_kstats.pks_tlbflush++;
	} else {
		for (i = 0; i < pmap_ninval; i++)
			pmap_tlb_op(&ops[i], false, pmap_inval[i]);
		nops = pmap_ninval;
		pmap_kstats.pks_invlpg += nops;
	}
	pmap_ninval = 0;
	pmap_inval_all = false;

	if (nops == 0) {
		pmap_batch_send();
		return;
	}
	if (pmap_nbatch == 0) {
		error = HYPERVISOR_mmuext_op(ops, nops, NULL, DOMID_SELF);
		pmap_kstats.pks_hypercalls++;
		if (error != 0)
			panic("pmap: TLB flush: %s", xen_strerror(error));
		return;
	}

	memset(mc, 0, sizeof(mc));
	mc[0].op = __HYPERVISOR_mmu_update;
	mc[0].args[0] = (xen_ulong_t)(uintptr_t)pmap_batch;
	mc[0].args[1] = pmap_nbatch;
	mc[0].args[2] = (xen_ulong_t)(uintptr_t)&done;
	mc[0].args[3] = DOMID_SELF;
	mc[1].op = __HYPERVISOR_mmuext_op;
	mc[1].args[0] = (xen_ulong_t)(uintptr_t)ops;
	mc[1].args[1] = nops;
	mc[1].args[2] = 0;
	mc[1].args[3] = DOMID_SELF;
	error = HYPERVISOR_multicall(mc, 2);
	pmap_kstats.pks_hypercalls++;
	pmap_kstats.pks_multicalls++;
	if (error != 0)
		panic("pmap: multicall: %s", xen_strerror(error));
	if ((int)mc[0].result != 0)
		pmap_xen_failed("mmu_update (multicall)", (int)mc[0].result,
		    done);
	if ((int)mc[1].result != 0)
		panic("pmap: TLB flush (multicall): %s",
		    xen_strerror((int)mc[1].result));
	pmap_kstats.pks_ptewrites += pmap_nbatch;
	pmap_nbatch = 0;
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
		ptep = pmap_ptep(va, false);
		if (ptep == 0)
			continue;
		opte = pmap_pte_read(ptep);
		if ((opte & PG_V) == 0)
			continue;
		npte = (opte & ~clr) | set;
		if (npte == opte)
			continue;
		pmap_pte_queue(ptep, npte);
		pmap_tlb_queue(va);
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
	ptep = pmap_ptep(va, true);
	opte = pmap_pte_read(ptep);
	pmap_pte_queue(ptep, npte);
	/* An old translation may be cached; a not-present one never is. */
	if (opte & PG_V)
		pmap_tlb_queue(va);
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
		ptep = pmap_ptep(va, false);
		if (ptep == 0)
			continue;
		opte = pmap_pte_read(ptep);
		if (opte == 0)
			continue;
		pmap_pte_queue(ptep, 0);	/* no address bits: L1TF */
		if (opte & PG_V)
			pmap_tlb_queue(va);
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
	pmap_batch_send();	/* Xen sees the tables as we read them */
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
	ptep = pmap_ptep(va & ~(vaddr_t)PAGE_MASK, false);
	if (ptep != 0)
		pte = pmap_pte_read(ptep);
	mutex_exit(&pmap_klock);

	if ((pte & PG_V) == 0)
		return false;
	if (pap != NULL)
		*pap = xpmap_mtop(pte & PG_FRAME) | (va & PAGE_MASK);
	return true;
}

void
pmap_update(void)
{
	mutex_enter(&pmap_klock);
	xpq_flush_queue();	/* anything x86_xpmap.c still holds */
	pmap_tlb_shootnow();
	mutex_exit(&pmap_klock);
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
	pmap_tlb_shootnow();
	mutex_exit(&pmap_klock);
}
