/*	Petrel: kern/ktest_cpio.c -- tests of the cpio newc parser.
 *
 * A small archive is written here (a directory, two files whose sizes
 * need padding, the trailer), looked up and walked, then corrupted one
 * field at a time: each must give EINVAL with its reason.
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/cpio.h>
#include <sys/ktest.h>

#define T_INIT_DATA	"init-data"	/* 9 bytes: 3 of padding follow */
#define T_RC_DATA	"echo hi\n"
#define T_MODE_DIR	0040755
#define T_MODE_EXEC	0100755
#define T_MODE_FILE	0100644
enum { E_SBIN, E_INIT, E_RC, E_TRAILER, E_COUNT };

static char t_img[1024];
static size_t t_len;
static size_t t_entry_off[E_COUNT];

/* Append one entry; returns its offset. */
static size_t
t_add(const char *name, uint32_t mode, const char *data)
{
	size_t off = t_len, namesize = strlen(name) + 1;
	size_t size = data != NULL ? strlen(data) : 0;

	KASSERT(t_len + CPIO_NEWC_HDRSIZE + namesize + size + 8 <=
	    sizeof(t_img));
	snprintf(t_img + t_len, CPIO_NEWC_HDRSIZE + 1, "%s%08x%08x%08x%08x"
	    "%08x%08x%08zx%08x%08x%08x%08x%08zx%08x", CPIO_NEWC_MAGIC,
	    (unsigned)(off + 1), mode, 0, 0, 1, 1700000000, size, 0, 0, 0, 0,
	    namesize, 0);
	t_len += CPIO_NEWC_HDRSIZE;
	memcpy(t_img + t_len, name, namesize);
	t_len = roundup(t_len + namesize, CPIO_NEWC_ALIGN);
	if (size > 0)
		memcpy(t_img + t_len, data, size);
	t_len = roundup(t_len + size, CPIO_NEWC_ALIGN);
	return off;
}

static void
t_build(void)
{
	memset(t_img, 0, sizeof(t_img));
	t_len = 0;
	t_entry_off[E_SBIN] = t_add("sbin", T_MODE_DIR, NULL);
	t_entry_off[E_INIT] = t_add("sbin/init", T_MODE_EXEC, T_INIT_DATA);
	t_entry_off[E_RC] = t_add("./etc/rc", T_MODE_FILE, T_RC_DATA);
	t_entry_off[E_TRAILER] = t_add(CPIO_TRAILER, 0, NULL);
}

KTEST_CASE(cpio_lookup_paths, "cpio: lookup with and without a "
    "leading / or ./, data and mode inside the image, ENOENT")
{
	static const char *const init_paths[] = {
		"sbin/init", "/sbin/init", "./sbin/init", "//./sbin/init",
	};
	struct cpio_file cf;
	char why[80];
	size_t i;

	t_build();
	KT_REQUIRE_EQ(cpio_check(t_img, t_len, why, sizeof(why)), 0);
	for (i = 0; i < __arraycount(init_paths); i++) {
		KT_REQUIRE_EQ(cpio_lookup(t_img, t_len, init_paths[i], &cf), 0);
		KT_CHECK_EQ(cf.size, sizeof(T_INIT_DATA) - 1);
		KT_CHECK(memcmp(cf.data, T_INIT_DATA, cf.size) == 0);
		KT_CHECK_EQ(cf.mode, T_MODE_EXEC);
		KT_CHECK_EQ(cf.mtime, 1700000000);
		KT_CHECK_EQ(cf.ino, t_entry_off[E_INIT] + 1);
		KT_CHECK((const char *)cf.data > t_img &&
		    (const char *)cf.data + cf.size <= t_img + t_len);
		KT_CHECK_EQ(((const char *)cf.data - t_img) % CPIO_NEWC_ALIGN,
		    0);
	}
	/* Stored as "./etc/rc": the prefix does not count there either. */
	KT_REQUIRE_EQ(cpio_lookup(t_img, t_len, "/etc/rc", &cf), 0);
	KT_CHECK(cf.size == sizeof(T_RC_DATA) - 1 &&
	    memcmp(cf.data, T_RC_DATA, cf.size) == 0);
	KT_REQUIRE_EQ(cpio_lookup(t_img, t_len, "sbin", &cf), 0);
	KT_CHECK_EQ(cf.mode, T_MODE_DIR);
	KT_CHECK_EQ(cf.size, 0);
	KT_CHECK_EQ(cpio_lookup(t_img, t_len, "sbin/ini", &cf), ENOENT);
	KT_CHECK_EQ(cpio_lookup(t_img, t_len, "sbin/init/", &cf), ENOENT);
	KT_CHECK_EQ(cpio_lookup(t_img, t_len, CPIO_TRAILER, &cf), ENOENT);
}

KTEST_CASE(cpio_next_walk, "cpio: cpio_next walks every entry in order "
    "and stops at the trailer")
{
	static const char *const names[] = { "sbin", "sbin/init", "./etc/rc" };
	struct cpio_file cf;
	size_t off = 0, i;

	t_build();
	for (i = 0; i < __arraycount(names); i++) {
		KT_REQUIRE_EQ(off, t_entry_off[i]);
		KT_REQUIRE_EQ(cpio_next(t_img, t_len, &off, &cf), 0);
		KT_CHECK_EQ(cf.namelen, strlen(names[i]));
		KT_CHECK(strcmp(cf.name, names[i]) == 0);
	}
	KT_CHECK_EQ(off, t_entry_off[E_TRAILER]);
	KT_CHECK_EQ(cpio_next(t_img, t_len, &off, &cf), ENOENT);
	KT_CHECK_EQ(cpio_next(t_img, t_len, &off, &cf), ENOENT);
	KT_CHECK_EQ(off, t_entry_off[E_TRAILER]);
}

/* Header field offsets (after the magic, 8 hex digits each). */
#define T_FIELD(n)	(6 + (n) * 8)
#define T_FILESIZE	T_FIELD(6)
#define T_NAMESIZE	T_FIELD(11)

static void
t_set_field(size_t entry, size_t field, uint32_t v)
{
	char hex[9];

	snprintf(hex, sizeof(hex), "%08x", v);
	memcpy(t_img + t_entry_off[entry] + field, hex, 8);
}

KTEST_CASE(cpio_rejects, "cpio: EINVAL with its reason for a bad magic, "
    "non-hex fields, names and data past the end, no trailer")
{
	struct cpio_file cf;
	char why[80], want[80];
	size_t init = 0;

#define T_REJECT(len, reason) do {					\
	why[0] = '\0';							\
	KT_CHECK_EQ(cpio_check(t_img, (len), why, sizeof(why)), EINVAL); \
	if (strcmp(why, (reason)) != 0)					\
		ktest_fail(kt, __FILE__, __LINE__, "why \"%s\", want \"%s\"", \
		    why, (reason));					\
} while (0)

	t_build();
	init = t_entry_off[E_INIT];
	t_img[0] = '1';
	T_REJECT(t_len, "bad magic at offset 0");
	KT_CHECK_EQ(cpio_lookup(t_img, t_len, "sbin", &cf), EINVAL);
	T_REJECT(0, "empty image");

	t_build();
	t_img[init + T_FILESIZE + 3] = 'g';
	snprintf(want, sizeof(want),
	    "entry at offset %zu: filesize is not 8 hex digits", init);
	T_REJECT(t_len, want);
	/* What comes before the corruption is still found. */
	KT_CHECK_EQ(cpio_lookup(t_img, t_len, "sbin", &cf), 0);
	KT_CHECK_EQ(cpio_lookup(t_img, t_len, "etc/rc", &cf), EINVAL);

	t_build();
	t_set_field(E_INIT, T_NAMESIZE, t_len);
	snprintf(want, sizeof(want),
	    "entry at offset %zu: name runs past the end", init);
	T_REJECT(t_len, want);

	t_build();
	t_set_field(E_INIT, T_NAMESIZE, sizeof("sbin/init") - 1);
	snprintf(want, sizeof(want),
	    "entry at offset %zu: name not NUL-terminated at namesize", init);
	T_REJECT(t_len, want);

	t_build();
	t_set_field(E_INIT, T_NAMESIZE, 1);
	snprintf(want, sizeof(want), "entry at offset %zu: empty name", init);
	T_REJECT(t_len, want);

	t_build();
	t_set_field(E_INIT, T_FILESIZE, 0xfffffff0);
	snprintf(want, sizeof(want),
	    "entry at offset %zu: data runs past the end", init);
	T_REJECT(t_len, want);

	t_build();
	snprintf(want, sizeof(want),
	    "entry at offset %zu: header runs past the end",
	    t_entry_off[E_TRAILER]);
	T_REJECT(t_entry_off[E_TRAILER] + CPIO_NEWC_HDRSIZE - 1, want);
	snprintf(want, sizeof(want),
	    "image ends at offset %zu without a trailer",
	    t_entry_off[E_TRAILER]);
	T_REJECT(t_entry_off[E_TRAILER], want);
#undef T_REJECT
}
