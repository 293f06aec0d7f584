/*	Petrel: uvm/uvm_mmap.c -- mmap(2) and munmap(2): anonymous memory.	*/

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/proc.h>
#include <sys/syscallargs.h>

#include <uvm/uvm_extern.h>
#include <uvm/uvm_map.h>

/* NetBSD's <sys/mman.h> values. */
#define PROT_READ	0x01
#define PROT_WRITE	0x02
#define PROT_EXEC	0x04
#define MAP_PRIVATE	0x0002
#define MAP_FIXED	0x0010
#define MAP_ANON	0x1000

int
sys_mmap(struct lwp *l, const struct sys_mmap_args *uap, register_t *retval)
{
	vaddr_t va = (vaddr_t)SCARG(uap, addr);
	int flags = SCARG(uap, flags), prot = SCARG(uap, prot);
	int error;

	/* Anonymous memory only: there are no files to map. */
	if ((flags & MAP_ANON) == 0)
		return ENODEV;
	if ((flags & ~(MAP_ANON | MAP_PRIVATE | MAP_FIXED)) != 0 ||
	    (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC)) != 0)
		return EINVAL;
	error = uvm_map_anon(l->l_proc->p_vmspace, &va, SCARG(uap, len),
	    prot, (flags & MAP_FIXED) != 0);
	if (error != 0)
		return error;
	retval[0] = va;
	return 0;
}

int
sys_munmap(struct lwp *l, const struct sys_munmap_args *uap,
    register_t *retval)
{
	return uvm_unmap(l->l_proc->p_vmspace, (vaddr_t)SCARG(uap, addr),
	    SCARG(uap, len));
}
