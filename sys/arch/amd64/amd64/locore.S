/*	Petrel: amd64/locore.S -- entry from Xen, traps, the hypercall page.
 *
 * Xen starts us in 64-bit mode on its boot page tables with %rsi
 * pointing at start_info, events masked and the stack in the boot
 * area.  We switch to our own stack and go to C.
 */

#include <x86/asm.h>
#include <x86/trap.h>
#include <xen/public/elfnote.h>
#include <xen/public/features.h>

	ELFNOTE(XEN_ELFNOTE_GUEST_OS, .asciz, "Petrel")
	ELFNOTE(XEN_ELFNOTE_GUEST_VERSION, .asciz, "0.1")
	ELFNOTE(XEN_ELFNOTE_XEN_VERSION, .asciz, "xen-3.0")
	ELFNOTE(XEN_ELFNOTE_LOADER, .asciz, "generic")
	ELFNOTE(XEN_ELFNOTE_VIRT_BASE, .quad, 0xffffffff80000000)
	ELFNOTE(XEN_ELFNOTE_PADDR_OFFSET, .quad, 0xffffffff80000000)
	ELFNOTE(XEN_ELFNOTE_ENTRY, .quad, start)
	ELFNOTE(XEN_ELFNOTE_HYPERCALL_PAGE, .quad, hypercall_page)
	ELFNOTE(XEN_ELFNOTE_FEATURES, .asciz, "")
	ELFNOTE(XEN_ELFNOTE_PAE_MODE, .asciz, "yes")
	ELFNOTE(XEN_ELFNOTE_SUSPEND_CANCEL, .long, 0)
	ELFNOTE(XEN_ELFNOTE_SUPPORTED_FEATURES, .long, (1 << XENFEAT_dom0))

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

/* Xen fills this page with the hypercall trampolines. */
	.section .text.hypercall, "ax"
	.p2align 12
	.globl	hypercall_page
hypercall_page:
	.skip	4096
	.text

/*
 * Trap entry.  Xen pushes %rcx and %r11 above the hardware-style frame
 * (it clobbered them to get here), so each stub reloads them, then
 * makes every frame alike: error code (0 if the CPU gives none), trap
 * number, then alltraps saves the registers as struct trapframe.
 */
#define TRAP_NOERR(name, num)				\
ENTRY(name)						\
	movq	(%rsp), %rcx;				\
	movq	8(%rsp), %r11;				\
	addq	$16, %rsp;				\
	pushq	$0;					\
	pushq	$(num);					\
	jmp	alltraps;				\
END(name)

#define TRAP_ERR(name, num)				\
ENTRY(name)						\
	movq	(%rsp), %rcx;				\
	movq	8(%rsp), %r11;				\
	addq	$16, %rsp;				\
	pushq	$(num);					\
	jmp	alltraps;				\
END(name)

TRAP_NOERR(Xtrap00, T_DIVIDE)
TRAP_NOERR(Xtrap01, T_TRCTRAP)
TRAP_NOERR(Xtrap02, T_NMI)
TRAP_NOERR(Xtrap03, T_BPTFLT)
TRAP_NOERR(Xtrap04, T_OFLOW)
TRAP_NOERR(Xtrap05, T_BOUND)
TRAP_NOERR(Xtrap06, T_PRIVINFLT)
TRAP_NOERR(Xtrap07, T_DNA)
TRAP_ERR(Xtrap08, T_DOUBLEFLT)
TRAP_NOERR(Xtrap09, T_FPOPFLT)
TRAP_ERR(Xtrap0a, T_TSSFLT)
TRAP_ERR(Xtrap0b, T_SEGNPFLT)
TRAP_ERR(Xtrap0c, T_STKFLT)
TRAP_ERR(Xtrap0d, T_PROTFLT)
TRAP_ERR(Xtrap0e, T_PAGEFLT)
TRAP_NOERR(Xtrap10, T_ARITHTRAP)
TRAP_ERR(Xtrap11, T_ALIGNFLT)
TRAP_NOERR(Xtrap12, T_MCA)
TRAP_NOERR(Xtrap13, T_XMM)
TRAP_NOERR(Xhypervisor_callback, T_UPCALL)
TRAP_NOERR(Xnmi_callback, T_NMI)
TRAP_NOERR(Xsyscall_callback, T_SYSCALL)

/* The failsafe frame has %ds..%gs on top; report it as it is. */
ENTRY(Xfailsafe_callback)
	movq	(%rsp), %rcx
	movq	8(%rsp), %r11
	addq	$16, %rsp
	pushq	$0
	pushq	$T_FAILSAFE
	jmp	alltraps
END(Xfailsafe_callback)

ENTRY(alltraps)
	pushq	%rax
	pushq	%rbx
	pushq	%rcx
	pushq	%rdx
	pushq	%rsi
	pushq	%rdi
	pushq	%rbp
	pushq	%r8
	pushq	%r9
	pushq	%r10
	pushq	%r11
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	cld
	movq	%rsp, %rdi
	call	trap
	.globl	trap_return
trap_return:
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%r11
	popq	%r10
	popq	%r9
	popq	%r8
	popq	%rbp
	popq	%rdi
	popq	%rsi
	popq	%rdx
	popq	%rcx
	popq	%rbx
	popq	%rax
	cmpq	$T_NMI, (%rsp)		/* tf_trapno */
	je	1f
	addq	$16, %rsp		/* trap number, error code */
	/*
	 * The kernel runs in ring 3 under Xen: a plain iretq returns to
	 * it without a hypercall, once the saved selectors say RPL 3
	 * (Xen reports them as RPL 0).
	 */
	orb	$3, 8(%rsp)		/* %cs */
	orb	$3, 32(%rsp)		/* %ss */
	iretq
	/*
	 * After an NMI, return through Xen's iret: only that ends Xen's NMI
	 * masking for this vCPU, so the next NMI can come.  The hypercall
	 * page pushes %rcx, %r11 and %rax itself; we add the flags word.
	 */
1:	addq	$16, %rsp
	pushq	$0			/* flags: not in a syscall */
	jmp	hypercall_page + (23 * 32)	/* __HYPERVISOR_iret */
END(alltraps)

	.bss
	.p2align 12
	.globl	bootstack
bootstack:
	.skip	4 * 4096
	.globl	bootstack_top
bootstack_top:

/*
 * int probe_access(vaddr_t va, int write): touch one byte at va.
 * Returns 0, or -1 if it faulted: the caller arms the fault catcher
 * with probe_fault (probe.c), and trap() resumes there with this stack
 * unchanged.
 */
	.text
ENTRY(probe_access)
	movb	(%rdi), %al
	testl	%esi, %esi
	jz	1f
	movb	%al, (%rdi)
1:	xorl	%eax, %eax
	ret
	.globl	probe_fault
probe_fault:
	movl	$-1, %eax
	ret
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
 * return (in new) the LWP we came from.  struct pcb is at the start of
 * struct lwp: the stack pointer at PCB_SP (0), fxsave area at PCB_FPU.
 */
ENTRY(cpu_switchto)
	pushq	%rbx
	pushq	%rbp
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	movq	%rsp, 0(%rdi)
	fxsave	16(%rdi)
	movq	0(%rsi), %rsp
	fxrstor	16(%rsi)
	movq	%rsi, %gs:8		/* ci_curlwp */
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
	movq	%gs:8, %rsi
	call	lwp_startup
	movq	%r13, %rdi
	call	*%r12
	xorl	%edi, %edi
	call	kthread_exit
END(lwp_trampoline)
