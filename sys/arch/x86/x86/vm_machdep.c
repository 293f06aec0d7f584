/*	Petrel: x86/vm_machdep.c -- a thread's stack: its first frame, and
 *	the user registers at its top.
 *
 * Every LWP's kernel stack ends with a struct trapframe: for a process's
 * LWP that is where Xen pushes the user registers on each entry to the
 * kernel (HYPERVISOR_stack_switch gives Xen the top of the stack when
 * the LWP is switched in), and where the LWP's way to user mode starts.
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/lwp.h>
#include <sys/proc.h>

#include <machine/frame.h>
#include <machine/pmap.h>
#include <x86/segments.h>
#include <x86/trap.h>
#include <xen/hypervisor.h>

#define PSL_I		0x00000200	/* events on, in user mode */

extern char lwp_trampoline[];

/* FPU state of a fresh thread: captured once after fninit. */
static uint8_t fpu_template[512] __aligned(16);

void
fpu_init_template(void)
{
	__asm volatile("fninit; fxsave %0" : "=m"(fpu_template));
}

#ifdef __x86_64__
/*
 * amd64: the user's %fs and %gs selectors stay in the registers while
 * the kernel runs (it uses neither; Xen swaps the GS base), so nothing
 * saves them on entry as i386's trapframe does.  Each process keeps
 * its own in its pcb: read from the CPU when it is switched out (a
 * kernel thread leaves them as they were) or forks, loaded when it is
 * switched in and they differ (usually both null: no hypercall).  %gs
 * goes through Xen: a load here would replace the kernel's GS base.
 */
static void
cpu_user_segs_read(uint16_t *fs, uint16_t *gs)
{
	__asm volatile("movw %%fs, %0; movw %%gs, %1" : "=r"(*fs), "=r"(*gs));
}

static void
cpu_user_segs_load(struct lwp *l, uint16_t fs, uint16_t gs)
{
	int error;

	if (fs != l->l_pcb.pcb_fs)
		__asm volatile("movw %0, %%fs" : : "r"(l->l_pcb.pcb_fs));
	if (gs != l->l_pcb.pcb_gs && (error = HYPERVISOR_set_segment_base(
	    SEGBASE_GS_USER_SEL, l->l_pcb.pcb_gs)) != 0)
		printf("pid %d: set_segment_base(GS_USER_SEL, %#x): %s\n",
		    l->l_proc->p_pid, l->l_pcb.pcb_gs, xen_strerror(error));
}

static void
cpu_user_segs_switch(struct lwp *prev, struct lwp *next)
{
	uint16_t fs, gs;

	cpu_user_segs_read(&fs, &gs);
	if (prev != NULL && prev->l_proc != NULL) {
		prev->l_pcb.pcb_fs = fs;
		prev->l_pcb.pcb_gs = gs;
	}
	if (next->l_proc != NULL)
		cpu_user_segs_load(next, fs, gs);
}
#endif

/*
 * Lay out the new stack as cpu_switchto() expects to find it, so that
 * its final "ret" enters lwp_trampoline with func and arg in
 * callee-saved registers.
 */
void
cpu_lwp_setup(struct lwp *l, void (*func)(void *), void *arg)
{
	vaddr_t *sp = (vaddr_t *)lwp_trapframe(l);

	memcpy(l->l_pcb.pcb_fpu, fpu_template, sizeof(fpu_template));
	*--sp = 0;			/* ends backtraces */
	*--sp = 0;			/* keeps %rsp 16-byte aligned */
	*--sp = (vaddr_t)lwp_trampoline;
#ifdef __x86_64__
	*--sp = 0;			/* rbx */
	*--sp = 0;			/* rbp */
	*--sp = (vaddr_t)func;		/* r12 */
	*--sp = (vaddr_t)arg;		/* r13 */
	*--sp = 0;			/* r14 */
	*--sp = 0;			/* r15 */
#else
	*--sp = (vaddr_t)func;		/* ebx */
	*--sp = (vaddr_t)arg;		/* esi */
	*--sp = 0;			/* edi */
	*--sp = 0;			/* ebp */
#endif
	l->l_pcb.pcb_sp = (vaddr_t)sp;
}

/* Where l's user registers are: the top of its kernel stack. */
struct trapframe *
lwp_trapframe(struct lwp *l)
{
	return (struct trapframe *)(l->l_stack + STACK_PAGES * PAGE_SIZE) - 1;
}

/* l's registers for a fresh program: pc and stack pointer, the rest 0. */
void
cpu_setregs(struct lwp *l, vaddr_t pc, vaddr_t sp)
{
	struct trapframe *tf = lwp_trapframe(l);
#ifdef __x86_64__
	uint16_t fs, gs;
#endif

	memset(tf, 0, sizeof(*tf));
#ifdef __x86_64__
	/* A new program starts with null %fs and %gs, as on i386. */
	l->l_pcb.pcb_fs = l->l_pcb.pcb_gs = 0;
	if (l == curlwp) {
		cpu_user_segs_read(&fs, &gs);
		cpu_user_segs_load(l, fs, gs);
	}
	tf->tf_rip = pc;
	tf->tf_cs = FLAT_USER_CS;
	tf->tf_rflags = PSL_I;
	tf->tf_rsp = sp;
	tf->tf_ss = FLAT_USER_SS;
#else
	tf->tf_eip = pc;
	tf->tf_cs = FLAT_USER_CS;
	tf->tf_eflags = PSL_I;
	tf->tf_esp = sp;
	tf->tf_ss = FLAT_USER_SS;
	tf->tf_ds = tf->tf_es = FLAT_USER_DS;
#endif
}

/*
 * The child of fork(2) returns from the call with the parent's
 * registers: NetBSD's results, the parent's pid and 1 in the second.
 */
void
cpu_lwp_fork(struct lwp *parent, struct lwp *child, pid_t ppid)
{
	register_t rv[2] = { ppid, 1 };

	*lwp_trapframe(child) = *lwp_trapframe(parent);
	syscall_set_return(lwp_trapframe(child), 0, rv);
#ifdef __x86_64__
	/* The parent's selectors: in the CPU if it runs, else its pcb. */
	child->l_pcb.pcb_fs = parent->l_pcb.pcb_fs;
	child->l_pcb.pcb_gs = parent->l_pcb.pcb_gs;
	if (parent == curlwp)
		cpu_user_segs_read(&child->l_pcb.pcb_fs,
		    &child->l_pcb.pcb_gs);
#endif
}

/* l leaves the kernel for user mode, with its registers (never returns). */
void
cpu_user_return(struct lwp *l)
{
	userret(l);
	user_enter(lwp_trapframe(l));
}

/*
 * The CPU is about to run l: its address space, and for a process its
 * segment registers (amd64) and the stack Xen enters the kernel on
 * from user mode.
 */
void
cpu_lwp_activate(struct lwp *l)
{
	int error;

	pmap_activate(l);
#ifdef __x86_64__
	cpu_user_segs_switch(curlwp, l);
#endif
	if (l->l_proc == NULL)
		return;
	error = HYPERVISOR_stack_switch(FLAT_KERNEL_SS,
	    l->l_stack + STACK_PAGES * PAGE_SIZE);
	if (error != 0) {
		/*
		 * Xen would enter the kernel from this process on another
		 * thread's stack: it must not run in user mode again.
		 * SIGKILL ends it on its way out of the kernel (userret).
		 */
		printf("pid %d (%s): stack_switch: %s; killed\n",
		    l->l_proc->p_pid, l->l_proc->p_comm, xen_strerror(error));
		__atomic_fetch_or(&l->l_proc->p_siglist,
		    1U << (SIGKILL - 1), __ATOMIC_SEQ_CST);
	}
}
