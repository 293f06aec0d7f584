/*	Petrel: xen/x86/xen_pmap.c -- each CPU's own top-level table, and
 *	switching user pmaps in.
 *
 * Xen will not let two CPUs share a top-level table with different
 * user spaces, so each AP runs on its own one, built here when it is
 * prepared (the boot vCPU keeps Xen's boot table, pmap_kernel_pdir).
 * It holds copies of the kernel's entries at PMAP_KPM_LEVEL
 * (<machine/pmap.h>: amd64 the L4 itself, PAE the kernel slot's L2,
 * which each CPU has its own of); pmap_kpm_sync() copies a changed
 * kernel entry into every CPU's table.  Loading a user pmap on a CPU
 * copies the pmap's top-level user entries into that CPU's table.
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/cpu.h>
#include <sys/lwp.h>

#include <machine/pmap.h>
#include <xen/hypervisor.h>
#include <xen/xen.h>
#include <xen/xenpmap.h>
#include <uvm/uvm_extern.h>

static pt_entry_t *
ptp_va(pt_entry_t pde)
{
	return (pt_entry_t *)PMAP_DIRECT_VA(xpmap_mtop(pde & PG_FRAME));
}

/* The kernel's table at PMAP_KPM_LEVEL, the one each CPU copies. */
static pt_entry_t *
pmap_kpm_kernel_table(void)
{
	pt_entry_t *table = pmap_kernel_pdir;
	int level;

	for (level = PTP_LEVELS; level > PMAP_KPM_LEVEL; level--)
		table = ptp_va(table[pl_i(KERNBASE, level)]);
	return table;
}

/*
 * The end of the kernel's entries that each CPU copies: the table's
 * end, or on PAE where Xen's area starts (with the M2P table).
 */
int
pmap_kpm_slot_end(void)
{
	vaddr_t xen_va = (vaddr_t)xpmap_machine_to_phys_mapping;

	if (PMAP_KPM_LEVEL == PTP_LEVELS)
		return PTES_PER_PTP;
	return pl_i(xen_va, PMAP_KPM_LEVEL);
}

/* ci's copy of the kernel's table at PMAP_KPM_LEVEL, and its pa. */
static pt_entry_t *
pmap_kpm_cpu_table(struct cpu_info *ci, paddr_t *pap)
{
	if (PMAP_KPM_LEVEL == PTP_LEVELS) {
		*pap = ci->ci_kpm_pdirpa;
		return ci->ci_kpm_pdir;
	}
	*pap = ci->ci_kpm_l2pa;
	return ci->ci_kpm_l2;
}

/* va's entry at PMAP_KPM_LEVEL: in the kernel's table (ci NULL), or ci's. */
pt_entry_t
pmap_kpm_entry(struct cpu_info *ci, vaddr_t va)
{
	paddr_t pa;

	if (ci == NULL)
		return pmap_kpm_kernel_table()[pl_i(va, PMAP_KPM_LEVEL)];
	return pmap_kpm_cpu_table(ci, &pa)[pl_i(va, PMAP_KPM_LEVEL)];
}

/* A zeroed page for a CPU's own tables or Xen pages: UVM_NOPAGE if none. */
paddr_t
pmap_page_zalloc(void)
{
	paddr_t pa = uvm_pagealloc_pa();

	if (pa != UVM_NOPAGE)
		memset((void *)PMAP_DIRECT_VA(pa), 0, PAGE_SIZE);
	return pa;
}

/*
 * Build and pin ci's own top-level table from the kernel's: the
 * kernel's entries (Xen fills in its own) and the recursive slot; on
 * PAE a copy of the kernel slot's L2, as Xen will not let two L3s share
 * it, and the user slots as the kernel's table has them.
 */
int
pmap_cpu_tables_build(struct cpu_info *ci)
{
	pt_entry_t *top, *kpm, *kernel_kpm = pmap_kpm_kernel_table();
	paddr_t pa, kpm_pa;
	int i, end = pmap_kpm_slot_end();

	if ((pa = pmap_page_zalloc()) == UVM_NOPAGE)
		return ENOMEM;
	top = (pt_entry_t *)PMAP_DIRECT_VA(pa);
	kpm = top;
	kpm_pa = pa;
	if (PMAP_KPM_LEVEL != PTP_LEVELS) {
		if ((kpm_pa = pmap_page_zalloc()) == UVM_NOPAGE) {
			uvm_pagefree_pa(pa);
			return ENOMEM;
		}
		kpm = (pt_entry_t *)PMAP_DIRECT_VA(kpm_pa);
	}
	for (i = PMAP_KPM_SLOT_FIRST; i < end; i++)
		kpm[i] = kernel_kpm[i];
	if (kpm != top) {
		ci->ci_kpm_l2 = kpm;
		ci->ci_kpm_l2pa = kpm_pa;
		(void)pmap_ptp_seal(kpm_pa);
		for (i = 0; i < PMAP_KERN_SLOT_FIRST; i++)
			top[i] = pmap_kernel_pdir[i];
		top[PMAP_KERN_SLOT_FIRST] = xpmap_ptom(kpm_pa) | PG_V;
	}
	ci->ci_kpm_pdir = top;
	ci->ci_kpm_pdirpa = pa;
	if (PMAP_RECURSIVE_SLOT >= 0)	/* read-only: Xen's rule */
		top[PMAP_RECURSIVE_SLOT] = xpmap_ptom(pa) | PG_V;
	(void)pmap_ptp_seal(pa);
	/* Pinned now, so VCPUOP_initialise need not validate it. */
	xpq_queue_pin_table(xpmap_ptom(pa), PTP_LEVELS);
	return 0;
}

/* The cr3 value Xen wants for ci's table in VCPUOP_initialise. */
unsigned long
pmap_cpu_cr3(struct cpu_info *ci)
{
	/* PAE: Xen's packing of an L3 frame that may be above 4 GiB. */
	return xen_pfn_to_cr3(xpmap_ptom(ci->ci_kpm_pdirpa) >> PAGE_SHIFT);
}

/*
 * The kernel's entry for va at "level" changed: if it is one each CPU
 * copies, copy it into every CPU's own table (each under its lock, so a
 * CPU building or switching its table sees all or nothing).  With the
 * boot vCPU alone, the boot table is the only one.
 */
void
pmap_kpm_sync(vaddr_t va, int level)
{
	struct cpu_info *ci;
	pt_entry_t val;
	paddr_t pa;
	int c, idx = pl_i(va, PMAP_KPM_LEVEL);

	if (level != PMAP_KPM_LEVEL)
		return;
	for (c = 0; c < ncpu; c++) {
		ci = cpu_infos[c];
		if (ci == NULL || ci->ci_kpm_pdir == NULL)
			continue;
		while (__atomic_exchange_n(&ci->ci_kpm_lock, 1,
		    __ATOMIC_ACQUIRE))
			cpu_spinwait();
		val = pmap_kpm_kernel_table()[idx];
		(void)pmap_kpm_cpu_table(ci, &pa);
		xpq_queue_pte_update(xpmap_ptom(pa) + idx * sizeof(pt_entry_t),
		    val);
		xpq_flush_queue();
		__atomic_store_n(&ci->ci_kpm_lock, 0, __ATOMIC_RELEASE);
	}
}

/* Flush this CPU's TLB; a failure is reported (why: the occasion). */
void
pmap_tlb_flush_local(struct cpu_info *ci, const char *why)
{
	struct mmuext_op op = { .cmd = MMUEXT_TLB_FLUSH_LOCAL };
	int error;

	error = HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF);
	if (error != 0)
		printf("cpu%d: TLB flush (%s): %s\n", ci->ci_index, why,
		    xen_strerror(error));
}

/* ---- user pmaps on a CPU ------------------------------------------- */

/* This CPU's top-level table: its own, or the boot table on the BP. */
static void
cpu_top_table(struct cpu_info *ci, pt_entry_t **top, paddr_t *ma)
{
	if (ci->ci_kpm_pdir != NULL) {
		*top = ci->ci_kpm_pdir;
		*ma = xpmap_ptom(ci->ci_kpm_pdirpa);
	} else {
		*top = pmap_kernel_pdir;
		*ma = pmap_kernel_pdir_ma;
	}
}

/* Copy top-level user entry i of pm into every CPU that runs pm. */
void
pmap_user_sync(struct pmap *pm, int i)
{
	struct cpu_info *ci;
	pt_entry_t *top;
	paddr_t ma;
	int c;

	for (c = 0; c < ncpu; c++) {
		ci = cpu_infos[c];
		if (ci == NULL || ci->ci_pmap != pm)
			continue;
		cpu_top_table(ci, &top, &ma);
		xpq_queue_pte_update(ma + i * sizeof(pt_entry_t),
		    pmap_user_top_value(pm, i));
	}
	xpq_flush_queue();
}

/*
 * Point Xen's user base pointer at pm's L4 (amd64; none: NULL), then
 * flush this CPU's TLB: Xen makes every user mapping global, and global
 * entries of the old pmap survive the switch.  One hypercall for both;
 * a failed flush would leave the old pmap's translations: panic.
 */
static void
cpu_load_user_base_and_flush(struct cpu_info *ci, struct pmap *pm)
{
	struct mmuext_op ops[2];
	unsigned int n = 0, done = 0;
	int error;

	memset(ops, 0, sizeof(ops));
	if (PMAP_USER_BASEPTR) {
		ops[n].cmd = MMUEXT_NEW_USER_BASEPTR;
		ops[n++].arg1.mfn = pm != NULL ?
		    xpmap_ptom(pm->pm_pa[0]) >> PAGE_SHIFT : 0;
	}
	ops[n++].cmd = MMUEXT_TLB_FLUSH_LOCAL;
	error = HYPERVISOR_mmuext_op(ops, n, &done, DOMID_SELF);
	if (error == 0)
		return;
	if (done + 1 < n)	/* the base pointer failed, the flush not run */
		printf("cpu%d: NEW_USER_BASEPTR: %s\n", ci->ci_index,
		    xen_strerror(error));
	xpq_queue_tlbflush();
}

/*
 * Switch this CPU to pm (NULL: no user space): rewrite the user part of
 * its top-level table, point Xen's user base pointer at pm (amd64), and
 * flush this CPU's TLB.  Runs in the scheduler: no sleeping.
 */
void
cpu_load_pmap(struct pmap *pm)
{
	struct cpu_info *ci;
	pt_entry_t *top, val;
	paddr_t ma;
	int i, s;

	s = splvm();
	ci = curcpu();
	if (ci->ci_pmap == pm) {
		splx(s);
		return;
	}
	cpu_top_table(ci, &top, &ma);
	for (i = 0; i < PMAP_USER_SLOTS; i++) {
		val = pmap_user_top_value(pm, i);
		if (top[i] != val)
			xpq_queue_pte_update(ma + i * sizeof(pt_entry_t), val);
	}
	xpq_flush_queue();
	cpu_load_user_base_and_flush(ci, pm);
	/*
	 * Only now, with nothing of the old pmap left in this CPU's
	 * tables: pmap_destroy() takes a CPU whose ci_pmap is not the
	 * pmap it frees for one that no longer holds it.
	 */
	__atomic_store_n(&ci->ci_pmap, pm, __ATOMIC_RELEASE);
	splx(s);
}

/* Run the current thread in pm from now on (and after each switch). */
void
pmap_bind_lwp(struct pmap *pm)
{
	curlwp->l_pmap = pm;
	cpu_load_pmap(pm);
}

/*
 * The scheduler's hook, on the CPU about to run l: what the thread
 * leaving it queued is sent first (it may go on elsewhere, and its
 * queue stays here), then l's address space is loaded.
 */
void
pmap_activate(struct lwp *l)
{
	xpq_flush_queue();
	if (l->l_pmap != NULL)
		cpu_load_pmap(l->l_pmap);
}
