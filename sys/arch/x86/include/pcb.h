/*	Petrel: x86/pcb.h -- what cpu_switchto keeps of a thread.	*/
#ifndef _MACHINE_PCB_H_
#define _MACHINE_PCB_H_

#include <sys/types.h>

/* locore.S reaches the fields through assym.h (x86/genassym.cf). */
struct pcb {
	vaddr_t		pcb_sp;		/* saved stack pointer */
	uint16_t	pcb_fs, pcb_gs;	/* amd64: the user's selectors */
	uint8_t		pcb_fpu[512] __aligned(16);	/* fxsave area */
};

#endif
