/*	Petrel libc: arch/amd64/SYS.h -- system call stubs, NetBSD's ABI.
 *
 * Number in %rax, arguments in %rdi %rsi %rdx %r10 %r8 %r9 (the C
 * convention's %rcx moves to %r10: syscall overwrites %rcx); a seventh
 * argument (mmap's offset) stays where the caller put it, 8(%rsp), where
 * the kernel reads it.  Carry set: %rax is an errno.
 */
#define	ENTRY(x)							\
	.text; .globl x; .type x, @function; .p2align 4; x:
#define	END(x)	.size x, . - x

#define	RSYSCALL(name, num)						\
	.section .text.name, "ax", @progbits;				\
	.globl name; .type name, @function; .p2align 4;			\
name:	movq	%rcx, %r10;						\
	movl	$(num), %eax;						\
	syscall;							\
	jc	__cerror;						\
	ret;								\
	.size name, . - name
