/*	Petrel: sys/systm.h -- what every kernel file needs.	*/
#ifndef _SYS_SYSTM_H_
#define _SYS_SYSTM_H_

#include <sys/types.h>
#include <sys/stdarg.h>
#include <sys/errno.h>

extern const char ostype[], osrelease[], version[], copyright[];
extern const char kernel_ident[];
extern int boothowto;		/* RB_* flags from the command line */
extern bool cold;		/* still autoconfiguring */

int	printf(const char *, ...) __printflike(1, 2);
int	vprintf(const char *, va_list);
int	snprintf(char *, size_t, const char *, ...) __printflike(3, 4);
int	vsnprintf(char *, size_t, const char *, va_list);
void	panic(const char *, ...) __dead __printflike(1, 2);
void	vpanic(const char *, va_list) __dead;

void	*memcpy(void *, const void *, size_t);
void	*memmove(void *, const void *, size_t);
void	*memset(void *, int, size_t);
int	memcmp(const void *, const void *, size_t);
size_t	strlen(const char *);
size_t	strlcpy(char *, const char *, size_t);
int	strcmp(const char *, const char *);
int	strncmp(const char *, const char *, size_t);
char	*strchr(const char *, int);
char	*strrchr(const char *, int);
void	*memchr(const void *, int, size_t);
unsigned long strtoul(const char *, char **, int);

#define KASSERT(e)	((e) ? (void)0 : \
	panic("kernel assertion \"%s\" failed: file \"%s\", line %d", \
	    #e, __FILE__, __LINE__))
#define KASSERTMSG(e, fmt, ...)	((e) ? (void)0 : \
	panic("kernel assertion \"%s\" failed: file \"%s\", line %d: " fmt, \
	    #e, __FILE__, __LINE__, ##__VA_ARGS__))
#define CTASSERT(e)	_Static_assert(e, #e)

/* Boot-time command line (kern/subr_bootarg.c). */
void	boot_args_parse(const char *);
const char *boot_arg_value(const char *);
void	boot_args_report(void);		/* warnings, after the banner */

/* Between the kernel and the current process's user space (MD). */
int	copyin(vaddr_t, void *, size_t);
int	copyout(const void *, vaddr_t, size_t);
int	copyinstr(vaddr_t, char *, size_t, size_t *);
/* Console (dev/cons.c). */
void	cnputc(int);
void	cnflush(void);
int	cons_lock(void);
void	cons_unlock(int);
void	cons_lock_break(void);

/* Machine-dependent hooks every port provides. */
void	cpu_configure(void);
void	cpu_poweroff(void) __dead;
void	cpu_reboot(void) __dead;
void	cpu_crash(void) __dead;
void	main(void) __dead;

/* Clocks (kern/kern_clock.c; the port's clock driver). */
struct cpu_info;
extern int hz;			/* ticks a second */
int	getticks(void);			/* ticks since boot (wraps) */
uint64_t getticks64(void);		/* ticks since boot */
uint64_t tick_nsec(void);		/* 10^9 / hz */
void	initclocks(void);
void	hardclock(struct cpu_info *);	/* a busy CPU's tick */
uint64_t cpu_uptime_ns(void);		/* MD: ns since boot, monotonic */
void	cpu_wallclock(uint64_t *, uint32_t *);	/* MD: UTC now: s, ns */
void	cpu_initclocks(void);		/* MD: start the boot CPU's clock */
void	clock_hz_init(void);		/* settle hz, once */
void	delay(unsigned int);		/* MD: busy-wait, microseconds */

#endif /* _SYS_SYSTM_H_ */
