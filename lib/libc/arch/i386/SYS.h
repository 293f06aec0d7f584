/*	Petrel libc: arch/i386/SYS.h -- system call stubs, NetBSD's ABI.
 *
 * int $0x80 with the number in %eax; the kernel reads the arguments from
 * the user stack at 4(%esp), just where the C caller left them (0(%esp)
 * is our return address).  Carry set: %eax is an errno.
 */
#define	ENTRY(x)							\
	.text; .globl x; .type x, @function; .p2align 4; x:
#define	END(x)	.size x, . - x

#define	RSYSCALL(name, num)						\
	.section .text.name, "ax", @progbits;				\
	.globl name; .type name, @function; .p2align 4;			\
name:	movl	$(num), %eax;						\
	int	$0x80;							\
	jc	__cerror;						\
	ret;								\
	.size name, . - name
