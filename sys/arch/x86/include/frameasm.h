/*	Petrel: x86/frameasm.h -- trap entry stubs, shared by both locore.S.
 *
 * Every trap and Xen callback enters through a stub that makes the
 * frame uniform -- error code (0 where the CPU gives none), then trap
 * number -- and jumps to its locore.S's alltraps, which saves the
 * registers as struct trapframe.  Only the first step differs between
 * the machines: see XEN_TRAP_ENTRY.  probe_access (PROBE_ACCESS_BODY)
 * is shared the same way: only where its arguments are differs.
 */
#ifndef _X86_FRAMEASM_H_
#define _X86_FRAMEASM_H_

#include <x86/asm.h>
#include <x86/trap.h>
#include <x86/segments.h>

#ifdef __x86_64__
/*
 * Xen pushes %rcx and %r11 above the hardware-style frame (it clobbered
 * them to get here): reload them and drop the two words.
 */
#define XEN_FRAME_RCX	0
#define XEN_FRAME_R11	8
#define XEN_FRAME_SIZE	16
#define XEN_TRAP_ENTRY						\
	movq	XEN_FRAME_RCX(%rsp), %rcx;			\
	movq	XEN_FRAME_R11(%rsp), %r11;			\
	addq	$XEN_FRAME_SIZE, %rsp
#define PUSH_LONG	pushq		/* one register-sized word */
#else
/* i386: a plain hardware-style frame (same ring: no %esp/%ss). */
#define XEN_TRAP_ENTRY
#define PUSH_LONG	pushl
#endif

#define TRAP_NOERR(name, num)					\
ENTRY(name)							\
	XEN_TRAP_ENTRY;						\
	PUSH_LONG $0;						\
	PUSH_LONG $(num);					\
	jmp	alltraps;					\
END(name)

#define TRAP_ERR(name, num)					\
ENTRY(name)							\
	XEN_TRAP_ENTRY;						\
	PUSH_LONG $(num);					\
	jmp	alltraps;					\
END(name)

/*
 * The stubs both machines have (locore.S adds amd64's syscall one).
 * The failsafe frame has %ds..%gs on top of the usual one: reported as
 * it is.
 */
#define XEN_TRAP_STUBS						\
	TRAP_NOERR(Xtrap00, T_DIVIDE);				\
	TRAP_NOERR(Xtrap01, T_TRCTRAP);				\
	TRAP_NOERR(Xtrap02, T_NMI);				\
	TRAP_NOERR(Xtrap03, T_BPTFLT);				\
	TRAP_NOERR(Xtrap04, T_OFLOW);				\
	TRAP_NOERR(Xtrap05, T_BOUND);				\
	TRAP_NOERR(Xtrap06, T_PRIVINFLT);			\
	TRAP_NOERR(Xtrap07, T_DNA);				\
	TRAP_ERR(Xtrap08, T_DOUBLEFLT);				\
	TRAP_NOERR(Xtrap09, T_FPOPFLT);				\
	TRAP_ERR(Xtrap0a, T_TSSFLT);				\
	TRAP_ERR(Xtrap0b, T_SEGNPFLT);				\
	TRAP_ERR(Xtrap0c, T_STKFLT);				\
	TRAP_ERR(Xtrap0d, T_PROTFLT);				\
	TRAP_ERR(Xtrap0e, T_PAGEFLT);				\
	TRAP_NOERR(Xtrap10, T_ARITHTRAP);			\
	TRAP_ERR(Xtrap11, T_ALIGNFLT);				\
	TRAP_NOERR(Xtrap12, T_MCA);				\
	TRAP_NOERR(Xtrap13, T_XMM);				\
	TRAP_NOERR(Xhypervisor_callback, T_UPCALL);		\
	TRAP_NOERR(Xnmi_callback, T_NMI);			\
	TRAP_NOERR(Xfailsafe_callback, T_FAILSAFE)

/*
 * probe_access(va, write) once the machine's calling convention has put
 * va and write in the registers named: touch one byte at va (and write
 * it back if asked), return 0.  The caller armed the fault catcher with
 * probe_fault (x86/probe.h): a fault resumes there, with this stack
 * unchanged, and returns -1.
 */
#define PROBE_ACCESS_BODY(va, write)				\
	movb	(va), %al;					\
	testl	write, write;					\
	jz	1f;						\
	movb	%al, (va);					\
1:	xorl	%eax, %eax;					\
	ret;							\
	.globl	probe_fault;					\
probe_fault:							\
	movl	$-1, %eax;					\
	ret

/*
 * Stop the build when a and b (absolute expressions, e.g. of assym.h
 * offsets) differ: for what locore.S assumes beyond the offsets, such
 * as the order in which the CPU, Xen or pushal lay out a frame.
 */
#define ASSERT_EQUAL(a, b, msg)					\
	.if (a) - (b);						\
	.error msg;						\
	.endif

#endif
