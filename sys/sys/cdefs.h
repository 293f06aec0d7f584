/*	Petrel: sys/cdefs.h -- compiler glue.	*/
#ifndef _SYS_CDEFS_H_
#define _SYS_CDEFS_H_

#define __packed		__attribute__((__packed__))
#define __aligned(x)		__attribute__((__aligned__(x)))
#define __section(x)		__attribute__((__section__(x)))
#define __used			__attribute__((__used__))
#define __unused		__attribute__((__unused__))
#define __dead			__attribute__((__noreturn__))
#define __noinline		__attribute__((__noinline__))
#define __printflike(f, a)	__attribute__((__format__(__printf__, f, a)))
#define __predict_true(x)	__builtin_expect(!!(x), 1)
#define __predict_false(x)	__builtin_expect(!!(x), 0)
#define __STRING(x)		#x
#define __XSTRING(x)		__STRING(x)
#define __CONCAT(a, b)		a##b
#define __UNCONST(a)		((void *)(uintptr_t)(const void *)(a))
#define __arraycount(a)		(sizeof(a) / sizeof((a)[0]))
#define __offsetof(t, m)	__builtin_offsetof(t, m)
#define __insn_barrier()	__asm volatile("" ::: "memory")

#endif /* _SYS_CDEFS_H_ */
