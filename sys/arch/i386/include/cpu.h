/*	Petrel: i386 machine/cpu.h -- curcpu() and the rest: x86/cpu.h	*/
#ifndef _I386_CPU_H_
#define _I386_CPU_H_

#include <x86/cpu.h>
#include <machine/intr.h>

#endif
