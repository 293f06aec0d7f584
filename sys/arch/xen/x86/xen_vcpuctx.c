/*	Petrel: xen/x86/xen_vcpuctx.c -- what Xen needs of an AP before it
 *	runs: its vcpu_info page, its GDT and its first register state.
 *
 * cpu.c prepares each AP with these (cpu_ap_prepare) and starts it
 * with the context (cpu_ap_start); the AP then runs into cpu_hatch().
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/cpu.h>
#include <sys/lwp.h>

#include <x86/cpufunc.h>
#include <x86/xenmd.h>
#include <xen/hypervisor.h>
#include <xen/vcpuvar.h>
#include <xen/xen.h>
#include <machine/pmap.h>
#include <xen/xenpmap.h>
#include <uvm/uvm_extern.h>

#ifdef __x86_64__
#define NGDT_AP		8		/* descriptors, all null: Xen's own */
#else
#include <machine/segments.h>
#define NGDT_AP		NGDT
#endif

/*
 * Move ci's vcpu_info out of shared_info into ci's own page: required
 * for vCPU ids of 32 and more, done for all so there is one way.
 * Xen copies the current contents over.
 */
int
cpu_vcpu_info_register(struct cpu_info *ci)
{
	struct vcpu_register_vcpu_info info;
	paddr_t ma;
	int error;

	if (ci->ci_xen_pa == 0 &&
	    (ci->ci_xen_pa = pmap_page_zalloc()) == UVM_NOPAGE) {
		ci->ci_xen_pa = 0;
		return ENOMEM;
	}
	ma = xpmap_ptom(ci->ci_xen_pa);
	info.mfn = ma >> PAGE_SHIFT;
	info.offset = 0;
	info.rsvd = 0;
	error = HYPERVISOR_vcpu_op(VCPUOP_register_vcpu_info, ci->ci_vcpuid,
	    &info);
	if (error == -EBUSY && ci->ci_vcpu != NULL)
		return 0;	/* done on an earlier attempt */
	if (error != 0) {
		aprint_error("cpu%d: register_vcpu_info: %s\n", ci->ci_index,
		    xen_strerror(error));
		return -error;
	}
	ci->ci_vcpu = (struct vcpu_info *)PMAP_DIRECT_VA(ci->ci_xen_pa);
	return 0;
}

/* The AP's GDT: a read-only page; Xen counts its entries, not pages. */
int
cpu_gdt_build(struct cpu_info *ci)
{
	uint64_t *gdt;
	paddr_t pa;
	int error;

	if ((pa = pmap_page_zalloc()) == UVM_NOPAGE)
		return ENOMEM;
	gdt = (uint64_t *)PMAP_DIRECT_VA(pa);
#ifndef __x86_64__
	gdt[GCPU_SEL] = gdt_cpu_descriptor(ci);
#endif
	error = HYPERVISOR_update_va_mapping((vaddr_t)gdt,
	    xpmap_ptom(pa) | PG_KR | pmap_pg_nx, UVMF_INVLPG);
	if (error != 0) {
		uvm_pagefree_pa(pa);
		return -error;
	}
	ci->ci_gdt_pa = pa;
	return 0;
}

/*
 * An LDT holds at most 8192 descriptors (64 KiB); Xen refuses a
 * context claiming more with -EINVAL before it changes anything.
 */
#define CPU_LDT_ENTS_MAX	8192

/*
 * Fill in the AP's first register state and hand it to Xen: 0, or
 * Xen's (negative) error.  "spoil" (cpu.c: inject=vcpu_init:N, in
 * options KTEST kernels) spoils one field Xen checks, so that Xen
 * itself refuses the context.  The
 * caller holds cpu.c's cpu_state_lock, which guards the one context.
 */
int
cpu_vcpu_initialise(struct cpu_info *ci, bool spoil)
{
	static vcpu_guest_context_t ctx;	/* under cpu_state_lock */
	const trap_info_t *t;
	vaddr_t *sp;
	int error;

	memset(&ctx, 0, sizeof(ctx));
	ctx.flags = VGCF_in_kernel | VGCF_failsafe_disables_events;
	sp = (vaddr_t *)(ci->ci_idlelwp->l_stack + STACK_PAGES * PAGE_SIZE);
#ifdef __x86_64__
	sp -= 2;			/* as if called: keep the ABI's alignment */
	ctx.user_regs.rip = (vaddr_t)cpu_hatch;
	ctx.user_regs.rdi = (vaddr_t)ci;
	ctx.user_regs.rsp = (vaddr_t)sp;
	ctx.user_regs.cs = FLAT_KERNEL_CS;
	ctx.user_regs.ss = FLAT_KERNEL_SS;
	ctx.user_regs.ds = ctx.user_regs.es = FLAT_KERNEL_DS;
	ctx.user_regs.rflags = 0x2;
	ctx.event_callback_eip = (vaddr_t)Xhypervisor_callback;
	ctx.failsafe_callback_eip = (vaddr_t)Xfailsafe_callback;
	ctx.syscall_callback_eip = (vaddr_t)Xsyscall_callback;
	ctx.gs_base_kernel = (vaddr_t)ci;	/* curcpu() from the start */
#else
	*--sp = (vaddr_t)ci;		/* the argument */
	*--sp = 0;			/* a return address: none */
	ctx.user_regs.eip = (vaddr_t)cpu_hatch;
	ctx.user_regs.esp = (vaddr_t)sp;
	ctx.user_regs.cs = FLAT_KERNEL_CS;
	ctx.user_regs.ss = FLAT_KERNEL_SS;
	ctx.user_regs.ds = ctx.user_regs.es = FLAT_KERNEL_DS;
	ctx.user_regs.fs = GSEL(GCPU_SEL, SEL_KPL);	/* curcpu() from the start */
	ctx.user_regs.eflags = 0x2;
	ctx.event_callback_cs = FLAT_KERNEL_CS;
	ctx.event_callback_eip = (vaddr_t)Xhypervisor_callback;
	ctx.failsafe_callback_cs = FLAT_KERNEL_CS;
	ctx.failsafe_callback_eip = (vaddr_t)Xfailsafe_callback;
#endif
	ctx.ctrlreg[3] = pmap_cpu_cr3(ci);	/* its own table */
	ctx.kernel_ss = FLAT_KERNEL_SS;
	ctx.kernel_sp = (vaddr_t)sp;
	/* Indexed by vector (set_trap_table takes a list instead). */
	for (t = xen_trap_table(); t->address != 0; t++)
		ctx.trap_ctxt[t->vector] = *t;
	ctx.gdt_frames[0] = xpmap_ptom(ci->ci_gdt_pa) >> PAGE_SHIFT;
	ctx.gdt_ents = NGDT_AP;
	ctx.ldt_base = 0;
	ctx.ldt_ents = 0;
	if (spoil)
		ctx.ldt_ents = CPU_LDT_ENTS_MAX + 1;

	/* It starts with events masked; cpu_hatch opens them. */
	ci->ci_vcpu->evtchn_upcall_mask = 1;
	error = HYPERVISOR_vcpu_op(VCPUOP_initialise, ci->ci_vcpuid, &ctx);
	return error;
}
