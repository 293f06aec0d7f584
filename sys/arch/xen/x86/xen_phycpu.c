/*	Petrel: xen/x86/xen_phycpu.c -- the physical CPUs, for dom0.
 *
 * Each physical CPU Xen reports attaches as "cpuN at hypervisor0";
 * only listed, as dom0 runs on vCPUs (cpu.c) like any domain.
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/cpu.h>
#include <sys/device.h>

#include <xen/hypervisor.h>
#include <xen/vcpuvar.h>
#include <xen/xen.h>

static int	cpu_match(device_t, cfdata_t, void *);
static void	cpu_attach(device_t, device_t, void *);

CFATTACH_DECL_NEW(cpu, 0, cpu_match, cpu_attach, NULL, NULL);

/*
 * The physical CPUs, as dom0 sees them through the platform hypercall
 * (phycpu_info_list in NetBSD's port).  Only listed: dom0 runs on
 * vCPUs like any domain.
 */
struct phycpu_info {
	uint32_t	 pc_xen_cpuid;
	uint32_t	 pc_apic_id;
	uint32_t	 pc_acpi_id;
	bool		 pc_online;
};
static struct phycpu_info phycpu_info_list[MAXCPUS];
int nphycpu;

struct cpu_attach_args {
	const char	*caa_name;
	struct phycpu_info *caa_info;
};

void
phycpu_attach_all(device_t hv)
{
	struct xen_platform_op op;
	struct cpu_attach_args caa = { .caa_name = "cpu" };
	uint32_t id, max = 0;
	int error;

	for (id = 0; id <= max && nphycpu < MAXCPUS; id++) {
		memset(&op, 0, sizeof(op));
		op.cmd = XENPF_get_cpuinfo;
		op.u.pcpu_info.xen_cpuid = id;
		error = HYPERVISOR_platform_op(&op);
		if (error != 0) {
			aprint_error_dev(hv, "physical CPU %u: get_cpuinfo: %s\n",
			    id, xen_strerror(error));
			return;
		}
		max = op.u.pcpu_info.max_present;
		if (op.u.pcpu_info.flags & XEN_PCPU_FLAGS_INVALID)
			continue;
		caa.caa_info = &phycpu_info_list[nphycpu++];
		caa.caa_info->pc_xen_cpuid = id;
		caa.caa_info->pc_apic_id = op.u.pcpu_info.apic_id;
		caa.caa_info->pc_acpi_id = op.u.pcpu_info.acpi_id;
		caa.caa_info->pc_online =
		    (op.u.pcpu_info.flags & XEN_PCPU_FLAGS_ONLINE) != 0;
		(void)config_found(hv, &caa, NULL);
	}
}

static int
cpu_match(device_t parent, cfdata_t cf, void *aux)
{
	struct cpu_attach_args *caa = aux;

	return strcmp(caa->caa_name, "cpu") == 0;
}

static void
cpu_attach(device_t parent, device_t self, void *aux)
{
	struct phycpu_info *pc = ((struct cpu_attach_args *)aux)->caa_info;

	aprint_normal(": physical CPU %u, APIC id %u, ACPI id %u%s\n",
	    pc->pc_xen_cpuid, pc->pc_apic_id, pc->pc_acpi_id,
	    pc->pc_online ? "" : ", offline");
}
