/*	Petrel: xen/x86/xen_upmap.c -- user pmaps, and switching them in.
 *
 * A user pmap owns the page tables of the user part of an address
 * space, below VM_MAXUSER_ADDRESS (amd64: L4 slots 0-254; PAE: L3 slots
 * 0-2, each an L2 of its own).  Each CPU runs on its own top-level
 * table (cpu.c), so loading a pmap on a CPU copies the pmap's user
 * entries into that CPU's table; on amd64 the pmap's L4 also becomes
 * the user base pointer Xen uses in user mode.  CPUs never share a top-level table, so two CPUs can
 * run two pmaps at the same user addresses at the same time.
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

#include <machine/pmap.h>
#include <machine/vmparam.h>
#include <x86/probe.h>
#include <xen/hypervisor.h>
#include <xen/xen.h>
#include <xen/xenpmap.h>
#include <uvm/uvm_extern.h>

/* Bytes one top-level entry maps, as a shift: 512 GiB, PAE 1 GiB. */
#define TOP_SHIFT	(PAGE_SHIFT + 9 * (PTP_LEVELS - 1))
/* Top-level slots of user space: amd64 255, PAE 3. */
#define NUSER_TOP	((int)(VM_MAXUSER_ADDRESS >> TOP_SHIFT))
CTASSERT(VM_MAXUSER_ADDRESS % (1UL << TOP_SHIFT) == 0);

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

	if (va >= VM_MAXUSER_ADDRESS)
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
#ifdef __x86_64__
	int error;
#endif

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
	if ((error = HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF)) != 0)
		printf("cpu%d: NEW_USER_BASEPTR: %s\n", ci->ci_index,
		    xen_strerror(error));
#endif
	/* Stale user translations must not survive: checked (panics). */
	xpq_queue_tlbflush();
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

extern char copy_fault[];
int	copy_bytes(void *, const void *, size_t);	/* locore.S */

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
