/*	Petrel: xen/x86/xen_mainbus.c -- the root of the device tree.
 *
 * A PV domain sees no hardware bus: everything hangs off the
 * hypervisor device.
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/device.h>
#include <xen/vcpuvar.h>

static int	mainbus_match(device_t, cfdata_t, void *);
static void	mainbus_attach(device_t, device_t, void *);

CFATTACH_DECL_NEW(mainbus, 0, mainbus_match, mainbus_attach, NULL, NULL);

static int
mainbus_match(device_t parent, cfdata_t cf, void *aux)
{
	return 1;
}

static void
mainbus_attach(device_t parent, device_t self, void *aux)
{
	struct hypervisor_attach_args haa = { .haa_busname = "hypervisor" };

	aprint_normal("\n");
	config_found(self, &haa, NULL);
}
