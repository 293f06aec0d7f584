/*	Petrel: amd64/ktest_userprog.S -- tiny user programs for x86/ktest_user.c.
 *
 * Position-independent code that ktest_user.c wraps in a static ELF
 * image and runs as a process, one entry point per program.  ktu_arg
 * is a word the test writes before the run (an address to touch).
 * System calls as NetBSD's libc makes them: the number in %eax, the
 * arguments in %rdi, %rsi, %rdx; the carry flag means an error.
 */

#include <x86/asm.h>
/* Only the SYS_* numbers: the kernel part of the header is C. */
#undef _KERNEL
#include <sys/syscall.h>

#define SYSCALL(num)	movl $(num), %eax; syscall
#define EXIT(status)	movl $(status), %edi; SYSCALL(SYS_exit)

	.section .rodata.ktest_user, "a"
	.p2align 12
	.globl	ktu_start
ktu_start:

ktu_msg:
	.ascii	"ktest_user: hello from user mode\n"
ktu_msg_end:
	.p2align 3
	.globl	ktu_arg
ktu_arg:
	.quad	0

/* write(1, ktu_msg) must return its length; then exit(getpid() & 0x7f). */
	.globl	ktu_hello
ktu_hello:
	movl	$1, %edi
	leaq	ktu_msg(%rip), %rsi
	movl	$(ktu_msg_end - ktu_msg), %edx
	SYSCALL(SYS_write)
	jc	1f
	cmpq	$(ktu_msg_end - ktu_msg), %rax
	jne	1f
	SYSCALL(SYS_getpid)
	movl	%eax, %edi
	andl	$0x7f, %edi
	SYSCALL(SYS_exit)
1:	EXIT(0xff)

/* Touch ktu_arg's address: each should end the process by a signal. */
	.globl	ktu_load
ktu_load:
	movq	ktu_arg(%rip), %rax
	movq	(%rax), %rax
	EXIT(0)

	.globl	ktu_store
ktu_store:
	movq	ktu_arg(%rip), %rax
	movb	$0, (%rax)
	EXIT(0)

	.globl	ktu_jump
ktu_jump:
	movq	ktu_arg(%rip), %rax
	jmp	*%rax

/* Run a "ret" written on the stack (not executable). */
	.globl	ktu_stack_exec
ktu_stack_exec:
	movb	$0xc3, -64(%rsp)
	leaq	-64(%rsp), %rax
	call	*%rax
	EXIT(0)

/* Privileged in ring 3: each must fault. */
	.globl	ktu_cli
ktu_cli:
	cli
	EXIT(0)

	.globl	ktu_hlt
ktu_hlt:
	hlt
	EXIT(0)

	.globl	ktu_inb
ktu_inb:
	inb	$0x80, %al
	EXIT(0)

	.globl	ktu_int_kernel
ktu_int_kernel:
	int	$0x0e			/* the page-fault vector, DPL 0 */
	EXIT(0)

/* An unknown system call: exit with its error (ENOSYS), carry set. */
	.globl	ktu_nosys
ktu_nosys:
	SYSCALL(SYS_NSYSENT + 1000)
	jnc	1f
	movl	%eax, %edi
	SYSCALL(SYS_exit)
1:	EXIT(0xff)

/* write(1, ktu_arg, 16): exit with the error (EFAULT for a bad one). */
	.globl	ktu_write_arg
ktu_write_arg:
	movl	$1, %edi
	movq	ktu_arg(%rip), %rsi
	movl	$16, %edx
	SYSCALL(SYS_write)
	jnc	1f
	movl	%eax, %edi
	SYSCALL(SYS_exit)
1:	EXIT(0)

/*
 * fork: the child exits 7; the parent reaps it with wait4 and exits 0
 * if the status is exit(7), else 1 (2: fork or wait4 failed).
 */
	.globl	ktu_fork
ktu_fork:
	SYSCALL(SYS_fork)
	jc	2f
	testl	%edx, %edx
	jz	1f
	EXIT(7)				/* the child */
1:	movl	%eax, %edi		/* pid */
	subq	$16, %rsp
	movq	%rsp, %rsi		/* &status */
	xorl	%edx, %edx		/* options */
	xorl	%r10d, %r10d		/* rusage */
	SYSCALL(SYS___wait450)
	jc	2f
	cmpl	$(7 << 8), (%rsp)
	jne	3f
	EXIT(0)
3:	EXIT(1)
2:	EXIT(2)

	.globl	ktu_end
ktu_end:
