/*	Petrel: x86/xenmd.h -- trap stubs from locore.S.	*/
#ifndef _X86_XENMD_H_
#define _X86_XENMD_H_
extern char Xtrap00[], Xtrap01[], Xtrap02[], Xtrap03[], Xtrap04[],
    Xtrap05[], Xtrap06[], Xtrap07[], Xtrap08[], Xtrap09[], Xtrap0a[],
    Xtrap0b[], Xtrap0c[], Xtrap0d[], Xtrap0e[], Xtrap10[], Xtrap11[],
    Xtrap12[], Xtrap13[];
extern char Xhypervisor_callback[], Xfailsafe_callback[], Xnmi_callback[];
extern char Xsyscall_callback[];	/* amd64: the syscall instruction */
extern char Xsyscall_int80[];		/* i386: int $0x80 */
#endif
