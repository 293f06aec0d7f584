/*	Petrel: i386/machdep.c -- i386-specific set-up.	*/

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/cpu.h>

#include <machine/segments.h>
#include <xen/hypervisor.h>
#include <xen/xen.h>
#include <xen/xenpmap.h>
#include <x86/pte.h>

/* The boot CPU's GDT page; an AP's comes from the page allocator. */
static uint64_t gdt_primary[PAGE_SIZE / 8] __aligned(PAGE_SIZE);

/* A ring-1 data segment covering one cpu_info. */
uint64_t
gdt_cpu_descriptor(struct cpu_info *ci)
{
	uint32_t base = (uint32_t)ci, limit = sizeof(*ci) - 1;

	return (uint64_t)(limit & 0xffff) |
	    ((uint64_t)(base & 0xffffff) << 16) |
	    (0x93ULL << 40) |			/* data, rw, accessed */
	    (1ULL << 45) |			/* DPL 1 */
	    ((uint64_t)((limit >> 16) & 0xf) << 48) |
	    (0x4ULL << 52) |			/* 32-bit */
	    ((uint64_t)(base >> 24) << 56);
}

/*
 * Load a GDT page for this CPU: Xen wants its frames read-only and
 * counts entries in descriptors.
 */
int
gdt_load(uint64_t *gdt, struct cpu_info *ci)
{
	unsigned long frames[1];
	paddr_t pa = PMAP_DIRECT_PA(gdt);
	int error;

	memset(gdt, 0, PAGE_SIZE);
	gdt[GCPU_SEL] = gdt_cpu_descriptor(ci);
	error = HYPERVISOR_update_va_mapping((vaddr_t)gdt,
	    xpmap_ptom(pa) | PG_KR, UVMF_INVLPG);
	if (error != 0)
		return error;
	frames[0] = xpmap_ptom(pa) >> PAGE_SHIFT;
	return HYPERVISOR_set_gdt(frames, NGDT);
}

void
xen_cpu_init_first(struct cpu_info *ci)
{
	ci->ci_self = ci;
	if (gdt_load(gdt_primary, ci) != 0)
		for (;;)	/* no console yet: nothing to say it with */
			(void)HYPERVISOR_shutdown(SHUTDOWN_crash);
	__asm volatile("movw %w0, %%fs" :: "r"(GSEL(GCPU_SEL, SEL_KPL)));
}
