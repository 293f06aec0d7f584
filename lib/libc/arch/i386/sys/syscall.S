/*	Petrel libc: arch/i386/sys/syscall.S -- long syscall(long number,
 *	...): any system call by its number (tests/user/h_sysfuzz).
 *
 * The kernel reads the arguments from 4(%esp), where ours start at
 * 8(%esp) behind the number: copy eight words down into a frame of our
 * own, below a return-address slot, and trap from there.  lea and pop
 * keep the carry flag.
 */
#include "SYS.h"

#define	SYSCALL_ARGWORDS	8

ENTRY(syscall)
	pushl	%ebp
	movl	%esp, %ebp
	pushl	%esi
	pushl	%edi
	subl	$(4 * (SYSCALL_ARGWORDS + 1)), %esp
	leal	12(%ebp), %esi		/* the caller's first argument */
	leal	4(%esp), %edi		/* where the kernel looks */
	movl	$SYSCALL_ARGWORDS, %ecx
	cld
	rep movsl
	movl	8(%ebp), %eax		/* the number */
	int	$0x80
	leal	-8(%ebp), %esp
	popl	%edi
	popl	%esi
	popl	%ebp
	jc	__cerror
	ret
END(syscall)
	.section .note.GNU-stack, "", @progbits
