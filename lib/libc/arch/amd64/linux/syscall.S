/*	Petrel libc: arch/amd64/linux/syscall.S
 *
 * long __linux_syscall(long num, long a1, ..., long a6): Linux's x86-64
 * convention (the same registers as NetBSD's); the result is raw, a value
 * in [-4095, -1] is -errno.  Used only by the "linux" ABI build.
 */
	.text
	.globl	__linux_syscall
	.type	__linux_syscall, @function
__linux_syscall:
	movq	%rdi, %rax
	movq	%rsi, %rdi
	movq	%rdx, %rsi
	movq	%rcx, %rdx
	movq	%r8, %r10
	movq	%r9, %r8
	movq	8(%rsp), %r9
	syscall
	ret
	.size	__linux_syscall, . - __linux_syscall
	.section .note.GNU-stack, "", @progbits
