/*	Petrel: xen/xen/hypervisor.c -- the hypervisor device.
 *
 * Says which Xen we run on, then attaches the vCPUs: the boot vCPU
 * first, then every other vCPU of the domain (cpu.c probes them).  A
 * domU then listens to the toolstack: shutdown requests and hotplug.
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/device.h>
#include <sys/cpu.h>

#include <xen/hypervisor.h>
#include <xen/vcpuvar.h>
#include <xen/xen.h>
#include <xen/xenstore.h>

volatile bool xen_hypercall_tally;

/* One hypercall on this CPU; see XEN_HYPERCALL_TALLY(). */
void
xen_hypercall_tally_one(void)
{
	struct cpu_info *ci = curcpu();

	/* Relaxed but one instruction: an upcall in between loses none. */
	__atomic_fetch_add(&ci->ci_nhypercalls, 1, __ATOMIC_RELAXED);
	if ((ci->ci_flags & CPUF_RUNNING) == 0)
		__atomic_fetch_add(&ci->ci_hatch_hypercalls, 1,
		    __ATOMIC_RELAXED);
}

static int	hypervisor_match(device_t, cfdata_t, void *);
static void	hypervisor_attach(device_t, device_t, void *);

CFATTACH_DECL_NEW(hypervisor, 0, hypervisor_match, hypervisor_attach,
    NULL, NULL);

static int
hypervisor_match(device_t parent, cfdata_t cf, void *aux)
{
	struct hypervisor_attach_args *haa = aux;

	return strcmp(haa->haa_busname, "hypervisor") == 0;
}

static void
hypervisor_attach(device_t parent, device_t self, void *aux)
{
	xen_extraversion_t extra;
	int v;

	v = HYPERVISOR_xen_version(XENVER_version, NULL);
	memset(extra, 0, sizeof(extra));
	(void)HYPERVISOR_xen_version(XENVER_extraversion, extra);
	extra[sizeof(extra) - 1] = '\0';
	snprintf(xen_version_string, sizeof(xen_version_string), "%d.%d%s",
	    v >> 16, v & 0xffff, extra);
	aprint_normal(": Xen version %s%s\n", xen_version_string,
	    xendomain_is_dom0 ? " (dom0)" : "");

	/* dom0 lists the machine's CPUs; then our own vCPUs start. */
	if (xendomain_is_dom0)
		phycpu_attach_all(self);
	vcpu_attach_all(self);
	xenstore_attach();		/* needs the scheduler up */
	shutdown_xenbus_init();
	xenbus_vcpu_init();
}
