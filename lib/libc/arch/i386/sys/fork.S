/*	Petrel libc: arch/i386/sys/fork.S -- %edx is 1 in the child, which
 *	gets 0 from us; the parent gets the child's pid from %eax.
 */
#include "SYS.h"

ENTRY(fork)
	movl	$2, %eax		/* SYS_fork */
	int	$0x80
	jc	__cerror
	testl	%edx, %edx
	jz	1f
	xorl	%eax, %eax
1:	ret
END(fork)
	.section .note.GNU-stack, "", @progbits
