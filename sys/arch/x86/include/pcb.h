/*	Petrel: x86/pcb.h -- what cpu_switchto keeps of a thread.	*/
#ifndef _MACHINE_PCB_H_
#define _MACHINE_PCB_H_

#include <sys/types.h>

struct pcb {
	vaddr_t		pcb_sp;		/* offset 0: saved stack pointer */
	vaddr_t		pcb_pad;
	uint8_t		pcb_fpu[512] __aligned(16);	/* offset 16: fxsave */
};
#define PCB_SP		0
#define PCB_FPU		16

#endif
