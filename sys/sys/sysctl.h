/*	Petrel: sys/sysctl.h -- NetBSD's MIB numbers, Petrel's nodes (the
 *	kernel's and libc's). */
#ifndef _SYS_SYSCTL_H_
#define _SYS_SYSCTL_H_

#include <sys/types.h>

#define	CTL_MAXNAME	12

#define	CTL_KERN	1
#define	CTL_HW		6

#define	KERN_OSTYPE	1		/* string */
#define	KERN_OSRELEASE	2		/* string */
#define	KERN_PROC2	47		/* struct kinfo_proc2[] */
#define	KERN_BOOTTIME	83		/* struct timespec */

#define	KERN_PROC_ALL	0		/* kern.proc2 subtype: every process */
#define	KERN_PROC_PID	1

#define	HW_MACHINE	1		/* string */
#define	HW_NCPU		3		/* int */
#define	HW_PAGESIZE	7		/* int */
#define	HW_NCPUONLINE	16		/* int */

#define	KI_NGROUPS	16
#define	KI_MAXCOMLEN	24
#define	KI_WMESGLEN	8
#define	KI_MAXLOGNAME	24
#define	KI_MAXEMULLEN	16

/*
 * kern.proc2: the name is { CTL_KERN, KERN_PROC2, op, arg, elem_size,
 * elem_count } and the kernel copies min(elem_size, its size) bytes of
 * each process, so the layout must be NetBSD's field for field; Petrel
 * fills p_pid, p_ppid, p_stat, p_comm, p_cpuid, p_ustart_sec and leaves
 * the rest zero.
 */
struct kinfo_proc2 {
	uint64_t	p_forw, p_back, p_paddr, p_addr, p_fd, p_cwdi;
	uint64_t	p_stats, p_limit, p_vmspace, p_sigacts, p_sess;
	uint64_t	p_tsess, p_ru;
	int32_t		p_eflag, p_exitsig, p_flag;
	int32_t		p_pid, p_ppid, p_sid, p__pgid, p_tpgid;
	uint32_t	p_uid, p_ruid, p_gid, p_rgid;
	uint32_t	p_groups[KI_NGROUPS];
	int16_t		p_ngroups, p_jobc;
	uint32_t	p_tdev;
	uint32_t	p_estcpu, p_rtime_sec, p_rtime_usec;
	int32_t		p_cpticks;
	uint32_t	p_pctcpu, p_swtime, p_slptime;
	int32_t		p_schedflags;
	uint64_t	p_uticks, p_sticks, p_iticks, p_tracep;
	int32_t		p_traceflag, p_holdcnt;
	uint32_t	p_siglist[4], p_sigmask[4], p_sigignore[4];
	uint32_t	p_sigcatch[4];
	/* SIDL 1, SACTIVE 2, SDYING 3, SSTOP 4, SZOMB 5 */
	int8_t		p_stat;
	uint8_t		p_priority, p_usrpri, p_nice;
	uint16_t	p_xstat, p_acflag;
	char		p_comm[KI_MAXCOMLEN];
	char		p_wmesg[KI_WMESGLEN];
	uint64_t	p_wchan;
	char		p_login[KI_MAXLOGNAME];
	int32_t		p_vm_rssize, p_vm_tsize, p_vm_dsize, p_vm_ssize;
	int64_t		p_uvalid;
	uint32_t	p_ustart_sec, p_ustart_usec;
	uint32_t	p_uutime_sec, p_uutime_usec;
	uint32_t	p_ustime_sec, p_ustime_usec;
	uint64_t	p_uru[14];	/* maxrss ... nivcsw */
	uint32_t	p_uctime_sec, p_uctime_usec;
	uint64_t	p_cpuid;
	uint64_t	p_realflag, p_nlwps, p_nrlwps, p_realstat;
	uint32_t	p_svuid, p_svgid;
	char		p_ename[KI_MAXEMULLEN];
	int64_t		p_vm_vsize, p_vm_msize;
};

#define	KI_NOCPU	(~(uint64_t)0)

int	sysctl(const int *, u_int, void *, size_t *, const void *, size_t);

#ifndef _KERNEL
int	sysctl(const int *, u_int, void *, size_t *, const void *, size_t);
int	__sysctl(const int *, u_int, void *, size_t *, const void *, size_t);
int	sysctl_int(int, int, int *);		/* { top, leaf } */
int	sysctl_string(int, int, char *, size_t);
#else
struct timespec;
extern struct timespec boottime;	/* UTC when the kernel started */
void	sysctl_init(void);
#endif

#endif /* !_SYS_SYSCTL_H_ */
