/*	Petrel: sys/ktest.h -- in-kernel test cases in an ATF-like form.
 *
 *	KTEST_CASE(name, "description")
 *	{
 *		KT_REQUIRE(x == 1);
 *		KT_CHECK_EQ(y, 2);
 *	}
 *
 * Each case is placed in the ktest_set section; the boot argument
 * tests=all (or tests=a:b:c) runs them and prints one result line each:
 *	ktest: <name>: passed | failed: <reason> | skipped: <reason>
 * The names and descriptions are also kept in a non-loaded section,
 * .ktestlist, that the build extracts into ktests.txt for the host side.
 */
#ifndef _SYS_KTEST_H_
#define _SYS_KTEST_H_

#include <sys/types.h>

struct ktest;

struct ktest_case {
	const char	*kc_name;
	const char	*kc_descr;
	void		(*kc_body)(struct ktest *);
	int		 kc_flags;
#define KTEST_EXPLICIT	0x01	/* run only when named, never by "all" */
};

enum ktest_result { KTEST_PASSED, KTEST_FAILED, KTEST_SKIPPED };

struct ktest {
	const struct ktest_case *kt_case;
	enum ktest_result kt_result;
	char		 kt_reason[160];
};

/*
 * The list section: ".ktestlist" for the cases tests=all runs, which
 * the host side makes one result each; explicit-only cases go to a
 * section of their own that ktests.txt leaves out.
 */
#define KTEST_DEFINE(name, descr, flags, list)				\
	static void ktest_body_##name(struct ktest *);			\
	static const struct ktest_case ktest_case_##name = {		\
		#name, descr, ktest_body_##name, flags };		\
	static const struct ktest_case *const ktest_ptr_##name		\
	    __section("ktest_set") __used = &ktest_case_##name;	\
	__asm(".pushsection " list ",\"\",@progbits\n"			\
	    ".ascii \"" #name "\\t" descr "\\n\"\n.popsection");	\
	static void ktest_body_##name(struct ktest *kt __unused)

#define KTEST_CASE(name, descr)						\
	KTEST_DEFINE(name, descr, 0, ".ktestlist")
/* Run only when named in tests=, never by tests=all. */
#define KTEST_CASE_EXPLICIT(name, descr)				\
	KTEST_DEFINE(name, descr, KTEST_EXPLICIT, ".ktestlist.explicit")

void	ktest_fail(struct ktest *, const char *, int, const char *, ...)
	    __printflike(4, 5);
void	ktest_skip(struct ktest *, const char *, ...) __printflike(2, 3);
int	ktest_run(const char *);	/* returns the number failed */

/*
 * A busy-wait window for timing checks (kern/ktest_clock.c): the
 * longest time between two looks at the clock (the vCPU did not run,
 * or ran handlers), and how far uptime and the TSC (at the boot
 * frequency) disagree over the window.  An upper bound on a delay is
 * only checked over an undisturbed window, KTEST_ATTEMPTS times.
 */
#define KTEST_ATTEMPTS	5
struct ktest_window {
	uint64_t	 kw_sys0, kw_tsc0;	/* uptime ns, TSC at start */
	uint64_t	 kw_sys, kw_tsc;	/* at the latest look */
	uint64_t	 kw_gap;		/* longest between two looks */
};
uint64_t ktest_window_start(struct ktest_window *);	/* uptime ns */
uint64_t ktest_window_now(struct ktest_window *);	/* uptime ns */
bool	ktest_window_disturbed(const struct ktest_window *, uint64_t,
	    const char *);

/* Memory in use, to compare before and after a test (leaks). */
struct ktest_mem_use {
	unsigned long	 kmu_objects;	/* kmem objects allocated */
	unsigned long	 kmu_pages;	/* pages kmem holds */
	unsigned long	 kmu_free;	/* free pages */
};
void	ktest_mem_use_get(struct ktest_mem_use *);

/* Check: record a failure and go on.  Require: record and end the case. */
#define KT_CHECK(e) do {						\
	if (!(e))							\
		ktest_fail(kt, __FILE__, __LINE__, "%s", #e " not met");	\
} while (0)
#define KT_REQUIRE(e) do {						\
	if (!(e)) {							\
		ktest_fail(kt, __FILE__, __LINE__, "%s", #e " not met");	\
		return;							\
	}								\
} while (0)
#define KT_CHECK_EQ(a, b) do {						\
	long long _a = (long long)(a), _b = (long long)(b);		\
	if (_a != _b)							\
		ktest_fail(kt, __FILE__, __LINE__, "%s == %s: %lld != %lld", \
		    #a, #b, _a, _b);					\
} while (0)
#define KT_REQUIRE_EQ(a, b) do {					\
	long long _a = (long long)(a), _b = (long long)(b);		\
	if (_a != _b) {							\
		ktest_fail(kt, __FILE__, __LINE__, "%s == %s: %lld != %lld", \
		    #a, #b, _a, _b);					\
		return;							\
	}								\
} while (0)
#define KT_FAIL(...) do {						\
	ktest_fail(kt, __FILE__, __LINE__, __VA_ARGS__);		\
	return;								\
} while (0)
#define KT_SKIP(...) do {						\
	ktest_skip(kt, __VA_ARGS__);					\
	return;								\
} while (0)

#endif /* _SYS_KTEST_H_ */
