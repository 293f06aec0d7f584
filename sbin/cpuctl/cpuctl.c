/*	Petrel: sbin/cpuctl/cpuctl.c -- NetBSD's cpuctl(8), through /dev/cpuctl.
 *
 * cpuctl list | identify N | offline N | online N
 * The states come from IOC_CPU_GETSTATE, changes go through
 * IOC_CPU_SETSTATE; identify runs CPUID while pinned to the CPU.
 */
#include <sys/types.h>
#include <sys/cpuio.h>
#include <sys/ioctl.h>
#include <sys/sysctl.h>
#include <err.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int fd = -1;

static void
usage(void)
{

	fprintf(stderr, "usage: cpuctl list\n"
	    "       cpuctl identify cpuno\n"
	    "       cpuctl offline cpuno\n"
	    "       cpuctl online cpuno\n");
	exit(1);
}

static void
opendev(void)
{

	if ((fd = open(_PATH_CPUCTL, O_RDWR)) == -1)
		err(1, "%s", _PATH_CPUCTL);
}

/* identify needs no device: hw.ncpu bounds its argument. */
static int
ncpus(void)
{
	int n;

	if (fd == -1) {
		if (sysctl_int(CTL_HW, HW_NCPU, &n) == -1)
			err(1, "hw.ncpu");
		return n;
	}
	if (ioctl(fd, IOC_CPU_GETCOUNT, &n) == -1)
		err(1, "IOC_CPU_GETCOUNT");
	return n;
}

static u_int
cpuno(const char *s)
{
	char *end;
	unsigned long n;

	n = strtoul(s, &end, 10);
	if (*s == '\0' || *end != '\0' || n >= (unsigned long)ncpus())
		errx(1, "invalid cpu number %s", s);
	return (u_int)n;
}

static void
list(void)
{
	cpustate_t cs;
	char when[26], nintr[16];
	struct tm tm;
	time_t lastmod;
	int i, n = ncpus();

	printf("Num  HwId Unbound LWPs Interrupts Last change"
	    "              #Intr\n");
	printf("---- ---- ------------ ---------- "
	    "------------------------ -----\n");
	for (i = 0; i < n; i++) {
		memset(&cs, 0, sizeof(cs));
		cs.cs_id = (u_int)i;
		if (ioctl(fd, IOC_CPU_MAPID, &cs.cs_id) == -1)
			err(1, "IOC_CPU_MAPID");
		if (ioctl(fd, IOC_CPU_GETSTATE, &cs) == -1)
			err(1, "IOC_CPU_GETSTATE");
		if (cs.cs_intrcnt == 0)
			strcpy(nintr, "?");
		else
			snprintf(nintr, sizeof(nintr), "%u",
			    cs.cs_intrcnt - 1);
		lastmod = (time_t)(uint32_t)cs.cs_lastmod |
		    ((time_t)cs.cs_lastmodhi << 32);
		gmtime_r(&lastmod, &tm);
		asctime_r(&tm, when);
		printf("%-4d %-4x %-12s %-10s %-24s %-5s\n", i, cs.cs_hwid,
		    cs.cs_online ? "online" : "offline",
		    cs.cs_intr ? "intr" : "nointr", when, nintr);
	}
}

static void
setstate(u_int id, int online)
{
	cpustate_t cs;

	memset(&cs, 0, sizeof(cs));
	cs.cs_id = id;
	if (ioctl(fd, IOC_CPU_MAPID, &cs.cs_id) == -1)
		err(1, "IOC_CPU_MAPID");
	if (ioctl(fd, IOC_CPU_GETSTATE, &cs) == -1)
		err(1, "IOC_CPU_GETSTATE");
	cs.cs_online = (uint8_t)online;
	if (ioctl(fd, IOC_CPU_SETSTATE, &cs) == -1)
		err(1, "IOC_CPU_SETSTATE");
}

static void
cpuid(u_int leaf, u_int *r)
{

	__asm volatile("cpuid"
	    : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
	    : "a"(leaf), "c"(0));
}

static void
identify(u_int id)
{
	u_int r[4], brand[13], fam, model, step, i;
	char vendor[13];

	if (cpu_pin(id) == -1)
		err(1, "cannot bind to cpu%u", id);
	if (cpu_pinned() != (int)id)
		errx(1, "bound to cpu%u, but running on cpu%d", id,
		    cpu_pinned());
	cpuid(0, r);
	memcpy(vendor, &r[1], 4);
	memcpy(vendor + 4, &r[3], 4);
	memcpy(vendor + 8, &r[2], 4);
	vendor[12] = '\0';
	cpuid(1, r);
	fam = (r[0] >> 8) & 0xf;
	model = (r[0] >> 4) & 0xf;
	step = r[0] & 0xf;
	if (fam == 0xf)
		fam += (r[0] >> 20) & 0xff;
	if (fam >= 6)
		model |= ((r[0] >> 16) & 0xf) << 4;
	printf("cpu%u: %s, family 0x%x model 0x%x stepping 0x%x\n", id,
	    vendor, fam, model, step);
	cpuid(0x80000000, r);
	if (r[0] >= 0x80000004) {
		for (i = 0; i < 3; i++)
			cpuid(0x80000002 + i, &brand[i * 4]);
		brand[12] = 0;
		printf("cpu%u: \"%s\"\n", id, (char *)brand);
	}
}

int
main(int argc, char **argv)
{

	if (argc < 2)
		usage();
	if (strcmp(argv[1], "identify") == 0) {
		if (argc != 3)
			usage();
		identify(cpuno(argv[2]));
		return 0;
	}
	opendev();
	if (strcmp(argv[1], "list") == 0 && argc == 2)
		list();
	else if (strcmp(argv[1], "offline") == 0 && argc == 3)
		setstate(cpuno(argv[2]), 0);
	else if (strcmp(argv[1], "online") == 0 && argc == 3)
		setstate(cpuno(argv[2]), 1);
	else
		usage();
	return 0;
}
