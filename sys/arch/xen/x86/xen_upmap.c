/*	Petrel: xen/x86/xen_upmap.c -- user pmaps, and copyin/copyout.
 *
 * A user pmap owns the page tables of the user part of an address
 * space, below VM_MAXUSER_ADDRESS (amd64: L4 slots 0-254; PAE: L3 slots
 * 0-2, each an L2 of its own: <machine/pmap.h>).  Each CPU runs on its
 * own top-level table (xen_pmap.c), so loading a pmap on a CPU copies
 * the pmap's user entries into that CPU's table; on amd64 the pmap's L4
 * also becomes the user base pointer Xen uses in user mode.  CPUs never
 * share a top-level table, so two CPUs can run two pmaps at the same
 * user addresses at the same time.
 *
 * copyin/copyout reach user space through the current CPU's table:
 * only the current thread's own pmap, only below VM_MAXUSER_ADDRESS,
 * and with the fault catcher armed, so that an unmapped or read-only
 * page makes them fail with EFAULT instead of crashing the kernel.
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/cpu.h>
#include <sys/kmem.h>
#include <sys/lwp.h>
#include <sys/sched.h>
#include <sys/xcall.h>

#include <machine/pmap.h>
#include <machine/vmparam.h>
#include <x86/probe.h>
#include <xen/hypervisor.h>
#include <xen/xen.h>
#include <xen/xenpmap.h>
#include <uvm/uvm_extern.h>

/* Top-level slots of user space, all of them below the kernel's. */
CTASSERT(VM_MAXUSER_ADDRESS % (1UL << PMAP_LEVEL_SHIFT(PTP_LEVELS)) == 0);
CTASSERT(VM_MAXUSER_ADDRESS >> PMAP_LEVEL_SHIFT(PTP_LEVELS) ==
    PMAP_USER_SLOTS);

static pt_entry_t *
ptp_va(pt_entry_t pde)
{
	return (pt_entry_t *)PMAP_DIRECT_VA(xpmap_mtop(pde & PG_FRAME));
}

static paddr_t
ptp_alloc(void)
{
	paddr_t pa = uvm_pagealloc_pa();

	if (pa == UVM_NOPAGE)
		return UVM_NOPAGE;
	return pmap_ptp_prepare(pa);	/* zeroed, read-only: its ma */
}

struct pmap *
pmap_create(void)
{
	struct pmap *pm = kmem_zalloc(sizeof(*pm), KM_SLEEP);
	paddr_t ma;
	int i;

	for (i = 0; i < PMAP_USER_TABLES; i++) {
		if ((ma = ptp_alloc()) == UVM_NOPAGE)
			goto fail;
		pm->pm_pa[i] = xpmap_mtop(ma);
		/* At the top level, Xen fills in its own slots. */
		xpq_queue_pin_table(ma, PMAP_USER_LEVEL);
	}
	return pm;
fail:
	printf("pmap_create: out of memory\n");
	kmem_free(pm, sizeof(*pm));
	return NULL;
}

/*
 * pm's own table for va, at PMAP_USER_LEVEL (amd64: its L4; PAE: the
 * L2 of va's top-level slot): its machine address, and the level.
 */
static paddr_t
pmap_user_table(struct pmap *pm, vaddr_t va, pt_entry_t **tablep,
    int *levelp)
{
	int slot = PMAP_USER_TABLES > 1 ? pl_top_i(va) : 0;

	*tablep = (pt_entry_t *)PMAP_DIRECT_VA(pm->pm_pa[slot]);
	*levelp = PMAP_USER_LEVEL;
	return xpmap_ptom(pm->pm_pa[slot]);
}

/*
 * Map pa at the user address va in pm, tables made as needed, with the
 * PTE write left in this CPU's queue (a new table's link is sent at
 * once: the walk reads it back).  At splvm, so that the queue flushed
 * later is this one.
 */
static int
pmap_enter_user_queued(struct pmap *pm, vaddr_t va, paddr_t pa, int prot)
{
	pt_entry_t *table, pde;
	paddr_t table_ma, ma;
	int level, i;

	if (va >= VM_MAXUSER_ADDRESS)
		return EINVAL;
	table_ma = pmap_user_table(pm, va, &table, &level);
	for (; level > 1; level--) {
		i = pl_i(va, level);
		pde = table[i];
		if ((pde & PG_V) == 0) {
			if ((ma = ptp_alloc()) == UVM_NOPAGE)
				return ENOMEM;
			pde = ma | PG_V | PG_RW | PG_u | PG_U | PG_M;
			xpq_queue_pte_update(table_ma + i * sizeof(pt_entry_t),
			    pde);
			xpq_flush_queue();
			/* A new top-level entry: CPUs running pm need it. */
			if (level == PTP_LEVELS)
				pmap_user_sync(pm, i);
		}
		table_ma = pde & PG_FRAME;
		table = ptp_va(pde);
	}
	i = pl1_i(va);
	xpq_queue_pte_update(table_ma + i * sizeof(pt_entry_t),
	    xpmap_ptom(pa) | PG_V | PG_u | PG_U | PG_M |
	    ((prot & VM_PROT_WRITE) ? PG_RW : 0) |
	    ((prot & VM_PROT_EXECUTE) ? 0 : pmap_pg_nx));
	return 0;
}

/*
 * Map n pages pas[] at va, va + PAGE_SIZE, ... in pm: one hypercall for
 * their PTEs (and one per new table).  *nmappedp: how many were mapped,
 * the first ones, when an error stops it.
 */
int
pmap_enter_user_pages(struct pmap *pm, vaddr_t va, const paddr_t *pas,
    int n, int prot, int *nmappedp)
{
	int i, s, error = 0;

	s = splvm();
	for (i = 0; i < n; i++)
		if ((error = pmap_enter_user_queued(pm, va + i * PAGE_SIZE,
		    pas[i], prot)) != 0)
			break;
	xpq_flush_queue();
	splx(s);
	*nmappedp = i;
	return error;
}

/* Map pa at the user address va in pm (tables made as needed). */
int
pmap_enter_user(struct pmap *pm, vaddr_t va, paddr_t pa, int prot)
{
	int n;

	return pmap_enter_user_pages(pm, va, &pa, 1, prot, &n);
}

/*
 * The machine address of va's PTE in pm, and the PTE, or 0 when a table
 * on the way is missing.
 */
static paddr_t
pmap_user_pte(struct pmap *pm, vaddr_t va, pt_entry_t *ptep)
{
	pt_entry_t *table, pde;
	paddr_t table_ma;
	int level;

	*ptep = 0;
	if (va >= VM_MAXUSER_ADDRESS)
		return 0;
	table_ma = pmap_user_table(pm, va, &table, &level);
	for (; level > 1; level--) {
		pde = table[pl_i(va, level)];
		if ((pde & PG_V) == 0)
			return 0;
		table_ma = pde & PG_FRAME;
		table = ptp_va(pde);
	}
	*ptep = table[pl1_i(va)];
	return table_ma + pl1_i(va) * sizeof(pt_entry_t);
}

/* The page mapped at user address va in pm, if any. */
bool
pmap_extract_user(struct pmap *pm, vaddr_t va, paddr_t *pap)
{
	pt_entry_t pte;

	(void)pmap_user_pte(pm, va, &pte);
	if ((pte & PG_V) == 0)
		return false;
	*pap = xpmap_mtop(pte & PG_FRAME) | (va & PAGE_MASK);
	return true;
}

/*
 * Unmap [sva, eva) in pm and free its pages.  Every running CPU drops
 * the translations (xpq_queue_tlb_shootdown): a CPU that ran pm keeps
 * it loaded, and its TLB may hold them, global as Xen makes them.
 */
void
pmap_remove_user(struct pmap *pm, vaddr_t sva, vaddr_t eva)
{
	pt_entry_t pte;
	paddr_t pte_ma;
	vaddr_t va;

	for (va = sva; va < eva && va < VM_MAXUSER_ADDRESS;
	    va += PAGE_SIZE) {
		pte_ma = pmap_user_pte(pm, va, &pte);
		if ((pte & PG_V) == 0)
			continue;
		xpq_queue_pte_update(pte_ma, 0);
		xpq_queue_tlb_shootdown(va);
		xpq_flush_queue();
		uvm_pagefree_pa(xpmap_mtop(pte & PG_FRAME));
	}
}

/*
 * Free what the first n entries of a table at "level" point at: pages
 * (level 1), or tables with what they point at.
 */
static void
pmap_free_entries(pt_entry_t *table, int n, int level)
{
	paddr_t pa;
	int i;

	for (i = 0; i < n; i++) {
		if ((table[i] & PG_V) == 0)
			continue;
		pa = xpmap_mtop(table[i] & PG_FRAME);
		if (level > 1) {
			pmap_free_entries(ptp_va(table[i]), PTES_PER_PTP,
			    level - 1);
			pmap_ptp_release(pa);
		}
		uvm_pagefree_pa(pa);
	}
}

/* xcall: a CPU that still has pm loaded switches to no user space. */
static void
pmap_unload_xc(void *arg1, void *arg2)
{
	if (curcpu()->ci_pmap == arg1)
		cpu_load_pmap(NULL);
}

/*
 * Make every CPU that still has pm loaded let go of it: a cross-call to
 * each of those only (usually the one or two the process last ran on);
 * one going offline lets go by itself on the way down (a cross-call
 * skips it), so look again until none has it.  Nothing loads pm again:
 * no thread runs in it any more.
 */
#define PMAP_UNLOAD_TRIES	500	/* ticks: 5 s at hz 100 */

static bool
pmap_unload_everywhere(struct pmap *pm)
{
	struct cpu_info *ci;
	int c, tries, holders;

	for (tries = 0; tries < PMAP_UNLOAD_TRIES; tries++) {
		holders = 0;
		/* The call runs here itself when ci is this CPU. */
		for (c = 0; c < ncpu; c++) {
			ci = cpu_infos[c];
			if (ci == NULL || __atomic_load_n(&ci->ci_pmap,
			    __ATOMIC_ACQUIRE) != pm)
				continue;
			holders++;
			xc_wait(xc_unicast(0, pmap_unload_xc, pm, NULL, ci));
		}
		if (holders == 0)
			return true;
		if (tries > 0)
			(void)kpause("pmunload", false, 1, NULL);
	}
	return false;
}

/*
 * A pmap's teardown must not straddle a save: once its top tables are
 * unpinned, its tables are plain pages to Xen, which the toolstack
 * copies as they are, machine frames and all, so a walk resumed in the
 * new domain would follow frames of the old one (seen: a fault in
 * xpmap_mtop from pmap_free_entries after a restore, and 'xc: error:
 * cr1 (pfn 0x2f8) has bad type 0, expected 4' at a restore).  A suspend
 * holds teardowns off (pmap_teardown_hold) and waits for those under
 * way; one that would start meanwhile waits for the resume.
 */
static volatile unsigned int pmap_teardowns;	/* under way */
static volatile int pmap_teardown_held;

static void
pmap_teardown_enter(void)
{
	for (;;) {
		__atomic_fetch_add(&pmap_teardowns, 1, __ATOMIC_SEQ_CST);
		if (!__atomic_load_n(&pmap_teardown_held, __ATOMIC_SEQ_CST))
			return;
		__atomic_fetch_sub(&pmap_teardowns, 1, __ATOMIC_SEQ_CST);
		(void)kpause("pmsusp", false, 1, NULL);
	}
}

static void
pmap_teardown_exit(void)
{
	__atomic_fetch_sub(&pmap_teardowns, 1, __ATOMIC_SEQ_CST);
}

/*
 * Hold teardowns off and wait up to ns for those under way to end:
 * false if one did not (still held: release it either way).
 */
bool
pmap_teardown_hold(uint64_t ns)
{
	int ticks = (int)(ns / 10000000ULL) + 1;	/* hz 100 */

	__atomic_store_n(&pmap_teardown_held, 1, __ATOMIC_SEQ_CST);
	while (__atomic_load_n(&pmap_teardowns, __ATOMIC_SEQ_CST) != 0) {
		if (ticks-- <= 0)
			return false;
		(void)kpause("pmhold", false, 1, NULL);
	}
	return true;
}

void
pmap_teardown_release(void)
{
	__atomic_store_n(&pmap_teardown_held, 0, __ATOMIC_SEQ_CST);
}

/*
 * Free pm, its tables and the pages still mapped.  No thread runs in it
 * any more (its last one unbound it); CPUs that ran it last still have
 * it loaded and let go first, or Xen would refuse to free tables their
 * top-level tables point at.
 */
void
pmap_destroy(struct pmap *pm)
{
	/* A top table at the top level also has Xen's and kernel slots. */
	const int nuser = PMAP_USER_TABLES > 1 ? PTES_PER_PTP :
	    PMAP_USER_SLOTS;
	paddr_t pa;
	int n;

	KASSERT(curlwp->l_pmap != pm);
	pmap_teardown_enter();
	if (!pmap_unload_everywhere(pm)) {
		/* Freeing tables a CPU still points at: Xen refuses. */
		pmap_teardown_exit();
		printf("pmap %p: still loaded after %d ticks; its %d table(s) and pages are kept, not freed\n",
		    pm, PMAP_UNLOAD_TRIES, PMAP_USER_TABLES);
		return;
	}
	for (n = 0; n < PMAP_USER_TABLES; n++) {
		pa = pm->pm_pa[n];
		xpq_queue_unpin_table(xpmap_ptom(pa));
		pmap_free_entries((pt_entry_t *)PMAP_DIRECT_VA(pa), nuser,
		    PMAP_USER_LEVEL);
		pmap_ptp_release(pa);
		uvm_pagefree_pa(pa);
	}
	pmap_teardown_exit();
	kmem_free(pm, sizeof(*pm));
}

/* What pm's top-level user entry i should be in a CPU's table. */
pt_entry_t
pmap_user_top_value(struct pmap *pm, int i)
{
	if (pm == NULL)
		return 0;
	if (PMAP_USER_LEVEL == PTP_LEVELS)
		return ((pt_entry_t *)PMAP_DIRECT_VA(pm->pm_pa[0]))[i];
	return xpmap_ptom(pm->pm_pa[i]) | PG_V;
}

/* Is [uaddr, uaddr + len) all user space?  Written not to wrap. */
static bool
copy_range_ok(vaddr_t uaddr, size_t len)
{
	return uaddr <= VM_MAXUSER_ADDRESS &&
	    len <= VM_MAXUSER_ADDRESS - uaddr;
}

/*
 * Copy between the kernel and the current thread's user space, where
 * uaddr is dst or src: a user page at a time, since the fault catcher
 * holds the CPU at IPL_HIGH (probe.c) and interrupts and preemption
 * should get their chance in between.  Any fault ends the copy with
 * EFAULT, whatever part of it was done by then.
 */
static int
copy_user(uint8_t *dst, const uint8_t *src, vaddr_t uaddr, size_t len)
{
	struct x86_onfault of;
	struct cpu_info *ci;
	struct pmap *pm;
	size_t n;
	int rv;

	if (!copy_range_ok(uaddr, len))
		return EFAULT;
	while (len > 0) {
		n = MIN(len, PAGE_SIZE - (uaddr & PAGE_MASK));
		x86_onfault_arm(&of, copy_fault);
		ci = of.of_ci;
		/*
		 * The user space in the MMU must be this thread's: a thread
		 * with no pmap runs on whatever one its CPU had loaded.
		 */
		pm = ci->ci_curlwp->l_pmap;
		if (pm == NULL || ci->ci_pmap != pm)
			rv = -1;
		else
			rv = copy_bytes(dst, src, n);
		(void)x86_onfault_disarm(&of);
		if (rv != 0)
			return EFAULT;
		uaddr += n;
		dst += n;
		src += n;
		len -= n;
	}
	return 0;
}

int
copyout(const void *kaddr, vaddr_t uaddr, size_t len)
{
	return copy_user((uint8_t *)uaddr, kaddr, uaddr, len);
}

int
copyin(vaddr_t uaddr, void *kaddr, size_t len)
{
	return copy_user(kaddr, (const uint8_t *)uaddr, uaddr, len);
}
