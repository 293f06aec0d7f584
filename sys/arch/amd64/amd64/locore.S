/*	Petrel: amd64/locore.S -- entry from Xen, traps, the hypercall page.
 *
 * Xen starts us in 64-bit mode on its boot page tables with %rsi
 * pointing at start_info, events masked and the stack in the boot
 * area.  We switch to our own stack and go to C.
 */

#include <x86/asm.h>
#include <x86/frameasm.h>
#include <x86/trap.h>
#include <xen/hypercall.h>
#include <xen/locore.h>

#include "assym.h"

XEN_ELFNOTES

	.text
ENTRY(start)
	cld
	movq	$bootstack_top, %rsp
	xorq	%rbp, %rbp		/* ends backtraces */
	movq	%rsi, %rdi
	call	xen_start
1:	hlt				/* not reached */
	jmp	1b
END(start)

XEN_HYPERCALL_PAGE

/* Trap entry: see x86/frameasm.h. */
XEN_TRAP_STUBS
TRAP_NOERR(Xsyscall_callback, T_SYSCALL)

/*
 * alltraps stores the registers by their offsets in struct trapframe;
 * what the stubs, the CPU and Xen push above them is in a fixed order,
 * which the struct must follow.
 */
ASSERT_EQUAL(TF_REGSIZE, 15 * 8, "alltraps saves 15 registers, no more")
ASSERT_EQUAL(TF_ERR, TF_TRAPNO + 8, "tf_err must follow tf_trapno")
ASSERT_EQUAL(TF_RIP, TF_ERR + 8, "tf_rip must follow tf_err")
ASSERT_EQUAL(TF_CS, TF_RIP + 8, "the CPU frame is %rip, %cs, ...")
ASSERT_EQUAL(TF_RFLAGS, TF_CS + 8, "the CPU frame is ..., %cs, %rflags")
ASSERT_EQUAL(TF_RSP, TF_RFLAGS + 8, "the CPU frame is ..., %rflags, %rsp")
ASSERT_EQUAL(TF_SS, TF_RSP + 8, "the CPU frame is ..., %rsp, %ss")
ASSERT_EQUAL(TRAPFRAME_SIZE, TF_SS + 8, "struct trapframe ends with tf_ss")
/* After an NMI, HYPERVISOR_iret takes the CPU frame with a flags word. */
ASSERT_EQUAL(IRET_RIP, IRET_FLAGS + 8, "iret_context: flags, then %rip")
ASSERT_EQUAL(IRET_CS - IRET_RIP, TF_CS - TF_RIP, "iret_context %cs")
ASSERT_EQUAL(IRET_RFLAGS - IRET_RIP, TF_RFLAGS - TF_RIP, "iret_context %rflags")
ASSERT_EQUAL(IRET_RSP - IRET_RIP, TF_RSP - TF_RIP, "iret_context %rsp")
ASSERT_EQUAL(IRET_SS - IRET_RIP, TF_SS - TF_RIP, "iret_context %ss")

ENTRY(alltraps)
	subq	$TF_REGSIZE, %rsp
	movq	%rax, TF_RAX(%rsp)
	movq	%rbx, TF_RBX(%rsp)
	movq	%rcx, TF_RCX(%rsp)
	movq	%rdx, TF_RDX(%rsp)
	movq	%rsi, TF_RSI(%rsp)
	movq	%rdi, TF_RDI(%rsp)
	movq	%rbp, TF_RBP(%rsp)
	movq	%r8, TF_R8(%rsp)
	movq	%r9, TF_R9(%rsp)
	movq	%r10, TF_R10(%rsp)
	movq	%r11, TF_R11(%rsp)
	movq	%r12, TF_R12(%rsp)
	movq	%r13, TF_R13(%rsp)
	movq	%r14, TF_R14(%rsp)
	movq	%r15, TF_R15(%rsp)
	cld
	movq	%rsp, %rdi
	call	trap
	.globl	trap_return
trap_return:
	movq	TF_R15(%rsp), %r15
	movq	TF_R14(%rsp), %r14
	movq	TF_R13(%rsp), %r13
	movq	TF_R12(%rsp), %r12
	movq	TF_R11(%rsp), %r11
	movq	TF_R10(%rsp), %r10
	movq	TF_R9(%rsp), %r9
	movq	TF_R8(%rsp), %r8
	movq	TF_RBP(%rsp), %rbp
	movq	TF_RDI(%rsp), %rdi
	movq	TF_RSI(%rsp), %rsi
	movq	TF_RDX(%rsp), %rdx
	movq	TF_RCX(%rsp), %rcx
	movq	TF_RBX(%rsp), %rbx
	movq	TF_RAX(%rsp), %rax
	cmpq	$T_NMI, TF_TRAPNO(%rsp)
	je	1f
	testb	$SEL_RPL, TF_CS(%rsp)
	jnz	2f			/* back to user mode */
	addq	$TF_RIP, %rsp		/* to the CPU frame */
	/*
	 * The kernel runs in ring 3 under Xen: a plain iretq returns to
	 * it without a hypercall, once the saved selectors say RPL 3
	 * (Xen reports them as RPL 0).
	 */
	orb	$SEL_RPL, TF_CS - TF_RIP(%rsp)
	orb	$SEL_RPL, TF_SS - TF_RIP(%rsp)
	iretq
	/*
	 * After an NMI, return through Xen's iret: only that ends Xen's NMI
	 * masking for this vCPU, so the next NMI can come.  The hypercall
	 * page pushes %rcx, %r11 and %rax itself; we add the flags word.
	 */
1:	addq	$TF_RIP, %rsp
	pushq	$0			/* flags: not in a syscall */
	jmp	hypercall_page + HYPERCALL_OFFSET(__HYPERVISOR_iret)
	/*
	 * To user mode: only Xen's iret switches to the user page table
	 * and GS base.  After a system call it may skip %rcx and %r11,
	 * which the syscall instruction clobbers anyway.
	 */
2:	cmpq	$T_SYSCALL, TF_TRAPNO(%rsp)
	leaq	TF_RIP(%rsp), %rsp	/* lea: the flags stay */
	jne	3f
	pushq	$VGCF_in_syscall
	jmp	hypercall_page + HYPERCALL_OFFSET(__HYPERVISOR_iret)
3:	pushq	$0
	jmp	hypercall_page + HYPERCALL_OFFSET(__HYPERVISOR_iret)
END(alltraps)

/*
 * void user_enter(struct trapframe *tf): leave the kernel for user
 * mode with the registers in tf (a user frame on this thread's stack).
 */
ENTRY(user_enter)
	movq	%rdi, %rsp
	jmp	trap_return
END(user_enter)

XEN_BOOTSTACK

/* int probe_access(vaddr_t va, int write): see x86/frameasm.h. */
ENTRY(probe_access)
	PROBE_ACCESS_BODY(%rdi, %esi)
END(probe_access)

/*
 * int copy_bytes(void *dst, const void *src, size_t len): copyin and
 * copyout's copy.  Returns 0, or -1 if it faulted: the caller arms the
 * fault catcher with copy_fault (probe.c), trap() resumes there.
 */
ENTRY(copy_bytes)
	movq	%rdx, %rcx
	rep movsb
	xorl	%eax, %eax
	ret
	.globl	copy_fault
copy_fault:
	movl	$-1, %eax
	ret
END(copy_bytes)

/*
 * struct lwp *cpu_switchto(struct lwp *old, struct lwp *new)
 * Save old's callee-saved registers and FPU state, load new's, and
 * return (in new) the LWP we came from.  The stack pointer and the
 * fxsave area are in struct lwp's pcb (L_PCB_SP, L_PCB_FPU: assym.h).
 */
ASSERT_EQUAL(L_PCB_FPU % 16, 0, "fxsave wants a 16-byte aligned area")
ENTRY(cpu_switchto)
	pushq	%rbx
	pushq	%rbp
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	movq	%rsp, L_PCB_SP(%rdi)
	fxsave	L_PCB_FPU(%rdi)
	movq	L_PCB_SP(%rsi), %rsp
	fxrstor	L_PCB_FPU(%rsi)
	movq	%rsi, %gs:CI_CURLWP
	movq	%rdi, %rax
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbp
	popq	%rbx
	ret
END(cpu_switchto)

/*
 * A new LWP starts here (cpu_lwp_setup built its stack): %rax is the
 * LWP we switched from, %r12 the function, %r13 its argument.
 */
ENTRY(lwp_trampoline)
	movq	%rax, %rdi
	movq	%gs:CI_CURLWP, %rsi
	call	lwp_startup
	movq	%r13, %rdi
	call	*%r12
	xorl	%edi, %edi
	call	kthread_exit
END(lwp_trampoline)
