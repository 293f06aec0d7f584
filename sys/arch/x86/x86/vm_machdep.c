/*	Petrel: x86/vm_machdep.c -- a new thread's first stack frame.	*/

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/lwp.h>

extern char lwp_trampoline[];

/* FPU state of a fresh thread: captured once after fninit. */
static uint8_t fpu_template[512] __aligned(16);

void
fpu_init_template(void)
{
	__asm volatile("fninit; fxsave %0" : "=m"(fpu_template));
}

/*
 * Lay out the new stack as cpu_switchto() expects to find it, so that
 * its final "ret" enters lwp_trampoline with func and arg in
 * callee-saved registers.
 */
void
cpu_lwp_setup(struct lwp *l, void (*func)(void *), void *arg)
{
	vaddr_t *sp = (vaddr_t *)(l->l_stack + STACK_PAGES * PAGE_SIZE);

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
