/*	Petrel: xen/x86/x86_xpmap.c -- P2M/M2P, the MMU update queue, and
 *	the bootstrap of the kernel's page tables.
 *
 * Xen hands us page tables that map the kernel image and the boot pages
 * at KERNBASE + pa.  pmap_bootstrap() extends that mapping to all of RAM
 * (up to DIRECT_MAP_MAX), so that every page, page-table pages
 * included, can be reached at KERNBASE + pa.  Page-table pages are
 * mapped read-only there: Xen refuses a table that has a writable
 * mapping anywhere.
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/cpu.h>

#include <x86/pte.h>
#include <x86/cpufunc.h>
#include <xen/hypervisor.h>
#include <xen/xen.h>
#include <xen/xenpmap.h>
#include <machine/pmap.h>
#include <uvm/uvm_extern.h>

unsigned long *xpmap_phys_to_machine_mapping;
unsigned long *xpmap_machine_to_phys_mapping =
    (unsigned long *)MACH2PHYS_VIRT_START;
unsigned long xen_nr_pages;

pt_entry_t *pmap_kernel_pdir;		/* top level, Xen's boot table */
paddr_t pmap_kernel_pdir_ma;
unsigned long pmap_boot_end_pfn;	/* first page not used at boot */
unsigned long pmap_ignored_pages;	/* RAM beyond DIRECT_MAP_MAX */
pt_entry_t pmap_pg_nx;			/* PG_NX if the CPU has it */

/* Page-table pages: mapped read-only in the direct map. */
#define NPAGES_MAX	(DIRECT_MAP_MAX / PAGE_SIZE)
static uint8_t pmap_ptp_bits[NPAGES_MAX / 8];

/* ---- the MMU update queues ----------------------------------------- */

/*
 * One queue per CPU, as NetBSD's xpq_queue_array: the PTE writes a CPU
 * made, in order, and the TLB invalidations they call for, sent to Xen
 * together by xpq_flush_queue() (the invalidations after the writes).
 * A queue is touched only by its own CPU, at splvm: no interrupt of
 * that CPU comes in between and the thread is not preempted, so no
 * lock is taken.
 *
 * The one flush rule: a CPU's queue is sent by xpq_flush_queue(), and
 * that is called by pmap_update(), before Xen is asked to look at a
 * table (new or freed tables, pins, a top-level table loaded), when the
 * queue is full, and when the CPU switches threads (pmap_activate()),
 * so that nothing a thread queued stays behind on a CPU it left.
 */
#define XPQ_SIZE	128	/* PTE writes held back */
#define XPQ_INVLPG_MAX	16	/* above this, flush the whole TLB */

struct xpq_queue {
	mmu_update_t	xq_update[XPQ_SIZE];
	unsigned int	xq_nupdate;
	vaddr_t		xq_inval[XPQ_INVLPG_MAX];	/* after the writes */
	unsigned int	xq_ninval;
	bool		xq_inval_all;	/* more than XPQ_INVLPG_MAX */
};
static struct xpq_queue xpq_queue_array[MAXCPUS];

struct pmap_kstats pmap_kstats;

#define XPQ_COUNT(field, n)	\
	__atomic_fetch_add(&pmap_kstats.field, (n), __ATOMIC_RELAXED)

/* This CPU's queue; the caller is at splvm or above. */
static struct xpq_queue *
xpq_queue_self(void)
{
	struct cpu_info *ci = curcpu();

	KASSERT(ci->ci_ilevel >= IPL_VM);
	return &xpq_queue_array[cpu_index(ci)];
}

static void __dead
xpq_update_failed(struct xpq_queue *xq, const char *what, int error,
    unsigned int done)
{
	panic("pmap: %s: %s (%u of %u PTE writes done; first ptr 0x%llx val 0x%llx)",
	    what, xen_strerror(error), done, xq->xq_nupdate,
	    (unsigned long long)xq->xq_update[done].ptr,
	    (unsigned long long)xq->xq_update[done].val);
}

/*
 * One TLB command.  With several vCPUs running, the MULTI forms with
 * the set of running vCPUs: Xen flushes each where it last ran (a
 * descheduled one costs nothing), synchronously, so no CPU is left
 * with a stale entry once this returns.
 */
static void
xpq_tlb_op(struct mmuext_op *op, bool all, vaddr_t va)
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

/* Turn xq's invalidations into TLB commands in ops; how many. */
static unsigned int
xpq_tlb_ops(struct xpq_queue *xq, struct mmuext_op *ops)
{
	unsigned int i, nops;

	if (xq->xq_inval_all) {
		xpq_tlb_op(&ops[0], true, 0);
		nops = 1;
		XPQ_COUNT(pks_tlbflush, 1);
	} else {
		for (i = 0; i < xq->xq_ninval; i++)
			xpq_tlb_op(&ops[i], false, xq->xq_inval[i]);
		nops = xq->xq_ninval;
		XPQ_COUNT(pks_invlpg, nops);
	}
	xq->xq_ninval = 0;
	xq->xq_inval_all = false;
	return nops;
}

static void
xpq_send_updates(struct xpq_queue *xq)
{
	unsigned int done = 0;
	int error;

	error = HYPERVISOR_mmu_update(xq->xq_update, xq->xq_nupdate, &done,
	    DOMID_SELF);
	XPQ_COUNT(pks_hypercalls, 1);
	if (error != 0)
		xpq_update_failed(xq, "mmu_update", error, done);
}

static void
xpq_send_tlb(struct mmuext_op *ops, unsigned int nops)
{
	int error;

	error = HYPERVISOR_mmuext_op(ops, nops, NULL, DOMID_SELF);
	XPQ_COUNT(pks_hypercalls, 1);
	if (error != 0)
		panic("pmap: TLB flush: %s", xen_strerror(error));
}

/* Writes and TLB commands in one multicall; Xen runs them in order. */
static void
xpq_send_both(struct xpq_queue *xq, struct mmuext_op *ops,
    unsigned int nops)
{
	multicall_entry_t mc[2];
	unsigned int done = 0;
	int error;

	memset(mc, 0, sizeof(mc));
	mc[0].op = __HYPERVISOR_mmu_update;
	mc[0].args[0] = (xen_ulong_t)(uintptr_t)xq->xq_update;
	mc[0].args[1] = xq->xq_nupdate;
	mc[0].args[2] = (xen_ulong_t)(uintptr_t)&done;
	mc[0].args[3] = DOMID_SELF;
	mc[1].op = __HYPERVISOR_mmuext_op;
	mc[1].args[0] = (xen_ulong_t)(uintptr_t)ops;
	mc[1].args[1] = nops;
	mc[1].args[2] = 0;
	mc[1].args[3] = DOMID_SELF;
	error = HYPERVISOR_multicall(mc, 2);
	XPQ_COUNT(pks_hypercalls, 1);
	XPQ_COUNT(pks_multicalls, 1);
	if (error != 0)
		panic("pmap: multicall: %s", xen_strerror(error));
	if ((int)mc[0].result != 0)
		xpq_update_failed(xq, "mmu_update (multicall)",
		    (int)mc[0].result, done);
	if ((int)mc[1].result != 0)
		panic("pmap: TLB flush (multicall): %s",
		    xen_strerror((int)mc[1].result));
}

/*
 * Send this CPU's queue: one hypercall either way, a multicall when
 * there are both writes and invalidations.
 */
void
xpq_flush_queue(void)
{
	struct mmuext_op ops[XPQ_INVLPG_MAX];
	struct xpq_queue *xq;
	unsigned int nops;
	int s = splvm();

	xq = xpq_queue_self();
	nops = xpq_tlb_ops(xq, ops);
	if (nops != 0 && xq->xq_nupdate == 0)
		xpq_send_tlb(ops, nops);
	else if (nops != 0)
		xpq_send_both(xq, ops, nops);
	else if (xq->xq_nupdate != 0)
		xpq_send_updates(xq);
	XPQ_COUNT(pks_ptewrites, xq->xq_nupdate);
	xq->xq_nupdate = 0;
	splx(s);
}

void
xpq_queue_pte_update(paddr_t ptep_ma, pt_entry_t val)
{
	struct xpq_queue *xq;
	int s = splvm();

	xq = xpq_queue_self();
	if (xq->xq_nupdate == XPQ_SIZE)
		xpq_flush_queue();
	xq->xq_update[xq->xq_nupdate].ptr = ptep_ma | MMU_NORMAL_PT_UPDATE;
	xq->xq_update[xq->xq_nupdate].val = val;
	xq->xq_nupdate++;
	splx(s);
}

/*
 * Drop va's translation on every running CPU once this CPU's queued
 * writes are sent (at the next xpq_flush_queue()).
 */
void
xpq_queue_tlb_shootdown(vaddr_t va)
{
	struct xpq_queue *xq;
	int s = splvm();

	xq = xpq_queue_self();
	if (xq->xq_ninval == XPQ_INVLPG_MAX)
		xq->xq_inval_all = true;
	else if (!xq->xq_inval_all)
		xq->xq_inval[xq->xq_ninval++] = va;
	splx(s);
}

/*
 * The PTE at ptep_ma as this CPU's queue will leave it: true and *valp
 * if a write to it is queued (the newest is the truth).
 */
bool
xpq_queued_pte(paddr_t ptep_ma, pt_entry_t *valp)
{
	struct xpq_queue *xq;
	unsigned int i;
	bool found = false;
	int s = splvm();

	xq = xpq_queue_self();
	for (i = xq->xq_nupdate; i-- > 0;) {
		if (xq->xq_update[i].ptr == (ptep_ma | MMU_NORMAL_PT_UPDATE)) {
			*valp = xq->xq_update[i].val;
			found = true;
			break;
		}
	}
	splx(s);
	return found;
}

static void
xpq_mmuext(struct mmuext_op *op, const char *what)
{
	int error;

	xpq_flush_queue();
	error = HYPERVISOR_mmuext_op(op, 1, NULL, DOMID_SELF);
	if (error != 0)
		panic("mmuext_op %s: %s", what, xen_strerror(error));
}

void
xpq_queue_pin_table(paddr_t ma, int level)
{
	static const int cmd[] = { 0, MMUEXT_PIN_L1_TABLE,
	    MMUEXT_PIN_L2_TABLE, MMUEXT_PIN_L3_TABLE, MMUEXT_PIN_L4_TABLE };
	struct mmuext_op op = { .cmd = cmd[level] };

	op.arg1.mfn = ma >> PAGE_SHIFT;
	xpq_mmuext(&op, "pin");
}

void
xpq_queue_unpin_table(paddr_t ma)
{
	struct mmuext_op op = { .cmd = MMUEXT_UNPIN_TABLE };

	op.arg1.mfn = ma >> PAGE_SHIFT;
	xpq_mmuext(&op, "unpin");
}

void
xpq_queue_invlpg(vaddr_t va)
{
	struct mmuext_op op = { .cmd = MMUEXT_INVLPG_LOCAL };

	op.arg1.linear_addr = va;
	xpq_mmuext(&op, "invlpg");
}

void
xpq_queue_tlbflush(void)
{
	struct mmuext_op op = { .cmd = MMUEXT_TLB_FLUSH_LOCAL };

	xpq_mmuext(&op, "tlbflush");
}

/* ---- page tables --------------------------------------------------- */

static inline pt_entry_t *
ptp_va(pt_entry_t pde)
{
	return (pt_entry_t *)PMAP_DIRECT_VA(xpmap_mtop(pde & PG_FRAME));
}

bool
pmap_page_is_ptp(paddr_t pa)
{
	unsigned long pfn = atop(pa);

	return pfn < NPAGES_MAX &&
	    (pmap_ptp_bits[pfn / 8] & (1 << (pfn % 8))) != 0;
}

/*
 * Make page pa a page-table page: zero it, map it read-only in the
 * direct map (Xen checks that no writable mapping is left).
 */
paddr_t
pmap_ptp_prepare(paddr_t pa)
{
	memset((void *)PMAP_DIRECT_VA(pa), 0, PAGE_SIZE);
	return pmap_ptp_seal(pa);
}

/*
 * Make page pa, already filled in, a page-table page: read-only in the
 * direct map from now on.  Returns its machine address.
 */
paddr_t
pmap_ptp_seal(paddr_t pa)
{
	unsigned long pfn = atop(pa);
	paddr_t ma = xpmap_ptom(pa);
	int error;

	pmap_ptp_bits[pfn / 8] |= 1 << (pfn % 8);
	error = HYPERVISOR_update_va_mapping(PMAP_DIRECT_VA(pa),
	    ma | PG_KR | pmap_pg_nx, UVMF_INVLPG);
	if (error != 0)
		panic("cannot make page %#llx read-only: %s",
		    (unsigned long long)pa, xen_strerror(error));
	return ma;
}

/* Give a page-table page back as ordinary memory. */
void
pmap_ptp_release(paddr_t pa)
{
	unsigned long pfn = atop(pa);
	int error;

	error = HYPERVISOR_update_va_mapping(PMAP_DIRECT_VA(pa),
	    xpmap_ptom(pa) | PG_KW | pmap_pg_nx, UVMF_INVLPG);
	if (error != 0)
		panic("cannot make page %#llx writable: %s",
		    (unsigned long long)pa, xen_strerror(error));
	pmap_ptp_bits[pfn / 8] &= ~(1 << (pfn % 8));
}

/*
 * The machine address of va's level-1 entry in the kernel's tables,
 * creating the tables on the way when "alloc" is set; 0 if absent.
 * Kernel VA is shared by all CPUs: see pmap_kpm_sync() for the top
 * level copies.
 */
paddr_t
pmap_l1_ma(vaddr_t va, bool alloc)
{
	pt_entry_t *table = pmap_kernel_pdir;
	paddr_t table_ma = pmap_kernel_pdir_ma;
	paddr_t pa, ma;
	int level;

	for (level = PTP_LEVELS; level > 1; level--) {
		int i = pmap_pl_index(va, level);
		pt_entry_t pde = table[i];

		if ((pde & PG_V) == 0) {
			if (!alloc)
				return 0;
			xpq_flush_queue();	/* the new page may be in it */
			pa = uvm_pagealloc_pa();
			if (pa == UVM_NOPAGE)
				panic("pmap: out of memory for page tables");
			ma = pmap_ptp_prepare(pa);
			pde = ma | PG_V | PG_RW | PG_U | PG_M;
			xpq_queue_pte_update(table_ma + i * sizeof(pt_entry_t),
			    pde);
			xpq_flush_queue();
			pmap_kpm_sync(va, level);
		}
		table_ma = pde & PG_FRAME;
		table = ptp_va(pde);
	}
	return table_ma + pmap_pl_index(va, 1) * sizeof(pt_entry_t);
}

/*
 * Undo what pmap_l1_ma(va, true) built under va's entry at "level",
 * once nothing there is mapped: the entry is cleared (in every CPU's
 * copy too, see pmap_kpm_sync()) and the page-table pages under it
 * are freed.  ENOENT if there is no such entry; EBUSY, changing
 * nothing, if a table under it holds more than the path to va.
 * Caller: pmap_kva_tables_free(), with the kernel pmap locked.
 */
int
pmap_ptp_free_below(vaddr_t va, int level)
{
	paddr_t chain[PTP_LEVELS], entry_ma;
	pt_entry_t *table = pmap_kernel_pdir, *below, pde;
	paddr_t table_ma = pmap_kernel_pdir_ma;
	int l, i, n = 0;

	KASSERT(level > 1 && level <= PTP_LEVELS);
	for (l = PTP_LEVELS; l > level; l--) {
		pde = table[pmap_pl_index(va, l)];
		if ((pde & PG_V) == 0)
			return ENOENT;
		table_ma = pde & PG_FRAME;
		table = ptp_va(pde);
	}
	entry_ma = table_ma + pmap_pl_index(va, level) * sizeof(pt_entry_t);
	pde = table[pmap_pl_index(va, level)];
	if ((pde & PG_V) == 0)
		return ENOENT;
	for (l = level - 1; l >= 1 && (pde & PG_V) != 0; l--) {
		chain[n++] = xpmap_mtop(pde & PG_FRAME);
		below = ptp_va(pde);
		for (i = 0; i < PTES_PER_PTP; i++)
			if (below[i] != 0 && (l == 1 ||
			    i != pmap_pl_index(va, l)))
				return EBUSY;
		pde = l > 1 ? below[pmap_pl_index(va, l)] : 0;
	}
	xpq_queue_pte_update(entry_ma, 0);
	xpq_flush_queue();
	pmap_kpm_sync(va, level);
	/*
	 * Unreferenced now: Xen dropped their page-table types, and
	 * flushes any TLB that may still hold them when they are made
	 * writable again.
	 */
	for (i = 0; i < n; i++) {
		pmap_ptp_release(chain[i]);
		uvm_pagefree_pa(chain[i]);
	}
	return 0;
}

pt_entry_t
pmap_pte_get(vaddr_t va)
{
	paddr_t ma = pmap_l1_ma(va, false);

	if (ma == 0)
		return 0;
	return *(pt_entry_t *)PMAP_DIRECT_VA(xpmap_mtop(ma));
}

/* ---- bootstrap ----------------------------------------------------- */

static paddr_t
boot_va_end_pa(vaddr_t va, size_t len)
{
	return round_page(PMAP_DIRECT_PA(va) + len);
}

void
pmap_bootstrap(void)
{
	extern char end[];
	start_info_t *si = xen_start_info;
	unsigned long pfn, npages, mapped = 0;
	paddr_t boot_end;
	vaddr_t va;

	if (cpu_has_nx())
		pmap_pg_nx = PG_NX;
	npages = si->nr_pages;
	if (npages > NPAGES_MAX) {
		pmap_ignored_pages = npages - NPAGES_MAX;
		npages = NPAGES_MAX;
	}
	xen_nr_pages = npages;
	pmap_kernel_pdir = (pt_entry_t *)si->pt_base;
	pmap_kernel_pdir_ma = xpmap_ptom(PMAP_DIRECT_PA(si->pt_base));

	/*
	 * Everything Xen placed after the image (P2M list, start_info,
	 * console and store pages, boot tables, boot stack) stays; RAM
	 * after that is free.
	 */
	boot_end = boot_va_end_pa((vaddr_t)end, 0);
	boot_end = MAX(boot_end, boot_va_end_pa(si->mfn_list,
	    si->nr_pages * sizeof(unsigned long)));
	boot_end = MAX(boot_end, boot_va_end_pa((vaddr_t)si, PAGE_SIZE));
	boot_end = MAX(boot_end, boot_va_end_pa(si->pt_base,
	    si->nr_pt_frames * PAGE_SIZE));
	if (si->mod_len != 0 && (si->flags & SIF_MOD_START_PFN) == 0)
		boot_end = MAX(boot_end, boot_va_end_pa(si->mod_start,
		    si->mod_len));	/* the ramdisk */
	boot_end += 4 * PAGE_SIZE;	/* Xen's boot stack, and slack */
	pmap_boot_end_pfn = atop(boot_end);

	for (pfn = atop(PMAP_DIRECT_PA(si->pt_base));
	    pfn < atop(PMAP_DIRECT_PA(si->pt_base)) + si->nr_pt_frames; pfn++)
		pmap_ptp_bits[pfn / 8] |= 1 << (pfn % 8);

	uvm_page_init(boot_end, ptoa(npages));

	/* Map every page not mapped yet, in ascending order. */
	for (pfn = 0; pfn < npages; pfn++) {
		va = PMAP_DIRECT_VA(ptoa(pfn));
		if (pmap_pte_get(va) & PG_V)
			continue;
		xpq_queue_pte_update(pmap_l1_ma(va, true),
		    xpmap_ptom(ptoa(pfn)) | pmap_pg_nx |
		    (pmap_page_is_ptp(ptoa(pfn)) ? PG_KR : PG_KW));
		mapped++;
	}
	xpq_flush_queue();
	pmap_protect_kernel_image();
}
