/*	Petrel: x86/trap.h -- trap numbers.	*/
#ifndef _X86_TRAP_H_
#define _X86_TRAP_H_
#define T_DIVIDE	0
#define T_TRCTRAP	1
#define T_NMI		2
#define T_BPTFLT	3
#define T_OFLOW		4
#define T_BOUND		5
#define T_PRIVINFLT	6
#define T_DNA		7
#define T_DOUBLEFLT	8
#define T_FPOPFLT	9
#define T_TSSFLT	10
#define T_SEGNPFLT	11
#define T_STKFLT	12
#define T_PROTFLT	13
#define T_PAGEFLT	14
#define T_ARITHTRAP	16
#define T_ALIGNFLT	17
#define T_MCA		18
#define T_XMM		19
#define T_NTRAPS	20
#define SYSCALL_VECTOR	0x80	/* i386: int $0x80 enters system calls */
#define T_UPCALL	0x100	/* Xen event upcall */
#define T_FAILSAFE	0x101	/* Xen failsafe callback */
#define T_SYSCALL	0x102	/* system call: syscall (amd64), int $0x80 */

#ifndef _LOCORE
struct trapframe;
void	trap(struct trapframe *);	/* from locore.S: every trap */
void	syscall(struct trapframe *);	/* x86/syscall.c */
void	syscall_set_return(struct trapframe *, int, const register_t *);
void	user_enter(struct trapframe *) __dead;	/* locore.S */
#endif
#endif
