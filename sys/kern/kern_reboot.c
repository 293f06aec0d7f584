/*	Petrel: kern/kern_reboot.c -- reboot(2), and the end of userland.
 *
 * Before the domain goes (reboot(2), init's end, a shutdown from the
 * toolstack), every process is sent SIGKILL and given a bound to end.
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/proc.h>
#include <sys/sched.h>
#include <sys/syscallargs.h>

/* NetBSD's <sys/reboot.h> values for reboot(2). */
#define RB_AUTOBOOT	0x000
#define RB_HALT		0x008
#define RB_POWERDOWN	0x800

#define KILLALL_WAIT_MS	2000

/*
 * SIGKILL every process but the caller's; true when all of them are
 * gone (zombies) within KILLALL_WAIT_MS.
 */
bool
proc_killall(void)
{
	struct proc *p, *self = curlwp->l_proc;
	int ms, alive;

	for (ms = 0; ms <= KILLALL_WAIT_MS; ms += 10) {
		alive = 0;
		mutex_enter(&proc_lock);
		TAILQ_FOREACH(p, &allproc, p_list) {
			if (p == self || p->p_stat != SACTIVE)
				continue;
			(void)proc_kill(p, SIGKILL);
			alive++;
		}
		mutex_exit(&proc_lock);
		if (alive == 0)
			return true;
		(void)kpause("killall", false, MAX(hz / 100, 1), NULL);
	}
	printf("%d processes did not end in %d ms\n", alive, KILLALL_WAIT_MS);
	return false;
}

/*
 * What reboot(2) asked for, once userland is gone: main() powers off or
 * reboots after init has ended (userland_run), so that what userland
 * leaves behind is still seen.
 */
int userland_howto = -1;

int
sys_reboot(struct lwp *l, const struct sys_reboot_args *uap,
    register_t *retval)
{
	int opt = SCARG(uap, opt);

	if ((opt & RB_HALT) != 0 && (opt & RB_POWERDOWN) == 0)
		printf("halt: no halt without power-off here\n");
	userland_howto = (opt & RB_HALT) != 0 ? USERLAND_POWEROFF :
	    USERLAND_REBOOT;
	(void)proc_killall();
	/* The caller goes last; init's end wakes main(). */
	exit1(l, W_EXITCODE(0, 0));
}

/*
 * The toolstack asks the domain to go (xl shutdown, xl reboot): with
 * userland up, every process is killed and main() ends the domain the
 * way asked once init is gone (true); false when there is no userland,
 * or it did not end within the bound, and the caller ends the domain.
 */
bool
userland_shutdown(int howto)
{
	bool up;

	mutex_enter(&proc_lock);
	up = initproc != NULL && initproc->p_stat == SACTIVE;
	mutex_exit(&proc_lock);
	if (!up)
		return false;
	userland_howto = howto;
	return proc_killall();
}
