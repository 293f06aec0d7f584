/*	Petrel: x86/ktest_user.c -- tests of user mode and processes.
 *
 * Each case runs a tiny program from ktest_userprog.S as a real process:
 * wrapped in a static ELF image, loaded by the exec path, entered
 * through Xen's iret, back in through the syscall callback (amd64) or
 * int $0x80 (i386) and the trap bounces.  A case checks how the
 * process ended (its wait status), and that no memory was left behind.
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/cpu.h>
#include <sys/exec_elf.h>
#include <sys/kmem.h>
#include <sys/ktest.h>
#include <sys/lwp.h>
#include <sys/proc.h>
#include <sys/sched.h>

#include <machine/vmparam.h>
#include <xen/xenpmap.h>
#include <uvm/uvm_extern.h>

extern const char ktu_start[], ktu_end[], ktu_arg[];
extern const char ktu_hello[], ktu_load[], ktu_store[], ktu_jump[];
extern const char ktu_stack_exec[], ktu_cli[], ktu_hlt[], ktu_inb[];
extern const char ktu_int_kernel[], ktu_nosys[], ktu_write_arg[];
extern const char ktu_fork[];

#define KTU_VA		0x400000UL	/* where the program is loaded */
#define KTU_WAIT_MS	5000		/* a program's time to end */

/* A data word of the kernel that no user program may change. */
static volatile register_t ktu_kernel_word = 0x5a5a;

/* A static ELF image: header, one program header, the code at a page. */
static void *
ktu_image(const char *entry, register_t arg, size_t *lenp)
{
	size_t code = ktu_end - ktu_start, len = PAGE_SIZE + code;
	uint8_t *img = kmem_zalloc(len, KM_SLEEP);
	Elf_Ehdr *eh = (Elf_Ehdr *)img;
	Elf_Phdr *ph = (Elf_Phdr *)(eh + 1);

	memcpy(eh->e_ident, ELFMAG, SELFMAG);
	eh->e_ident[EI_CLASS] = ELF_TARG_CLASS;
	eh->e_ident[EI_DATA] = ELFDATA2LSB;
	eh->e_ident[EI_VERSION] = EV_CURRENT;
	eh->e_type = ET_EXEC;
	eh->e_machine = ELF_TARG_MACH;
	eh->e_version = EV_CURRENT;
	eh->e_entry = KTU_VA + (entry - ktu_start);
	eh->e_phoff = sizeof(*eh);
	eh->e_ehsize = sizeof(*eh);
	eh->e_phentsize = sizeof(*ph);
	eh->e_phnum = 1;
	ph->p_type = PT_LOAD;
	ph->p_flags = PF_R | PF_X;
	ph->p_offset = PAGE_SIZE;
	ph->p_vaddr = ph->p_paddr = KTU_VA;
	ph->p_filesz = ph->p_memsz = code;
	ph->p_align = PAGE_SIZE;
	memcpy(img + PAGE_SIZE, ktu_start, code);
	memcpy(img + PAGE_SIZE + (ktu_arg - ktu_start), &arg, sizeof(arg));
	*lenp = len;
	return img;
}

/*
 * Run the program at entry (arg in ktu_arg) as a child of a process
 * made for the test; *statusp: its wait status.  A program still there
 * after KTU_WAIT_MS is killed, and the case fails.
 */
static int
ktu_run(struct ktest *kt, const char *entry, register_t arg, int *statusp,
    pid_t *pidp)
{
	static char *const argv[] = { "ktest_user", NULL };
	struct proc *parent, *p;
	pid_t pid, rpid = 0;
	size_t len;
	void *img;
	int error, ms;

	if ((parent = proc_alloc(NULL)) == NULL)
		return EAGAIN;
	img = ktu_image(entry, arg, &len);
	error = proc_spawn_image("ktest_user", img, len, argv, parent, &p);
	kmem_free(img, len);
	if (error != 0) {
		proc_abort(parent);
		return error;
	}
	*pidp = pid = p->p_pid;
	for (ms = 0; ms < KTU_WAIT_MS && rpid == 0; ms += 10) {
		error = proc_wait(parent, pid, statusp, WNOHANG, &rpid);
		if (error != 0 || rpid != 0)
			break;
		(void)kpause("ktuwait", false, MAX(hz / 100, 1), NULL);
	}
	if (error == 0 && rpid == 0) {
		ktest_fail(kt, __FILE__, __LINE__, "pid %d still running "
		    "after %d ms: killed", pid, KTU_WAIT_MS);
		mutex_enter(&proc_lock);
		(void)proc_kill(p, SIGKILL);
		mutex_exit(&proc_lock);
		error = proc_wait(parent, pid, statusp, 0, &rpid);
	}
	proc_abort(parent);
	return error;
}

/*
 * Free the LWPs that exited (here and in earlier cases): each is freed
 * once off its CPU, so that counts of memory in use compare.
 */
static void
ktu_settle(void)
{
	int ms;

	for (ms = 0; kthread_reap() > 0 && ms < KTU_WAIT_MS; ms++)
		delay(1000);
}

/* The status a program that exits with its own pid ends with. */
#define KTU_STATUS_PID	(-1)

/* Run and expect status; the memory in use must come back. */
static void
ktu_expect(struct ktest *kt, const char *what, const char *entry,
    register_t arg, int status)
{
	struct ktest_mem_use before, after;
	int got = -1, error;
	pid_t pid = 0;

	ktu_settle();
	ktest_mem_use_get(&before);
	error = ktu_run(kt, entry, arg, &got, &pid);
	ktu_settle();
	ktest_mem_use_get(&after);
	if (status == KTU_STATUS_PID)
		status = W_EXITCODE(pid & 0x7f, 0);
	if (error != 0)
		ktest_fail(kt, __FILE__, __LINE__, "%s: error %d", what, error);
	else if (got != status)
		ktest_fail(kt, __FILE__, __LINE__, "%s: status %#x, not %#x",
		    what, got, status);
	if (after.kmu_objects != before.kmu_objects ||
	    after.kmu_free != before.kmu_free)
		ktest_fail(kt, __FILE__, __LINE__, "%s: kmem objects %lu -> "
		    "%lu, free pages %lu -> %lu", what, before.kmu_objects,
		    after.kmu_objects, before.kmu_free, after.kmu_free);
}

KTEST_CASE(user_hello, "a process writes to the console, reads its pid and exits with it; its memory comes back")
{
	ktu_expect(kt, "hello", ktu_hello, 0, KTU_STATUS_PID);
}

KTEST_CASE(user_kernel_isolated, "a process reading, writing or running kernel addresses ends by SIGSEGV; the kernel word is unchanged")
{
	const register_t kaddr = (register_t)&ktu_kernel_word;

	ktu_expect(kt, "load", ktu_load, kaddr, W_EXITCODE(0, SIGSEGV));
	ktu_expect(kt, "store", ktu_store, kaddr, W_EXITCODE(0, SIGSEGV));
	ktu_expect(kt, "jump", ktu_jump, (register_t)ktu_hello,
	    W_EXITCODE(0, SIGSEGV));
	ktu_expect(kt, "page 0", ktu_load, 0, W_EXITCODE(0, SIGSEGV));
	KT_CHECK_EQ(ktu_kernel_word, 0x5a5a);
#ifdef __x86_64__
	ktu_expect(kt, "hypervisor hole", ktu_load,
	    (register_t)0xffff800000000000UL, W_EXITCODE(0, SIGSEGV));
	ktu_expect(kt, "M2P", ktu_load,
	    (register_t)xpmap_machine_to_phys_mapping, W_EXITCODE(0, SIGSEGV));
#endif
}

KTEST_CASE(user_nx_stack, "a process running code from its stack ends by SIGSEGV (NX)")
{
	ktu_expect(kt, "stack", ktu_stack_exec, 0, W_EXITCODE(0, SIGSEGV));
}

KTEST_CASE(user_privileged, "cli, hlt, in and int on a kernel vector fault in user mode")
{
	ktu_expect(kt, "cli", ktu_cli, 0, W_EXITCODE(0, SIGSEGV));
	ktu_expect(kt, "hlt", ktu_hlt, 0, W_EXITCODE(0, SIGSEGV));
	ktu_expect(kt, "inb", ktu_inb, 0, W_EXITCODE(0, SIGSEGV));
	ktu_expect(kt, "int $0x0e", ktu_int_kernel, 0,
	    W_EXITCODE(0, SIGSEGV));
}

KTEST_CASE(user_syscall_errors, "an unknown system call gives ENOSYS and a bad pointer EFAULT, with the carry flag")
{
	ktu_expect(kt, "nosys", ktu_nosys, 0, W_EXITCODE(ENOSYS, 0));
	ktu_expect(kt, "kernel pointer", ktu_write_arg,
	    (register_t)&ktu_kernel_word, W_EXITCODE(EFAULT, 0));
	ktu_expect(kt, "unmapped pointer", ktu_write_arg,
	    (register_t)PAGE_SIZE, W_EXITCODE(EFAULT, 0));
	ktu_expect(kt, "wrapping pointer", ktu_write_arg,
	    (register_t)(VM_MAXUSER_ADDRESS - 8), W_EXITCODE(EFAULT, 0));
}

KTEST_CASE(user_fork_wait, "fork: the child exits 7, the parent reaps it with wait4 and sees exit(7)")
{
	ktu_expect(kt, "fork", ktu_fork, 0, W_EXITCODE(0, 0));
}
