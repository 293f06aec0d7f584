/*	Petrel libc: sys/ioccom.h -- NetBSD's ioctl command encoding.	*/
#ifndef _SYS_IOCCOM_H_
#define _SYS_IOCCOM_H_

#define	IOCPARM_MASK	0x1fff		/* parameter length, 13 bits */
#define	IOCPARM_SHIFT	16
#define	IOCGROUP_SHIFT	8
#define	IOC_VOID	0x20000000UL	/* no parameters */
#define	IOC_OUT		0x40000000UL	/* copy parameters out */
#define	IOC_IN		0x80000000UL	/* copy parameters in */
#define	IOC_INOUT	(IOC_IN | IOC_OUT)

#define	_IOC(inout, group, num, len)					\
	((inout) | (((len) & IOCPARM_MASK) << IOCPARM_SHIFT) |		\
	    ((group) << IOCGROUP_SHIFT) | (num))
#define	_IO(g, n)	_IOC(IOC_VOID, (g), (n), 0)
#define	_IOR(g, n, t)	_IOC(IOC_OUT, (g), (n), sizeof(t))
#define	_IOW(g, n, t)	_IOC(IOC_IN, (g), (n), sizeof(t))
#define	_IOWR(g, n, t)	_IOC(IOC_INOUT, (g), (n), sizeof(t))

#endif /* !_SYS_IOCCOM_H_ */
