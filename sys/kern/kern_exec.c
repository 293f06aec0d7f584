/*	Petrel: kern/kern_exec.c -- running a program: execve(2), and the
 *	first processes the kernel starts.
 *
 * A program is a static ELF executable (exec_elf.c checks it) from the
 * ramdisk.  Its loadable segments become regions of a new address
 * space with their file bytes copied in (the rest zero), and a stack
 * below USRSTACK gets the arguments as NetBSD lays them out: argc, the
 * argv pointers and NULL, the envp pointers and NULL, an auxiliary
 * vector, then the strings.  The old address space goes only once the
 * new one is complete: a failed exec leaves the caller as it was.
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/cpio.h>
#include <sys/exec_elf.h>
#include <sys/file.h>
#include <sys/kmem.h>
#include <sys/proc.h>
#include <sys/ramdisk.h>
#include <sys/syscallargs.h>

#include <machine/pmap.h>
#include <machine/vmparam.h>
#include <uvm/uvm_extern.h>
#include <uvm/uvm_map.h>

#define ARG_MAX		(16 * 1024)	/* bytes of argument and env strings */
#define ARG_NMAX	256		/* pointers of each */

/* The auxiliary vector's types that we give (NetBSD's numbers). */
#define AT_NULL		0
#define AT_PAGESZ	6
#define AT_ENTRY	9

/* A program's arguments, in the kernel: the strings back to back. */
struct exec_args {
	char	*ea_buf;		/* ARG_MAX bytes */
	size_t	 ea_len;		/* used */
	int	 ea_argc, ea_envc;
};

static int
exec_args_add(struct exec_args *ea, const char *s, size_t len)
{
	if (len + 1 > ARG_MAX - ea->ea_len)
		return E2BIG;
	memcpy(ea->ea_buf + ea->ea_len, s, len);
	ea->ea_buf[ea->ea_len + len] = '\0';
	ea->ea_len += len + 1;
	return 0;
}

/* Copy a NULL-ended user array of strings in (argv or envp). */
static int
exec_args_copyin(struct exec_args *ea, vaddr_t uvec, int *countp)
{
	register_t up;
	size_t done;
	int error;

	*countp = 0;
	if (uvec == 0)
		return 0;
	for (;;) {
		if (*countp == ARG_NMAX)
			return E2BIG;
		up = 0;
		/* A user pointer is a register_t on both machines. */
		if ((error = copyin(uvec + *countp * sizeof(register_t), &up,
		    sizeof(register_t))) != 0)
			return error;
		if (up == 0)
			return 0;
		error = copyinstr(up, ea->ea_buf + ea->ea_len,
		    ARG_MAX - ea->ea_len, &done);
		if (error == ENAMETOOLONG)
			return E2BIG;
		if (error != 0)
			return error;
		ea->ea_len += done;
		(*countp)++;
	}
}

/*
 * Lay out the arguments on vm's stack; *spp: the stack pointer the
 * program starts with.  Pointers are user words (register_t).
 */
static int
exec_copyout_args(struct vmspace *vm, struct exec_args *ea, vaddr_t entry,
    vaddr_t *spp)
{
	const int nptr = ea->ea_argc + 1 + ea->ea_envc + 1;
	const int nwords = 1 + nptr + 2 * 3;
	register_t *words;
	vaddr_t strings, sp, s;
	int i, w = 0, error;

	strings = USRSTACK - roundup(ea->ea_len, sizeof(register_t));
	sp = rounddown(strings - nwords * sizeof(register_t), 16);
	words = kmem_alloc(nwords * sizeof(register_t), KM_SLEEP);
	words[w++] = ea->ea_argc;
	for (i = 0, s = strings; i < ea->ea_argc + ea->ea_envc; i++) {
		words[w++] = s;
		s += strlen(ea->ea_buf + (s - strings)) + 1;
		if (i == ea->ea_argc - 1)
			words[w++] = 0;		/* the end of argv */
	}
	if (ea->ea_argc == 0)
		words[w++] = 0;
	words[w++] = 0;				/* the end of envp */
	words[w++] = AT_PAGESZ;
	words[w++] = PAGE_SIZE;
	words[w++] = AT_ENTRY;
	words[w++] = entry;
	words[w++] = AT_NULL;
	words[w++] = 0;
	KASSERT(w == nwords);
	error = uvm_copyout_vm(vm, strings, ea->ea_buf, ea->ea_len);
	if (error == 0)
		error = uvm_copyout_vm(vm, sp, words,
		    nwords * sizeof(register_t));
	kmem_free(words, nwords * sizeof(register_t));
	*spp = sp;
	return error;
}

/* Map and fill the program's segments and stack in vm. */
static int
exec_map_image(struct vmspace *vm, const uint8_t *img,
    const struct elf_image *ei)
{
	const struct elf_seg *seg;
	vaddr_t va;
	int i, error;

	for (i = 0; i < ei->nseg; i++) {
		seg = &ei->seg[i];
		va = trunc_page(seg->vaddr);
		error = uvm_map_anon(vm, &va,
		    round_page(seg->vaddr + seg->memsz) - va, seg->prot, true);
		if (error != 0)
			return error;
		error = uvm_copyout_vm(vm, seg->vaddr, img + seg->offset,
		    seg->filesz);
		if (error != 0)
			return error;
	}
	va = USRSTACK - MAXSSIZ;	/* never executable */
	return uvm_map_anon(vm, &va, MAXSSIZ, VM_PROT_READ | VM_PROT_WRITE,
	    true);
}

/*
 * Make vm hold the program img[0..len) with arguments ea; *entryp and
 * *spp are where it starts.  ENOEXEC (with a console line) for what is
 * not a static executable for this machine.
 */
static int
exec_load(struct vmspace *vm, const char *path, const void *img, size_t len,
    struct exec_args *ea, vaddr_t *entryp, vaddr_t *spp)
{
	struct elf_image ei;
	char why[80];
	int error;

	if (elf_parse(img, len, VM_MAXUSER_ADDRESS, &ei, why,
	    sizeof(why)) != 0) {
		printf("exec %s: %s\n", path, why);
		return ENOEXEC;
	}
	if ((error = exec_map_image(vm, img, &ei)) != 0)
		return error;
	*entryp = ei.entry;
	return exec_copyout_args(vm, ea, ei.entry, spp);
}

/* The last component of path, for p_comm. */
static const char *
exec_basename(const char *path)
{
	const char *s = strrchr(path, '/');

	return s != NULL ? s + 1 : path;
}

/*
 * Replace l's program (l: the current LWP, or a new one not running
 * yet) by the image, with arguments ea.  The old address space, if any,
 * is freed once the new one is in place.
 */
static int
exec_image(struct lwp *l, const char *path, const void *img, size_t len,
    struct exec_args *ea)
{
	struct proc *p = l->l_proc;
	struct vmspace *vm, *ovm = p->p_vmspace;
	vaddr_t entry, sp;
	int error;

	if ((vm = uvmspace_alloc()) == NULL)
		return ENOMEM;
	error = exec_load(vm, path, img, len, ea, &entry, &sp);
	if (error != 0) {
		uvmspace_free(vm);
		return error;
	}
	p->p_vmspace = vm;
	if (l == curlwp)
		pmap_bind_lwp(vm->vm_pmap);
	else
		l->l_pmap = vm->vm_pmap;
	if (ovm != NULL)
		uvmspace_free(ovm);
	strlcpy(p->p_comm, exec_basename(path), sizeof(p->p_comm));
	cpu_setregs(l, entry, sp);
	return 0;
}

static struct exec_args *
exec_args_alloc(void)
{
	struct exec_args *ea = kmem_zalloc(sizeof(*ea), KM_SLEEP);

	ea->ea_buf = kmem_alloc(ARG_MAX, KM_SLEEP);
	return ea;
}

static void
exec_args_free(struct exec_args *ea)
{
	kmem_free(ea->ea_buf, ARG_MAX);
	kmem_free(ea, sizeof(*ea));
}

int
sys_execve(struct lwp *l, const struct sys_execve_args *uap,
    register_t *retval)
{
	struct exec_args *ea = exec_args_alloc();
	struct cpio_file f;
	char *path = kmem_alloc(MAXPATHLEN, KM_SLEEP);
	size_t done;
	int error;

	error = copyinstr((vaddr_t)SCARG(uap, path), path, MAXPATHLEN, &done);
	if (error == 0)
		error = ramdisk_lookup(path, &f);
	if (error == 0 && (f.mode & CPIO_MODE_TYPE) != CPIO_MODE_REG)
		error = EACCES;
	if (error == 0)
		error = exec_args_copyin(ea, (vaddr_t)SCARG(uap, argp),
		    &ea->ea_argc);
	if (error == 0)
		error = exec_args_copyin(ea, (vaddr_t)SCARG(uap, envp),
		    &ea->ea_envc);
	if (error == 0)
		error = exec_image(l, path, f.data, f.size, ea);
	exec_args_free(ea);
	kmem_free(path, MAXPATHLEN);
	/* Success: the new program's registers are set. */
	return error == 0 ? EJUSTRETURN : error;
}

/* A new process's first moment in the kernel: go to user mode. */
static void
proc_user_start(void *arg)
{
	cpu_user_return(curlwp);
}

/*
 * A new process running image (named path) with argv (kernel strings,
 * NULL-ended), child of parent (NULL: nobody's), with the console as
 * descriptors 0, 1 and 2.
 */
int
proc_spawn_image(const char *path, const void *img, size_t len,
    char *const *argv, struct proc *parent, struct proc **pp)
{
	struct exec_args *ea;
	struct file *cons;
	struct proc *p;
	struct lwp *l;
	int error;

	if ((p = proc_alloc(parent)) == NULL)
		return EAGAIN;
	ea = exec_args_alloc();
	for (error = 0; error == 0 && argv[ea->ea_argc] != NULL; ea->ea_argc++)
		error = exec_args_add(ea, argv[ea->ea_argc],
		    strlen(argv[ea->ea_argc]));
	if (error == 0)
		error = kthread_create(PRI_NONE | KTHREAD_NOSTART, NULL,
		    proc_user_start, p, &l, "%s", exec_basename(path));
	if (error != 0) {
		exec_args_free(ea);
		proc_abort(p);
		return error;
	}
	l->l_proc = p;
	p->p_lwp = l;
	error = exec_image(l, path, img, len, ea);
	exec_args_free(ea);
	if (error != 0) {
		kthread_abort(l);
		proc_abort(p);
		return error;
	}
	/* Descriptors 0, 1 and 2: one console file, three references. */
	cons = file_alloc(&cons_fileops, NULL, FREAD | FWRITE);
	p->p_fd[0] = p->p_fd[1] = p->p_fd[2] = cons;
	file_hold(cons);
	file_hold(cons);
	proc_activate(p);
	*pp = p;
	return 0;
}

/* proc_spawn_image, of the program at path on the ramdisk. */
int
proc_spawn(const char *path, char *const *argv, struct proc *parent,
    struct proc **pp)
{
	struct cpio_file f;
	int error;

	if ((error = ramdisk_lookup(path, &f)) != 0)
		return error;
	if ((f.mode & CPIO_MODE_TYPE) != CPIO_MODE_REG)
		return EACCES;
	return proc_spawn_image(path, f.data, f.size, argv, parent, pp);
}

/* Arguments init= gets from initargs=: words joined by '+'. */
#define INIT_MAXARGS	8

/*
 * Start init (pid 1), child of proc0: /sbin/init, or the program the
 * boot argument init= names (a test program, say), with the words of
 * initargs= ("-n+100000": two).  shell: init -s, which gives a shell
 * on the console after /etc/rc instead of powering off.
 */
int
init_start(bool shell)
{
	const char *path = boot_arg_value("init");
	const char *args = boot_arg_value("initargs");
	static char words[128];
	char *argv[INIT_MAXARGS + 3], *w;
	struct proc *p;
	int error, n = 0;

	if (path == NULL)
		path = "/sbin/init";
	argv[n++] = __UNCONST(exec_basename(path));
	if (shell)
		argv[n++] = __UNCONST("-s");
	if (args != NULL) {
		strlcpy(words, args, sizeof(words));
		for (w = words; *w != '\0' && n < INIT_MAXARGS + 2;) {
			argv[n++] = w;
			if ((w = strchr(w, '+')) == NULL)
				break;
			*w++ = '\0';
		}
	}
	argv[n] = NULL;
	if ((error = proc_spawn(path, argv, &proc0, &p)) != 0) {
		printf("init: cannot start %s: error %d\n", path, error);
		return error;
	}
	mutex_enter(&proc_lock);
	initproc = p;
	mutex_exit(&proc_lock);
	return 0;
}

/* Wait for init to end; its wait status. */
int
init_wait(void)
{
	pid_t rpid, pid = initproc->p_pid;	/* NULL once init exited */
	int status = 0;

	while (proc_wait(&proc0, pid, &status, 0, &rpid) != 0 ||
	    rpid == 0)
		continue;
	return status;
}
