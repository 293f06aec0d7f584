/*	Petrel: x86/pmap.h -- the kernel pmap on Xen PV.	*/
#ifndef _X86_PMAP_H_
#define _X86_PMAP_H_

#include <sys/types.h>
#include <x86/pte.h>

#include <machine/param.h>

#ifndef PMAP_KPM_LEVEL
#error "include <machine/pmap.h>, which has the machine's geometry"
#endif

/*
 * Page-table geometry: each level indexes 9 bits of the VA (512
 * entries of 8 bytes), above the page offset.
 */
#define PMAP_PTE_INDEX_BITS	9
#define PMAP_LEVEL_SHIFT(level)	\
	(PAGE_SHIFT + PMAP_PTE_INDEX_BITS * ((level) - 1))

/*
 * va's entry in its table at "level" (1: the PTE), as NetBSD's
 * pl_i(); the machine's slots are in <machine/pmap.h>, which includes
 * this file.
 */
static inline int
pmap_pl_index(vaddr_t va, int level)
{
	return (va >> PMAP_LEVEL_SHIFT(level)) & (PTES_PER_PTP - 1);
}
#define pl_i(va, level)	pmap_pl_index((va), (level))
#define pl1_i(va)	pl_i((va), 1)
#define pl2_i(va)	pl_i((va), 2)
#define pl_top_i(va)	pl_i((va), PTP_LEVELS)

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
int	pmap_kva_tables_free(vaddr_t, int);
int	pmap_ptp_free_below(vaddr_t, int);

/* The per-CPU top-level tables (xen_pmap.c). */
struct cpu_info;
int	pmap_cpu_tables_build(struct cpu_info *);
unsigned long pmap_cpu_cr3(struct cpu_info *);
void	pmap_kpm_sync(vaddr_t, int);
int	pmap_kpm_slot_end(void);
pt_entry_t pmap_kpm_entry(struct cpu_info *, vaddr_t);
void	pmap_tlb_flush_local(struct cpu_info *, const char *);

/* User pmaps (xen_upmap.c), switched in by xen_pmap.c. */
/*
 * A pmap keeps its top tables' pseudo-physical addresses, never their
 * machine ones: machine frames change under a restored or migrated
 * domain (the toolstack rewrites only page tables and the P2M), so
 * each use asks the P2M (xpmap_ptom) again.
 */
struct pmap {
	paddr_t		 pm_pa[PMAP_USER_TABLES];	/* at PMAP_USER_LEVEL */
};
struct lwp;
struct pmap *pmap_create(void);
pt_entry_t pmap_user_top_value(struct pmap *, int);
int	pmap_enter_user(struct pmap *, vaddr_t, paddr_t, int);
int	pmap_enter_user_pages(struct pmap *, vaddr_t, const paddr_t *, int,
	    int, int *);
bool	pmap_extract_user(struct pmap *, vaddr_t, paddr_t *);
void	pmap_remove_user(struct pmap *, vaddr_t, vaddr_t);
void	pmap_destroy(struct pmap *);
/* Save/restore: no pmap torn down meanwhile (xen_upmap.c). */
bool	pmap_teardown_hold(uint64_t ns);
void	pmap_teardown_release(void);
void	pmap_user_sync(struct pmap *, int);
void	cpu_load_pmap(struct pmap *);
void	pmap_bind_lwp(struct pmap *);
void	pmap_activate(struct lwp *);
int	copyout(const void *, vaddr_t, size_t);
int	copyin(vaddr_t, void *, size_t);

#endif
