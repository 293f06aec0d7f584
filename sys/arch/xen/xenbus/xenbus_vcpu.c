/*	Petrel: xen/xenbus/xenbus_vcpu.c -- vCPU hotplug by the toolstack.
 *
 * xl keeps cpu/N/availability, "online" or "offline", for each vCPU up
 * to maxvcpus: at create time from vcpus=, later from xl vcpu-set.
 * At boot cpu.c starts only the wanted APs and keeps the others ready;
 * afterwards a watch on "cpu" brings vCPUs up and down with
 * cpu_setstate(), the same path the offline/online test exercises.
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/cpu.h>
#include <sys/device.h>
#include <sys/lwp.h>

#include <xen/vcpuvar.h>
#include <xen/xenstore.h>

/*
 * What the toolstack wants for this vCPU (*want): online unless it says
 * not, also when the key can't be read (the error is returned).
 */
static int
xenbus_vcpu_read(struct cpu_info *ci, bool *want)
{
	char path[32], val[16];
	int error;

	*want = true;
	if (!xenstore_available())
		return 0;
	snprintf(path, sizeof(path), "cpu/%u/availability", ci->ci_vcpuid);
	error = xenstore_read(XS_TX_NONE, path, val, sizeof(val));
	if (error == ENOENT)
		return 0;
	if (error != 0) {
		printf("xenbus: cannot read %s: %s\n", path,
		    xenstore_strerror(error));
		return error;
	}
	*want = strcmp(val, "offline") != 0;
	return 0;
}

bool
xenbus_vcpu_wanted(struct cpu_info *ci)
{
	bool want;

	(void)xenbus_vcpu_read(ci, &want);
	return want;
}

/*
 * Something under cpu/ changed: bring every vCPU to its wanted state.
 * Looking at all of them, not only the one named, makes a missed or
 * reordered event harmless.
 */
static void
xenbus_vcpu_changed(struct xenstore_watch *w, const char *path)
{
	struct cpu_info *ci;
	bool want;
	int i, error, changed = 0;

	(void)w;
	(void)path;
	for (i = 1; i < ncpu; i++) {
		ci = cpu_infos[i];
		if ((ci->ci_flags & CPUF_PRESENT) == 0 ||
		    (ci->ci_flags & CPUF_GAVEUP) != 0)
			continue;
		/*
		 * Unread, a vCPU stays as it is; a store that does not
		 * answer now won't for the next one either.
		 */
		if ((error = xenbus_vcpu_read(ci, &want)) == ETIMEDOUT) {
			printf("xenbus: vCPU states left as they are until cpu/ changes again\n");
			break;
		}
		if (error != 0)
			continue;
		if (want == ((ci->ci_flags & CPUF_RUNNING) != 0))
			continue;
		error = cpu_setstate(ci, want);
		if (error != 0) {
			printf("%s: cannot go %s: error %d\n",
			    device_xname(ci->ci_dev),
			    want ? "online" : "offline", error);
			continue;
		}
		printf("%s: %s (cpu/%u/availability)\n",
		    device_xname(ci->ci_dev), want ? "online" : "offline",
		    ci->ci_vcpuid);
		changed++;
	}
	if (changed > 0)
		vcpu_report_count("xenbus: ");
}

static struct xenstore_watch xenbus_vcpu_watch = {
	.xw_path = "cpu",
	.xw_cb = xenbus_vcpu_changed,
};

void
xenbus_vcpu_init(void)
{
	int error;

	if (!xenstore_available() || ncpu == 1)
		return;
	if ((error = xenstore_watch(&xenbus_vcpu_watch)) != 0)
		printf("xenbus: cannot watch cpu/ (%s): xl vcpu-set won't be seen\n",
		    xenstore_strerror(error));
}
