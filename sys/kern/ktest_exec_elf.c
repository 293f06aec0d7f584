/*	Petrel: kern/ktest_exec_elf.c -- tests of the ELF executable parser.
 *
 * A static executable of the kernel's own class is built by hand
 * (text, data with bss, a PT_GNU_STACK), accepted as it is, then
 * broken one field at a time: each must give ENOEXEC with its reason.
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/exec_elf.h>
#include <sys/ktest.h>
#include <uvm/uvm_extern.h>

#define T_MAXUSER	0x40000000UL	/* 1 GiB of user space */
#define T_TEXT_VA	0x400000UL
#define T_TEXT_SIZE	0x800
#define T_DATA_OFF	0x1000
#define T_DATA_VA	(T_TEXT_VA + 0x1000)
#define T_DATA_FILESZ	0x100
#define T_DATA_MEMSZ	0x3000
#define T_ENTRY		(T_TEXT_VA + 0x100)
#define T_FILE_LEN	(T_DATA_OFF + T_DATA_FILESZ)
#define T_NPHDR_MAX	10
enum { PH_TEXT, PH_DATA, PH_STACK, PH_COUNT };

static union {
	char		 bytes[T_FILE_LEN];
	Elf_Ehdr	 eh;
} t_file;
static Elf_Phdr *const t_ph = (Elf_Phdr *)(t_file.bytes + sizeof(Elf_Ehdr));
CTASSERT(sizeof(Elf_Ehdr) + T_NPHDR_MAX * sizeof(Elf_Phdr) <= T_TEXT_SIZE);

static void
t_build(void)
{
	Elf_Ehdr *eh = &t_file.eh;

	memset(&t_file, 0, sizeof(t_file));
	memcpy(eh->e_ident, ELFMAG, SELFMAG);
	eh->e_ident[EI_CLASS] = ELF_TARG_CLASS;
	eh->e_ident[EI_DATA] = ELFDATA2LSB;
	eh->e_ident[EI_VERSION] = EV_CURRENT;
	eh->e_type = ET_EXEC;
	eh->e_machine = ELF_TARG_MACH;
	eh->e_version = EV_CURRENT;
	eh->e_entry = T_ENTRY;
	eh->e_phoff = sizeof(Elf_Ehdr);
	eh->e_ehsize = sizeof(Elf_Ehdr);
	eh->e_phentsize = sizeof(Elf_Phdr);
	eh->e_phnum = PH_COUNT;

	t_ph[PH_TEXT] = (Elf_Phdr){ .p_type = PT_LOAD, .p_offset = 0,
	    .p_vaddr = T_TEXT_VA, .p_filesz = T_TEXT_SIZE,
	    .p_memsz = T_TEXT_SIZE, .p_flags = PF_R | PF_X,
	    .p_align = PAGE_SIZE };
	t_ph[PH_DATA] = (Elf_Phdr){ .p_type = PT_LOAD,
	    .p_offset = T_DATA_OFF, .p_vaddr = T_DATA_VA,
	    .p_filesz = T_DATA_FILESZ, .p_memsz = T_DATA_MEMSZ,
	    .p_flags = PF_R | PF_W, .p_align = PAGE_SIZE };
	t_ph[PH_STACK] = (Elf_Phdr){ .p_type = PT_GNU_STACK,
	    .p_flags = PF_R | PF_W };
}

KTEST_CASE(exec_elf_accepts_static, "elf_parse: a static executable's "
    "entry and segments, with prot from p_flags")
{
	struct elf_image ei;
	char why[80];

	t_build();
	KT_REQUIRE_EQ(elf_parse(&t_file, T_FILE_LEN, T_MAXUSER, &ei, why,
	    sizeof(why)), 0);
	KT_CHECK_EQ(ei.entry, T_ENTRY);
	KT_REQUIRE_EQ(ei.nseg, 2);
	KT_CHECK_EQ(ei.seg[0].vaddr, T_TEXT_VA);
	KT_CHECK_EQ(ei.seg[0].offset, 0);
	KT_CHECK_EQ(ei.seg[0].filesz, T_TEXT_SIZE);
	KT_CHECK_EQ(ei.seg[0].memsz, T_TEXT_SIZE);
	KT_CHECK_EQ(ei.seg[0].prot, VM_PROT_READ | VM_PROT_EXECUTE);
	KT_CHECK_EQ(ei.seg[1].vaddr, T_DATA_VA);
	KT_CHECK_EQ(ei.seg[1].offset, T_DATA_OFF);
	KT_CHECK_EQ(ei.seg[1].filesz, T_DATA_FILESZ);
	KT_CHECK_EQ(ei.seg[1].memsz, T_DATA_MEMSZ);
	KT_CHECK_EQ(ei.seg[1].prot, VM_PROT_READ | VM_PROT_WRITE);

	/* The top of user space is usable up to its last byte. */
	t_ph[PH_DATA].p_vaddr = T_MAXUSER - T_DATA_MEMSZ;
	KT_CHECK_EQ(elf_parse(&t_file, T_FILE_LEN, T_MAXUSER, &ei, why,
	    sizeof(why)), 0);
}

/* One way to break the executable, and the reason it must give. */
struct elf_breakage {
	const char	*eb_what;
	void		(*eb_break)(size_t *);	/* may cut the length */
	const char	*eb_why;
};

#define BREAK(name, ...)						\
	static void break_##name(size_t *lenp) { __VA_ARGS__; }
BREAK(magic, t_file.eh.e_ident[EI_MAG1] = 'X')
BREAK(short_header, *lenp = sizeof(Elf_Ehdr) - 1)
BREAK(class, t_file.eh.e_ident[EI_CLASS] =
    ELF_TARG_CLASS == ELFCLASS64 ? ELFCLASS32 : ELFCLASS64)
BREAK(big_endian, t_file.eh.e_ident[EI_DATA] = ELFDATA2MSB)
BREAK(version, t_file.eh.e_version = EV_CURRENT + 1)
BREAK(machine, t_file.eh.e_machine =
    ELF_TARG_MACH == EM_X86_64 ? EM_386 : EM_X86_64)
BREAK(dyn, t_file.eh.e_type = ET_DYN)
BREAK(phentsize, t_file.eh.e_phentsize = sizeof(Elf_Phdr) + 1)
BREAK(phnum, t_file.eh.e_phnum = 0)
BREAK(phoff, t_file.eh.e_phoff = T_FILE_LEN - sizeof(Elf_Phdr))
BREAK(interp, t_ph[PH_STACK].p_type = PT_INTERP)
BREAK(dynamic, t_ph[PH_STACK].p_type = PT_DYNAMIC)
BREAK(filesz, t_ph[PH_TEXT].p_filesz = T_TEXT_SIZE + 1)
BREAK(past_eof, t_ph[PH_DATA].p_filesz = T_DATA_FILESZ + 1)
BREAK(offset_wraps,
    t_ph[PH_DATA].p_offset = (typeof(t_ph->p_offset))-PAGE_SIZE)
BREAK(page0, t_ph[PH_TEXT].p_vaddr = 0; t_file.eh.e_entry = 0x100)
BREAK(vaddr_wraps,
    t_ph[PH_DATA].p_vaddr = (typeof(t_ph->p_vaddr))-PAGE_SIZE)
BREAK(above_maxuser, t_ph[PH_DATA].p_vaddr = T_MAXUSER - PAGE_SIZE)
BREAK(page_offset, t_ph[PH_DATA].p_vaddr = T_DATA_VA + 0x10)
BREAK(overlap, t_ph[PH_DATA].p_vaddr = T_TEXT_VA)
BREAK(empty, t_ph[PH_DATA].p_memsz = 0; t_ph[PH_DATA].p_filesz = 0)
BREAK(entry_in_data, t_file.eh.e_entry = T_DATA_VA)
BREAK(entry_past_text, t_file.eh.e_entry = T_TEXT_VA + T_TEXT_SIZE)
BREAK(no_exec, t_ph[PH_TEXT].p_flags = PF_R)
BREAK(no_load, t_ph[PH_TEXT].p_type = PT_NOTE;
    t_ph[PH_DATA].p_type = PT_NOTE)
#undef BREAK

static void
break_too_many(size_t *lenp)
{
	int i;

	for (i = 0; i < T_NPHDR_MAX; i++)
		t_ph[i] = (Elf_Phdr){ .p_type = PT_LOAD,
		    .p_vaddr = T_TEXT_VA + i * PAGE_SIZE, .p_memsz = 1,
		    .p_flags = PF_R | PF_X };
	t_file.eh.e_phnum = T_NPHDR_MAX;
}

static const struct elf_breakage elf_breakages[] = {
	{ "magic", break_magic, "not ELF" },
	{ "short header", break_short_header, "file header does not fit" },
	{ "class", break_class, "-bit ELF" },
	{ "big endian", break_big_endian, "not little endian" },
	{ "version", break_version, "unknown ELF version" },
	{ "machine", break_machine, "not for this machine" },
	{ "ET_DYN", break_dyn, "not a static executable (e_type 3)" },
	{ "phentsize", break_phentsize, "e_phentsize" },
	{ "phnum", break_phnum, "e_phnum 0" },
	{ "phoff", break_phoff, "program headers outside the file" },
	{ "PT_INTERP", break_interp, "segment 2 is PT_INTERP" },
	{ "PT_DYNAMIC", break_dynamic, "segment 2 is PT_DYNAMIC" },
	{ "filesz", break_filesz, "segment 0: filesz above memsz" },
	{ "past EOF", break_past_eof, "segment 1 outside the file" },
	{ "offset wraps", break_offset_wraps, "segment 1 outside the file" },
	{ "page 0", break_page0, "segment 0 maps page 0" },
	{ "vaddr wraps", break_vaddr_wraps,
	    "segment 1 outside the user address space" },
	{ "above maxuser", break_above_maxuser,
	    "segment 1 outside the user address space" },
	{ "page offset", break_page_offset, "segment 1: vaddr and offset" },
	{ "overlap", break_overlap, "segment 1 overlaps" },
	{ "empty", break_empty, "segment 1 is empty" },
	{ "entry in data", break_entry_in_data, "not in an executable" },
	{ "entry past text", break_entry_past_text, "not in an executable" },
	{ "no exec", break_no_exec, "not in an executable" },
	{ "no PT_LOAD", break_no_load, "no loadable segment" },
	{ "too many", break_too_many, "more than 8 loadable segments" },
};

static bool
t_contains(const char *s, const char *part)
{
	size_t n = strlen(part);

	for (; *s != '\0'; s++)
		if (strncmp(s, part, n) == 0)
			return true;
	return false;
}

KTEST_CASE(exec_elf_rejects, "elf_parse: ENOEXEC with its reason for "
    "each broken field, overflowing sums included")
{
	const struct elf_breakage *eb;
	struct elf_image ei;
	char why[80];
	size_t i, len;
	int error;

	for (i = 0; i < __arraycount(elf_breakages); i++) {
		eb = &elf_breakages[i];
		t_build();
		len = T_FILE_LEN;
		eb->eb_break(&len);
		why[0] = '\0';
		error = elf_parse(&t_file, len, T_MAXUSER, &ei, why,
		    sizeof(why));
		if (error != ENOEXEC || !t_contains(why, eb->eb_why))
			ktest_fail(kt, __FILE__, __LINE__,
			    "%s: error %d, \"%s\", want ENOEXEC, \"%s\"",
			    eb->eb_what, error, why, eb->eb_why);
	}
	/* The untouched image still passes: each break did the failing. */
	t_build();
	KT_CHECK_EQ(elf_parse(&t_file, T_FILE_LEN, T_MAXUSER, &ei, why,
	    sizeof(why)), 0);
}
