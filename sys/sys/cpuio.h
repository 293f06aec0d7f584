/*	Petrel: sys/cpuio.h -- /dev/cpuctl's ioctls, NetBSD's layout and
 *	numbers (the kernel's and libc's: cpuctl(8) uses them).
 */
#ifndef _SYS_CPUIO_H_
#define _SYS_CPUIO_H_

#include <sys/types.h>
#include <sys/ioccom.h>

typedef struct cpustate {
	u_int		cs_id;		/* the CPU (MAPID: from an index) */
	uint8_t		cs_online;	/* runs unbound LWPs */
	uint8_t		cs_intr;	/* takes interrupts */
	uint8_t		cs_unused[2];
	int32_t		cs_lastmod;	/* last change, UTC seconds, low */
	char		cs_name[16];
	int32_t		cs_lastmodhi;	/* ... high 32 bits */
	uint32_t	cs_intrcnt;	/* interrupt handlers + 1; 0: unknown */
	uint32_t	cs_hwid;	/* the Xen vCPU id */
	uint32_t	cs_reserved;
} cpustate_t;

#define IOC_CPU_SETSTATE	_IOW('c', 0, cpustate_t)
#define IOC_CPU_GETSTATE	_IOWR('c', 1, cpustate_t)
#define IOC_CPU_GETCOUNT	_IOR('c', 2, int)
#define IOC_CPU_MAPID		_IOWR('c', 3, int)

#define _PATH_CPUCTL		"/dev/cpuctl"

#endif
