/*	Petrel: kern/ktest_kern.c -- tests of the MI kernel basics.	*/

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/ktest.h>
#include <sys/device.h>

KTEST_CASE(printf_formats, "snprintf formats numbers and strings")
{
	char buf[64];

	snprintf(buf, sizeof(buf), "%d|%5d|%-3d|%05x|%X", -42, 7, 1, 0xab,
	    0xbeef);
	KT_CHECK(strcmp(buf, "-42|    7|1  |000ab|BEEF") == 0);
	snprintf(buf, sizeof(buf), "%s|%.3s|%c|%%|%lu|%llx", "ab", "abcdef",
	    'z', 4000000000UL, 0x123456789abULL);
	KT_CHECK(strcmp(buf, "ab|abc|z|%|4000000000|123456789ab") == 0);
	KT_CHECK_EQ(snprintf(buf, 4, "%s", "truncated"), 9);
	KT_CHECK(strcmp(buf, "tru") == 0);
}

KTEST_CASE(bootargs_tests, "the tests= boot argument is seen")
{
	const char *t = boot_arg_value("tests");

	KT_REQUIRE(t != NULL);
	KT_CHECK(strlen(t) > 0);
	KT_CHECK(boot_arg_value("no_such_setting") == NULL);
}

KTEST_CASE(autoconf_tree, "mainbus0, hypervisor0 and vcpu0 attached")
{
	device_t hv = device_find_by_xname("hypervisor0");
	device_t v0 = device_find_by_xname("vcpu0");

	KT_REQUIRE(device_find_by_xname("mainbus0") != NULL);
	KT_REQUIRE(hv != NULL);
	KT_REQUIRE(v0 != NULL);
	KT_CHECK(device_parent(v0) == hv);
	KT_CHECK(device_is_a(v0, "vcpu"));
}
