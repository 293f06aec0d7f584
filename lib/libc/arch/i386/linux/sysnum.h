/*	Petrel libc: arch/i386/linux/sysnum.h -- Linux i386 numbers.	*/
#define	LINUX_SYS_read			3
#define	LINUX_SYS_write			4
#define	LINUX_SYS_open			5
#define	LINUX_SYS_close			6
#define	LINUX_SYS_execve		11
#define	LINUX_SYS_getpid		20
#define	LINUX_SYS_kill			37
#define	LINUX_SYS_pipe			42
#define	LINUX_SYS_ioctl			54
#define	LINUX_SYS_dup2			63
#define	LINUX_SYS_getppid		64
#define	LINUX_SYS_munmap		91
#define	LINUX_SYS_wait4			114
#define	LINUX_SYS_uname			122
#define	LINUX_SYS_fork			2
#define	LINUX_SYS_sched_yield		158
#define	LINUX_SYS_mmap			192	/* mmap2: offset in pages */
#define	LINUX_SYS_getdents64		220
#define	LINUX_SYS_sched_setaffinity	241
#define	LINUX_SYS_sched_getaffinity	242
#define	LINUX_SYS_exit_group		252
#define	LINUX_SYS_statx			383
#define	LINUX_SYS_clock_gettime64	403	/* 64-bit time_t variants */
#define	LINUX_SYS_clock_nanosleep64	407
#define	LINUX_MMAP_SHIFT		12
#define	LINUX_O_LARGEFILE		0x8000
