/*	Petrel: x86/trap.c -- what happens on a trap.
 *
 * Every exception and the Xen event upcall enter through alltraps
 * (locore.S), which calls trap() with the saved registers.  The kernel
 * has no user mode yet, so any exception is a kernel fault: unless
 * code that expects one armed the fault catcher (ci_onfault: x86_probe,
 * copyin/copyout; see probe.c), print a register dump and stop the
 * domain as crashed.
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/cpu.h>
#include <sys/sched.h>

#include <machine/frame.h>
#include <x86/trap.h>
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
		return;
	}
	if (trapno == T_NMI) {
		/* VCPUOP_send_nmi: counted; locore returns via Xen's iret. */
		ci->ci_nnmis++;
		return;
	}
	if (trapno == T_PAGEFLT)
		va = trap_cr2();

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
		printf("\nfatal system call: there is no user mode");
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
