/*	Petrel: sys/reboot.h -- boot flags (boothowto).	*/
#ifndef _SYS_REBOOT_H_
#define _SYS_REBOOT_H_
#define RB_AUTOBOOT	0x0000
#define RB_VERBOSE	0x0001	/* -v: aprint_verbose output shown */
#define RB_QUIET	0x0002	/* -q: aprint_normal output hidden */
#define RB_DEBUG	0x0004	/* -x: aprint_debug output shown */
#define RB_STAY		0x0008	/* -s: stay up after boot (no poweroff) */
#endif
