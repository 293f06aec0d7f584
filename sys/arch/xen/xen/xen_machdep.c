/*	Petrel: xen/xen_machdep.c -- from Xen's hand-off to main().
 *
 * xen_start() runs on the boot vCPU with events masked, on Xen's boot
 * page tables.  It finds start_info and shared_info, takes a console,
 * reads the command line, installs traps and callbacks, sets up memory
 * and calls the MI main().  Also here: how the domain ends.
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/cpu.h>
#include <sys/ramdisk.h>
#include <sys/reboot.h>

#include <dev/cons.h>

#include <xen/hypervisor.h>
#include <xen/xen.h>
#include <xen/xenpmap.h>

#include <uvm/uvm_extern.h>

start_info_t *xen_start_info;
shared_info_t *HYPERVISOR_shared_info;
bool xendomain_is_dom0;
char xen_version_string[32];

/* shared_info is mapped over this page (its own frame is given up). */
static char shared_info_page[PAGE_SIZE] __aligned(PAGE_SIZE);

void
xen_start(void *si)
{
	struct cpu_info *ci = &cpu_info_primary;
	struct xen_machphys_mapping m2p;
	int error;

	xen_start_info = si;
	xendomain_is_dom0 = (xen_start_info->flags & SIF_INITDOMAIN) != 0;
	/*
	 * The P2M, set here only: the GDT's machine frame (i386's
	 * xen_cpu_init_first()) and pmap_bootstrap() need it.
	 */
	xpmap_phys_to_machine_mapping =
	    (unsigned long *)xen_start_info->mfn_list;
	/* Where Xen maps its M2P table for us (it moves for PAE guests). */
	if (HYPERVISOR_memory_op(XENMEM_machphys_mapping, &m2p) == 0)
		xpmap_machine_to_phys_mapping = (unsigned long *)m2p.v_start;

	/* Per-CPU data first: curcpu() works from here on. */
	xen_cpu_init_first(ci);

	error = HYPERVISOR_update_va_mapping((vaddr_t)shared_info_page,
	    xen_start_info->shared_info | PG_V | PG_RW | PG_U | PG_M,
	    UVMF_INVLPG);
	HYPERVISOR_shared_info = (shared_info_t *)shared_info_page;
	ci->ci_vcpu = &HYPERVISOR_shared_info->vcpu_info[0];

	xencons_early_init();
	if (error != 0)
		panic("cannot map shared_info: %s", xen_strerror(error));

	boot_args_parse((const char *)xen_start_info->cmd_line);

	xen_set_trap_table();
	xen_register_callbacks();

	pmap_bootstrap();
	/* Xen maps the module in the boot area, which stays reserved. */
	if (xen_start_info->mod_len != 0)
		ramdisk_attach((const void *)xen_start_info->mod_start,
		    xen_start_info->mod_len);
	main();
}

/*
 * Before a suspend, shared_info's mapping goes: the toolstack refuses
 * a page table entry to a frame that is not the domain's own.  The page
 * gets its own frame back meanwhile.  After the suspend it is mapped
 * again from start_info (a new domain's is another frame).
 */
void
xen_shared_info_unmap(void)
{
	paddr_t pa = PMAP_DIRECT_PA(shared_info_page);
	int error;

	error = HYPERVISOR_update_va_mapping((vaddr_t)shared_info_page,
	    xpmap_ptom(pa) | PG_V | PG_RW | PG_M | pmap_pg_nx, UVMF_INVLPG);
	if (error != 0)
		printf("xen: cannot unmap shared_info: %s\n",
		    xen_strerror(error));
}

void
xen_shared_info_map(void)
{
	int error;

	error = HYPERVISOR_update_va_mapping((vaddr_t)shared_info_page,
	    xen_start_info->shared_info | PG_V | PG_RW | PG_U | PG_M,
	    UVMF_INVLPG);
	if (error != 0)
		panic("cannot map shared_info again: %s", xen_strerror(error));
}

/* RAM pages the kernel has: Xen's nr_pages, as pmap_bootstrap() took it. */
unsigned long
cpu_ram_pages(void)
{
	return xen_nr_pages;
}

/*
 * The end of the domain.  Xen takes the whole domain down with the
 * calling vCPU; the console is flushed first, and a domU waits (a
 * little) for xenconsoled to take the ring's last lines, which would
 * otherwise die with the domain.
 */
static void __dead
xen_shutdown(unsigned int reason)
{
	cndrain();			/* flushes first */
	for (;;) {
		(void)HYPERVISOR_shutdown(reason);
		/* Only returns if Xen refused: nothing left to try. */
		HYPERVISOR_yield();
	}
}

void
cpu_poweroff(void)
{
	printf("powering off\n");
	xen_shutdown(SHUTDOWN_poweroff);
}

void
cpu_reboot(void)
{
	printf("rebooting\n");
	xen_shutdown(SHUTDOWN_reboot);
}

void
cpu_crash(void)
{
	xen_shutdown(SHUTDOWN_crash);
}

/* Xen's error numbers, for messages: see xen_strerror(). */
const char *
xen_strerror_buf(int error, char *buf, size_t size)
{
	static const struct {
		int	 e;
		const char *s;
	} tab[] = {
		{ 0, "success" },
		{ -1, "EPERM" },
		{ -2, "ENOENT" },
		{ -3, "ESRCH" },
		{ -4, "EINTR" },
		{ -5, "EIO" },
		{ -7, "E2BIG" },
		{ -11, "EAGAIN" },
		{ -12, "ENOMEM" },
		{ -13, "EACCES" },
		{ -14, "EFAULT" },
		{ -16, "EBUSY" },
		{ -17, "EEXIST" },
		{ -19, "ENODEV" },
		{ -22, "EINVAL" },
		{ -28, "ENOSPC" },
		{ -38, "ENOSYS" },
		{ -95, "EOPNOTSUPP" },
	};
	size_t i;

	for (i = 0; i < __arraycount(tab); i++)
		if (tab[i].e == error)
			return tab[i].s;
	snprintf(buf, size, "error %d", error);
	return buf;
}
