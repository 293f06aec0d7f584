/*	Petrel: x86/syscall.c -- system calls from user mode.
 *
 * NetBSD's convention on both machines: the number in %rax/%eax, the
 * arguments in %rdi %rsi %rdx %r10 %r8 %r9 (amd64) or on the user
 * stack above the stub's return address (i386), results in %rax/%eax
 * and %rdx/%edx; the carry flag says the call failed, and then %rax is
 * the error number.
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/cpu.h>
#include <sys/proc.h>
#include <sys/syscall.h>
#include <sys/syscallargs.h>

#include <machine/frame.h>
#include <machine/pmap.h>
#include <x86/trap.h>

#define PSL_C		0x00000001	/* the carry flag */

/*
 * The call's arguments into args (sy_narg register_t words).  amd64
 * passes six in registers, the others on the user stack, where i386
 * passes them all; there they start above the stub's return address.
 */
static int
syscall_fetch_args(struct trapframe *tf, int narg, register_t *args)
{
#ifdef __x86_64__
	const register_t regs[] = { tf->tf_rdi, tf->tf_rsi, tf->tf_rdx,
	    tf->tf_r10, tf->tf_r8, tf->tf_r9 };
	const int nregs = __arraycount(regs);
	const vaddr_t stack = tf->tf_rsp;
#else
	const int nregs = 0;
	const vaddr_t stack = tf->tf_esp;
#endif

#ifdef __x86_64__
	memcpy(args, regs, MIN(narg, nregs) * sizeof(register_t));
#endif
	if (narg <= nregs)
		return 0;
	return copyin(stack + sizeof(register_t), args + nregs,
	    (narg - nregs) * sizeof(register_t));
}

#ifdef __x86_64__
#define TF_SYSNUM(tf)	((tf)->tf_rax)
#define TF_RV0(tf)	((tf)->tf_rax)
#define TF_RV1(tf)	((tf)->tf_rdx)
#define TF_FLAGS(tf)	((tf)->tf_rflags)
#else
#define TF_SYSNUM(tf)	((tf)->tf_eax)
#define TF_RV0(tf)	((tf)->tf_eax)
#define TF_RV1(tf)	((tf)->tf_edx)
#define TF_FLAGS(tf)	((tf)->tf_eflags)
#endif

/* Set tf for the return of a call: results, or the error. */
void
syscall_set_return(struct trapframe *tf, int error, const register_t *rv)
{
	if (error == EJUSTRETURN)
		return;
	if (error != 0) {
		TF_RV0(tf) = error;
		TF_FLAGS(tf) |= PSL_C;
		return;
	}
	TF_RV0(tf) = rv[0];
	TF_RV1(tf) = rv[1];
	TF_FLAGS(tf) &= ~PSL_C;
}

void
syscall(struct trapframe *tf)
{
	struct lwp *l = curlwp;
	register_t args[SYS_MAXSYSARGS], rv[2];
	const struct sysent *callp;
	unsigned long code = TF_SYSNUM(tf);
	int error;

	KASSERT(tf == lwp_trapframe(l));
	l->l_proc->p_nsyscalls++;
	rv[0] = 0;
	rv[1] = TF_RV1(tf);	/* unchanged unless the call sets it */
	if (code >= SYS_NSYSENT) {
		error = ENOSYS;
		goto out;
	}
	callp = &sysent[code];
	error = syscall_fetch_args(tf, callp->sy_narg, args);
	if (error == 0)
		error = (*callp->sy_call)(l, args, rv);
out:
	syscall_set_return(tf, error, rv);
	userret(l);
}
