/*	Petrel: kern/kern_sysctl.c -- __sysctl(2): the nodes this kernel has.
 *
 * NetBSD's numbers (<sys/sysctl.h>): kern.ostype, kern.osrelease,
 * kern.boottime, kern.proc2 (what ps(1) reads), hw.machine, hw.ncpu,
 * hw.ncpuonline, hw.pagesize.  Read-only: a new value is EPERM.  As on
 * NetBSD, a NULL buffer asks for the size, and a buffer too small gets
 * what fits and ENOMEM.
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/cpu.h>
#include <sys/kmem.h>
#include <sys/proc.h>
#include <sys/sysctl.h>
#include <sys/time.h>
#include <sys/syscallargs.h>

#ifdef __x86_64__
#define MACHINE_NAME	"amd64"
#else
#define MACHINE_NAME	"i386"
#endif

#define KINFO_MAX	256	/* processes kern.proc2 reports at most */

/* UTC when the kernel started. */
struct timespec boottime;

void
sysctl_init(void)
{
	uint64_t sec, up = cpu_uptime_ns();
	uint32_t nsec;

	cpu_wallclock(&sec, &nsec);
	boottime.tv_sec = sec - up / NS_PER_SEC;
	boottime.tv_nsec = nsec;
}

/* Hand len bytes at src back as the node's value. */
static int
sysctl_copyout(const void *src, size_t len, vaddr_t old, size_t *oldlenp)
{
	size_t room = *oldlenp;
	int error;

	*oldlenp = len;
	if (old == 0)
		return 0;
	if ((error = copyout(src, old, MIN(len, room))) != 0)
		return error;
	if (len > room) {
		*oldlenp = room;
		return ENOMEM;
	}
	return 0;
}

static void
kinfo_fill(struct proc *p, struct kinfo_proc2 *ki)
{
	struct lwp *l = p->p_lwp;

	memset(ki, 0, sizeof(*ki));
	ki->p_pid = p->p_pid;
	ki->p_ppid = p->p_pptr != NULL ? p->p_pptr->p_pid : 0;
	/*
	 * As NetBSD for a process of one LWP: its LWP's state (LSIDL 1,
	 * LSRUN 2, LSSLEEP 3, LSZOMB 5, LSONPROC 7); p_realstat the
	 * process's (SIDL 1, SACTIVE 2, SZOMB 5).
	 */
	ki->p_realstat = p->p_stat == SZOMB ? 5 : p->p_stat;
	ki->p_stat = ki->p_realstat;
	strlcpy(ki->p_comm, p->p_comm, sizeof(ki->p_comm));
	ki->p_ustart_sec = boottime.tv_sec + p->p_start_ns / NS_PER_SEC;
	ki->p_cpuid = KI_NOCPU;
	if (p->p_stat == SACTIVE && l != NULL) {
		ki->p_stat = l->l_stat == LSSLEEP ? 3 :
		    l->l_stat == LSONPROC ? 7 : l->l_stat == LSRUN ? 2 : 1;
		ki->p_cpuid = cpu_index(l->l_cpu);
		if (l->l_wmesg != NULL && l->l_stat == LSSLEEP)
			strlcpy(ki->p_wmesg, l->l_wmesg, sizeof(ki->p_wmesg));
	}
	ki->p_nlwps = 1;
}

/* kern.proc2's name after its two levels: op, arg, elem_size, elem_count. */
static int
sysctl_proc2(const int *name, u_int namelen, vaddr_t old, size_t *oldlenp)
{
	struct kinfo_proc2 *ki;
	struct proc *p;
	size_t esize, n = 0, i, len, room;
	int error = 0;

	if (namelen != 4 || name[2] <= 0 || name[2] > 4096 || name[3] < 0)
		return EINVAL;
	if (name[0] != KERN_PROC_ALL && name[0] != KERN_PROC_PID)
		return EINVAL;
	esize = MIN((size_t)name[2], sizeof(*ki));
	ki = kmem_alloc(KINFO_MAX * sizeof(*ki), KM_SLEEP);
	mutex_enter(&proc_lock);
	TAILQ_FOREACH(p, &allproc, p_list) {
		if (name[0] == KERN_PROC_PID && p->p_pid != name[1])
			continue;
		if (n < KINFO_MAX && n < (size_t)name[3])
			kinfo_fill(p, &ki[n++]);
	}
	mutex_exit(&proc_lock);
	len = n * (size_t)name[2];
	room = *oldlenp;
	*oldlenp = len;
	for (i = 0; old != 0 && i < n && error == 0; i++) {
		if ((i + 1) * (size_t)name[2] > room) {
			*oldlenp = i * (size_t)name[2];
			error = ENOMEM;
			break;
		}
		/* The caller's record size: ours, cut or padded by zeros. */
		error = copyout(&ki[i], old + i * name[2], esize);
	}
	kmem_free(ki, KINFO_MAX * sizeof(*ki));
	return error;
}

static int
sysctl_int_value(int v, vaddr_t old, size_t *oldlenp)
{
	return sysctl_copyout(&v, sizeof(v), old, oldlenp);
}

static int
sysctl_lookup(const int *name, u_int namelen, vaddr_t old, size_t *oldlenp)
{
	if (namelen < 2)
		return EISDIR;		/* a node, not a value */
	if (name[0] == CTL_KERN) {
		if (name[1] == KERN_PROC2)
			return sysctl_proc2(name + 2, namelen - 2, old,
			    oldlenp);
		if (namelen != 2)
			return ENOTDIR;
		switch (name[1]) {
		case KERN_OSTYPE:
			return sysctl_copyout(ostype, strlen(ostype) + 1,
			    old, oldlenp);
		case KERN_OSRELEASE:
			return sysctl_copyout(osrelease,
			    strlen(osrelease) + 1, old, oldlenp);
		case KERN_BOOTTIME:
			return sysctl_copyout(&boottime, sizeof(boottime),
			    old, oldlenp);
		}
		return EOPNOTSUPP;
	}
	if (name[0] == CTL_HW) {
		if (namelen != 2)
			return ENOTDIR;
		switch (name[1]) {
		case HW_MACHINE:
			return sysctl_copyout(MACHINE_NAME,
			    sizeof(MACHINE_NAME), old, oldlenp);
		case HW_NCPU:
			return sysctl_int_value(ncpu, old, oldlenp);
		case HW_NCPUONLINE:
			return sysctl_int_value(ncpuonline, old, oldlenp);
		case HW_PAGESIZE:
			return sysctl_int_value(PAGE_SIZE, old, oldlenp);
		}
		return EOPNOTSUPP;
	}
	return EOPNOTSUPP;
}

int
sys___sysctl(struct lwp *l, const struct sys___sysctl_args *uap,
    register_t *retval)
{
	int name[CTL_MAXNAME];
	u_int namelen = SCARG(uap, namelen);
	size_t oldlen = 0;
	int error;

	if (namelen == 0 || namelen > CTL_MAXNAME)
		return EINVAL;
	if (SCARG(uap, new) != NULL || SCARG(uap, newlen) != 0)
		return EPERM;
	if ((error = copyin((vaddr_t)SCARG(uap, name), name,
	    namelen * sizeof(int))) != 0)
		return error;
	if (SCARG(uap, oldlenp) != NULL &&
	    (error = copyin((vaddr_t)SCARG(uap, oldlenp), &oldlen,
	    sizeof(oldlen))) != 0)
		return error;
	if (SCARG(uap, old) != NULL && SCARG(uap, oldlenp) == NULL)
		return EINVAL;
	error = sysctl_lookup(name, namelen, (vaddr_t)SCARG(uap, old),
	    &oldlen);
	if ((error == 0 || error == ENOMEM) && SCARG(uap, oldlenp) != NULL) {
		int e2 = copyout(&oldlen, (vaddr_t)SCARG(uap, oldlenp),
		    sizeof(oldlen));
		if (error == 0)
			error = e2;
	}
	return error;
}
