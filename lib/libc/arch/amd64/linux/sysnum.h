/*	Petrel libc: arch/amd64/linux/sysnum.h -- Linux x86-64 numbers.	*/
#define	LINUX_SYS_read			0
#define	LINUX_SYS_write			1
#define	LINUX_SYS_open			2
#define	LINUX_SYS_close			3
#define	LINUX_SYS_mmap			9	/* offset in bytes */
#define	LINUX_SYS_munmap		11
#define	LINUX_SYS_ioctl			16
#define	LINUX_SYS_pipe			22
#define	LINUX_SYS_sched_yield		24
#define	LINUX_SYS_dup2			33
#define	LINUX_SYS_getpid		39
#define	LINUX_SYS_fork			57
#define	LINUX_SYS_execve		59
#define	LINUX_SYS_wait4			61
#define	LINUX_SYS_kill			62
#define	LINUX_SYS_uname			63
#define	LINUX_SYS_getppid		110
#define	LINUX_SYS_sched_setaffinity	203
#define	LINUX_SYS_sched_getaffinity	204
#define	LINUX_SYS_getdents64		217
#define	LINUX_SYS_clock_gettime64	228	/* 64-bit time_t here */
#define	LINUX_SYS_clock_nanosleep64	230
#define	LINUX_SYS_exit_group		231
#define	LINUX_SYS_statx			332
#define	LINUX_MMAP_SHIFT		0	/* mmap takes bytes */
#define	LINUX_O_LARGEFILE		0
