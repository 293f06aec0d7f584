/*	Petrel: x86/segments.h -- selector privilege bits, both machines.
 *
 * Xen runs a PV kernel in ring 1 (i386) or ring 3 (amd64, where it
 * reports the kernel's selectors as RPL 0 in trap frames), and user
 * code in ring 3: a frame whose %cs has RPL SEL_UPL came from user mode.
 */
#ifndef _X86_SEGMENTS_H_
#define _X86_SEGMENTS_H_

#define SEL_RPL		3	/* a selector's privilege level bits */
#define SEL_UPL		3	/* user mode's */

#define TRAPF_USERMODE(tf)	(((tf)->tf_cs & SEL_RPL) == SEL_UPL)

#endif
