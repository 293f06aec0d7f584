/*	Petrel: i386/ktest_userprog.S -- tiny user programs for x86/ktest_user.c.
 *
 * See amd64/ktest_userprog.S.  System calls as NetBSD's libc makes them on
 * i386: the number in %eax, the arguments on the stack above a return
 * address slot, int $0x80; the carry flag means an error.
 */

#include <x86/asm.h>
/* Only the SYS_* numbers: the kernel part of the header is C. */
#undef _KERNEL
#include <sys/syscall.h>

/* Arguments pushed last to first; the slot under them is the stub's. */
#define SYSCALL(num)	movl $(num), %eax; pushl $0; int $0x80; \
			leal 4(%esp), %esp
#define EXIT(status)	pushl $(status); SYSCALL(SYS_exit)

	.section .rodata.ktest_user, "a"
	.p2align 12
	.globl	ktu_start
ktu_start:

ktu_msg:
	.ascii	"ktest_user: hello from user mode\n"
ktu_msg_end:
	.p2align 2
	.globl	ktu_arg
ktu_arg:
	.long	0

/* Position independent: %ebx = ktu_start, from a call. */
#define BASE	call 9f; 9: popl %ebx; subl $(9b - ktu_start), %ebx

	.globl	ktu_hello
ktu_hello:
	BASE
	pushl	$(ktu_msg_end - ktu_msg)
	leal	(ktu_msg - ktu_start)(%ebx), %eax
	pushl	%eax
	pushl	$1
	SYSCALL(SYS_write)
	leal	12(%esp), %esp		/* lea: the carry stays */
	jc	1f
	cmpl	$(ktu_msg_end - ktu_msg), %eax
	jne	1f
	SYSCALL(SYS_getpid)
	andl	$0x7f, %eax
	pushl	%eax
	SYSCALL(SYS_exit)
1:	EXIT(0xff)

	.globl	ktu_load
ktu_load:
	BASE
	movl	(ktu_arg - ktu_start)(%ebx), %eax
	movl	(%eax), %eax
	EXIT(0)

	.globl	ktu_store
ktu_store:
	BASE
	movl	(ktu_arg - ktu_start)(%ebx), %eax
	movb	$0, (%eax)
	EXIT(0)

	.globl	ktu_jump
ktu_jump:
	BASE
	movl	(ktu_arg - ktu_start)(%ebx), %eax
	jmp	*%eax

	.globl	ktu_stack_exec
ktu_stack_exec:
	movb	$0xc3, -64(%esp)
	leal	-64(%esp), %eax
	call	*%eax
	EXIT(0)

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
	int	$0x0e
	EXIT(0)

	.globl	ktu_nosys
ktu_nosys:
	SYSCALL(SYS_NSYSENT + 1000)
	jnc	1f
	pushl	%eax
	SYSCALL(SYS_exit)
1:	EXIT(0xff)

	.globl	ktu_write_arg
ktu_write_arg:
	BASE
	pushl	$16
	pushl	(ktu_arg - ktu_start)(%ebx)
	pushl	$1
	SYSCALL(SYS_write)
	leal	12(%esp), %esp
	jnc	1f
	pushl	%eax
	SYSCALL(SYS_exit)
1:	EXIT(0)

	.globl	ktu_fork
ktu_fork:
	SYSCALL(SYS_fork)
	jc	2f
	testl	%edx, %edx
	jz	1f
	EXIT(7)
1:	subl	$16, %esp
	movl	%esp, %ecx		/* &status */
	pushl	$0			/* rusage */
	pushl	$0			/* options */
	pushl	%ecx
	pushl	%eax			/* pid */
	SYSCALL(SYS___wait450)
	leal	16(%esp), %esp
	jc	2f
	cmpl	$(7 << 8), (%esp)
	jne	3f
	EXIT(0)
3:	EXIT(1)
2:	EXIT(2)

	.globl	ktu_end
ktu_end:
