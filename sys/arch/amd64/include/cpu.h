/*	Petrel: amd64 machine/cpu.h -- curcpu() and the rest: x86/cpu.h	*/
#ifndef _AMD64_CPU_H_
#define _AMD64_CPU_H_

#include <x86/cpu.h>
#include <machine/intr.h>

#endif
