/*	Petrel: xen/xenbus/ktest_xenstore.c -- tests of the xenstore client.	*/

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/ktest.h>
#include <sys/lwp.h>
#include <sys/sched.h>
#include <xen/xenstore.h>

#define KEY	"data/petrel-test"

KTEST_CASE(xenstore_rw, "xenstore: read our domid, write, read back, list and remove a key; a missing key is ENOENT")
{
	char buf[256];
	const char *p;
	int n, found = 0;

	if (!xenstore_available())
		KT_SKIP("no xenstore (dom0 without xenstored)");
	KT_REQUIRE_EQ(xenstore_read(XS_TX_NONE, "domid", buf, sizeof(buf)), 0);
	printf("ktest: xenstore_rw: domid %s\n", buf);
	KT_CHECK(strtoul(buf, NULL, 10) > 0);
	KT_REQUIRE_EQ(xenstore_write(XS_TX_NONE, KEY, "hello"), 0);
	KT_REQUIRE_EQ(xenstore_read(XS_TX_NONE, KEY, buf, sizeof(buf)), 0);
	KT_CHECK(strcmp(buf, "hello") == 0);
	KT_REQUIRE_EQ(xenstore_directory(XS_TX_NONE, "data", buf, sizeof(buf),
	    &n), 0);
	for (p = buf; n-- > 0; p += strlen(p) + 1)
		if (strcmp(p, "petrel-test") == 0)
			found = 1;
	KT_CHECK(found);
	KT_CHECK_EQ(xenstore_rm(XS_TX_NONE, KEY), 0);
	KT_CHECK_EQ(xenstore_read(XS_TX_NONE, KEY, buf, sizeof(buf)), ENOENT);
	/* A reply larger than the buffer is refused, not overflowed. */
	KT_CHECK_EQ(xenstore_read(XS_TX_NONE, "name", buf, 2), EIO);
}

KTEST_CASE(xenstore_transaction, "xenstore: a transaction's write is seen only after commit, never after abort; a conflicting commit gets EAGAIN")
{
	xenstore_tx_t t1, t2;
	char buf[32];

	if (!xenstore_available())
		KT_SKIP("no xenstore (dom0 without xenstored)");
	KT_REQUIRE_EQ(xenstore_write(XS_TX_NONE, KEY, "before"), 0);

	/* Commit: invisible outside until the end, then there. */
	KT_REQUIRE_EQ(xenstore_transaction_start(&t1), 0);
	KT_CHECK_EQ(xenstore_write(t1, KEY, "inside"), 0);
	KT_CHECK_EQ(xenstore_read(t1, KEY, buf, sizeof(buf)), 0);
	KT_CHECK(strcmp(buf, "inside") == 0);
	KT_CHECK_EQ(xenstore_read(XS_TX_NONE, KEY, buf, sizeof(buf)), 0);
	KT_CHECK(strcmp(buf, "before") == 0);
	KT_CHECK_EQ(xenstore_transaction_end(t1, true), 0);
	KT_CHECK_EQ(xenstore_read(XS_TX_NONE, KEY, buf, sizeof(buf)), 0);
	KT_CHECK(strcmp(buf, "inside") == 0);

	/* Abort: nothing happened. */
	KT_REQUIRE_EQ(xenstore_transaction_start(&t1), 0);
	KT_CHECK_EQ(xenstore_write(t1, KEY, "aborted"), 0);
	KT_CHECK_EQ(xenstore_transaction_end(t1, false), 0);
	KT_CHECK_EQ(xenstore_read(XS_TX_NONE, KEY, buf, sizeof(buf)), 0);
	KT_CHECK(strcmp(buf, "inside") == 0);

	/* Two read-modify-writes of one key: the second to commit loses. */
	KT_REQUIRE_EQ(xenstore_transaction_start(&t1), 0);
	KT_REQUIRE_EQ(xenstore_transaction_start(&t2), 0);
	KT_CHECK(t1 != t2);
	KT_CHECK_EQ(xenstore_read(t1, KEY, buf, sizeof(buf)), 0);
	KT_CHECK_EQ(xenstore_read(t2, KEY, buf, sizeof(buf)), 0);
	KT_CHECK_EQ(xenstore_write(t1, KEY, "one"), 0);
	KT_CHECK_EQ(xenstore_write(t2, KEY, "two"), 0);
	KT_CHECK_EQ(xenstore_transaction_end(t1, true), 0);
	KT_CHECK_EQ(xenstore_transaction_end(t2, true), EAGAIN);
	KT_CHECK_EQ(xenstore_read(XS_TX_NONE, KEY, buf, sizeof(buf)), 0);
	KT_CHECK(strcmp(buf, "one") == 0);

	/* A transaction id xenstored never gave is refused. */
	KT_CHECK(xenstore_read(0x7fffffff, KEY, buf, sizeof(buf)) != 0);
	KT_CHECK_EQ(xenstore_rm(XS_TX_NONE, KEY), 0);
}

static volatile int watch_fired;
static char watch_path[64];

static void
watch_cb(struct xenstore_watch *w, const char *path)
{
	(void)w;
	strlcpy(watch_path, path, sizeof(watch_path));
	__atomic_fetch_add(&watch_fired, 1, __ATOMIC_SEQ_CST);
	wakeup(&watch_path);
}

/* Wait up to 2 s for the watch to have fired more than n times. */
static bool
watch_wait(int n)
{
	int i;

	for (i = 0; i < 20 && watch_fired <= n; i++)
		(void)tsleep(&watch_path, "kwatch", MAX(hz / 10, 1));
	return watch_fired > n;
}

KTEST_CASE(xenstore_watch, "xenstore: a watch fires when set, on a write below its path and on removal, with the path; not after unwatch")
{
	struct xenstore_watch w = { .xw_path = KEY, .xw_cb = watch_cb };
	int n;

	if (!xenstore_available())
		KT_SKIP("no xenstore (dom0 without xenstored)");
	watch_fired = 0;
	KT_REQUIRE_EQ(xenstore_watch(&w), 0);
	KT_REQUIRE(watch_wait(0));		/* the initial event */
	KT_CHECK(strcmp(watch_path, KEY) == 0);

	n = watch_fired;
	KT_CHECK_EQ(xenstore_write(XS_TX_NONE, KEY "/leaf", "x"), 0);
	KT_CHECK(watch_wait(n));
	KT_CHECK(strcmp(watch_path, KEY "/leaf") == 0);
	printf("ktest: xenstore_watch: event for %s\n", watch_path);

	n = watch_fired;
	KT_CHECK_EQ(xenstore_rm(XS_TX_NONE, KEY), 0);
	KT_CHECK(watch_wait(n));

	KT_CHECK_EQ(xenstore_unwatch(&w), 0);
	(void)kpause("kwatch", false, MAX(hz / 5, 1), NULL);
	n = watch_fired;
	KT_CHECK_EQ(xenstore_write(XS_TX_NONE, KEY, "late"), 0);
	(void)kpause("kwatch", false, MAX(hz / 2, 1), NULL);
	KT_CHECK_EQ(watch_fired, n);
	KT_CHECK_EQ(xenstore_rm(XS_TX_NONE, KEY), 0);
}
