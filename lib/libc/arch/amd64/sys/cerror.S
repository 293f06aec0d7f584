/*	Petrel libc: arch/amd64/sys/cerror.S -- a failed call: errno, -1. */
#include "SYS.h"

ENTRY(__cerror)
	movl	%eax, errno(%rip)
	movq	$-1, %rax
	ret
END(__cerror)
	.section .note.GNU-stack, "", @progbits
