/*	Petrel: kern/ktest_conscmd.c -- tests of the console command reader.
 *
 * The line editor is fed characters with its echo captured, so what a
 * terminal would show can be compared; commands that end the domain
 * are not run here (tests/ does that on real boots).
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/conscmd.h>
#include <sys/ktest.h>

static char echo_buf[256];
static size_t echo_len;

static void
echo_capture(const char *s, size_t n)
{
	while (n-- > 0 && echo_len + 1 < sizeof(echo_buf))
		echo_buf[echo_len++] = *s++;
	echo_buf[echo_len] = '\0';
}

/* Feed s; returns how many lines it completed, the last one in cl. */
static int
feed(struct conscmd_line *cl, const char *s)
{
	int lines = 0;

	for (; *s != '\0'; s++)
		if (conscmd_input(cl, (unsigned char)*s))
			lines++;
	return lines;
}

KTEST_CASE(conscmd_edit, "console line editor: echo, backspace, CR LF, ^U, ^C")
{
	struct conscmd_line cl = { .cl_echo = echo_capture };

	echo_len = 0;
	KT_CHECK_EQ(feed(&cl, "hx\by\x7f" "elp\r"), 1);
	KT_CHECK(strcmp(cl.cl_buf, "help") == 0);
	KT_CHECK(strcmp(echo_buf, "hx\b \by\b \belp\n") == 0);

	/* CR LF ends one line, not two; a lone LF ends one too. */
	echo_len = 0;
	KT_CHECK_EQ(feed(&cl, "cpus\r\n"), 1);
	KT_CHECK(strcmp(cl.cl_buf, "cpus") == 0);
	KT_CHECK_EQ(feed(&cl, "uptime\n"), 1);
	KT_CHECK(strcmp(cl.cl_buf, "uptime") == 0);
	KT_CHECK_EQ(feed(&cl, "\r\n\r\n"), 2);
	KT_CHECK(strcmp(cl.cl_buf, "") == 0);

	/* Backspace on an empty line echoes nothing. */
	echo_len = 0;
	KT_CHECK_EQ(feed(&cl, "\b\x7f"), 0);
	KT_CHECK_EQ(echo_len, 0);

	/* ^U erases what was typed; ^C abandons the line. */
	KT_CHECK_EQ(feed(&cl, "junk\x15ok\r"), 1);
	KT_CHECK(strcmp(cl.cl_buf, "ok") == 0);
	KT_CHECK_EQ(feed(&cl, "poweroff\x03"), 1);
	KT_CHECK(strcmp(cl.cl_buf, "") == 0);

	/* Arrow keys and other controls are dropped. */
	KT_CHECK_EQ(feed(&cl, "a\x1b[A\x1b[1;5Cb\x01\tc\r"), 1);
	KT_CHECK(strcmp(cl.cl_buf, "abc") == 0);
	KT_CHECK_EQ(feed(&cl, "d\x1b\r"), 1);
	KT_CHECK(strcmp(cl.cl_buf, "d") == 0);
}

KTEST_CASE(conscmd_full, "console line editor: a full line rings the bell")
{
	struct conscmd_line cl = { .cl_echo = echo_capture };
	int i;

	echo_len = 0;
	for (i = 0; i < CONSCMD_LINEMAX + 10; i++)
		KT_REQUIRE(!conscmd_input(&cl, 'x'));
	KT_CHECK_EQ(cl.cl_len, CONSCMD_LINEMAX - 1);
	KT_CHECK(echo_buf[echo_len - 1] == '\a');
	KT_REQUIRE(conscmd_input(&cl, '\r'));
	KT_CHECK_EQ(strlen(cl.cl_buf), CONSCMD_LINEMAX - 1);
}

KTEST_CASE(conscmd_commands, "console commands: lookup, unknown, arguments")
{
	KT_CHECK_EQ(conscmd_run(""), 0);
	KT_CHECK_EQ(conscmd_run("  \t "), 0);
	KT_CHECK_EQ(conscmd_run("uptime"), 0);
	KT_CHECK_EQ(conscmd_run("  uptime  "), 0);
	KT_CHECK_EQ(conscmd_run("help"), 0);
	KT_CHECK_EQ(conscmd_run("cpus"), 0);
	KT_CHECK_EQ(conscmd_run("evtchn"), 0);
	KT_CHECK_EQ(conscmd_run("evtchn all"), EINVAL);
	KT_CHECK_EQ(conscmd_run("nosuch"), ENOENT);
	KT_CHECK_EQ(conscmd_run("upt"), ENOENT);
	KT_CHECK_EQ(conscmd_run("uptimex"), ENOENT);
	KT_CHECK_EQ(conscmd_run("poweroff now"), EINVAL);
	KT_CHECK_EQ(conscmd_run("panic please"), EINVAL);
	/* xs takes them; a bad one gets its usage, the store the rest. */
	KT_CHECK_EQ(conscmd_run("xs"), 0);
	KT_CHECK_EQ(conscmd_run("xs write x"), 0);
	KT_CHECK_EQ(conscmd_run("xs read domid"), 0);
}
