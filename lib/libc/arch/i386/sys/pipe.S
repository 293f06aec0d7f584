/*	Petrel libc: arch/i386/sys/pipe.S -- the descriptors come back in %eax
 *	and %edx; we store them in the caller's array.
 */
#include "SYS.h"

ENTRY(pipe)
	movl	$42, %eax		/* SYS_pipe */
	int	$0x80
	jc	__cerror
	movl	4(%esp), %ecx
	movl	%eax, (%ecx)
	movl	%edx, 4(%ecx)
	xorl	%eax, %eax
	ret
END(pipe)
	.section .note.GNU-stack, "", @progbits
