/*	Petrel: kern/subr_bootarg.c -- the boot command line.
 *
 * Words are separated by blanks.  Flags: -v (verbose), -q (quiet),
 * -x (debug), -s (stay up after boot instead of powering off); they
 * can be grouped (-vs).  Settings are name=value, those of
 * known_settings only (tests=..., inject=... and bench=... in kernels
 * with options KTEST and KBENCH); subsystems look up their own with
 * boot_arg_value().  Anything else is reported and ignored.
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/reboot.h>

int boothowto;

#define MAXARGS		16
#define ARGLEN		128

static char boot_arg_names[MAXARGS][24];
static char boot_arg_values[MAXARGS][ARGLEN];
static int nboot_args;

/* Names the kernel understands; others are warned about. */
static const char *const known_settings[] = {
	"console", "bootdev", "root", "hz", "init", "initargs", "pvlock",
#ifdef KTEST
	"tests", "inject", "stress_rounds", "ktest_vcpus",
#endif
#ifdef KBENCH
	"bench",
#endif
	NULL,
};

/*
 * The settings of the test kernels (options KTEST, KBENCH: the *_TEST
 * configurations), so that a kernel without them says what is missing.
 */
static const char *const test_kernel_settings[] = {
	"tests", "inject", "stress_rounds", "ktest_vcpus", "bench", NULL,
};

static bool
setting_in(const char *const *list, const char *name)
{
	int i;

	for (i = 0; list[i] != NULL; i++)
		if (strcmp(list[i], name) == 0)
			return true;
	return false;
}

static char boot_warnings[512];

static void
warn(const char *fmt, const char *word)
{
	size_t n = strlen(boot_warnings);

	snprintf(boot_warnings + n, sizeof(boot_warnings) - n, fmt, word);
}

/* A word of flags ("-vx"): each sets its bit of boothowto. */
static void
boot_flags(const char *word)
{
	int i;

	for (i = 1; word[i] != '\0'; i++) {
		switch (word[i]) {
		case 'v': boothowto |= RB_VERBOSE; break;
		case 'q': boothowto |= RB_QUIET; break;
		case 'x': boothowto |= RB_DEBUG; break;
		case 's': boothowto |= RB_STAY; break;
		default:
			warn("boot: unknown flag in \"%s\", ignored\n", word);
			return;
		}
	}
}

/* A word "name=value": kept if name is a setting this kernel knows. */
static void
boot_setting(char *word)
{
	char *eq = strchr(word, '=');

	if (eq == NULL || eq == word ||
	    (size_t)(eq - word) >= sizeof(boot_arg_names[0])) {
		warn("boot: unknown argument \"%s\", ignored\n", word);
		return;
	}
	*eq = '\0';
	if (!setting_in(known_settings, word)) {
		warn(setting_in(test_kernel_settings, word) ?
		    "boot: \"%s\" needs a *_TEST kernel, ignored\n" :
		    "boot: unknown setting \"%s\", ignored\n", word);
		return;
	}
	if (nboot_args == MAXARGS) {
		warn("boot: too many settings, \"%s\" ignored\n", word);
		return;
	}
	strlcpy(boot_arg_names[nboot_args], word, sizeof(boot_arg_names[0]));
	strlcpy(boot_arg_values[nboot_args], eq + 1, ARGLEN);
	nboot_args++;
}

/* The boot line: words split at blanks, flags or settings. */
void
boot_args_parse(const char *line)
{
	char word[ARGLEN + 24];
	const char *p = line;
	size_t n;

	while (*p != '\0') {
		while (*p == ' ' || *p == '\t')
			p++;
		for (n = 0; p[n] != '\0' && p[n] != ' ' && p[n] != '\t'; n++)
			;
		if (n == 0)
			break;
		if (n >= sizeof(word)) {
			warn("boot: argument too long, ignored: %.40s...\n", p);
			p += n;
			continue;
		}
		memcpy(word, p, n);
		word[n] = '\0';
		p += n;
		if (word[0] == '-')
			boot_flags(word);
		else
			boot_setting(word);
	}
}

/* The warnings are printed once the console banner is out. */
void
boot_args_report(void)
{
	if (boot_warnings[0] != '\0')
		printf("%s", boot_warnings);
}

/* The value of name=value from the command line, or NULL. */
const char *
boot_arg_value(const char *name)
{
	int i;

	for (i = nboot_args - 1; i >= 0; i--)
		if (strcmp(boot_arg_names[i], name) == 0)
			return boot_arg_values[i];
	return NULL;
}
