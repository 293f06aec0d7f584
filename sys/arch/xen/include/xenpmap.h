/*	Petrel: xen/xenpmap.h -- machine addresses and the MMU update queue.
 *
 * A PV guest never writes a live page table itself: each change is a
 * request to Xen (mmu_update) that it validates.  Requests, and the TLB
 * invalidations they need, are queued per CPU (x86_xpmap.c: each CPU
 * only touches its own queue, at splvm, without a lock) and sent in one
 * hypercall by xpq_flush_queue(); pa <-> ma translation uses the P2M
 * list Xen gave us and its read-only M2P table.
 */
#ifndef _XEN_XENPMAP_H_
#define _XEN_XENPMAP_H_

#include <sys/types.h>
#include <machine/param.h>
#include <machine/pmap.h>	/* PMAP_DIRECT_VA() */
#include <xen/hypervisor.h>

extern unsigned long *xpmap_phys_to_machine_mapping;	/* P2M */
extern unsigned long xen_nr_pages;
extern unsigned long *xpmap_machine_to_phys_mapping;	/* M2P, Xen's */

static inline paddr_t
xpmap_ptom(paddr_t pa)
{
	return ((paddr_t)xpmap_phys_to_machine_mapping[pa >> PAGE_SHIFT]
	    << PAGE_SHIFT) | (pa & PAGE_MASK);
}

static inline paddr_t
xpmap_mtop(paddr_t ma)
{
	unsigned long mfn = ma >> PAGE_SHIFT;

	return ((paddr_t)xpmap_machine_to_phys_mapping[mfn]
	    << PAGE_SHIFT) | (ma & PAGE_MASK);
}

void	xpq_queue_pte_update(paddr_t ptep_ma, pt_entry_t val);
void	xpq_queue_tlb_shootdown(vaddr_t va);
bool	xpq_queued_pte(paddr_t ptep_ma, pt_entry_t *valp);
void	xpq_flush_queue(void);
paddr_t	pmap_page_zalloc(void);	/* zeroed page (xen_pmap.c) */
void	xpq_queue_pin_table(paddr_t ma, int level);
void	xpq_queue_unpin_table(paddr_t ma);
void	xpq_queue_invlpg(vaddr_t va);
void	xpq_queue_tlbflush(void);

#endif
