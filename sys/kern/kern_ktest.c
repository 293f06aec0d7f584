/*	Petrel: kern/kern_ktest.c -- run in-kernel test cases.
 *
 * tests=all runs every case but the explicit-only ones; tests=a:b runs
 * those named.  Each case prints exactly one result line, which the
 * host side (tests/) turns into one Kyua result.
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/kmem.h>
#include <sys/ktest.h>
#include <uvm/uvm_extern.h>

extern const struct ktest_case *const __start_ktest_set[];
extern const struct ktest_case *const __stop_ktest_set[];

void
ktest_fail(struct ktest *kt, const char *file, int line, const char *fmt,
    ...)
{
	char msg[120];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	printf("ktest: %s: check failed at %s:%d: %s\n", kt->kt_case->kc_name,
	    file, line, msg);
	if (kt->kt_result != KTEST_FAILED) {	/* keep the first reason */
		kt->kt_result = KTEST_FAILED;
		snprintf(kt->kt_reason, sizeof(kt->kt_reason), "%s:%d: %s",
		    file, line, msg);
	}
}

void
ktest_skip(struct ktest *kt, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(kt->kt_reason, sizeof(kt->kt_reason), fmt, ap);
	va_end(ap);
	kt->kt_result = KTEST_SKIPPED;
}

static bool
selected(const char *list, const struct ktest_case *kc)
{
	size_t n = strlen(kc->kc_name);
	const char *p;

	if (strcmp(list, "all") == 0)
		return (kc->kc_flags & KTEST_EXPLICIT) == 0;
	for (p = list; *p != '\0'; p++) {
		if ((p == list || p[-1] == ':') &&
		    strncmp(p, kc->kc_name, n) == 0 &&
		    (p[n] == ':' || p[n] == '\0'))
			return true;
	}
	return false;
}

static const struct ktest_case *
lookup(const char *name, size_t n)
{
	const struct ktest_case *const *kcp;

	for (kcp = __start_ktest_set; kcp < __stop_ktest_set; kcp++)
		if (strlen((*kcp)->kc_name) == n &&
		    strncmp((*kcp)->kc_name, name, n) == 0)
			return *kcp;
	return NULL;
}

int
ktest_run(const char *list)
{
	const struct ktest_case *const *kcp;
	int counts[3] = { 0, 0, 0 };
	const char *p, *q;
	struct ktest kt;

	/* Names that match no case are reported, not silently dropped. */
	if (strcmp(list, "all") != 0) {
		for (p = list; *p != '\0'; p = *q ? q + 1 : q) {
			for (q = p; *q != '\0' && *q != ':'; q++)
				;
			if (q > p && lookup(p, q - p) == NULL) {
				printf("ktest: %.*s: failed: no such test case\n",
				    (int)(q - p), p);
				counts[KTEST_FAILED]++;
			}
		}
	}
	for (kcp = __start_ktest_set; kcp < __stop_ktest_set; kcp++) {
		if (!selected(list, *kcp))
			continue;
		memset(&kt, 0, sizeof(kt));
		kt.kt_case = *kcp;
		kt.kt_result = KTEST_PASSED;
		printf("ktest: %s: start\n", kt.kt_case->kc_name);
		(*kt.kt_case->kc_body)(&kt);
		switch (kt.kt_result) {
		case KTEST_PASSED:
			printf("ktest: %s: passed\n", kt.kt_case->kc_name);
			break;
		case KTEST_FAILED:
			printf("ktest: %s: failed: %s\n", kt.kt_case->kc_name,
			    kt.kt_reason);
			break;
		case KTEST_SKIPPED:
			printf("ktest: %s: skipped: %s\n", kt.kt_case->kc_name,
			    kt.kt_reason);
			break;
		}
		counts[kt.kt_result]++;
	}
	printf("ktest: summary: %d passed, %d failed, %d skipped\n",
	    counts[KTEST_PASSED], counts[KTEST_FAILED], counts[KTEST_SKIPPED]);
	return counts[KTEST_FAILED];
}

void
ktest_mem_use_get(struct ktest_mem_use *mu)
{
	static struct kmem_stats st;	/* big: not on the stack */
	int i;

	kmem_getstats(&st);
	mu->kmu_objects = st.ks_large_inuse;
	mu->kmu_pages = st.ks_large_pages;
	for (i = 0; i < KMEM_NCLASS; i++) {
		mu->kmu_objects += st.ks_class[i].kcs_inuse;
		mu->kmu_pages += st.ks_class[i].kcs_pages;
	}
	mu->kmu_free = uvmexp_free;
}
