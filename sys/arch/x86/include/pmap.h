/*	Petrel: x86/pmap.h -- the kernel pmap on Xen PV.	*/
#ifndef _X86_PMAP_H_
#define _X86_PMAP_H_

#include <sys/types.h>
#include <x86/pte.h>

#include <machine/param.h>

/*
 * Page-table geometry: each level indexes 9 bits of the VA (512
 * entries of 8 bytes), above the page offset.
 */
#define PMAP_PTE_INDEX_BITS	9
#define PMAP_LEVEL_SHIFT(level)	\
	(PAGE_SHIFT + PMAP_PTE_INDEX_BITS * ((level) - 1))

/* va's entry in its table at "level" (1: the PTE). */
static inline int
pmap_pl_index(vaddr_t va, int level)
{
	return (va >> PMAP_LEVEL_SHIFT(level)) & (PTES_PER_PTP - 1);
}

#ifdef __x86_64__
/*
 * Top-level slots: 0-255 the lower half (user space, and the recursive
 * slot L4_SLOT_PTE); 256-271 Xen's, which Xen fills in every L4 it
 * validates; from 272 up the guest kernel's (only L4_SLOT_KERN used,
 * besides the test window below).  An address in the upper half has
 * bits 48-63 set, copies of bit 47.
 */
#define PMAP_L4_SLOT_XEN_FIRST	256
#define PMAP_L4_SLOT_KERN_FIRST	272
#define PMAP_VA_SIGN_BITS	0xffff000000000000UL
#define PMAP_L4_SLOT_VA(slot)	\
	(((vaddr_t)(slot) << PMAP_LEVEL_SHIFT(PTP_LEVELS)) | \
	((slot) >= PTES_PER_PTP / 2 ? PMAP_VA_SIGN_BITS : 0))
#define PMAP_KERNEL_VA_MIN	PMAP_L4_SLOT_VA(PMAP_L4_SLOT_KERN_FIRST)
/*
 * The level whose entries each CPU's own top-level table copies
 * (cpu.c), and the test window: kernel VA in a top-level slot that is
 * empty at boot and that nothing but ktest kpm_shadows_sync maps, so
 * that mapping it makes a new entry every CPU must copy.
 */
#define PMAP_KPM_LEVEL		PTP_LEVELS
#define PMAP_L4_SLOT_KPM_TEST	(L4_SLOT_KERN - 1)
#define PMAP_KPM_TEST_VA	PMAP_L4_SLOT_VA(PMAP_L4_SLOT_KPM_TEST)
#else
/*
 * PAE: L3 slots 0-2 are user space; the kernel's slot's L2 is per CPU
 * (Xen keeps its own mappings in its top part, from the M2P table up),
 * so the entries below those are what each CPU copies.  The test
 * window is past uvm_km's KVA_END, below the M2P table: an L2 entry
 * empty at boot that nothing but ktest kpm_shadows_sync maps.
 */
#define PMAP_L3_SLOT_KERN	\
	((int)(KERNBASE >> PMAP_LEVEL_SHIFT(PTP_LEVELS)))
#define PMAP_KERNEL_VA_MIN	KERNBASE
#define PMAP_KPM_LEVEL		2
#define PMAP_KPM_TEST_VA	KVA_END
pt_entry_t *pmap_kernel_l2(void);	/* the kernel's L2 of that slot */
int	pmap_kernel_l2_nshared(void);	/* its entries below Xen's */
#endif
#define PMAP_KPM_TEST_SIZE	PAGE_SIZE

/* The direct map: every page of RAM at KERNBASE + pa. */
#define PMAP_DIRECT_VA(pa)	((vaddr_t)(KERNBASE + (pa)))
#define PMAP_DIRECT_PA(va)	((paddr_t)((vaddr_t)(va) - KERNBASE))

extern pt_entry_t *pmap_kernel_pdir;	/* the kernel's top-level table */
extern paddr_t pmap_kernel_pdir_ma;
extern pt_entry_t pmap_pg_nx;
extern unsigned long pmap_boot_end_pfn;
extern unsigned long pmap_ignored_pages;

paddr_t	pmap_l1_ma(vaddr_t, bool);
pt_entry_t pmap_pte_get(vaddr_t);
bool	pmap_page_is_ptp(paddr_t);
paddr_t	pmap_ptp_prepare(paddr_t);
paddr_t	pmap_ptp_seal(paddr_t);
void	pmap_ptp_release(paddr_t);
void	pmap_kpm_sync(vaddr_t, int);
void	pmap_kpm_sync_md(vaddr_t);	/* cpu.c: copy to every CPU */
int	pmap_kva_tables_free(vaddr_t, int);
int	pmap_ptp_free_below(vaddr_t, int);


/* User pmaps (xen_upmap.c). */
struct pmap {
#ifdef __x86_64__
	pt_entry_t	*pm_top;	/* its L4: user slots 0-254 */
	paddr_t		 pm_top_ma;
#else
	paddr_t		 pm_l2_ma[3];	/* L2s for L3 slots 0-2 */
#endif
};
struct lwp;
struct pmap *pmap_create(void);
int	pmap_enter_user(struct pmap *, vaddr_t, paddr_t, int);
void	pmap_user_sync(struct pmap *, int);
void	cpu_load_pmap(struct pmap *);
void	pmap_bind_lwp(struct pmap *);
void	pmap_activate(struct lwp *);
int	copyout(const void *, vaddr_t, size_t);
int	copyin(vaddr_t, void *, size_t);

#endif
