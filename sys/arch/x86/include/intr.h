/*	Petrel: x86/intr.h -- interrupt priority levels on Xen events.
 *
 * Xen delivers events through one upcall that the vCPU masks with
 * evtchn_upcall_mask.  Raising the level to IPL_HIGH masks the upcall;
 * lower levels are tracked in ci_ilevel and events at or below the
 * current level are deferred until splx() drops under them.
 */
#ifndef _X86_INTR_H_
#define _X86_INTR_H_

#define IPL_NONE	0
#define IPL_SOFTCLOCK	1
#define IPL_VM		5
#define IPL_SCHED	6
#define IPL_HIGH	7
#define NIPL		8

int	splraise(int);
void	splx(int);
void	intr_show_all(void);	/* the interrupt sources and counts */
#define splhigh()	splraise(IPL_HIGH)
#define splsched()	splraise(IPL_SCHED)
#define splvm()		splraise(IPL_VM)
#define splsoftclock()	splraise(IPL_SOFTCLOCK)
#define spl0()		splx(IPL_NONE)

#endif
