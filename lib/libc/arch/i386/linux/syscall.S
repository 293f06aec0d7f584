/*	Petrel libc: arch/i386/linux/syscall.S
 *
 * long __linux_syscall(long num, long a1, ..., long a6): Linux's i386
 * convention passes the arguments in %ebx %ecx %edx %esi %edi %ebp, so
 * the callee-saved ones are kept on the stack around int $0x80.
 * Used only by the "linux" ABI build.
 */
	.text
	.globl	__linux_syscall
	.type	__linux_syscall, @function
__linux_syscall:
	pushl	%ebx
	pushl	%esi
	pushl	%edi
	pushl	%ebp
	movl	20(%esp), %eax		/* 4 saved + return address */
	movl	24(%esp), %ebx
	movl	28(%esp), %ecx
	movl	32(%esp), %edx
	movl	36(%esp), %esi
	movl	40(%esp), %edi
	movl	44(%esp), %ebp
	int	$0x80
	popl	%ebp
	popl	%edi
	popl	%esi
	popl	%ebx
	ret
	.size	__linux_syscall, . - __linux_syscall
	.section .note.GNU-stack, "", @progbits
