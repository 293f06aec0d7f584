/*	Petrel: x86/pcb.h -- what cpu_switchto keeps of a thread.	*/
#ifndef _MACHINE_PCB_H_
#define _MACHINE_PCB_H_

#include <sys/types.h>

/* locore.S reaches the fields through assym.h (x86/genassym.cf). */
struct pcb {
	vaddr_t		pcb_sp;		/* saved stack pointer */
	vaddr_t		pcb_pad;
	uint8_t		pcb_fpu[512] __aligned(16);	/* fxsave area */
};

#endif
