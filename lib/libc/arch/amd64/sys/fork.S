/*	Petrel libc: arch/amd64/sys/fork.S
 *
 * The kernel returns a pid in %rax in both processes and tells them
 * apart in %rdx: 0 in the parent, 1 in the child, which gets 0 from us.
 */
#include "SYS.h"

ENTRY(fork)
	movl	$2, %eax		/* SYS_fork */
	syscall
	jc	__cerror
	testq	%rdx, %rdx
	jz	1f
	xorl	%eax, %eax
1:	ret
END(fork)
	.section .note.GNU-stack, "", @progbits
