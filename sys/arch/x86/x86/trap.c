/*	Petrel: x86/trap.c -- what happens on a trap.
 *
 * Every exception and the Xen event upcall enter through alltraps
 * (locore.S), which calls trap() with the saved registers.  From user
 * mode: a system call goes to syscall(), a page fault the process's
 * region allows gets its page (uvm_fault), and any other fault ends the
 * process with a signal and a console line; the kernel goes on.  In
 * the kernel, a page fault on user space (copyin) gets its page the
 * same way; otherwise, unless code that expects a fault armed the fault
 * catcher (ci_onfault: x86_probe, copyin/copyout; see probe.c), print a
 * register dump and stop the domain as crashed.
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/cpu.h>
#include <sys/proc.h>
#include <sys/sched.h>

#include <machine/frame.h>
#include <machine/vmparam.h>
#include <x86/segments.h>
#include <x86/trap.h>
#include <uvm/uvm_extern.h>
#include <uvm/uvm_map.h>
#include <xen/hypervisor.h>
#include <xen/xen.h>

static const char *const trap_names[T_NTRAPS] = {
	"divide error", "debug", "NMI", "breakpoint", "overflow",
	"bounds check", "privileged instruction", "FPU not available",
	"double fault", "FPU operand fetch", "invalid TSS",
	"segment not present", "stack fault", "general protection",
	"page fault", "reserved", "FPU error", "alignment", "machine check",
	"SSE FP exception",
};

static vaddr_t
trap_cr2(void)
{
	/* Xen stores %cr2 in this vCPU's shared area before the bounce. */
	return curcpu()->ci_vcpu->arch.cr2;
}

static void
trap_dump(struct trapframe *tf)
{
#ifdef __x86_64__
	printf("rax %016lx rbx %016lx rcx %016lx\n", tf->tf_rax, tf->tf_rbx,
	    tf->tf_rcx);
	printf("rdx %016lx rsi %016lx rdi %016lx\n", tf->tf_rdx, tf->tf_rsi,
	    tf->tf_rdi);
	printf("rbp %016lx rsp %016lx r8  %016lx\n", tf->tf_rbp, tf->tf_rsp,
	    tf->tf_r8);
	printf("r9  %016lx r10 %016lx r11 %016lx\n", tf->tf_r9, tf->tf_r10,
	    tf->tf_r11);
	printf("r12 %016lx r13 %016lx r14 %016lx\n", tf->tf_r12, tf->tf_r13,
	    tf->tf_r14);
	printf("r15 %016lx rip %016lx rflags %08lx\n", tf->tf_r15,
	    tf->tf_rip, tf->tf_rflags);
	printf("cs %04lx ss %04lx err %lx\n", tf->tf_cs & 0xffff,
	    tf->tf_ss & 0xffff, tf->tf_err);
#else
	printf("eax %08x ebx %08x ecx %08x edx %08x\n", tf->tf_eax,
	    tf->tf_ebx, tf->tf_ecx, tf->tf_edx);
	printf("esi %08x edi %08x ebp %08x esp %08x\n", tf->tf_esi,
	    tf->tf_edi, tf->tf_ebp, tf->tf_isp + 20);
	printf("eip %08x eflags %08x cs %04x err %x\n", tf->tf_eip,
	    tf->tf_eflags, tf->tf_cs & 0xffff, tf->tf_err);
#endif
}

/* The page-fault error code's bits. */
#define PGEX_W		0x02	/* a write */
#define PGEX_I		0x10	/* an instruction fetch */

static int
trap_pf_access(struct trapframe *tf)
{
	if (tf->tf_err & PGEX_W)
		return VM_PROT_WRITE;
	if (tf->tf_err & PGEX_I)
		return VM_PROT_EXECUTE;
	return VM_PROT_READ;
}

static const char *
trap_pf_what(int access)
{
	return access == VM_PROT_WRITE ? "write" :
	    access == VM_PROT_EXECUTE ? "execute" : "read";
}

/* A trap from user mode other than a system call or an event. */
static void
trap_user(struct trapframe *tf, unsigned long trapno, vaddr_t va)
{
	struct lwp *l = curlwp;
	struct proc *p = l->l_proc;
	int access, sig;

	if (trapno == T_PAGEFLT) {
		access = trap_pf_access(tf);
		if (uvm_fault(p->p_vmspace, va, access) == 0) {
			userret(l);
			return;
		}
		printf("pid %d (%s): segmentation fault at %#lx (%s), "
		    "pc %#lx\n", p->p_pid, p->p_comm, (unsigned long)va,
		    trap_pf_what(access), (unsigned long)TF_PC(tf));
		sigexit(l, SIGSEGV);
	}
	switch (trapno) {
	case T_DIVIDE:
	case T_ARITHTRAP:
	case T_XMM:
		sig = SIGFPE;
		break;
	case T_PRIVINFLT:
		sig = SIGILL;
		break;
	case T_BPTFLT:
	case T_TRCTRAP:
		sig = SIGTRAP;
		break;
	case T_ALIGNFLT:
		sig = SIGBUS;
		break;
	default:	/* general protection: cli, hlt, in, out, int N */
		sig = SIGSEGV;
		break;
	}
	printf("pid %d (%s): %s at pc %#lx\n", p->p_pid, p->p_comm,
	    trapno < T_NTRAPS ? trap_names[trapno] : "unknown trap",
	    (unsigned long)TF_PC(tf));
	sigexit(l, sig);
}

void
trap(struct trapframe *tf)
{
	struct cpu_info *ci = curcpu();
	unsigned long trapno = tf->tf_trapno;
	vaddr_t va = 0;

	if (trapno == T_UPCALL) {
		ci->ci_idepth++;
		hypervisor_callback(tf);
		ci->ci_idepth--;
		/* Preempt here, where the interrupted thread had no locks. */
		if (ci->ci_want_resched && ci->ci_idepth == 0 &&
		    ci->ci_ilevel == IPL_NONE && ci->ci_mtx_count == 0)
			preempt();
		if (TRAPF_USERMODE(tf))
			userret(curlwp);
		return;
	}
	if (trapno == T_NMI) {
		/* VCPUOP_send_nmi: counted; locore returns via Xen's iret. */
		ci->ci_nnmis++;
		return;
	}
	if (trapno == T_PAGEFLT)
		va = trap_cr2();
	/* (A failsafe frame has the segments first: not a trapframe.) */
	if (trapno != T_FAILSAFE && TRAPF_USERMODE(tf)) {
		if (trapno == T_SYSCALL)
			syscall(tf);
		else
			trap_user(tf, trapno, va);
		return;
	}
	/* copyin/copyout touching a page the process may have: fetch it. */
	if (trapno == T_PAGEFLT && va < VM_MAXUSER_ADDRESS &&
	    curlwp->l_proc != NULL &&
	    uvm_fault(curlwp->l_proc->p_vmspace, va, trap_pf_access(tf)) == 0)
		return;

	/* Code expecting this fault: resume at its recovery label. */
	if (ci->ci_onfault != NULL && trapno != T_FAILSAFE) {
		ci->ci_onfault_trapno = trapno;
		ci->ci_onfault_va = va;
		TF_PC(tf) = (vaddr_t)ci->ci_onfault;
		ci->ci_onfault = NULL;
		return;
	}

	cons_lock_break();
	if (trapno == T_FAILSAFE)
		printf("\nfatal Xen failsafe callback (bad segment on return)");
	else if (trapno == T_SYSCALL)
		printf("\nfatal system call from kernel mode");
	else
		printf("\nfatal %s (trap %lu) in kernel mode",
		    trapno < T_NTRAPS ? trap_names[trapno] : "unknown trap",
		    trapno);
	if (trapno == T_PAGEFLT)
		printf(" for %s access to %#lx", (tf->tf_err & 2) ?
		    "write" : (tf->tf_err & 0x10) ? "execute" : "read",
		    (unsigned long)va);
	printf("\ncpu%d: pc %#lx, vcpu %u\n", cpu_number(),
	    (unsigned long)TF_PC(tf), ci->ci_vcpuid);
	trap_dump(tf);
	panic("trap");
}
