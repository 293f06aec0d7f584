/*	Petrel: xen/x86/cpu.c -- the vCPUs of a Xen PV domain.
 *
 * Each vCPU attaches as "vcpuN at hypervisor0" through the same driver:
 * the boot vCPU (BP) first, then each other vCPU Xen reports.  The BP's
 * cpu_info is static; an AP's is allocated when it attaches.
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/cpu.h>
#include <sys/device.h>

#include <x86/cpufunc.h>
#include <xen/hypervisor.h>
#include <xen/vcpuvar.h>
#include <xen/xen.h>
#include <machine/pmap.h>

struct cpu_softc {
	device_t	 sc_dev;
	struct cpu_info	*sc_info;
};

static int	vcpu_match(device_t, cfdata_t, void *);
static void	vcpu_attach(device_t, device_t, void *);

CFATTACH_DECL_NEW(vcpu, sizeof(struct cpu_softc), vcpu_match, vcpu_attach,
    NULL, NULL);

struct cpu_info cpu_info_primary __aligned(CACHE_LINE_SIZE) = {
	.ci_self = &cpu_info_primary,
	.ci_ilevel = IPL_HIGH,		/* cold: events masked */
	.ci_flags = CPUF_BSP | CPUF_PRESENT | CPUF_RUNNING,
};

struct cpu_info *cpu_infos[MAXCPUS] = { &cpu_info_primary };
int ncpu = 1;
int ncpuonline = 1;

static int
vcpu_print(void *aux, const char *pnp)
{
	struct vcpu_attach_args *vcaa = aux;

	if (pnp != NULL)
		aprint_normal("vcpu %d at %s", vcaa->vcaa_vcpuid, pnp);
	return UNCONF;
}

/*
 * Is there a vCPU with this id?  Xen answers -ENOENT past the last one;
 * another error is reported and the vCPU left alone.
 */
static int
vcpu_probe(device_t hv, int vcpuid)
{
	struct vcpu_runstate_info rs;
	int error;

	error = HYPERVISOR_vcpu_op(VCPUOP_get_runstate_info, vcpuid, &rs);
	if (error != 0 && error != -ENOENT)
		aprint_error_dev(hv, "vcpu %d: get_runstate_info: %s, "
		    "skipped\n", vcpuid, xen_strerror(error));
	return error;
}

void	vcpu_attach_all(device_t);

void
vcpu_attach_all(device_t hv)
{
	struct vcpu_attach_args vcaa = {
		.vcaa_name = "vcpu", .vcaa_vcpuid = 0,
		.vcaa_role = CPU_ROLE_BP,
	};
	int id, present = 1;

	if (vcpu_probe(hv, 0) != 0 || config_found(hv, &vcaa, vcpu_print) ==
	    NULL)
		panic("the boot vCPU did not attach");

	for (id = 1; id < MAXCPUS; id++) {
		int error = vcpu_probe(hv, id);

		if (error == -ENOENT)
			break;
		if (error == 0)
			present++;
	}
	if (present > 1)
		aprint_normal_dev(hv, "%d vCPUs in the domain; "
		    "application vCPUs are not started by this kernel\n",
		    present);
}

static int
vcpu_match(device_t parent, cfdata_t cf, void *aux)
{
	struct vcpu_attach_args *vcaa = aux;

	return strcmp(vcaa->vcaa_name, cf->cf_name) == 0;
}

static void
vcpu_attach(device_t parent, device_t self, void *aux)
{
	struct vcpu_attach_args *vcaa = aux;
	struct cpu_softc *sc = device_private(self);
	struct cpu_info *ci = &cpu_info_primary;

	KASSERT(vcaa->vcaa_role == CPU_ROLE_BP);
	sc->sc_dev = self;
	sc->sc_info = ci;
	ci->ci_dev = self;
	ci->ci_vcpuid = vcaa->vcaa_vcpuid;
	aprint_normal(": boot processor\n");

	identifycpu(ci);
	identifycpu_print(ci, device_xname(self));
}

/*
 * Copy a changed kernel top-level entry into every CPU's own top-level
 * table.  Only the boot vCPU runs, on Xen's boot table: nothing to copy
 * until application vCPUs have their own tables.
 */
void
pmap_kpm_sync_md(vaddr_t va)
{
	(void)va;
}

/* Nothing to run: block in Xen until an event comes, forever. */
void	cpu_idle_forever(void) __dead;

void
cpu_idle_forever(void)
{
	struct cpu_info *ci = curcpu();

	for (;;) {
		ci->ci_vcpu->evtchn_upcall_mask = 1;
		ci->ci_ilevel = IPL_NONE;
		/* Xen unmasks and checks for events atomically. */
		(void)HYPERVISOR_block();
	}
}
