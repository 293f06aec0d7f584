/*	Petrel: xen/x86/ktest_copy.c -- tests of copyin(9) and copyout(9).
 *
 * A thread bound to each running CPU loads a user pmap with three
 * pages mapped (two writable ones side by side, then one read-only),
 * and the last page below VM_MAXUSER_ADDRESS, and checks that good
 * copies move exactly the bytes asked for, and that every range outside
 * user space, wrapping, reaching into an unmapped page or writing a
 * read-only one fails with EFAULT without touching kernel memory.
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/cpu.h>
#include <sys/errno.h>
#include <sys/ktest.h>
#include <sys/lwp.h>
#include <sys/sched.h>

#include <machine/pmap.h>
#include <machine/vmparam.h>
#include <xen/xenpmap.h>
#include <uvm/uvm_extern.h>

#define COPY_VA		0x20000000UL	/* two writable pages from here */
#define COPY_RO_VA	(COPY_VA + 2 * PAGE_SIZE)	/* read-only page */
#define COPY_HOLE_VA	(COPY_VA + 3 * PAGE_SIZE)	/* never mapped */
#define COPY_TOP_VA	(VM_MAXUSER_ADDRESS - PAGE_SIZE) /* last user page */
#define COPY_LEN	16
#define COPY_KMAGIC	0x5ca1ab1e0ddba11ULL

/* A kernel data word that copyout must never reach. */
static volatile uint64_t copy_kvar = COPY_KMAGIC;

static struct {
	struct pmap	*pm;
	paddr_t		 pa[3];		/* COPY_VA, +PAGE_SIZE, COPY_TOP_VA */
	volatile int	 bad;
	volatile int	 done;
} copy_t;

static void
copy_bad(const char *what, int got, int want)
{
	printf("ktest: copy_efault: cpu%d: %s: got %d, want %d\n",
	    cpu_index(curcpu()), what, got, want);
	copy_t.bad++;
}

static void
copy_expect(const char *what, int got, int want)
{
	if (got != want)
		copy_bad(what, got, want);
	/* A copy, failed or not, leaves no fault catcher armed. */
	if (curcpu()->ci_onfault != NULL)
		copy_bad("catcher left armed", 1, 0);
}

static uint8_t *
copy_page(int i)
{
	return (uint8_t *)PMAP_DIRECT_VA(copy_t.pa[i]);
}

static void
copy_fill(uint8_t *p, size_t len, uint8_t seed)
{
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = (uint8_t)(seed + i * 7);
}

/* Good copies: the exact bytes arrive, and none beside them. */
static void
copy_good(uint8_t base)
{
	uint8_t src[COPY_LEN], dst[COPY_LEN + 2];
	uint8_t *page0 = copy_page(0), *page1 = copy_page(1);
	uint8_t *top = copy_page(2);
	vaddr_t straddle = COPY_VA + PAGE_SIZE - COPY_LEN / 2;

	memset(page0, 0xee, PAGE_SIZE);
	memset(page1, 0xee, PAGE_SIZE);
	copy_fill(src, sizeof(src), base);

	/* Across the boundary between the two writable pages. */
	copy_expect("copyout straddling two mapped pages",
	    copyout(src, straddle, COPY_LEN), 0);
	if (memcmp(page0 + PAGE_SIZE - COPY_LEN / 2, src, COPY_LEN / 2) != 0 ||
	    memcmp(page1, src + COPY_LEN / 2, COPY_LEN / 2) != 0)
		copy_bad("copyout bytes differ", 1, 0);
	if (page0[PAGE_SIZE - COPY_LEN / 2 - 1] != 0xee ||
	    page1[COPY_LEN / 2] != 0xee)
		copy_bad("copyout wrote outside its range", 1, 0);
	memset(dst, 0x11, sizeof(dst));
	copy_expect("copyin straddling two mapped pages",
	    copyin(straddle, dst + 1, COPY_LEN), 0);
	if (memcmp(dst + 1, src, COPY_LEN) != 0)
		copy_bad("copyin bytes differ", 1, 0);
	if (dst[0] != 0x11 || dst[COPY_LEN + 1] != 0x11)
		copy_bad("copyin wrote outside its buffer", 1, 0);

	/* Nothing at all: nothing moves, and that is not an error. */
	copy_expect("copyout of 0 bytes", copyout(src, COPY_VA, 0), 0);
	copy_expect("copyin of 0 bytes", copyin(COPY_VA, dst, 0), 0);

	/* The very last bytes of user space are still user space. */
	memset(top, 0xee, PAGE_SIZE);
	copy_expect("copyout ending at VM_MAXUSER_ADDRESS",
	    copyout(src, VM_MAXUSER_ADDRESS - COPY_LEN, COPY_LEN), 0);
	if (memcmp(top + PAGE_SIZE - COPY_LEN, src, COPY_LEN) != 0 ||
	    top[PAGE_SIZE - COPY_LEN - 1] != 0xee)
		copy_bad("copyout at the top: bytes differ", 1, 0);
	memset(dst, 0x11, sizeof(dst));
	copy_expect("copyin ending at VM_MAXUSER_ADDRESS",
	    copyin(VM_MAXUSER_ADDRESS - COPY_LEN, dst, COPY_LEN), 0);
	if (memcmp(dst, src, COPY_LEN) != 0)
		copy_bad("copyin at the top: bytes differ", 1, 0);
}

/* Kernel addresses and ranges leaving user space: refused outright. */
static void
copy_outside(void)
{
	uint64_t word = 0x1111111111111111ULL, got;
	uint8_t buf[COPY_LEN];

	memset(buf, 0x22, sizeof(buf));
	got = word;
	copy_expect("copyin from a kernel variable",
	    copyin((vaddr_t)&copy_kvar, &got, sizeof(got)), EFAULT);
	if (got != word)
		copy_bad("copyin from a kernel variable read it", 1, 0);
	copy_expect("copyout to a kernel variable",
	    copyout(&word, (vaddr_t)&copy_kvar, sizeof(word)), EFAULT);
	if (copy_kvar != COPY_KMAGIC)
		copy_bad("copyout to a kernel variable changed it", 1, 0);
	copy_kvar = COPY_KMAGIC;

	/* From the mapped last user page across the top. */
	copy_expect("copyin crossing VM_MAXUSER_ADDRESS",
	    copyin(VM_MAXUSER_ADDRESS - COPY_LEN / 2, buf, COPY_LEN),
	    EFAULT);
	copy_expect("copyin at VM_MAXUSER_ADDRESS",
	    copyin(VM_MAXUSER_ADDRESS, buf, 1), EFAULT);
	copy_expect("copyout crossing VM_MAXUSER_ADDRESS",
	    copyout(buf, VM_MAXUSER_ADDRESS - COPY_LEN / 2, COPY_LEN),
	    EFAULT);
	copy_expect("copyout at VM_MAXUSER_ADDRESS",
	    copyout(buf, VM_MAXUSER_ADDRESS, 1), EFAULT);

	/* uaddr + len past the end of the address space, back to 0. */
	copy_expect("copyin of a range that wraps",
	    copyin(COPY_VA, buf, (size_t)0 - COPY_VA + COPY_LEN), EFAULT);
	copy_expect("copyout of a range that wraps",
	    copyout(buf, COPY_VA, (size_t)0 - COPY_VA + COPY_LEN), EFAULT);
	copy_expect("copyout of a range that wraps from the top",
	    copyout(buf, (vaddr_t)0 - COPY_LEN / 2, COPY_LEN), EFAULT);
}

/* Inside user space but not (all) there: the fault is caught. */
static void
copy_unmapped(void)
{
	uint8_t buf[COPY_LEN];
	vaddr_t into_hole = COPY_HOLE_VA - COPY_LEN / 2;

	memset(buf, 0x33, sizeof(buf));
	copy_expect("copyin from an unmapped page",
	    copyin(COPY_HOLE_VA, buf, COPY_LEN), EFAULT);
	copy_expect("copyout to an unmapped page",
	    copyout(buf, COPY_HOLE_VA, COPY_LEN), EFAULT);
	copy_expect("copyin from page 0",
	    copyin(0, buf, sizeof(buf)), EFAULT);
	/* Mapped (read-only) page, then the hole: half is no success. */
	copy_expect("copyin running into an unmapped page",
	    copyin(into_hole, buf, COPY_LEN), EFAULT);
	copy_expect("copyout to a read-only page",
	    copyout(buf, COPY_RO_VA, COPY_LEN), EFAULT);
	copy_expect("copyin from a read-only page",
	    copyin(COPY_RO_VA, buf, COPY_LEN), 0);
	/* Writable page 1 into the read-only page: caught mid-copy. */
	copy_expect("copyout running into a read-only page",
	    copyout(buf, COPY_RO_VA - COPY_LEN / 2, COPY_LEN), EFAULT);
	copy_expect("copyout running into an unmapped page",
	    copyout(buf, into_hole, COPY_LEN), EFAULT);
}

static void
copy_thread(void *arg)
{
	(void)arg;
	pmap_bind_lwp(copy_t.pm);
	copy_good((uint8_t)cpu_index(curcpu()));
	copy_outside();
	copy_unmapped();
	/* Back to kernel-only tables: the pages are out of reach. */
	pmap_bind_lwp(NULL);
	copy_expect("copyin without a user pmap",
	    copyin(COPY_VA, &arg, sizeof(arg)), EFAULT);
	copy_t.done = 1;
}

KTEST_CASE(copy_efault, "copyin/copyout fail with EFAULT outside user space, on wrapping ranges and on unmapped or read-only pages, and copy exact bytes otherwise; on every CPU")
{
	static const vaddr_t at[3] = { COPY_VA, COPY_VA + PAGE_SIZE,
	    COPY_TOP_VA };
	paddr_t ro;
	int i, waited, ran = 0;

	copy_t.pm = pmap_create();
	KT_REQUIRE(copy_t.pm != NULL);
	for (i = 0; i < 3; i++) {
		copy_t.pa[i] = uvm_pagealloc_pa();
		KT_REQUIRE(copy_t.pa[i] != UVM_NOPAGE);
		KT_REQUIRE_EQ(pmap_enter_user(copy_t.pm, at[i], copy_t.pa[i],
		    VM_PROT_READ | VM_PROT_WRITE), 0);
	}
	ro = uvm_pagealloc_pa();
	KT_REQUIRE(ro != UVM_NOPAGE);
	KT_REQUIRE_EQ(pmap_enter_user(copy_t.pm, COPY_RO_VA, ro,
	    VM_PROT_READ), 0);
	/* pmap_enter_user() itself stops at the top of user space. */
	KT_CHECK_EQ(pmap_enter_user(copy_t.pm, VM_MAXUSER_ADDRESS, ro,
	    VM_PROT_READ), EINVAL);
	copy_t.bad = 0;

	/* One CPU at a time: they share the pages. */
	for (i = 0; i < ncpu; i++) {
		struct cpu_info *ci = cpu_infos[i];

		if (ci == NULL || (ci->ci_flags & CPUF_RUNNING) == 0)
			continue;
		copy_t.done = 0;
		KT_REQUIRE_EQ(kthread_create(PRI_NONE, ci, copy_thread, NULL,
		    NULL, "ktcopy%d", i), 0);
		/* Each thread needs well under a second, even under TCG. */
		for (waited = 0; copy_t.done == 0 && waited < 10 * hz;
		    waited++)
			(void)kpause("ktcopy", false, 1, NULL);
		KT_REQUIRE_EQ(copy_t.done, 1);
		ran++;
	}
	KT_CHECK_EQ(ran, ncpuonline);
	KT_CHECK_EQ(copy_t.bad, 0);
	KT_CHECK(copy_kvar == COPY_KMAGIC);
}
