/*	Petrel: x86/pmap.h -- the kernel pmap on Xen PV.	*/
#ifndef _X86_PMAP_H_
#define _X86_PMAP_H_

#include <sys/types.h>
#include <x86/pte.h>

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
