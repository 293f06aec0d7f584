/*	Petrel libc: arch/i386/sys/cerror.S -- a failed call: errno, -1. */
#include "SYS.h"

ENTRY(__cerror)
	movl	%eax, errno
	movl	$-1, %eax
	movl	$-1, %edx		/* for the callers of 64-bit results */
	ret
END(__cerror)
	.section .note.GNU-stack, "", @progbits
