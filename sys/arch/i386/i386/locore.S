/*	Petrel: i386/locore.S -- entry from Xen (PAE), traps, hypercall page.
 *
 * Xen starts us in 32-bit protected mode, ring 1, on its PAE boot page
 * tables with %esi pointing at start_info.
 */

#include <x86/asm.h>
#include <x86/frameasm.h>
#include <x86/trap.h>
#include <machine/segments.h>
#include <xen/hypercall.h>
#include <xen/locore.h>

#include "assym.h"

XEN_ELFNOTES

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

XEN_HYPERCALL_PAGE

/* Trap entry: see x86/frameasm.h.  System calls are int $0x80. */
XEN_TRAP_STUBS
TRAP_NOERR(Xsyscall_int80, T_SYSCALL)

/*
 * alltraps saves the data segments and then the registers with pushal,
 * whose order is the CPU's; above them are what the stubs and the CPU
 * push (with the user's %esp and %ss from user mode): struct trapframe
 * must follow all of it.
 */
ASSERT_EQUAL(TF_EDI, 0, "pushal order: %edi lowest")
ASSERT_EQUAL(TF_ESI, TF_EDI + 4, "pushal order: %esi")
ASSERT_EQUAL(TF_EBP, TF_ESI + 4, "pushal order: %ebp")
ASSERT_EQUAL(TF_ISP, TF_EBP + 4, "pushal order: %esp")
ASSERT_EQUAL(TF_EBX, TF_ISP + 4, "pushal order: %ebx")
ASSERT_EQUAL(TF_EDX, TF_EBX + 4, "pushal order: %edx")
ASSERT_EQUAL(TF_ECX, TF_EDX + 4, "pushal order: %ecx")
ASSERT_EQUAL(TF_EAX, TF_ECX + 4, "pushal order: %eax")
ASSERT_EQUAL(TF_GS, TF_EAX + 4, "the segments are pushed %ds first")
ASSERT_EQUAL(TF_FS, TF_GS + 4, "the segments: ..., %fs, %gs")
ASSERT_EQUAL(TF_ES, TF_FS + 4, "the segments: ..., %es, %fs, ...")
ASSERT_EQUAL(TF_DS, TF_ES + 4, "the segments: %ds, %es, ...")
ASSERT_EQUAL(TF_TRAPNO, TF_DS + 4, "tf_trapno must follow the segments")
ASSERT_EQUAL(TF_ERR, TF_TRAPNO + 4, "tf_err must follow tf_trapno")
ASSERT_EQUAL(TF_EIP, TF_ERR + 4, "tf_eip must follow tf_err")
ASSERT_EQUAL(TF_CS, TF_EIP + 4, "the CPU frame is %eip, %cs, ...")
ASSERT_EQUAL(TF_EFLAGS, TF_CS + 4, "the CPU frame is ..., %cs, %eflags")
ASSERT_EQUAL(TF_ESP, TF_EFLAGS + 4, "from user mode: ..., %esp, %ss")
ASSERT_EQUAL(TF_SS, TF_ESP + 4, "from user mode: ..., %esp, %ss")
ASSERT_EQUAL(TRAPFRAME_SIZE, TF_SS + 4, "trapframe ends with tf_ss")

/* Back from trap(): the registers, then the segments of the frame. */
#define TRAP_RESTORE_REGS					\
	popal;							\
	popl	%gs;						\
	popl	%fs;						\
	popl	%es;						\
	popl	%ds

ENTRY(alltraps)
	pushl	%ds
	pushl	%es
	pushl	%fs
	pushl	%gs
	pushal
	/* From user mode the segments are the user's: load ours. */
	movl	$FLAT_KERNEL_DS, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	$GSEL(GCPU_SEL, SEL_KPL), %eax
	movl	%eax, %fs
	cld
	pushl	%esp
	call	trap
	addl	$4, %esp
	.globl	trap_return
trap_return:
	/* The flags of these compares survive the pops. */
	movl	TF_CS(%esp), %eax
	andl	$SEL_RPL, %eax
	cmpl	$SEL_UPL, %eax
	je	1f			/* to user mode */
	cmpl	$T_NMI, TF_TRAPNO(%esp)
	je	1f
	TRAP_RESTORE_REGS
	addl	$(TF_EIP - TF_TRAPNO), %esp	/* to the CPU frame */
	iret				/* ring 1 to ring 1: no hypercall */
	/*
	 * To user mode, and after an NMI (whose masking only Xen's iret
	 * ends: amd64/locore.S): Xen's iret, which restores the event
	 * mask from the frame's IF atomically with the return.
	 */
1:	TRAP_RESTORE_REGS
	addl	$(TF_EIP - TF_TRAPNO), %esp
	jmp	hypercall_page + HYPERCALL_OFFSET(__HYPERVISOR_iret)
END(alltraps)

/* void user_enter(struct trapframe *tf): see amd64/locore.S. */
ENTRY(user_enter)
	movl	4(%esp), %esp
	jmp	trap_return
END(user_enter)

XEN_BOOTSTACK

/* int probe_access(vaddr_t va, int write): see x86/frameasm.h. */
ENTRY(probe_access)
	movl	4(%esp), %ecx		/* va */
	movl	8(%esp), %edx		/* write */
	PROBE_ACCESS_BODY(%ecx, %edx)
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
ASSERT_EQUAL(L_PCB_FPU % 16, 0, "fxsave wants a 16-byte aligned area")
ENTRY(cpu_switchto)
	pushl	%ebx
	pushl	%esi
	pushl	%edi
	pushl	%ebp
	movl	20(%esp), %eax		/* old */
	movl	24(%esp), %ecx		/* new */
	movl	%esp, L_PCB_SP(%eax)
	fxsave	L_PCB_FPU(%eax)
	movl	L_PCB_SP(%ecx), %esp
	fxrstor	L_PCB_FPU(%ecx)
	movl	%ecx, %fs:CI_CURLWP
	popl	%ebp
	popl	%edi
	popl	%esi
	popl	%ebx
	ret
END(cpu_switchto)

/* A new LWP starts here: %eax = previous LWP, %ebx = func, %esi = arg. */
ENTRY(lwp_trampoline)
	pushl	%fs:CI_CURLWP
	pushl	%eax
	call	lwp_startup
	addl	$8, %esp
	pushl	%esi
	call	*%ebx
	addl	$4, %esp
	pushl	$0
	call	kthread_exit
END(lwp_trampoline)
