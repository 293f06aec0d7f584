/*	Petrel: x86/x86_machdep.c -- machine-dependent glue for the MI kernel.	*/

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/cpu.h>
#include <sys/device.h>

#include <xen/hypervisor.h>

void
cpu_configure(void)
{
	if (config_rootfound("mainbus", NULL) == NULL)
		panic("no mainbus found");
}

/* Stop this vCPU for good, leaving the others running. */
void
cpu_halt_self(void)
{
	int error;

	(void)splhigh();
	error = HYPERVISOR_vcpu_op(VCPUOP_down, curcpu()->ci_vcpuid, NULL);
	if (error != 0)
		printf("cpu%d: VCPUOP_down: %s; blocking instead\n",
		    cpu_number(), xen_strerror(error));
	for (;;) {
		(void)HYPERVISOR_block();
		(void)HYPERVISOR_vcpu_op(VCPUOP_down, curcpu()->ci_vcpuid,
		    NULL);
	}
}

/* Walk the frame-pointer chain of the panicking context. */
static void
backtrace(void)
{
	extern char kernel_text[], etext[];
	vaddr_t *fp = __builtin_frame_address(0);
	int depth;

	printf("cpu%d: Begin traceback...\n", cpu_number());
	for (depth = 0; depth < 16 && fp != NULL; depth++) {
		vaddr_t pc = fp[1];

		if (pc < (vaddr_t)kernel_text || pc >= (vaddr_t)etext)
			break;
		printf("  %#lx\n", (unsigned long)pc);
		if ((vaddr_t *)fp[0] <= fp)
			break;
		fp = (vaddr_t *)fp[0];
	}
	printf("cpu%d: End traceback...\n", cpu_number());
}

void
cpu_panic_stop(void)
{
	backtrace();
	printf("cpu%d: stopping the domain (crash)\n", cpu_number());
	cpu_crash();
}
