/*	Petrel: kern/kern_cpu.c -- /dev/cpuctl: NetBSD's cpuctl(4) ioctls,
 *	on the CPU layer's offline/online path (cpu_setstate).
 *
 * A CPU's id is its index (cpu_index): MAPID maps index to id as the
 * identity.  An online CPU runs threads and takes its interrupts, an
 * offline one neither; the boot vCPU cannot go offline (EBUSY).
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/cpu.h>
#include <sys/cpuio.h>
#include <sys/file.h>
#include <sys/sysctl.h>
#include <sys/time.h>

static struct cpu_info *
cpuctl_lookup(u_int id)
{
	if (id >= (u_int)ncpu)
		return NULL;
	return cpu_lookup(id);
}

static void
cpuctl_getstate(struct cpu_info *ci, cpustate_t *cs)
{
	uint64_t last;

	memset(cs, 0, sizeof(*cs));
	cs->cs_id = cpu_index(ci);
	cs->cs_online = (ci->ci_flags & CPUF_RUNNING) != 0;
	cs->cs_intr = cs->cs_online;
	/* Never changed: online since boot. */
	last = ci->ci_lastmod != 0 ? ci->ci_lastmod : (uint64_t)boottime.tv_sec;
	cs->cs_lastmod = (int32_t)last;
	cs->cs_lastmodhi = (int32_t)(last >> 32);
	cs->cs_hwid = ci->ci_vcpuid;
}

static int
cpuctl_ioctl(struct file *fp, u_long cmd, void *data)
{
	cpustate_t *cs = data;
	struct cpu_info *ci;
	int *ip = data;

	switch (cmd) {
	case IOC_CPU_GETCOUNT:
		*ip = ncpu;
		return 0;
	case IOC_CPU_MAPID:
		return cpuctl_lookup(*ip) != NULL ? 0 : ESRCH;
	case IOC_CPU_GETSTATE:
		if ((ci = cpuctl_lookup(cs->cs_id)) == NULL)
			return ESRCH;
		cpuctl_getstate(ci, cs);
		return 0;
	case IOC_CPU_SETSTATE:
		if ((fp->f_flag & FWRITE) == 0)
			return EBADF;
		if ((ci = cpuctl_lookup(cs->cs_id)) == NULL)
			return ESRCH;
		return cpu_setstate(ci, cs->cs_online != 0);
	default:
		return ENOTTY;
	}
}

const struct fileops cpuctl_fileops = {
	.fo_ioctl = cpuctl_ioctl,
};
