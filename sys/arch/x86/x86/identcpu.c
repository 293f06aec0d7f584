/*	Petrel: x86/identcpu.c -- who is this CPU (through Xen's CPUID).	*/

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/cpu.h>
#include <sys/device.h>
#include <x86/cpufunc.h>

static const char *const feat_edx_names[32] = {
	"FPU", "VME", "DE", "PSE", "TSC", "MSR", "PAE", "MCE",
	"CX8", "APIC", NULL, "SEP", "MTRR", "PGE", "MCA", "CMOV",
	"PAT", "PSE36", "PN", "CLFSH", NULL, "DS", "ACPI", "MMX",
	"FXSR", "SSE", "SSE2", "SS", "HTT", "TM", "IA64", "PBE",
};
static const char *const feat_ecx_names[32] = {
	"SSE3", "PCLMULQDQ", "DTES64", "MONITOR", "DS-CPL", "VMX", "SMX",
	"EST", "TM2", "SSSE3", "CID", "SDBG", "FMA", "CX16", "xTPR", "PDCM",
	NULL, "PCID", "DCA", "SSE41", "SSE42", "X2APIC", "MOVBE", "POPCNT",
	"DEADLINE", "AES", "XSAVE", "OSXSAVE", "AVX", "F16C", "RDRAND",
	"HV",
};
static const char *const efeat_edx_names[32] = {
	[11] = "SYSCALL", [20] = "NX", [26] = "PAGE1GB", [27] = "RDTSCP",
	[29] = "LONG",
};

void
identifycpu(struct cpu_info *ci)
{
	uint32_t r[4], max_ext;
	int i;

	xen_cpuid(0, 0, r);
	memcpy(ci->ci_vendor + 0, &r[1], 4);
	memcpy(ci->ci_vendor + 4, &r[3], 4);
	memcpy(ci->ci_vendor + 8, &r[2], 4);
	ci->ci_vendor[12] = '\0';

	xen_cpuid(1, 0, r);
	ci->ci_signature = r[0];
	ci->ci_feat_ecx = r[2];
	ci->ci_feat_edx = r[3];

	xen_cpuid(0x80000000, 0, r);
	max_ext = r[0];
	if (max_ext >= 0x80000001) {
		xen_cpuid(0x80000001, 0, r);
		ci->ci_efeat_ecx = r[2];
		ci->ci_efeat_edx = r[3];
	}
	ci->ci_brand[0] = '\0';
	if (max_ext >= 0x80000004) {
		for (i = 0; i < 3; i++) {
			xen_cpuid(0x80000002 + i, 0, r);
			memcpy(ci->ci_brand + 16 * i, r, 16);
		}
		ci->ci_brand[48] = '\0';
	}
}

static void
print_flags(const char *xname, const char *title, uint32_t bits,
    const char *const names[32])
{
	char line[80];
	int i, n;

	n = snprintf(line, sizeof(line), "%s: %s", xname, title);
	for (i = 0; i < 32; i++) {
		if ((bits & (1U << i)) == 0 || names[i] == NULL)
			continue;
		if (n + strlen(names[i]) + 2 > 78) {
			aprint_normal("%s\n", line);
			n = snprintf(line, sizeof(line), "%s: %s", xname,
			    title);
		}
		n += snprintf(line + n, sizeof(line) - n, "%s%s",
		    n > (int)(strlen(xname) + 2 + strlen(title)) ? "," : "",
		    names[i]);
	}
	aprint_normal("%s\n", line);
}

/* The dmesg lines, as NetBSD's cpu_identify prints them. */
void
identifycpu_print(struct cpu_info *ci, const char *xname)
{
	uint32_t sig = ci->ci_signature;
	unsigned family = (sig >> 8) & 0xf, model = (sig >> 4) & 0xf;
	const char *brand = ci->ci_brand;

	if (family == 0xf)
		family += (sig >> 20) & 0xff;
	if (family >= 6)
		model |= ((sig >> 16) & 0xf) << 4;
	while (*brand == ' ')
		brand++;
	aprint_normal("%s: \"%s\"\n", xname, *brand ? brand : "unknown");
	aprint_normal("%s: %s, id 0x%x, family %u, model %u, stepping %u\n",
	    xname, ci->ci_vendor, sig, family, model, sig & 0xf);
	print_flags(xname, "features ", ci->ci_feat_edx, feat_edx_names);
	print_flags(xname, "features1 ", ci->ci_feat_ecx, feat_ecx_names);
	print_flags(xname, "features2 ", ci->ci_efeat_edx, efeat_edx_names);
}
