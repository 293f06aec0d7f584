/*	Petrel: xen/xenbus/ktest_xenstore.c -- tests of the xenstore client.	*/

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/ktest.h>
#include <xen/xenstore.h>

KTEST_CASE(xenstore_rw, "xenstore: read our domid, write, read back, list "
    "and remove a key; a missing key is ENOENT")
{
	char buf[256];
	const char *p;
	int n, found = 0;

	if (!xenstore_available())
		KT_SKIP("no xenstore (dom0 without xenstored)");
	KT_REQUIRE_EQ(xenstore_read("domid", buf, sizeof(buf)), 0);
	printf("ktest: xenstore_rw: domid %s\n", buf);
	KT_CHECK(strtoul(buf, NULL, 10) > 0);
	KT_REQUIRE_EQ(xenstore_write("data/petrel-test", "hello"), 0);
	KT_REQUIRE_EQ(xenstore_read("data/petrel-test", buf, sizeof(buf)),
	    0);
	KT_CHECK(strcmp(buf, "hello") == 0);
	KT_REQUIRE_EQ(xenstore_directory("data", buf, sizeof(buf), &n), 0);
	for (p = buf; n-- > 0; p += strlen(p) + 1)
		if (strcmp(p, "petrel-test") == 0)
			found = 1;
	KT_CHECK(found);
	KT_CHECK_EQ(xenstore_rm("data/petrel-test"), 0);
	KT_CHECK_EQ(xenstore_read("data/petrel-test", buf, sizeof(buf)),
	    ENOENT);
	/* A reply larger than the buffer is refused, not overflowed. */
	KT_CHECK_EQ(xenstore_read("name", buf, 2), EIO);
}
