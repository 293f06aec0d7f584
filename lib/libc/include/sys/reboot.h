/*	Petrel libc: sys/reboot.h -- NetBSD's reboot(2) flags.	*/
#ifndef _SYS_REBOOT_H_
#define _SYS_REBOOT_H_

#define	RB_AUTOBOOT	0x000
#define	RB_SINGLE	0x002
#define	RB_NOSYNC	0x004
#define	RB_HALT		0x008
#define	RB_POWERDOWN	(RB_HALT | 0x800)

int	reboot(int, char *);

#endif /* !_SYS_REBOOT_H_ */
