/*	Petrel: xen/hypervisor.h -- hypercalls and the shared pages.	*/
#ifndef _XEN_HYPERVISOR_H_
#define _XEN_HYPERVISOR_H_

#include <sys/types.h>
#include <sys/errno.h>
#include <x86/pte.h>
#include <xen/public/xen.h>
#include <xen/public/sched.h>
#include <xen/public/vcpu.h>
#include <xen/public/event_channel.h>
#include <xen/public/memory.h>
#include <xen/public/version.h>
#include <xen/public/callback.h>
#include <xen/public/physdev.h>
#include <xen/public/platform.h>
#include <xen/public/nmi.h>
#include <xen/public/features.h>

/*
 * Once xen_hypercall_tally is on, every hypercall made through these
 * wrappers is counted on the CPU that makes it (ci_nhypercalls, and
 * ci_hatch_hypercalls while that CPU is not yet running): the AP
 * bring-up costs of bench=all.  cpu.c turns it on when it prepares the
 * first AP; before that curcpu() may not work yet.
 */
extern volatile bool xen_hypercall_tally;
void	xen_hypercall_tally_one(void);
#define XEN_HYPERCALL_TALLY() do {					\
	if (__predict_false(xen_hypercall_tally))			\
		xen_hypercall_tally_one();				\
} while (0)

#include <xen/hypercall.h>
#ifdef __x86_64__
#include <xen/amd64/hypercalls.h>
#else
#include <xen/i386/hypercalls.h>
#endif

/*
 * Hypercall nr: a call into its stub in hypercall_page, with up to five
 * arguments in the registers the machine's hypercalls.h names
 * (HYPERCALL_ARG1..5); the result comes back in %eax/%rax.
 */
#define _hypercall(nr, a1, a2, a3, a4, a5) ({				\
	XEN_HYPERCALL_TALLY();	/* before the registers are bound */	\
	register long _a1 __asm(HYPERCALL_ARG1) = (long)(a1);		\
	register long _a2 __asm(HYPERCALL_ARG2) = (long)(a2);		\
	register long _a3 __asm(HYPERCALL_ARG3) = (long)(a3);		\
	register long _a4 __asm(HYPERCALL_ARG4) = (long)(a4);		\
	register long _a5 __asm(HYPERCALL_ARG5) = (long)(a5);		\
	long _r;							\
	__asm volatile("call hypercall_page + %c[off]"			\
	    : "=a"(_r), "+r"(_a1), "+r"(_a2), "+r"(_a3), "+r"(_a4),	\
	      "+r"(_a5)							\
	    : [off] "i"(HYPERCALL_OFFSET(nr))				\
	    : HYPERCALL_CLOBBERS);					\
	_r;								\
})

extern char hypercall_page[];
extern start_info_t *xen_start_info;
extern shared_info_t *HYPERVISOR_shared_info;

#define HC(nr)			_hypercall(__HYPERVISOR_##nr, 0, 0, 0, 0, 0)
#define HC1(nr, a)		_hypercall(__HYPERVISOR_##nr, a, 0, 0, 0, 0)
#define HC2(nr, a, b)		_hypercall(__HYPERVISOR_##nr, a, b, 0, 0, 0)
#define HC3(nr, a, b, c)	_hypercall(__HYPERVISOR_##nr, a, b, c, 0, 0)
#define HC4(nr, a, b, c, d)	_hypercall(__HYPERVISOR_##nr, a, b, c, d, 0)

static inline int
HYPERVISOR_console_io(int cmd, int count, const char *str)
{
	return HC3(console_io, cmd, count, str);
}

static inline int
HYPERVISOR_sched_op(int cmd, void *arg)
{
	return HC2(sched_op, cmd, arg);
}

static inline int
HYPERVISOR_shutdown(unsigned int reason)
{
	struct sched_shutdown s = { .reason = reason };

	return HYPERVISOR_sched_op(SCHEDOP_shutdown, &s);
}

/*
 * Suspend the domain for a save: the third argument is start_info's
 * machine frame, which the toolstack rewrites in the new domain.
 * Returns 0 in a new domain, 1 when the suspend was cancelled (the
 * same domain goes on), or Xen's error.
 */
static inline int
HYPERVISOR_suspend(unsigned long start_info_mfn)
{
	struct sched_shutdown s = { .reason = SHUTDOWN_suspend };

	return HC3(sched_op, SCHEDOP_shutdown, &s, start_info_mfn);
}

static inline int
HYPERVISOR_yield(void)
{
	return HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
}

static inline int
HYPERVISOR_block(void)
{
	return HYPERVISOR_sched_op(SCHEDOP_block, NULL);
}

/*
 * Block until one of ports is pending, or the absolute system time
 * timeout (0: none) passes.  The ports may stay masked: poll looks at
 * their pending bits, not at the upcall.
 */
static inline int
HYPERVISOR_poll(evtchn_port_t *ports, unsigned int nports, uint64_t timeout)
{
	struct sched_poll p = { .nr_ports = nports, .timeout = timeout };

	set_xen_guest_handle(p.ports, ports);
	return HYPERVISOR_sched_op(SCHEDOP_poll, &p);
}

static inline int
HYPERVISOR_vm_assist(unsigned int cmd, unsigned int type)
{
	return HC2(vm_assist, cmd, type);
}

static inline int
HYPERVISOR_set_trap_table(const trap_info_t *t)
{
	return HC1(set_trap_table, t);
}

static inline int
HYPERVISOR_mmu_update(mmu_update_t *req, unsigned int count,
    unsigned int *done, domid_t dom)
{
	return HC4(mmu_update, req, count, done, dom);
}

static inline int
HYPERVISOR_mmuext_op(struct mmuext_op *op, unsigned int count,
    unsigned int *done, domid_t dom)
{
	return HC4(mmuext_op, op, count, done, dom);
}

static inline int
HYPERVISOR_update_va_mapping(vaddr_t va, uint64_t pte, unsigned long flags)
{
#ifdef __x86_64__
	return HC3(update_va_mapping, va, pte, flags);
#else
	return HC4(update_va_mapping, va, (uint32_t)pte,
	    (uint32_t)(pte >> 32), flags);
#endif
}

static inline int
HYPERVISOR_xen_version(int cmd, void *arg)
{
	return HC2(xen_version, cmd, arg);
}

static inline int
HYPERVISOR_vcpu_op(int cmd, int vcpuid, void *arg)
{
	return HC3(vcpu_op, cmd, vcpuid, arg);
}

static inline int
HYPERVISOR_event_channel_op(int cmd, void *arg)
{
	return HC2(event_channel_op, cmd, arg);
}

static inline int
HYPERVISOR_callback_op(int cmd, void *arg)
{
	return HC2(callback_op, cmd, arg);
}

static inline int
HYPERVISOR_set_gdt(unsigned long *frames, unsigned int entries)
{
	return HC2(set_gdt, frames, entries);
}

static inline int
HYPERVISOR_update_descriptor(uint64_t ma, uint64_t desc)
{
#ifdef __x86_64__
	return HC2(update_descriptor, ma, desc);
#else
	return HC4(update_descriptor, (uint32_t)ma, (uint32_t)(ma >> 32),
	    (uint32_t)desc, (uint32_t)(desc >> 32));
#endif
}

static inline int
HYPERVISOR_memory_op(int cmd, void *arg)
{
	return HC2(memory_op, cmd, arg);
}

static inline int
HYPERVISOR_multicall(multicall_entry_t *calls, unsigned int n)
{
	return HC2(multicall, calls, n);
}

static inline int
HYPERVISOR_physdev_op(int cmd, void *arg)
{
	return HC2(physdev_op, cmd, arg);
}

static inline int
HYPERVISOR_platform_op(struct xen_platform_op *op)
{
	op->interface_version = XENPF_INTERFACE_VERSION;
	return HC1(platform_op, op);
}

static inline int
HYPERVISOR_stack_switch(unsigned long ss, unsigned long sp)
{
	return HC2(stack_switch, ss, sp);
}

static inline int
HYPERVISOR_fpu_taskswitch(int set)
{
	return HC1(fpu_taskswitch, set);
}

#ifdef __x86_64__
static inline int
HYPERVISOR_set_segment_base(int reg, unsigned long value)
{
	return HC2(set_segment_base, reg, value);
}
#endif

static inline long
HYPERVISOR_set_timer_op(uint64_t deadline)
{
#ifdef __x86_64__
	return HC1(set_timer_op, deadline);
#else
	return HC2(set_timer_op, (uint32_t)deadline,
	    (uint32_t)(deadline >> 32));
#endif
}

/* Xen's errno values are negated Linux-style numbers. */
/*
 * A Xen error number as text, for messages: its name, or "error N"
 * written into a buffer that xen_strerror() makes in the caller's
 * block, so that no two CPUs (or a handler and the code it
 * interrupted) share one.  The text lives until that block ends.
 */
#define XEN_STRERROR_BUFSIZE	24	/* "error -2147483648" */
const char *xen_strerror_buf(int, char *, size_t);
#define xen_strerror(error)						\
	xen_strerror_buf((error), (char [XEN_STRERROR_BUFSIZE]){ 0 },	\
	    XEN_STRERROR_BUFSIZE)

#endif /* _XEN_HYPERVISOR_H_ */
