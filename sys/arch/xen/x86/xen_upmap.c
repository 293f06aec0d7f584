/*	Petrel: xen/x86/xen_upmap.c -- user pmaps, and switching them in.
 *
 * A user pmap owns the page tables of the user part of an address
 * space (amd64: L4 slots 0-255; PAE: L3 slots 0-2, each an L2 of its
 * own).  Each CPU runs on its own top-level table (cpu.c), so loading a
 * pmap on a CPU copies the pmap's user entries into that CPU's table;
 * on amd64 the pmap's L4 also becomes the user base pointer Xen uses
 * in user mode.  CPUs never share a top-level table, so two CPUs can
 * run two pmaps at the same user addresses at the same time.
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/cpu.h>
#include <sys/kmem.h>
#include <sys/lwp.h>

#include <machine/pmap.h>
#include <xen/hypervisor.h>
#include <xen/xen.h>
#include <xen/xenpmap.h>
#include <uvm/uvm_extern.h>

#ifdef __x86_64__
#define NUSER_TOP	256	/* L4 slots below the kernel's half */
#else
#define NUSER_TOP	3	/* PAE L3 slots below the kernel's */
#endif

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
#ifndef __x86_64__
	int i;
#endif

#ifdef __x86_64__
	if ((ma = ptp_alloc()) == UVM_NOPAGE)
		goto fail;
	pm->pm_top_ma = ma;
	pm->pm_top = (pt_entry_t *)PMAP_DIRECT_VA(xpmap_mtop(ma));
	xpq_queue_pin_table(ma, 4);	/* Xen fills in its own slots */
#else
	for (i = 0; i < NUSER_TOP; i++) {
		if ((ma = ptp_alloc()) == UVM_NOPAGE)
			goto fail;
		pm->pm_l2_ma[i] = ma;
		xpq_queue_pin_table(ma, 2);
	}
#endif
	return pm;
fail:
	printf("pmap_create: out of memory\n");
	kmem_free(pm, sizeof(*pm));
	return NULL;
}

/* The machine address of va's top-level entry in pm's own tables. */
static paddr_t
pmap_user_top_entry(struct pmap *pm, vaddr_t va, pt_entry_t **tablep,
    int *levelp)
{
#ifdef __x86_64__
	*tablep = pm->pm_top;
	*levelp = 4;
	return pm->pm_top_ma;
#else
	int slot = va >> 30;

	*tablep = (pt_entry_t *)PMAP_DIRECT_VA(xpmap_mtop(pm->pm_l2_ma[slot]));
	*levelp = 2;
	return pm->pm_l2_ma[slot];
#endif
}

/* Map pa at the user address va in pm (tables made as needed). */
int
pmap_enter_user(struct pmap *pm, vaddr_t va, paddr_t pa, int prot)
{
	pt_entry_t *table, pde;
	paddr_t table_ma, ma;
	int level, i;

	if (va >= (vaddr_t)NUSER_TOP << (PAGE_SHIFT + 9 * (PTP_LEVELS - 1)))
		return EINVAL;
	table_ma = pmap_user_top_entry(pm, va, &table, &level);
	for (; level > 1; level--) {
		i = (va >> (PAGE_SHIFT + 9 * (level - 1))) & 511;
		pde = table[i];
		if ((pde & PG_V) == 0) {
			if ((ma = ptp_alloc()) == UVM_NOPAGE)
				return ENOMEM;
			pde = ma | PG_V | PG_RW | PG_u | PG_U | PG_M;
			xpq_queue_pte_update(table_ma + i * sizeof(pt_entry_t),
			    pde);
			xpq_flush_queue();
#ifdef __x86_64__
			/* A new L4 entry: CPUs running pm need it too. */
			if (level == 4)
				pmap_user_sync(pm, i);
#endif
		}
		table_ma = pde & PG_FRAME;
		table = ptp_va(pde);
	}
	i = (va >> PAGE_SHIFT) & 511;
	xpq_queue_pte_update(table_ma + i * sizeof(pt_entry_t),
	    xpmap_ptom(pa) | PG_V | PG_u | PG_U | PG_M |
	    ((prot & VM_PROT_WRITE) ? PG_RW : 0) |
	    ((prot & VM_PROT_EXECUTE) ? 0 : pmap_pg_nx));
	xpq_flush_queue();
	return 0;
}

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

/* What pm's top-level user entry i should be in a CPU's table. */
static pt_entry_t
pmap_user_top_value(struct pmap *pm, int i)
{
#ifdef __x86_64__
	return pm != NULL ? pm->pm_top[i] : 0;
#else
	return pm != NULL ? pm->pm_l2_ma[i] | PG_V : 0;
#endif
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
 * Switch this CPU to pm (NULL: no user space): rewrite the user part of
 * its top-level table, point Xen's user base pointer at pm (amd64), and
 * flush this CPU's TLB.  Runs in the scheduler: no sleeping.
 */
void
cpu_load_pmap(struct pmap *pm)
{
	struct cpu_info *ci = curcpu();
	struct mmuext_op op;
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
	ci->ci_pmap = pm;
	for (i = 0; i < NUSER_TOP; i++) {
		val = pmap_user_top_value(pm, i);
		if (top[i] != val)
			xpq_queue_pte_update(ma + i * sizeof(pt_entry_t), val);
	}
	xpq_flush_queue();
	memset(&op, 0, sizeof(op));
#ifdef __x86_64__
	op.cmd = MMUEXT_NEW_USER_BASEPTR;
	op.arg1.mfn = pm != NULL ? pm->pm_top_ma >> PAGE_SHIFT : 0;
	if (HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF) != 0)
		printf("cpu%d: NEW_USER_BASEPTR failed\n", ci->ci_index);
#endif
	op.cmd = MMUEXT_TLB_FLUSH_LOCAL;
	(void)HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF);
	splx(s);
}

/* Run the current thread in pm from now on (and after each switch). */
void
pmap_bind_lwp(struct pmap *pm)
{
	curlwp->l_pmap = pm;
	cpu_load_pmap(pm);
}

/* The scheduler's hook: the next thread's address space. */
void
pmap_activate(struct lwp *l)
{
	if (l->l_pmap != NULL)
		cpu_load_pmap(l->l_pmap);
}

int
copyout(const void *kaddr, vaddr_t uaddr, size_t len)
{
	if (curcpu()->ci_pmap == NULL)
		return EFAULT;
	memcpy((void *)uaddr, kaddr, len);
	return 0;
}

int
copyin(vaddr_t uaddr, void *kaddr, size_t len)
{
	if (curcpu()->ci_pmap == NULL)
		return EFAULT;
	memcpy(kaddr, (const void *)uaddr, len);
	return 0;
}
