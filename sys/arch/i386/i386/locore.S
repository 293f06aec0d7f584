/*	Petrel: i386/locore.S -- entry from Xen (PAE), traps, hypercall page.
 *
 * Xen starts us in 32-bit protected mode, ring 1, on its PAE boot page
 * tables with %esi pointing at start_info.
 */

#include <x86/asm.h>
#include <x86/trap.h>
#include <xen/public/elfnote.h>
#include <xen/public/features.h>

	ELFNOTE(XEN_ELFNOTE_GUEST_OS, .asciz, "Petrel")
	ELFNOTE(XEN_ELFNOTE_GUEST_VERSION, .asciz, "0.1")
	ELFNOTE(XEN_ELFNOTE_XEN_VERSION, .asciz, "xen-3.0")
	ELFNOTE(XEN_ELFNOTE_LOADER, .asciz, "generic")
	ELFNOTE(XEN_ELFNOTE_VIRT_BASE, .long, 0xc0000000)
	ELFNOTE(XEN_ELFNOTE_PADDR_OFFSET, .long, 0xc0000000)
	ELFNOTE(XEN_ELFNOTE_ENTRY, .long, start)
	ELFNOTE(XEN_ELFNOTE_HYPERCALL_PAGE, .long, hypercall_page)
	ELFNOTE(XEN_ELFNOTE_FEATURES, .asciz, "pae_pgdir_above_4gb")
	ELFNOTE(XEN_ELFNOTE_PAE_MODE, .asciz, "yes")
	ELFNOTE(XEN_ELFNOTE_SUSPEND_CANCEL, .long, 0)
	ELFNOTE(XEN_ELFNOTE_SUPPORTED_FEATURES, .long, (1 << XENFEAT_dom0))

	.text
ENTRY(start)
	cld
	movl	$bootstack_top, %esp
	xorl	%ebp, %ebp
	pushl	%esi
	call	xen_start
1:	hlt
	jmp	1b
END(start)

	.section .text.hypercall, "ax"
	.p2align 12
	.globl	hypercall_page
hypercall_page:
	.skip	4096
	.text

/*
 * Trap entry: Xen gives a hardware-style frame (same ring: no %esp/%ss).
 * Make it uniform (error code, trap number) and save the registers.
 */
#define TRAP_NOERR(name, num)				\
ENTRY(name)						\
	pushl	$0;					\
	pushl	$(num);					\
	jmp	alltraps;				\
END(name)

#define TRAP_ERR(name, num)				\
ENTRY(name)						\
	pushl	$(num);					\
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
TRAP_NOERR(Xfailsafe_callback, T_FAILSAFE)

ENTRY(alltraps)
	pushal
	cld
	pushl	%esp
	call	trap
	addl	$4, %esp
	.globl	trap_return
trap_return:
	popal
	cmpl	$T_NMI, (%esp)		/* tf_trapno */
	je	1f
	addl	$8, %esp		/* trap number, error code */
	iret				/* ring 1 to ring 1: no hypercall */
	/* After an NMI, Xen's iret ends its NMI masking (amd64/locore.S). */
1:	addl	$8, %esp
	jmp	hypercall_page + (23 * 32)	/* __HYPERVISOR_iret */
END(alltraps)

	.bss
	.p2align 12
	.globl	bootstack
bootstack:
	.skip	4 * 4096
	.globl	bootstack_top
bootstack_top:

/* int probe_access(vaddr_t va, int write): see amd64/locore.S. */
	.text
ENTRY(probe_access)
	movl	4(%esp), %ecx
	movb	(%ecx), %al
	cmpl	$0, 8(%esp)
	je	1f
	movb	%al, (%ecx)
1:	xorl	%eax, %eax
	ret
	.globl	probe_fault
probe_fault:
	movl	$-1, %eax
	ret
END(probe_access)

/*
 * int copy_bytes(void *dst, const void *src, size_t len): see
 * amd64/locore.S.  copy_fault finds %edi and %esi where they were
 * pushed: trap() resumes there with the stack of the fault.
 */
ENTRY(copy_bytes)
	pushl	%esi
	pushl	%edi
	movl	12(%esp), %edi
	movl	16(%esp), %esi
	movl	20(%esp), %ecx
	rep movsb
	xorl	%eax, %eax
	popl	%edi
	popl	%esi
	ret
	.globl	copy_fault
copy_fault:
	movl	$-1, %eax
	popl	%edi
	popl	%esi
	ret
END(copy_bytes)

/*
 * struct lwp *cpu_switchto(struct lwp *old, struct lwp *new):
 * see amd64/locore.S.  The per-CPU segment is %fs.
 */
ENTRY(cpu_switchto)
	pushl	%ebx
	pushl	%esi
	pushl	%edi
	pushl	%ebp
	movl	20(%esp), %eax		/* old */
	movl	24(%esp), %ecx		/* new */
	movl	%esp, 0(%eax)
	fxsave	16(%eax)
	movl	0(%ecx), %esp
	fxrstor	16(%ecx)
	movl	%ecx, %fs:4		/* ci_curlwp */
	popl	%ebp
	popl	%edi
	popl	%esi
	popl	%ebx
	ret
END(cpu_switchto)

/* A new LWP starts here: %eax = previous LWP, %ebx = func, %esi = arg. */
ENTRY(lwp_trampoline)
	pushl	%fs:4
	pushl	%eax
	call	lwp_startup
	addl	$8, %esp
	pushl	%esi
	call	*%ebx
	addl	$4, %esp
	pushl	$0
	call	kthread_exit
END(lwp_trampoline)
