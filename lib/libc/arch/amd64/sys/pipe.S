/*	Petrel libc: arch/amd64/sys/pipe.S -- the two descriptors come back in
 *	%rax and %rdx; we store them in the caller's array.
 */
#include "SYS.h"

ENTRY(pipe)
	pushq	%rdi
	movl	$42, %eax		/* SYS_pipe */
	syscall
	popq	%rdi			/* popq keeps the carry flag */
	jc	__cerror
	movl	%eax, (%rdi)
	movl	%edx, 4(%rdi)
	xorl	%eax, %eax
	ret
END(pipe)
	.section .note.GNU-stack, "", @progbits
