/*	Petrel libc: arch/amd64/sys/syscall.S -- long syscall(long number,
 *	...): any system call by its number (tests/user/h_sysfuzz).
 *
 * The number moves from %rdi to %rax and each argument one register
 * down; the sixth argument, which the C convention left at 8(%rsp), goes
 * in %r9.  The kernel reads a seventh from 8(%rsp): there it finds the
 * sixth again, which is as good as any for a random caller.
 */
#include "SYS.h"

ENTRY(syscall)
	movq	%rdi, %rax
	movq	%rsi, %rdi
	movq	%rdx, %rsi
	movq	%rcx, %rdx
	movq	%r8, %r10
	movq	%r9, %r8
	movq	8(%rsp), %r9
	syscall
	jc	__cerror
	ret
END(syscall)
	.section .note.GNU-stack, "", @progbits
