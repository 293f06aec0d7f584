/*	Petrel: xen/x86/xen_traps.c -- the trap table and Xen callbacks.
 *
 * A PV guest has no IDT: it gives Xen a table of handlers, and
 * separately the entry points for event upcalls and for failed
 * returns (failsafe).  Both are per vCPU: each CPU calls these.
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/cpu.h>

#include <x86/trap.h>
#include <x86/xenmd.h>
#include <xen/hypervisor.h>
#include <xen/xen.h>

static trap_info_t trap_table[] = {
	{ T_DIVIDE, 0, FLAT_KERNEL_CS, (unsigned long)Xtrap00 },
	{ T_TRCTRAP, 0, FLAT_KERNEL_CS, (unsigned long)Xtrap01 },
	{ T_NMI, 0, FLAT_KERNEL_CS, (unsigned long)Xtrap02 },
	{ T_BPTFLT, 3, FLAT_KERNEL_CS, (unsigned long)Xtrap03 },
	{ T_OFLOW, 3, FLAT_KERNEL_CS, (unsigned long)Xtrap04 },
	{ T_BOUND, 0, FLAT_KERNEL_CS, (unsigned long)Xtrap05 },
	{ T_PRIVINFLT, 0, FLAT_KERNEL_CS, (unsigned long)Xtrap06 },
	{ T_DNA, 0, FLAT_KERNEL_CS, (unsigned long)Xtrap07 },
	{ T_DOUBLEFLT, 0, FLAT_KERNEL_CS, (unsigned long)Xtrap08 },
	{ T_FPOPFLT, 0, FLAT_KERNEL_CS, (unsigned long)Xtrap09 },
	{ T_TSSFLT, 0, FLAT_KERNEL_CS, (unsigned long)Xtrap0a },
	{ T_SEGNPFLT, 0, FLAT_KERNEL_CS, (unsigned long)Xtrap0b },
	{ T_STKFLT, 0, FLAT_KERNEL_CS, (unsigned long)Xtrap0c },
	{ T_PROTFLT, 0, FLAT_KERNEL_CS, (unsigned long)Xtrap0d },
	{ T_PAGEFLT, 0, FLAT_KERNEL_CS, (unsigned long)Xtrap0e },
	{ T_ARITHTRAP, 0, FLAT_KERNEL_CS, (unsigned long)Xtrap10 },
	{ T_ALIGNFLT, 0, FLAT_KERNEL_CS, (unsigned long)Xtrap11 },
	{ T_MCA, 0, FLAT_KERNEL_CS, (unsigned long)Xtrap12 },
	{ T_XMM, 0, FLAT_KERNEL_CS, (unsigned long)Xtrap13 },
#ifndef __x86_64__
	/* DPL 3: Xen bounces int $0x80 from user mode straight here. */
	{ SYSCALL_VECTOR, 3, FLAT_KERNEL_CS, (unsigned long)Xsyscall_int80 },
#endif
	{ 0, 0, 0, 0 }
};

const trap_info_t *
xen_trap_table(void)
{
	return trap_table;
}

void
xen_set_trap_table(void)
{
	int error = HYPERVISOR_set_trap_table(trap_table);

	if (error != 0)
		panic("set_trap_table: %s", xen_strerror(error));
}

static void
xen_register_callback(int type, void *entry, int flags)
{
	struct callback_register cb = { .type = type, .flags = flags };
	int error;

#ifdef __x86_64__
	cb.address = (unsigned long)entry;
#else
	cb.address.cs = FLAT_KERNEL_CS;
	cb.address.eip = (unsigned long)entry;
#endif
	error = HYPERVISOR_callback_op(CALLBACKOP_register, &cb);
	if (error != 0)
		panic("callback_op(register, type %d): %s", type,
		    xen_strerror(error));
}

void
xen_register_callbacks(void)
{
	xen_register_callback(CALLBACKTYPE_event, Xhypervisor_callback, 0);
	xen_register_callback(CALLBACKTYPE_failsafe, Xfailsafe_callback,
	    CALLBACKF_mask_events);
	xen_register_callback(CALLBACKTYPE_nmi, Xnmi_callback, 0);
#ifdef __x86_64__
	/*
	 * Entered on this thread's kernel stack (stack_switch), with
	 * events on: there is no swapgs window to protect under Xen.
	 */
	xen_register_callback(CALLBACKTYPE_syscall, Xsyscall_callback, 0);
#endif
}
